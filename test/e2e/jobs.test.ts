// `--jobs 1` (one thread) and `--jobs N` (worker threads) must report exactly the same thing.
// The tree is large enough (over 200 files) for the scan to go to the worker pool, and holds
// every kind of content the fixtures have: encodings, minified bundles, binaries, inline
// ignores, a custom rule, a configured placeholder, an allowlisted value and severity override.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runJson } from '../helpers/cli.js';
import { GIT_TEST_ENV, git } from '../helpers/git-env.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { seededHex } from '../helpers/random.js';

// synthetic values only
const hex = seededHex;

function buildTree(dir: string): void {
  cpSync(path.join(PROJECT_ROOT, 'fixtures/trees/node-app'), path.join(dir, 'node-app'), { recursive: true });
  cpSync(path.join(PROJECT_ROOT, 'fixtures/trees/hard-negatives'), path.join(dir, 'hard-negatives'), { recursive: true });
  writeFileSync(
    path.join(dir, '.swlintrc.json'),
    JSON.stringify({
      customRules: [{ id: 'acme-key', regex: 'ACME_[A-Z0-9]{16}', keywords: ['acme_'], message: 'ACME key', fix: 'Remove it' }],
      placeholders: [`PT${hex(999, 48)}`],
      allowlist: { values: [`^PT${hex(998, 8)}`] },
      rules: { 'signalwire-space-url': 'info' },
    }),
  );
  for (let i = 0; i < 260; i++) {
    const sub = path.join(dir, 'gen', `d${i % 13}`);
    mkdirSync(sub, { recursive: true });
    const lines = Array.from({ length: 40 + (i % 30) }, (_, k) => `export const value${k} = compute(${k}, '${hex(i * 100 + k, 12)}');`);
    if (i % 7 === 0) lines.splice(5, 0, `const signalwireToken = 'PT${hex(i, 48)}';`);
    if (i % 11 === 0) lines.splice(9, 0, `const SIGNING_KEY = 'PSK_${hex(i, 10)}AbCdEfGh${hex(i + 1, 6)}';`);
    if (i % 13 === 0) lines.splice(12, 0, `const skipped = 'PT${hex(i + 7, 48)}'; // swlint-ignore`);
    if (i % 17 === 0) lines.splice(3, 0, `const k = 'ACME_${hex(i, 16).toUpperCase()}';`);
    if (i === 20) lines.push(`const doc = 'PT${hex(999, 48)}';`, `const allowed = 'PT${hex(998, 8)}${hex(5, 40)}';`);
    if (i % 19 === 0) lines.push(`const baseURL = 'https://tenant${i}.signalwire.com/api/relay/rest';`);
    const name = i % 5 === 0 ? `bundle${i}.min.js` : `mod${i}.ts`;
    writeFileSync(path.join(sub, name), i % 5 === 0 ? lines.join(';') : lines.join('\n') + '\n');
  }
  writeFileSync(path.join(dir, 'gen', 'blob.bin'), Buffer.from([0, 1, 2, 3, 0x50, 0x54]));
  // files over 1 MB, read one after another into the thread's reused buffer (src/sources/read-sync.ts):
  // each token must be found at its own line, none at a line of the file read before
  for (const [k, lines] of LARGE_FILES.entries()) writeFileSync(path.join(dir, 'gen', `d${k}`, `large${k}.ts`), largeFile(k, lines));
}

/** Line counts of the large files (1.9 to 3.8 MB), and the line each one's token is on. */
const LARGE_FILES = [30_000, 60_000, 45_000];
const largeTokenLine = (k: number, lines: number) => lines - 100 * (k + 1);

function largeFile(k: number, lines: number): string {
  const out = Array.from({ length: lines }, (_, n) => `export const row${n} = lookup(${n}, '${hex(k * 1_000_003 + n, 40)}');`);
  out[largeTokenLine(k, lines) - 1] = `const signalwireToken = 'PT${hex(7000 + k, 48)}';`;
  return out.join('\n') + '\n';
}

describe('--jobs 1 and --jobs N report the same findings', () => {
  afterEach(cleanupTempDirs);

  it('in a git repository with tracked and untracked files, one of them ignored', () => {
    const t = { dir: tempDir() };
    buildTree(t.dir);
    git(t.dir, 'init', '-q', '-b', 'main');
    // over 200 tracked files, the rest untracked, one of them ignored
    git(t.dir, 'add', 'gen/d0', 'gen/d1', 'gen/d2', 'gen/d3', 'gen/d4', 'gen/d5', 'gen/d6', 'gen/d7', 'gen/d8', 'gen/d9', 'gen/d10');
    writeFileSync(path.join(t.dir, '.gitignore'), 'gen/d11/mod63.ts\n');
    // the tracked files are scanned while git still lists the untracked ones: among those, a
    // dotenv file git does not ignore and a repository of its own, whose files keep its path
    mkdirSync(path.join(t.dir, 'svc'));
    writeFileSync(path.join(t.dir, 'svc/.env'), `SIGNALWIRE_API_TOKEN=PT${hex(4242, 48)}\n`);
    mkdirSync(path.join(t.dir, 'tools/inner'), { recursive: true });
    git(path.join(t.dir, 'tools/inner'), 'init', '-q', '-b', 'main');
    writeFileSync(path.join(t.dir, 'tools/inner/client.js'), `const signalwireToken = 'PT${hex(4343, 48)}';\n`);
    const tracked = git(t.dir, 'ls-files').trim().split('\n').length;
    expect(tracked).toBeGreaterThanOrEqual(200);
    const one = runJson(['scan', '.', '--jobs', '1', '--fail-on', 'never'], { cwd: t.dir });
    const many = runJson(['scan', '.', '--jobs', '2', '--fail-on', 'never'], { cwd: t.dir });
    const files = new Set(one.report.findings.map((f) => f.file));
    // findings in tracked and untracked files alike, none in the ignored one
    expect([...files].some((f) => /^gen\/d(?:\d|10)\//.test(f))).toBe(true);
    expect([...files].some((f) => f.startsWith('gen/d11/'))).toBe(true);
    expect([...files].some((f) => f.startsWith('gen/d12/'))).toBe(true);
    expect(files.has('gen/d11/mod63.ts')).toBe(false);
    for (const report of [one.report, many.report]) {
      const found = report.findings.map((f) => `${f.ruleId} ${f.file}`);
      expect(found).toContain('dotenv-not-ignored svc/.env');
      expect(found).toContain('signalwire-api-token svc/.env');
      expect(found).toContain('signalwire-api-token tools/inner/client.js');
    }
    const all = runJson(['scan', '.', '--no-ignore', '--jobs', '2', '--fail-on', 'never'], { cwd: t.dir });
    expect(all.report.findings.some((f) => f.file === 'gen/d11/mod63.ts')).toBe(true);
    expect(one.report.summary.files).toBe(many.report.summary.files);
    expect(many.report.findings).toEqual(one.report.findings);
    expect(many.report.skipped).toEqual(one.report.skipped);
  });

  for (const inRepo of [false, true]) {
    it(inRepo ? 'in a git repository' : 'outside git', () => {
      const t = { dir: tempDir() };
      buildTree(t.dir);
      if (inRepo) {
        git(t.dir, 'init', '-q', '-b', 'main');
        git(t.dir, 'add', '-A');
      }
      const one = runJson(['scan', '.', '--jobs', '1', '--fail-on', 'never'], { cwd: t.dir });
      const many = runJson(['scan', '.', '--jobs', '3', '--fail-on', 'never'], { cwd: t.dir });
      expect(one.code).toBe(0);
      expect(many.code).toBe(0);
      expect(one.report.summary.files).toBeGreaterThan(200);
      // every kind planted above shows up, so the comparison is not between two empty lists
      const rules = new Set(one.report.findings.map((f) => f.ruleId));
      for (const id of ['signalwire-api-token', 'signalwire-signing-key', 'signalwire-space-url', 'acme-key']) expect(rules).toContain(id);
      for (const [k, lines] of LARGE_FILES.entries())
        expect(one.report.findings.filter((f) => f.file === `gen/d${k}/large${k}.ts`).map((f) => `${f.ruleId}:${f.line}`)).toEqual([
          `signalwire-api-token:${largeTokenLine(k, lines)}`,
        ]);
      expect(many.report.findings).toEqual(one.report.findings);
      expect(many.report.skipped).toEqual(one.report.skipped);
      const { durationMs: _a, ...s1 } = one.report.summary;
      const { durationMs: _b, ...sN } = many.report.summary;
      expect(sN).toEqual(s1);
      expect(many.stderr).toBe(one.stderr);
    });
  }
});

// A preload that counts, from inside the CLI's process, the scan workers started and the files
// sent to them: what `--jobs` means for the threads, seen without any hook in swlint itself. The
// machine says it has 4 CPUs: --jobs is bounded by them, and this test is about N below the bound.
const COUNTER = `
require('node:os').availableParallelism = () => 4;
const workers = require('node:worker_threads');
const Base = workers.Worker;
let started = 0;
let sent = 0;
workers.Worker = class extends Base {
  constructor(...args) {
    super(...args);
    started++;
  }
  postMessage(message, ...rest) {
    if (message && Array.isArray(message.units)) sent += message.units.length;
    return super.postMessage(message, ...rest);
  }
};
process.on('exit', () => process.stderr.write('counted ' + JSON.stringify({ started, sent }) + '\\n'));
`;

describe('--jobs N on a working tree: this thread is one of the N', () => {
  afterEach(cleanupTempDirs);

  function scanCounted(dir: string, preload: string, args: string[]) {
    const run = runJson(['scan', '.', '--fail-on', 'never', ...args], { cwd: dir, env: { ...GIT_TEST_ENV, NODE_OPTIONS: `--require ${preload}` } });
    const line = run.stderr.split('\n').find((l) => l.startsWith('counted '));
    expect(line, run.stderr).toBeDefined();
    return { report: run.report, ...(JSON.parse(line!.slice('counted '.length)) as { started: number; sent: number }) };
  }

  it('starts N - 1 workers and scans files itself, with the same findings; N workers under --timeout', () => {
    const dir = tempDir();
    buildTree(dir);
    const preload = path.join(tempDir(), 'count-workers.cjs');
    writeFileSync(preload, COUNTER);
    const one = runJson(['scan', '.', '--jobs', '1', '--fail-on', 'never'], { cwd: dir });
    const two = scanCounted(dir, preload, ['--jobs', '2']);
    const three = scanCounted(dir, preload, ['--jobs', '3']);
    const bounded = scanCounted(dir, preload, ['--jobs', '2', '--timeout', '120']);
    expect(two.started).toBe(1);
    expect(three.started).toBe(2);
    // a worker can be stopped mid-rule, this thread cannot: under a deadline every scanning thread is a worker
    expect(bounded.started).toBe(2);
    const files = one.report.summary.files;
    expect(files).toBeGreaterThan(200);
    // some files went to no worker: this thread scanned them
    expect(two.sent).toBeGreaterThan(0);
    expect(two.sent).toBeLessThan(files);
    expect(bounded.sent).toBeGreaterThanOrEqual(files);
    for (const r of [two, three, bounded]) {
      expect(r.report.findings).toEqual(one.report.findings);
      expect(r.report.skipped).toEqual(one.report.skipped);
      expect(r.report.summary.files).toBe(files);
    }
  });
});

// diff and staged scan a change, never a "large" source: their threads are workers only under
// --timeout (a worker can be stopped mid-rule). Whichever thread scans, the findings are the same.
describe('--jobs 1 and --jobs N in diff and staged', () => {
  afterEach(cleanupTempDirs);

  function counted(dir: string, preload: string, args: string[]) {
    const run = runJson(args, { cwd: dir, env: { ...GIT_TEST_ENV, NODE_OPTIONS: `--require ${preload}` } });
    const line = run.stderr.split('\n').find((l) => l.startsWith('counted '));
    expect(line, run.stderr).toBeDefined();
    return { ...run, ...(JSON.parse(line!.slice('counted '.length)) as { started: number; sent: number }) };
  }

  it('the same findings on one thread and on worker threads', () => {
    const dir = tempDir();
    git(dir, 'init', '-q', '-b', 'main');
    writeFileSync(path.join(dir, 'README.md'), '# service\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    buildTree(dir);
    git(dir, 'checkout', '-q', '-b', 'feature');
    git(dir, 'add', '-A');
    const preload = path.join(tempDir(), 'count-workers.cjs');
    writeFileSync(preload, COUNTER);

    const stagedOne = runJson(['staged', '--jobs', '1', '--fail-on', 'never'], { cwd: dir });
    const stagedMany = counted(dir, preload, ['staged', '--jobs', '64', '--timeout', '600', '--fail-on', 'never']);
    git(dir, 'commit', '-q', '-m', 'feature');
    const diffOne = runJson(['diff', 'main', '--jobs', '1', '--fail-on', 'never'], { cwd: dir });
    const diffMany = counted(dir, preload, ['diff', 'main', '--jobs', '64', '--timeout', '600', '--fail-on', 'never']);

    // bounded by the 4 CPUs the preload reports; diff then reads HEAD's versions of the files
    // with findings in one more worker, after the 4 have stopped (still present at HEAD?)
    expect(stagedMany.started).toBe(4);
    expect(diffMany.started).toBe(5);
    for (const [one, many] of [
      [stagedOne, stagedMany],
      [diffOne, diffMany],
    ] as const) {
      // the files went to the workers
      expect(many.sent).toBeGreaterThan(200);
      const rules = new Set(one.findings.map((f) => f.ruleId));
      // the change's own .swlintrc.json is untrusted: its custom rule does not run
      for (const id of ['signalwire-api-token', 'signalwire-signing-key', 'signalwire-space-url', 'dotenv-committed']) expect(rules).toContain(id);
      expect(rules).not.toContain('acme-key');
      for (const [k, lines] of LARGE_FILES.entries())
        expect(one.findings.filter((f) => f.file === `gen/d${k}/large${k}.ts`).map((f) => `${f.ruleId}:${f.line}`)).toEqual([
          `signalwire-api-token:${largeTokenLine(k, lines)}`,
        ]);
      expect(many.findings).toEqual(one.findings);
      expect(many.report.skipped).toEqual(one.report.skipped);
    }
  });
});
