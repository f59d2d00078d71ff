// Issue 9.8, 9.13, 9.15: the scanned repository cannot make swlint run a program or fetch
// (partial-clone lazy fetch through the repository's own transport settings); git failing
// inside a repository is an error, never a quieter scan; configuration edge cases.
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { GIT_TEST_ENV } from '../helpers/git-env.js';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { GIT_ENV } from '../../src/sources/git/hardened.js';
import { hasCommand, parseReport, run, tokenLine } from '../robustness/helpers.js';

afterAll(cleanupTempDirs);

/**
 * A partial clone whose promisor remote runs a program: the newest commit's blob for b.js is
 * deleted, so reading it makes git (left to itself) fetch it through `url`.
 */
function promisorRepository(url: string, extra: [string, string][] = []) {
  const repo = TestRepo.create();
  repo.write('a.js', '// a\n');
  const base = repo.commit('base');
  repo.write('b.js', tokenLine(fakeToken()));
  repo.commit('add b');
  const blob = repo.git('rev-parse', 'HEAD:b.js').trim();
  repo.git('config', 'core.repositoryformatversion', '1');
  repo.git('config', 'extensions.partialClone', 'origin');
  repo.git('config', 'remote.origin.promisor', 'true');
  repo.git('config', 'remote.origin.url', url);
  repo.git('config', 'protocol.ext.allow', 'always');
  for (const [k, v] of extra) repo.git('config', k, v);
  unlinkSync(path.join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
  return { repo, base, blob };
}

describe('9.8 partial-clone lazy fetch never runs', () => {
  it('ext:: transport: history, diff, staged and scan run nothing; the missing object is reported', () => {
    const markers = tempDir('swlint-markers-');
    const marker = path.join(markers, 'MARKER');
    const { repo, base, blob } = promisorRepository(`ext::sh -c touch% ${marker}`);
    // control: plain git does run the transport
    spawnSync('git', ['cat-file', '-p', blob], { cwd: repo.dir, env: GIT_TEST_ENV });
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);

    const history = run(['history', '--format', 'json'], { cwd: repo.dir });
    expect(history.code).toBe(0);
    expect(parseReport(history).skipped.map((s) => `${s.reason} ${s.file}`)).toEqual(['missing-object b.js']);
    // diff reads the blobs itself: the object it cannot read is unscanned, a gate finding (exit 1), never fetched
    const diff = run(['diff', base, '--format', 'json'], { cwd: repo.dir });
    expect(diff.code).toBe(1);
    expect(parseReport(diff).findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['swlint-unscanned b.js']);
    expect(parseReport(diff).skipped.map((s) => `${s.reason} ${s.file}`)).toEqual(['missing-object b.js']);
    const staged = run(['staged', '--format', 'json'], { cwd: repo.dir });
    expect(staged.code).toBe(0);
    const scan = run(['scan', '--format', 'json'], { cwd: repo.dir });
    expect(scan.code).toBe(1);
    expect(readdirSync(markers)).toEqual([]);
  });

  it('ssh:// URL with core.sshCommand: nothing runs', () => {
    const markers = tempDir('swlint-markers-');
    const marker = path.join(markers, 'SSH');
    const { repo, base, blob } = promisorRepository('ssh://example.invalid/repo.git', [['core.sshCommand', `touch ${marker}`]]);
    spawnSync('git', ['cat-file', '-p', blob], { cwd: repo.dir, env: GIT_TEST_ENV });
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);
    for (const args of [['history'], ['diff', base], ['staged'], ['scan']]) run([...args, '--format', 'json'], { cwd: repo.dir });
    const history = parseReport(run(['history', '--format', 'json'], { cwd: repo.dir }));
    expect(history.skipped.map((s) => `${s.reason} ${s.file}`)).toEqual(['missing-object b.js']);
    expect(readdirSync(markers)).toEqual([]);
  });

  it('the protocol block alone stops it (git 2.31-2.43 have no GIT_NO_LAZY_FETCH)', () => {
    const markers = tempDir('swlint-markers-');
    const marker = path.join(markers, 'MARKER');
    const { repo, blob } = promisorRepository(`ext::sh -c touch% ${marker}`);
    const env: NodeJS.ProcessEnv = { ...GIT_ENV, ...GIT_TEST_ENV, GIT_ALLOW_PROTOCOL: GIT_ENV.GIT_ALLOW_PROTOCOL };
    delete env.GIT_NO_LAZY_FETCH;
    const r = spawnSync('git', ['cat-file', '--batch'], { cwd: repo.dir, env, input: blob + '\n', encoding: 'utf8' });
    expect(r.stdout).toBe(`${blob} missing\n`);
    expect(readdirSync(markers)).toEqual([]);
  });

  it("the user's own GIT_ALLOW_PROTOCOL cannot re-open it", () => {
    const markers = tempDir('swlint-markers-');
    const marker = path.join(markers, 'MARKER');
    const { repo } = promisorRepository(`ext::sh -c touch% ${marker}`);
    run(['history', '--format', 'json'], { cwd: repo.dir, env: { GIT_ALLOW_PROTOCOL: 'ext:ssh:file' } });
    expect(readdirSync(markers)).toEqual([]);
  });
});

describe('a real partial clone (`git clone --filter=blob:none`)', () => {
  /**
   * A repository whose first version of a.js held a token (later removed) and whose c.txt was
   * renamed with an edit, cloned without blobs: the checkout fetched HEAD's blobs only. Then
   * its promisor remote is pointed at a program, so any fetch would leave a marker.
   */
  function partialClone() {
    const source = TestRepo.create();
    source.git('config', 'uploadpack.allowFilter', 'true');
    source.write('README.md', '# app\n');
    const first = source.commit('init');
    source.write('a.js', tokenLine(fakeToken())).write('c.txt', 'one\ntwo\nthree\n');
    source.commit('add a.js with a token');
    source.write('a.js', '// token moved to the environment\n');
    source.commit('remove the token');
    source.remove('c.txt').write('d.txt', 'one\ntwo\nthree\nfour\n');
    source.write('b.js', tokenLine(fakeToken()));
    source.commit('add b.js, rename c.txt');
    const dir = path.join(tempDir('swlint-partial-'), 'clone');
    spawnSync('git', ['clone', '-q', '--filter=blob:none', `file://${source.dir}`, dir], { env: GIT_TEST_ENV });
    const clone = new TestRepo(dir);
    const missingNow = () =>
      clone
        .git('rev-list', '--objects', '--missing=print', '--all')
        .split('\n')
        .filter((l) => l.startsWith('?')).length;
    expect(missingNow()).toBe(2); // a.js's and c.txt's first versions
    const marker = path.join(tempDir('swlint-markers-'), 'FETCHED');
    clone.git('config', 'remote.origin.url', `ext::sh -c touch% ${marker}`);
    clone.git('config', 'protocol.ext.allow', 'always');
    return { clone, first, marker, missingNow };
  }

  it('history scans what the clone has and lists the absent blob as missing-object, fetching nothing', () => {
    const { clone, marker, missingNow } = partialClone();
    const history = run(['history', '--format', 'json'], { cwd: clone.dir });
    expect(history.code).toBe(1);
    const report = parseReport(history);
    expect(report.findings.map((f) => `${f.ruleId} ${f.file} ${f.commit?.message}`)).toEqual(['signalwire-api-token b.js add b.js, rename c.txt']);
    expect(report.skipped.map((s) => `${s.reason} ${s.file}`).sort()).toEqual(['missing-object a.js', 'missing-object c.txt']);
    expect(history.stderr).toMatch(/history is incomplete: 2 blobs are not in this clone/);
    expect(existsSync(marker)).toBe(false);
    expect(missingNow()).toBe(2);
  });

  it('diff reports what it cannot read as swlint-unscanned; staged scans the change; nothing is fetched', () => {
    const { clone, first, marker, missingNow } = partialClone();
    const diff = run(['diff', first, '--format', 'json'], { cwd: clone.dir });
    expect(diff.code).toBe(1);
    const report = parseReport(diff);
    // the first versions of a.js and c.txt are absent: unscanned, a gate finding; d.txt, renamed
    // from c.txt with an edit, is judged as a new file; a.js's later change, whose version before
    // is absent, is judged whole
    expect(report.findings.map((f) => `${f.ruleId} ${f.file} ${f.commit?.message}`).sort()).toEqual([
      'signalwire-api-token b.js add b.js, rename c.txt',
      'swlint-unscanned a.js add a.js with a token',
      'swlint-unscanned c.txt add a.js with a token',
    ]);
    expect(report.skipped.map((s) => `${s.reason} ${s.file}`).sort()).toEqual(['missing-object a.js', 'missing-object c.txt']);
    expect(diff.stderr).toMatch(/partial clone: .* only exact renames are followed/);
    clone.write('a.js', tokenLine(fakeToken()));
    clone.git('add', 'a.js');
    const staged = run(['staged', '--format', 'json'], { cwd: clone.dir });
    expect(staged.code).toBe(1);
    expect(parseReport(staged).findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['signalwire-api-token a.js']);
    expect(existsSync(marker)).toBe(false);
    expect(missingNow()).toBe(2);
  });
});

describe('9.13 git missing or refusing the repository', () => {
  it('git not on PATH inside a repository: scan exits 2 with what to do', () => {
    const repo = TestRepo.create();
    repo.write('a.js', tokenLine(fakeToken())).commit('a');
    const bin = tempDir('swlint-nogit-');
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const r = run(['scan'], { cwd: repo.dir, env: { PATH: bin } });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/git is not installed or not on PATH, and .* is a git repository: install git/);
  });

  it('git not on PATH outside any repository: scan reads .gitignore itself (no repository to ask)', () => {
    const dir = tempDir('swlint-plain-');
    const repo = new TestRepo(dir);
    repo.write('a.js', tokenLine(fakeToken()));
    repo.write('.gitignore', 'ignored.js\n');
    repo.write('ignored.js', tokenLine(fakeToken()));
    const bin = tempDir('swlint-nogit-');
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const r = run(['scan', '--format', 'json'], { cwd: dir, env: { PATH: bin } });
    expect(r.code).toBe(1);
    expect(parseReport(r).findings.map((f) => f.file)).toEqual(['a.js']);
  });

  it.runIf(process.getuid?.() === 0)('a repository git refuses (dubious ownership): exit 2, safe.directory named', () => {
    const repo = TestRepo.create();
    repo.write('.gitignore', 'tracked.js\n');
    repo.write('tracked.js', tokenLine(fakeToken()));
    repo.git('add', '-f', 'tracked.js');
    repo.commit('tracked but ignored');
    spawnSync('chown', ['-R', '65534:65534', repo.dir]);
    const r = run(['scan'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`git refuses the repository at ${repo.dir}`);
    expect(r.stderr).toContain('safe.directory');
  });
});

describe('9.15 configuration edge cases', () => {
  it('a custom rule named "constructor" keeps its severity', () => {
    const repo = TestRepo.create();
    repo.write(
      '.swlintrc.json',
      JSON.stringify({
        customRules: [{ id: 'constructor', regex: 'INTERNAL_[A-Z0-9]{12}', severity: 'warning', message: 'internal key', fix: 'remove it' }],
      }),
    );
    repo.write('a.txt', 'key = INTERNAL_ABCDEFGHIJKL\n').commit('a');
    const r = run(['scan', '--format', 'json'], { cwd: repo.dir });
    const rep = JSON.parse(r.stdout) as { findings: { ruleId: string; severity: string }[] };
    expect(rep.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['constructor warning']);
    expect(r.code).toBe(0);
  });

  it('an unreadable .swlintrc.json is an error (exit 2), not silently ignored', () => {
    const repo = TestRepo.create();
    repo.write('a.js', tokenLine(fakeToken())).commit('a');
    mkdirSync(path.join(repo.dir, '.swlintrc.json'));
    const r = run(['scan'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^swlint: cannot read .*\.swlintrc\.json \(it is a directory\): fix it or remove it\n$/);
  });

  it.runIf(process.getuid?.() === 0 && hasCommand('setpriv'))('a .swlintrc.json without read permission is an error (exit 2)', () => {
    const dir = tempDir('swlint-perm-');
    chmodSync(dir, 0o755);
    const repo = new TestRepo(dir);
    repo.write('a.js', tokenLine(fakeToken()));
    repo.write('.swlintrc.json', '{}');
    chmodSync(path.join(dir, '.swlintrc.json'), 0o000);
    const r = run(['scan', '--format', 'json'], { cwd: dir, prefix: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read .*\.swlintrc\.json \(permission denied\)/);
  });
});
