// A rule that throws on a file's text (RuleError) leaves that text not fully judged: the other
// rules' findings stand, and in a gate (staged, diff) the file is a swlint-unscanned error, as
// content swlint could not read is, rather than only a warning. Outside the gate it stays a
// warning (the run's errors). The rule is a fake one that throws, through the same engine and
// pipeline the commands use.
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { Engine } from '../../src/engine/engine.js';
import type { EngineSpec } from '../../src/engine/spec.js';
import { runPipeline } from '../../src/scan/pipeline.js';
import { FindingList } from '../../src/scan/provenance.js';
import type { SourceItem } from '../../src/sources/source.js';
import { fakeSource } from '../helpers/fake-source.js';
import type { ContentRule, Mode } from '../../src/types.js';
import { fakeProjectId, fakeToken } from '../helpers/secrets.js';

/** A rule that fails on text naming `trigger` (a bug met on odd input), and finds nothing elsewhere. */
function failingRule(trigger: string): ContentRule {
  return {
    kind: 'content',
    id: 'acme-internal-key',
    severity: 'error',
    precision: 'high',
    message: 'Hard-coded ACME internal key',
    description: 'An internal key of the ACME platform.',
    keywords: [],
    envVar: 'ACME_KEY',
    fix: () => 'Read the key from the environment.',
    detect: (input) => {
      if (input.text.includes(trigger)) throw new RangeError('Maximum call stack size exceeded');
      return [];
    },
    examples: { positive: [], negative: [] },
  };
}

async function run(mode: Mode, trigger: string, files: Record<string, string>) {
  const rules = [...RULES, failingRule(trigger)];
  const engine = new Engine(rules, { redact: true, mode });
  const spec: EngineSpec = {
    rules: RULES.map((r) => ({ id: r.id, severity: r.severity })),
    customRules: [],
    placeholders: [],
    options: { redact: true, mode, foreignIgnores: true, allowValues: [] },
  };
  const items: SourceItem[] = Object.entries(files).map(([path, text]) => ({
    kind: 'blob',
    content: { kind: 'bytes', bytes: Buffer.from(text) },
    sightings: [{ path, commit: 0 }],
    before: [],
    version: 'a'.repeat(40),
  }));
  const list = new FindingList();
  const outcome = await runPipeline(fakeSource(items, 'Add the worker'), {
    engine,
    engineSpec: spec,
    maxFileSize: 5 << 20,
    jobs: 1,
    gate: mode !== 'scan',
    sink: list,
  });
  return {
    findings: list.findings.map((f) => `${f.ruleId} ${f.severity} ${f.file} ${f.message}`).sort(),
    errors: outcome.errors.map((e) => `${e.ruleId} ${e.file}`),
  };
}

const worker = (token: string) =>
  `import os\nfrom signalwire.rest import Client\n\n# worker settings\nACME_KEY = "acme_live_7f3a9c2e"\nclient = Client("${fakeProjectId()}", "${token}", signalwire_space_url="acme-dispatch.signalwire.com")\n`;
const unscanned = (file: string) =>
  `swlint-unscanned error ${file} Content swlint could not scan (rule-failed: rule \`acme-internal-key\` failed on it, and what it would have found is not known)`;

describe('a rule that fails on a file', () => {
  const token = fakeToken();
  const files = { 'worker/settings.py': worker(token), 'worker/README.txt': 'Run the worker with `python -m worker`.\n' };

  it('staged and diff: the file is swlint-unscanned (an error), beside the other rules findings; a file it did not fail on is not', async () => {
    for (const mode of ['staged', 'diff'] as const) {
      const r = await run(mode, 'acme_live_', files);
      expect(r.findings).toEqual([
        'signalwire-api-token error worker/settings.py Hard-coded SignalWire API token',
        'signalwire-project-id warning worker/settings.py Hard-coded SignalWire project ID',
        'signalwire-space-url warning worker/settings.py Hard-coded SignalWire Space URL',
        unscanned('worker/settings.py'),
      ]);
      expect(r.errors).toEqual(['acme-internal-key worker/settings.py']);
    }
  });

  it('a rule that fails only on decoded text (a base64 value) counts too', async () => {
    const encoded = {
      'deploy/cloud-init.yaml': `#cloud-config\nwrite_files:\n  - path: /etc/worker/settings.py\n    encoding: b64\n    content: ${Buffer.from(worker(token)).toString('base64')}\n`,
    };
    const r = await run('diff', 'acme_live_', encoded);
    expect(r.findings).toContain(unscanned('deploy/cloud-init.yaml'));
    expect(r.errors).toEqual(['acme-internal-key deploy/cloud-init.yaml']);
  });

  it('scan: a warning only (the run lists the error), no swlint-unscanned finding', async () => {
    const r = await run('scan', 'acme_live_', files);
    expect(r.findings.filter((f) => f.startsWith('swlint-unscanned'))).toEqual([]);
    expect(r.errors).toEqual(['acme-internal-key worker/settings.py']);
  });
});
