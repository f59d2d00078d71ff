// The options that take a number (--max-file-size, --jobs, --timeout): a value that cannot mean
// what was asked is a usage error (exit 2, one line saying what is accepted), never a run that
// quietly scans nothing, stops at once or starts a thousand threads.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';
import { GIT_TEST_ENV } from '../helpers/git-env.js';
import { TestRepo } from '../helpers/git-repo.js';
import { seededHex } from '../helpers/random.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';

afterAll(cleanupTempDirs);

const token = `PT${seededHex(4711, 48)}`;

/** exactly one line on stderr, and it matches */
function oneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

function appRepo(): TestRepo {
  const repo = TestRepo.create();
  repo.write('src/client.js', `// REST client\nconst signalwireToken = '${token}';\nmodule.exports = { signalwireToken };\n`);
  // a hard negative: a placeholder in the example file is not a finding
  repo.write('.env.example', 'SIGNALWIRE_API_TOKEN=PTxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n');
  repo.commit('client');
  return repo;
}

describe('--max-file-size', () => {
  // 0 used to skip every file: "0 files scanned", exit 0 on a tree with no .env to flag
  it.each(['0', '0.4', '0.0001K', '0MB'])('%s is refused: at least 1 byte', (size) => {
    const repo = appRepo();
    for (const mode of [['scan'], ['history'], ['staged'], ['diff', 'HEAD']]) {
      const r = runCli([...mode, '--max-file-size', size], { cwd: repo.dir });
      expect(r.code).toBe(2);
      oneLine(r.stderr, new RegExp(`^swlint: --max-file-size must be at least 1 byte, e\\.g\\. 512K or 5MB \\(got "${size}"\\)$`));
      expect(r.stdout).toBe('');
    }
  });

  it('1 byte is a limit like any other: the file is skipped, and said so', () => {
    const repo = appRepo();
    const r = runJson(['scan', '--max-file-size', '1'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    expect(r.findings).toEqual([]);
    expect(r.report.skipped).toContainEqual(expect.objectContaining({ file: 'src/client.js', reason: 'too-large' }));
  });

  it('audit: refused once, before any repository is scanned', () => {
    const repo = appRepo();
    const list = path.join(tempDir(), 'repos.txt');
    writeFileSync(list, `${repo.dir}\n`);
    const r = runCli(['audit', '--repos', list, '--max-file-size', '0'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    oneLine(r.stderr, /^swlint: --max-file-size must be at least 1 byte/);
  });
});

describe('--jobs', () => {
  // Number('1e3') is 1000 and Number('0x4') is 4: a count is digits
  it.each(['1e3', '2.0', '0x4', '-1', '0', ''])('%j is refused with what is accepted', (jobs) => {
    const r = runCli(['scan', '--jobs', jobs], { cwd: appRepo().dir });
    expect(r.code).toBe(2);
    oneLine(r.stderr, new RegExp(`^swlint: --jobs must be a whole number of at least 1, e\\.g\\. --jobs 4 \\(got "${jobs.replace('.', '\\.')}"\\)$`));
  });

  // A preload that reports from inside the CLI's process the worker threads it started, on a
  // machine that says it has 4 CPUs: the bound is then 4 whatever this machine has.
  const preload = () => {
    const file = path.join(tempDir(), 'four-cpus.cjs');
    writeFileSync(
      file,
      `const os = require('node:os');
os.availableParallelism = () => 4;
const workers = require('node:worker_threads');
let started = 0;
workers.Worker = class extends workers.Worker {
  constructor(...args) { super(...args); started++; }
};
process.on('exit', () => process.stderr.write('started ' + started + '\\n'));
`,
    );
    return file;
  };

  function tree(): string {
    const dir = tempDir();
    // a large source (200 files or more), so --jobs starts its threads with the scan
    for (let i = 0; i < 240; i++) writeFileSync(path.join(dir, `mod${i}.ts`), `export const value${i} = lookup('${seededHex(i, 24)}');\n`);
    writeFileSync(path.join(dir, 'client.ts'), `const signalwireToken = '${token}';\n`);
    return dir;
  }

  it('--jobs 64 on a 4-CPU machine starts 4 scanning threads, says so under --verbose, finds the same', () => {
    const dir = tree();
    const env = { ...GIT_TEST_ENV, NODE_OPTIONS: `--require ${preload()}` };
    const one = runJson(['scan', '.', '--jobs', '1'], { cwd: dir });
    const many = runJson(['scan', '.', '--jobs', '64', '--verbose'], { cwd: dir, env });
    // on a working tree this thread is one of the N
    expect(many.stderr).toMatch(/^started 3$/m);
    expect(many.stderr).toContain('swlint: --jobs 64 is more than the 4 CPUs this machine offers: using 4 threads\n');
    expect(one.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['signalwire-api-token client.ts:1']);
    expect(many.findings).toEqual(one.findings);
    // without --verbose the bound is applied without a word; past 2^53 it is still a number
    const quiet = runJson(['scan', '.', '--jobs', '99999999999999999999'], { cwd: dir, env });
    expect(quiet.stderr).not.toContain('--jobs');
    expect(quiet.stderr).toMatch(/^started 3$/m);
    expect(quiet.findings).toEqual(one.findings);
  });

  it('history: --jobs 64 starts 4 workers, not 64', () => {
    const repo = appRepo();
    const env = { ...GIT_TEST_ENV, NODE_OPTIONS: `--require ${preload()}` };
    const one = runJson(['history', '--jobs', '1'], { cwd: repo.dir });
    const many = runJson(['history', '--jobs', '64'], { cwd: repo.dir, env });
    expect(many.stderr).toMatch(/^started 4$/m);
    expect(one.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['signalwire-api-token src/client.js:2']);
    expect(many.findings).toEqual(one.findings);
  });

  it('the bound is the CPUs node reports here (at least 2)', () => {
    const bound = Math.max(2, os.availableParallelism());
    const r = runCli(['scan', '.', '--jobs', String(bound + 1), '--verbose'], { cwd: appRepo().dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`--jobs ${bound + 1} is more than the ${os.availableParallelism()} CPU`);
    expect(r.stderr).toContain(`: using ${bound} threads\n`);
    const within = runCli(['scan', '.', '--jobs', String(bound), '--verbose'], { cwd: appRepo().dir });
    expect(within.stderr).not.toContain('more than the');
  });
});

describe('--timeout', () => {
  // node's timers hold at most 24.8 days: a longer --timeout fired at once and every scan was "incomplete", exit 2
  it.each(['99999999999', '1e400', '2147484'])('%s means no practical limit: the scan completes', (seconds) => {
    const repo = appRepo();
    for (const mode of ['scan', 'history']) {
      const r = runJson([mode, '--timeout', seconds], { cwd: repo.dir });
      expect(r.code).toBe(1);
      expect((r.report.summary as { incomplete?: boolean }).incomplete).toBeUndefined();
      expect(r.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['signalwire-api-token src/client.js']);
      expect(r.stderr).not.toMatch(/TimeoutOverflowWarning|stopped after/);
    }
  });

  it.each(['0', '-5', '10s', '5m', 'soon'])('%s is refused with what is accepted', (seconds) => {
    const r = runCli(['scan', '--timeout', seconds], { cwd: appRepo().dir });
    expect(r.code).toBe(2);
    oneLine(r.stderr, /^swlint: --timeout must be a number of seconds greater than 0, e\.g\. --timeout 300 or --timeout 0\.5 \(got "/);
  });
});
