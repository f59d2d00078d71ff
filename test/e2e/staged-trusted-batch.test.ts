// `swlint staged` reads HEAD's config, baseline and .swlintignore through the `cat-file --batch`
// that reads the staged blobs (src/sources/staged-batch.ts). What is read stays HEAD's,
// including the cases that batch does not carry: a file over --max-file-size, a directory
// whose name holds a space. A run whose trusted config is broken still ends (exit 2).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { runCli, runJson } from '../helpers/cli.js';
import { GIT_TEST_ENV } from '../helpers/git-env.js';

afterAll(cleanupTempDirs);

const line = (token: string) => `const client = new RestClient('proj', '${token}');\n`;
const found = (r: { findings: { ruleId: string; file: string; line: number }[] }) => r.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`).sort();

describe("staged: HEAD's trusted files through the staged blobs' batch", () => {
  it("HEAD's config larger than --max-file-size still applies; the staged edit to it does not", () => {
    const repo = TestRepo.create();
    // padded past the limit below: the batch counts it as too large, so it is read on its own
    repo.write('.swlintrc.json', JSON.stringify({ allowlist: { paths: ['fixtures/**'] } }, null, 2) + ' '.repeat(3000) + '\n');
    repo.commit('config');
    repo.write('.swlintrc.json', JSON.stringify({ allowlist: { paths: ['fixtures/**', 'src/**'] } }) + '\n');
    repo.write('fixtures/a.js', line(fakeToken()));
    repo.write('src/b.js', line(fakeToken()));
    repo.git('add', '-A');
    const r = runJson(['staged', '--max-file-size', '2000'], { cwd: repo.dir });
    expect(found(r)).toEqual(['signalwire-api-token src/b.js:1']);
    expect(r.code).toBe(1);
  });

  it("run in a directory whose name holds a space, that directory's config in HEAD applies", () => {
    const repo = TestRepo.create();
    repo.write('my app/.swlintrc.json', '{"allowlist":{"paths":["fixtures/**"]}}\n');
    repo.commit('config');
    repo.write('my app/.swlintrc.json', '{"rules":{"signalwire-api-token":"off"}}\n');
    repo.write('my app/fixtures/a.js', line(fakeToken()));
    repo.write('my app/src/b.js', line(fakeToken()));
    repo.git('add', '-A');
    const r = runJson(['staged'], { cwd: `${repo.dir}/my app` });
    expect(found(r)).toEqual(['signalwire-api-token my app/src/b.js:1']);
    expect(r.code).toBe(1);
  });

  it("HEAD's baseline applies to the staged blobs read after it", () => {
    const repo = TestRepo.create();
    repo.write('README.md', '# app\n');
    repo.commit('start');
    repo.write('src/known.js', line(fakeToken()));
    expect(runCli(['baseline'], { cwd: repo.dir }).code).toBe(0);
    repo.git('add', '.swlint-baseline.json');
    repo.commit('baseline');
    repo.write('src/new.js', line(fakeToken()));
    repo.git('add', '-A');
    const r = runJson(['staged'], { cwd: repo.dir });
    expect(found(r)).toEqual(['signalwire-api-token src/new.js:1']);
    expect(r.code).toBe(1);
  });

  it("a broken config in HEAD: one line, exit 2, and the run ends (the batch's git does not keep it)", () => {
    const repo = TestRepo.create();
    repo.write('.swlintrc.json', '{"rules": 5}\n');
    repo.commit('broken config');
    repo.write('src/b.js', line(fakeToken()));
    repo.git('add', '-A');
    // a guard against a hang, not a speed check: a run that waited on git would be killed here
    const r = runCli(['staged'], { cwd: repo.dir, timeout: 120_000 });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^swlint: invalid config .*\.swlintrc\.json: "rules" must be an object/)]);
  });

  // The bin starts the `cat-file --batch` itself, with the repository questions (src/bin.ts,
  // src/sources/git/hardened.ts); the run takes it over, or, when it has no use for it, exits
  // without waiting for it. Counted from git's own trace.
  const catFiles = (trace: string) =>
    readFileSync(trace, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { event: string; argv?: string[] })
      .filter((e) => e.event === 'start' && e.argv?.includes('cat-file')).length;

  it("the bin's cat-file is the one the trusted files and the staged blobs are read through", () => {
    const repo = TestRepo.create();
    repo.write('.swlintrc.json', '{"allowlist":{"paths":["fixtures/**"]}}\n');
    repo.commit('config');
    repo.write('fixtures/a.js', line(fakeToken()));
    repo.write('src/b.js', line(fakeToken()));
    repo.git('add', '-A');
    const trace = path.join(repo.dir, '.git', 'trace.json');
    const r = runJson(['staged'], { cwd: repo.dir, env: { ...GIT_TEST_ENV, GIT_TRACE2_EVENT: trace } });
    expect(found(r)).toEqual(['signalwire-api-token src/b.js:1']);
    expect(catFiles(trace)).toBe(1);
  });

  it("before the first commit (nothing to read from HEAD) the bin's cat-file goes unused and the run still ends", () => {
    const repo = TestRepo.create();
    repo.write('src/b.js', line(fakeToken()));
    repo.git('add', '-A');
    const trace = path.join(repo.dir, '.git', 'trace.json');
    // a guard against a hang, not a speed check
    const r = runJson(['staged'], { cwd: repo.dir, env: { ...GIT_TEST_ENV, GIT_TRACE2_EVENT: trace }, timeout: 120_000 });
    expect(r.code).toBe(1);
    expect(found(r)).toEqual(['signalwire-api-token src/b.js:1']);
    // the bin's, unused, and the staged blobs' own (--buffer'ed: a first commit may add many files)
    expect(catFiles(trace)).toBe(2);
  });
});
