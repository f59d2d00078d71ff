// Content a change brings in that is not in the repository's objects: a submodule's commit
// (another repository's) and a Git LFS object (in LFS storage; git holds a pointer). The gate
// cannot read them: staged and diff list them as skipped, never pass them in silence. A change
// that leaves a submodule where it was lists nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { seededHex } from '../helpers/random.js';
import { fakeToken } from '../helpers/secrets.js';
import { runCli, runJson } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

const SKIP = {
  file: 'vendor/sdk',
  reason: 'submodule',
  detail: "the change points it at another repository's commit: its content is not scanned here (run the gate in that repository)",
};

/** Points the index's `vendor/sdk` at commit `id` (a gitlink), as `git submodule add` records it. */
const gitlink = (repo: TestRepo, id: string) => repo.git('update-index', '--add', '--cacheinfo', `160000,${id},vendor/sdk`);

describe('a submodule in a change', () => {
  it('added: staged and diff list it as skipped, in JSON and in the text summary', () => {
    const repo = TestRepo.create().write('README.md', '# app\n');
    const base = repo.commit('base');
    repo.write('.gitmodules', '[submodule "vendor/sdk"]\n\tpath = vendor/sdk\n\turl = https://example.com/sdk.git\n');
    repo.git('add', '.gitmodules');
    gitlink(repo, seededHex(41, 40));
    const staged = runJson(['staged'], { cwd: repo.dir });
    expect(staged.code).toBe(0);
    expect(staged.report.skipped).toEqual([SKIP]);
    repo.git('commit', '-q', '-m', 'add the SDK');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(diff.code).toBe(0);
    expect(diff.report.skipped).toEqual([SKIP]);
    expect(runCli(['diff', base, '--no-color'], { cwd: repo.dir }).stdout).toMatch(/1 skipped/);
  });

  it("whose .gitmodules says `ignore = all` (git's diffs then leave it out): still listed by staged and diff", () => {
    const repo = TestRepo.create().write('README.md', '# app\n');
    const base = repo.commit('base');
    repo.write('.gitmodules', '[submodule "vendor/sdk"]\n\tpath = vendor/sdk\n\turl = https://example.com/sdk.git\n\tignore = all\n');
    repo.git('add', '.gitmodules');
    gitlink(repo, seededHex(43, 40));
    expect(runJson(['staged'], { cwd: repo.dir }).report.skipped).toEqual([SKIP]);
    repo.git('commit', '-q', '-m', 'add the SDK');
    expect(runJson(['diff', base], { cwd: repo.dir }).report.skipped).toEqual([SKIP]);
    // moved again, in a merge, HEAD against BASE is judged too: listed once
    repo.git('checkout', '-q', '-b', 'side', base);
    repo.write('docs/notes.md', '# notes\n').commit('notes');
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--no-ff', 'side', '-m', 'Merge side');
    expect(runJson(['diff', base], { cwd: repo.dir }).report.skipped).toEqual([SKIP]);
  });

  it('moved to another commit in two commits of the range: listed once', () => {
    const repo = TestRepo.create().write('README.md', '# app\n');
    gitlink(repo, seededHex(42, 40));
    const base = repo.commit('base');
    gitlink(repo, seededHex(43, 40));
    repo.git('commit', '-q', '-m', 'bump the SDK');
    gitlink(repo, seededHex(44, 40));
    repo.git('commit', '-q', '-m', 'bump the SDK again');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(diff.report.skipped).toEqual([SKIP]);
  });

  it('left where it was: nothing is listed', () => {
    const repo = TestRepo.create().write('README.md', '# app\n');
    gitlink(repo, seededHex(45, 40));
    const base = repo.commit('base');
    repo.write('README.md', '# app\n\nSee vendor/sdk.\n');
    repo.git('add', 'README.md');
    expect(runJson(['staged'], { cwd: repo.dir }).report.skipped).toEqual([]);
    repo.git('commit', '-q', '-m', 'docs');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(diff.code).toBe(0);
    expect(diff.report.skipped).toEqual([]);
  });
});

describe('a Git LFS pointer in a change', () => {
  const pointer = (oid: string, size: number) => `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${size}\n`;

  it('is scanned as the text it is, and listed as skipped: its content is in LFS storage', () => {
    const token = fakeToken();
    const repo = TestRepo.create().write('README.md', '# app\n');
    const base = repo.commit('base');
    repo.write('.gitattributes', 'secrets.json filter=lfs diff=lfs merge=lfs -text\n');
    repo.write('secrets.json', pointer(seededHex(46, 64), 2381));
    // not a real pointer: a value written after the spec's lines is still text git holds
    repo.write('keys.json', `${pointer(seededHex(47, 64), 90)}token ${token}\n`);
    repo.write('docs/lfs.md', `Pointers start with: version https://git-lfs.github.com/spec/v1\n`);
    repo.git('add', '-A');
    const expected = ['keys.json lfs-object', 'secrets.json lfs-object'];
    const skipped = (r: ReturnType<typeof runJson>) => r.report.skipped.map((s) => `${s.file} ${s.reason}`).sort();
    const staged = runJson(['staged'], { cwd: repo.dir });
    expect(staged.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['signalwire-api-token keys.json:4']);
    expect(skipped(staged)).toEqual(expected);
    expect(staged.report.skipped[0]!.detail).toBe('a Git LFS pointer: the content it names is in LFS storage, not in git, and was not scanned');
    repo.commit('add files');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(diff.code).toBe(1);
    expect(skipped(diff)).toEqual(expected);
  });
});
