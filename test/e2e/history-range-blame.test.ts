// Issue 12.7: `history --range main..feature` (and --since) must not blame a secret on a
// commit that only edited another line of its file: the walk starts mid-history, and what the
// file held before the walk is no commit of the walk's doing.
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { GIT_TEST_ENV } from '../helpers/git-env.js';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { runJson, summarize } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

const assign = (name: string, token: string) => `${name} = '${token}'\n`;

describe('12.7 history --range attribution', () => {
  it('reports only what the range brought, each on the commit that added it', () => {
    const repo = TestRepo.create();
    const old = fakeToken();
    repo.write('app.py', assign('token', old));
    repo.commit('M1 add settings');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('app.py', assign('token', old) + 'debug = True\n');
    repo.commit('F1 turn on debug');
    const added = fakeToken();
    repo.write('app.py', assign('token', old) + 'debug = True\n' + assign('backup', added));
    repo.commit('F2 add a backup token');
    repo.write('app.py', assign('token', old) + 'debug = False\n' + assign('backup', added));
    repo.commit('F3 turn off debug');

    const range = runJson(['history', '--range', 'main..feature'], { cwd: repo.dir });
    expect(range.code).toBe(1);
    // not `app.py:1 @ F1 turn on debug`: F1 never touched line 1
    expect(summarize(range.findings)).toEqual(['signalwire-api-token app.py:3 @ F2 add a backup token']);
    expect(JSON.stringify(range.findings)).not.toContain(old);

    // the whole history still attributes the old token to the commit that added it
    const all = runJson(['history'], { cwd: repo.dir });
    expect(summarize(all.findings)).toEqual(['signalwire-api-token app.py:1 @ M1 add settings', 'signalwire-api-token app.py:3 @ F2 add a backup token']);
  });

  it('a range that only edits around an old secret is clean (exit 0)', () => {
    const repo = TestRepo.create();
    repo.write('app.py', assign('token', fakeToken()));
    repo.commit('M1');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('app.py', '# settings\n' + repo.git('show', 'HEAD:app.py'));
    repo.commit('F1 add a comment');
    const r = runJson(['history', '--range', 'main..feature'], { cwd: repo.dir });
    expect(r.findings).toEqual([]);
    expect(r.code).toBe(0);
  });
  it("--since that walks a merge without its parents: what both parents held is not the merge's doing", () => {
    const repo = TestRepo.create();
    const old = fakeToken();
    repo.write('app.py', `debug = False\n${assign('token', old)}level = 1\n`).commit('M1 add settings');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('app.py', `debug = True\n${assign('token', old)}level = 1\n`).commit('F1 turn on debug');
    repo.git('checkout', '-q', 'main');
    repo.write('app.py', `debug = False\n${assign('token', old)}level = 2\n`).commit('M2 raise the level');
    // a clean merge whose app.py differs from both parents; the token added in the merge is its own
    const added = fakeToken();
    repo.git('merge', '-q', '--no-commit', 'feature');
    repo.write('app.py', `debug = True\n${assign('token', old)}level = 2\n${assign('backup', added)}`).commit('Merge feature');
    // commit n is dated 2024-01-01 at n:00 UTC (TestRepo): only the merge is after 03:30
    const r = runJson(['history', '--since', '2024-01-01T03:30:00Z'], { cwd: repo.dir });
    expect(summarize(r.findings)).toEqual(['signalwire-api-token app.py:4 @ Merge feature']);
    expect(r.summary.commits).toBe(1);
  });

  it('--since takes every commit dated since then, even behind a commit whose clock was wrong', () => {
    const repo = TestRepo.create();
    const commitAt = (message: string, iso: string) => {
      const env = { ...GIT_TEST_ENV, GIT_AUTHOR_DATE: iso, GIT_COMMITTER_DATE: iso };
      execFileSync('git', ['add', '-A'], { cwd: repo.dir, env });
      execFileSync('git', ['commit', '-q', '-m', message], { cwd: repo.dir, env });
    };
    repo.write('app.py', assign('token', fakeToken()));
    commitAt('Old settings', '2024-01-01T00:00:00+00:00');
    repo.write('worker.py', assign('token', fakeToken()));
    commitAt('Add the worker', '2024-01-10T00:00:00+00:00');
    // committed later from a machine whose clock said December
    repo.write('README.md', '# app\n');
    commitAt('Docs', '2023-12-01T00:00:00+00:00');
    repo.write('README.md', '# app\n\nmore\n');
    commitAt('More docs', '2024-01-20T00:00:00+00:00');
    const r = runJson(['history', '--since', '2024-01-05'], { cwd: repo.dir });
    expect(summarize(r.findings)).toEqual(['signalwire-api-token worker.py:1 @ Add the worker']);
    // the commits dated since then: the worker and the last docs commit
    expect(r.summary.commits).toBe(2);
    expect(runJson(['history', '--since', '2024-02-01'], { cwd: repo.dir }).summary.commits).toBe(0);
  });
});
