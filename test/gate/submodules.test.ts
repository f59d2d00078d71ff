// A change that adds a submodule, or points one at another commit, brings in content the gate
// cannot read (another repository's commit): staged and diff list it as skipped, never pass it
// in silence. A change that leaves the submodule where it was lists nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { seededHex } from '../helpers/random.js';
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
