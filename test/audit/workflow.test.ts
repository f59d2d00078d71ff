// The org-audit workflow is valid for GitHub (SchemaStore's workflow schema, with ajv) and
// wired as the README says: reusable and manual, at most 256 shards, max-parallel from an
// input, per-repository time bound, artifacts, a merge job that runs whatever the shards did.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/cli.js';

const schema = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'test/schemas/github-workflow.json'), 'utf8')) as object;
const file = path.join(PROJECT_ROOT, '.github/workflows/org-audit.yml');
const text = readFileSync(file, 'utf8');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  if?: string;
}
interface Workflow {
  on: Record<string, { inputs?: Record<string, unknown> }>;
  jobs: Record<string, { needs?: string[] | string; if?: string; strategy?: { 'max-parallel'?: string; matrix?: Record<string, unknown> }; steps: Step[] }>;
}

describe('org-audit workflow', () => {
  const wf = parse(text) as Workflow;

  it("validates against GitHub's workflow schema", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const ok = validate(wf);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check can fail: a broken copy is rejected', () => {
    const ajv = new Ajv({ strict: false });
    const validate = ajv.compile(schema);
    const broken = structuredClone(wf) as unknown as { jobs: Record<string, Record<string, unknown>> };
    broken.jobs.audit!['runs-on'] = undefined;
    broken.jobs.audit!['timeout-minutes'] = 'soon';
    expect(validate(JSON.parse(JSON.stringify(broken)))).toBe(false);
  });

  it('is reusable and manual, shards at most 256 ways with max-parallel from an input, and merges whatever happened', () => {
    expect(Object.keys(wf.on).sort()).toEqual(['workflow_call', 'workflow_dispatch']);
    for (const trigger of ['workflow_call', 'workflow_dispatch'])
      expect(Object.keys(wf.on[trigger]!.inputs!)).toEqual(expect.arrayContaining(['org', 'shards', 'max-parallel', 'repo-timeout-seconds']));
    const plan = wf.jobs.list!.steps.find((s) => s.run?.includes('GITHUB_OUTPUT'))!.run!;
    expect(plan).toContain('[ "$n" -gt 256 ] && n=256');
    const audit = wf.jobs.audit!;
    expect(audit.strategy!['max-parallel']).toBe('${{ inputs.max-parallel }}');
    expect(audit.strategy!.matrix!.shard).toBe('${{ fromJSON(needs.list.outputs.shards) }}');
    const run = audit.steps.find((s) => s.run?.includes(' audit '))!.run!;
    expect(run).toMatch(/audit --repos repos\.txt --shard "\$SHARD\/\$COUNT"/);
    expect(run).toContain('--timeout "$REPO_TIMEOUT"');
    expect(audit.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!.if).toBe('always()');
    const merge = wf.jobs.merge!;
    expect(merge.if).toContain('always()');
    const mergeRun = merge.steps.find((s) => s.run?.includes(' merge '))!.run!;
    for (const format of ['html', 'sarif']) expect(mergeRun).toContain(`--repos repos.txt --format ${format}`);
  });
});

describe('the README documents what the org-audit workflow and the action take and give', () => {
  const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = (heading: string) => {
    const start = readme.indexOf(heading);
    expect(start, heading).toBeGreaterThan(-1);
    return readme.slice(start, readme.indexOf('\n## ', start + 1));
  };

  it('every workflow_call input and output of org-audit.yml', () => {
    const call = (parse(text) as { on: { workflow_call: { inputs: Record<string, unknown>; outputs?: Record<string, unknown> } } }).on.workflow_call;
    const doc = section('### On GitHub Actions: `.github/workflows/org-audit.yml`');
    const names = [...Object.keys(call.inputs), ...Object.keys(call.outputs ?? {})];
    expect(names.filter((n) => !doc.includes(`\`${n}\``))).toEqual([]);
  });

  it('every input and output of action.yml', () => {
    const action = parse(readFileSync(path.join(PROJECT_ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };
    const doc = section('### GitHub Actions');
    const names = [...Object.keys(action.inputs), ...Object.keys(action.outputs)];
    expect(names.filter((n) => !doc.includes(`\`${n}\``))).toEqual([]);
  });
});
