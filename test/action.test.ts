// The GitHub Action's decision (event payload → swlint argv), its helpers, and one run of
// the built action (dist/src/action/main.js) end to end against a throwaway repository with a fake event.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { decide, splitArgs, type GitFacts } from '../src/action/plan.js';
import { summaryMarkdown } from '../src/action/summary.js';
import type { ScanResult } from '../src/types.js';
import { GIT_TEST_ENV } from './helpers/git-env.js';

const SCRIPT = fileURLToPath(new URL('../dist/src/action/main.js', import.meta.url));
const action = { decide, splitArgs, summaryMarkdown };

const sha = (c: string) => c.repeat(40);
const ZERO = '0'.repeat(40);
/** git answers for a repository where `known` commits exist and `fresh` are on no other branch. */
const facts = (opts: { fresh?: string[]; parents?: Record<string, string[]>; known?: string[] } = {}): GitFacts => ({
  newCommits: () => opts.fresh ?? [],
  parents: (s) => opts.parents?.[s] ?? [],
  hasCommit: (s) => (opts.known ?? [sha('a'), sha('b')]).includes(s),
});

describe('decide: event → swlint command', () => {
  it('pull_request: the PR commits, base.sha..head.sha', () => {
    const event = { pull_request: { base: { sha: sha('a') }, head: { sha: sha('b') } } };
    expect(action.decide({ eventName: 'pull_request', event, git: facts() }).argv).toEqual(['diff', sha('a'), sha('b')]);
    expect(action.decide({ eventName: 'pull_request_target', event, git: facts() }).argv).toEqual(['diff', sha('a'), sha('b')]);
  });

  it('merge_group: base_sha..head_sha', () => {
    const event = { merge_group: { base_sha: sha('a'), head_sha: sha('b') } };
    expect(action.decide({ eventName: 'merge_group', event, git: facts() }).argv).toEqual(['diff', sha('a'), sha('b')]);
  });

  it('push: before..after', () => {
    const plan = action.decide({ eventName: 'push', event: { before: sha('a'), after: sha('b') }, git: facts() });
    expect(plan.argv).toEqual(['diff', sha('a'), sha('b')]);
  });

  it('BASE equal to HEAD is success with nothing to scan, not an error', () => {
    const pr = { pull_request: { base: { sha: sha('a') }, head: { sha: sha('a') } } };
    const p1 = action.decide({ eventName: 'pull_request', event: pr, git: facts() });
    expect(p1.argv).toBeNull();
    expect(p1.reason).toMatch(/same commit/);
    expect(action.decide({ eventName: 'push', event: { before: sha('a'), after: sha('a') }, git: facts() }).argv).toBeNull();
  });

  it('push of a new branch: from the parent of the oldest commit no other branch has', () => {
    const git = facts({ fresh: [sha('c'), sha('b')], parents: { [sha('b')]: [sha('a')] } });
    const plan = action.decide({ eventName: 'push', event: { before: ZERO, after: sha('c') }, git });
    expect(plan.argv).toEqual(['diff', sha('a'), sha('c')]);
    expect(plan.reason).toMatch(/new branch.*2 commit/);
  });

  it('push of a new branch that only points at known commits: nothing to scan', () => {
    expect(action.decide({ eventName: 'push', event: { before: ZERO, after: sha('c') }, git: facts({ fresh: [] }) }).argv).toBeNull();
  });

  it('first push of a repository (root commit): the history of what was pushed', () => {
    const git = facts({ fresh: [sha('c'), sha('b')], parents: {} });
    expect(action.decide({ eventName: 'push', event: { before: ZERO, after: sha('c') }, git }).argv).toEqual(['history', '--branch', sha('c')]);
  });

  it('force push whose old tip is not in the checkout: falls back to the new commits', () => {
    const git = facts({ known: [sha('c')], fresh: [sha('c')], parents: { [sha('c')]: [sha('a')] } });
    const plan = action.decide({ eventName: 'push', event: { before: sha('d'), after: sha('c'), forced: true }, git });
    expect(plan.argv).toEqual(['diff', sha('a'), sha('c')]);
    expect(plan.reason).toMatch(/not in this checkout/);
  });

  it('a deleted branch: nothing to scan', () => {
    expect(action.decide({ eventName: 'push', event: { before: sha('a'), after: ZERO, deleted: true }, git: facts() }).argv).toBeNull();
  });

  it('schedule, workflow_dispatch and other events: full history', () => {
    for (const eventName of ['schedule', 'workflow_dispatch', 'release'])
      expect(action.decide({ eventName, event: {}, git: facts() }).argv).toEqual(['history']);
  });

  it('explicit modes', () => {
    const pr = { pull_request: { base: { sha: sha('a') }, head: { sha: sha('b') } } };
    expect(action.decide({ eventName: 'pull_request', event: pr, mode: 'scan', git: facts() }).argv).toEqual(['scan']);
    expect(action.decide({ eventName: 'pull_request', event: pr, mode: 'history', git: facts() }).argv).toEqual(['history']);
    expect(action.decide({ eventName: 'pull_request', event: pr, mode: 'diff', git: facts() }).argv).toEqual(['diff', sha('a'), sha('b')]);
    expect(() => action.decide({ eventName: 'schedule', event: {}, mode: 'diff', git: facts() })).toThrow(/mode diff needs/);
    expect(() => action.decide({ eventName: 'push', event: {}, mode: 'everything', git: facts() })).toThrow(/mode must be one of/);
  });

  it('a pull_request event without SHAs is an error, not a silent pass', () => {
    expect(() => action.decide({ eventName: 'pull_request', event: { pull_request: {} }, git: facts() })).toThrow(/base\.sha/);
  });
});

describe('action helpers', () => {
  it('splits the args input like a shell, without expanding anything', () => {
    expect(action.splitArgs('')).toEqual([]);
    expect(action.splitArgs('  --disable signalwire-space-url   --config "ci/my config.json" ')).toEqual([
      '--disable',
      'signalwire-space-url',
      '--config',
      'ci/my config.json',
    ]);
    expect(action.splitArgs(`--x '$HOME' a\\ b ""`)).toEqual(['--x', '$HOME', 'a b', '']);
    expect(() => action.splitArgs('--config "open')).toThrow(/unclosed/);
  });

  it('writes a summary table with redacted matches and no HTML from the repository', () => {
    const result: ScanResult = {
      mode: 'diff',
      root: '/r',
      findings: [
        {
          ruleId: 'signalwire-api-token',
          severity: 'error',
          message: 'Hard-coded SignalWire API token',
          file: 'src/<b>x|y</b>.js',
          line: 3,
          column: 7,
          endLine: 3,
          endColumn: 57,
          match: 'PTab…cdef',
          fingerprint: 'f',
          stillPresent: false,
          fix: 'fix it',
          commit: { sha: sha('e'), author: 'Eve', email: 'e@example.com', date: '2024-01-01T00:00:00Z', message: 'add <script>|x' },
        },
      ],
      skipped: [],
      summary: { files: 4, bytes: 10, commits: 2, findings: 1, durationMs: 5 },
    };
    const md = action.summaryMarkdown(result, { argv: ['diff', 'a', 'b'], reason: 'pull_request: the commits in a..b' });
    expect(md).toContain('### swlint: 1 problem');
    expect(md).toContain('| Severity | Rule | Location | Commit | Match |');
    expect(md).toContain('<code>src/&lt;b&gt;x&#124;y&lt;/b&gt;.js:3:7</code>');
    // commit metadata is Markdown-escaped text (src/report/safe-text.ts escapeMarkdown)
    expect(md).toContain('add &lt;script&gt;\\|x (removed since)');
    expect(md).toContain('<code>PTab…cdef</code>');
    expect(md).not.toContain('<script>');
    const row = md.split('\n').find((l) => l.includes('signalwire-api-token'))!;
    expect(row.split(' | ')).toHaveLength(5);
    expect(md).not.toContain('Not scanned');
    // what was skipped, by reason: not every skip is a binary or a large file
    const skipped = action.summaryMarkdown(
      {
        ...result,
        skipped: [
          { file: 'a.png', reason: 'binary' },
          { file: 'b.png', reason: 'binary' },
          { file: 'big.sql', reason: 'too-large' },
          { file: 'vendor/lib', reason: 'submodule' },
        ],
      },
      { argv: ['diff', 'a', 'b'], reason: 'pull_request' },
    );
    expect(skipped).toContain('Not scanned: 2 binary, 1 submodule, 1 too-large (run swlint with `--verbose` to list each file).');
  });
});

// ------------------------------------------------------------------------------------------
// end to end: node dist/src/action/main.js with a fake event, as the composite action runs it

const ENV = GIT_TEST_ENV;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** '' when `sarif` validates against the official SARIF 2.1.0 schema, else the errors. */
function validSarif(sarif: object): string {
  const ajv = new AjvDraft04.default({ allErrors: true });
  ajvFormats.default(ajv);
  const schema = JSON.parse(readFileSync(new URL('../schema/sarif-2.1.0.json', import.meta.url), 'utf8')) as object;
  return ajv.validate(schema, sarif) ? '' : ajv.errorsText();
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, env: ENV, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

function commit(dir: string, file: string, text: string, message: string): string {
  writeFileSync(path.join(dir, file), text);
  git(dir, 'add', file);
  git(dir, 'commit', '-q', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

function runAction(dir: string, eventName: string, event: object, inputs: Record<string, string> = {}) {
  const meta = mkdtempSync(path.join(os.tmpdir(), 'swlint-action-meta-'));
  dirs.push(meta);
  const eventPath = path.join(meta, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event));
  const summary = path.join(meta, 'summary.md');
  const output = path.join(meta, 'output.txt');
  const r = spawnSync(process.execPath, [SCRIPT], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...ENV,
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_WORKSPACE: dir,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
      INPUT_SARIF_FILE: 'out/../swlint.sarif',
      ...inputs,
    },
  });
  const read = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8') : '');
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, summary: read(summary), output: read(output), sarif: read(path.join(dir, 'swlint.sarif')) };
}

it('action.yml runs the built action, which exists after npm run build', () => {
  const yml = readFileSync(new URL('../action.yml', import.meta.url), 'utf8');
  const run = /run: node "\$SWLINT_ACTION_PATH\/([^"]+)"/.exec(yml);
  expect(run?.[1]).toBe('dist/src/action/main.js');
  expect(existsSync(SCRIPT)).toBe(true);
  expect(yml).toMatch(/exit-code:\n {4}description: .*\n {4}value: \$\{\{ steps\.swlint\.outputs\.exit-code \}\}/);
});

describe('the action end to end', () => {
  const token = 'PT' + randomBytes(24).toString('hex');
  let dir = '';
  let base = '';
  let leak = '';
  let clean = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'swlint-action-'));
    dirs.push(dir);
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'config', 'user.name', 'Test');
    git(dir, 'config', 'user.email', 'test@example.com');
    git(dir, 'config', 'commit.gpgsign', 'false');
    base = commit(dir, 'README.md', '# demo\n', 'init');
    leak = commit(dir, 'config.js', `export const SIGNALWIRE_API_TOKEN = '${token}';\n`, 'add config');
    clean = commit(dir, 'config.js', 'export const SIGNALWIRE_API_TOKEN = process.env.SIGNALWIRE_API_TOKEN;\n', 'read the token from the environment');
  });

  it('a push whose commits added and then removed a token fails, with SARIF, annotations and a summary', () => {
    const r = runAction(dir, 'push', { before: base, after: clean, ref: 'refs/heads/main' });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain(`the commits in ${base.slice(0, 12)}..${clean.slice(0, 12)}`);
    // the command as a user would rerun it: no dangling --output without its file
    expect(r.stdout).toContain(`swlint: running swlint diff ${base} ${clean} --format json --fail-on error --no-color\n`);
    expect(r.stdout).toMatch(/^::error file=config\.js,line=1,col=\d+,endLine=1,endColumn=\d+,title=swlint signalwire-api-token::/m);
    const sarif = JSON.parse(r.sarif) as { runs: { automationDetails: { id: string }; results: { ruleId: string; properties: { commit: string } }[] }[] };
    expect(sarif.runs[0]!.automationDetails.id).toBe('swlint/diff/');
    expect(validSarif(sarif)).toBe('');
    expect(sarif.runs[0]!.results.map((x) => [x.ruleId, x.properties.commit])).toEqual([['signalwire-api-token', leak]]);
    expect(r.summary).toContain('### swlint: 1 problem');
    expect(r.summary).toContain(leak.slice(0, 12));
    expect(r.output).toContain('findings=1\n');
    for (const text of [r.stdout, r.stderr, r.summary, r.sarif]) expect(text).not.toContain(token);
  });

  it('BASE equal to HEAD passes with an empty SARIF file for upload-sarif', () => {
    const r = runAction(dir, 'pull_request', { pull_request: { base: { sha: clean }, head: { sha: clean } } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/same commit/);
    expect((JSON.parse(r.sarif) as { runs: { results: unknown[] }[] }).runs[0]!.results).toEqual([]);
    expect(r.summary).toContain('no SignalWire credential problems');
  });

  it('a clean pull request passes', () => {
    const r = runAction(dir, 'pull_request', { pull_request: { base: { sha: leak }, head: { sha: clean } } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.output).toContain('findings=0\n');
  });

  it('a scheduled run scans the whole history', () => {
    const r = runAction(dir, 'schedule', {}, { INPUT_FAIL_ON: 'never' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/full history scan/);
    expect((JSON.parse(r.sarif) as { runs: { automationDetails: { id: string }; results: unknown[] }[] }).runs[0]!.automationDetails.id).toBe(
      'swlint/history/',
    );
    expect(r.output).toContain('findings=1\n');
  });

  it('a push of a new branch on a fresh repository scans what was pushed', () => {
    const r = runAction(dir, 'push', { before: ZERO, after: clean, ref: 'refs/heads/main' });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/new branch/);
  });

  it('refuses --format in args, and exits 2 when swlint itself fails', () => {
    const a = runAction(dir, 'schedule', {}, { INPUT_ARGS: '--format text' });
    expect(a.code).toBe(2);
    expect(a.stdout).toMatch(/::error title=swlint::args: do not pass --format/);
    expect(a.output).toContain('exit-code=2\n');
    const b = runAction(dir, 'pull_request', { pull_request: { base: { sha: sha('d') }, head: { sha: clean } } });
    expect(b.code).toBe(2);
    expect(b.stdout).toMatch(/::error title=swlint::swlint failed \(exit 2\): unknown revision .*fetch-depth: 0/);
  });

  it('exit 2 still leaves a valid SARIF file, marked failed, and the exit-code output, so upload-sarif does not fail too', () => {
    const r = runAction(dir, 'pull_request', { pull_request: { base: { sha: sha('d') }, head: { sha: clean } } });
    expect(r.code).toBe(2);
    expect(r.output).toContain('exit-code=2\n');
    expect(r.output).toMatch(/^sarif-file=.*swlint\.sarif$/m);
    const sarif = JSON.parse(r.sarif) as {
      runs: {
        results: unknown[];
        invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[];
      }[];
    };
    expect(validSarif(sarif)).toBe('');
    const inv = sarif.runs[0]!.invocations[0]!;
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications[0]).toMatchObject({ level: 'error', message: { text: expect.stringMatching(/unknown revision/) as unknown } });
    expect(r.summary).toMatch(/swlint exited 2: the scan did not finish/);
  });

  it('a --timeout that stops the scan is blamed on --timeout, not fetch-depth, and what was scanned is kept', () => {
    const r = runAction(dir, 'push', { before: base, after: clean, ref: 'refs/heads/main' }, { INPUT_MODE: 'scan', INPUT_ARGS: '--timeout 0.000001' });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stdout).toMatch(/::error title=swlint::swlint did not finish \(exit 2\): stopped after --timeout 0\.000001 s/);
    expect(r.stdout).not.toMatch(/fetch-depth/);
    expect(r.output).toContain('exit-code=2\n');
    const sarif = JSON.parse(r.sarif) as {
      runs: { automationDetails: { id: string }; invocations: { executionSuccessful: boolean }[]; properties: { summary: { incomplete?: boolean } } }[];
    };
    expect(validSarif(sarif)).toBe('');
    expect(sarif.runs[0]!.automationDetails.id).toBe('swlint/scan/');
    expect(sarif.runs[0]!.invocations[0]!.executionSuccessful).toBe(false);
    expect(sarif.runs[0]!.properties.summary.incomplete).toBe(true);
  });

  it('a bad input is exit 2 with the SARIF file and outputs too', () => {
    const r = runAction(dir, 'pull_request', {}, { INPUT_MODE: 'everything' });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/::error title=swlint::mode must be one of/);
    expect(r.output).toContain('exit-code=2\n');
    expect(validSarif(JSON.parse(r.sarif) as object)).toBe('');
  });
});
