// `swlint history`: which commit a secret is blamed on, and what else the walk reaches.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GIT_TEST_ENV } from '../helpers/git-env.js';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { runCli, runJson, summarize } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

const tokenLine = (t: string) => `const signalwireToken = '${t}';\n`;

/** Stages everything and commits with author and committer date `iso`. */
function commitAt(repo: TestRepo, message: string, iso: string): void {
  const env = { ...GIT_TEST_ENV, GIT_AUTHOR_DATE: iso, GIT_COMMITTER_DATE: iso };
  execFileSync('git', ['add', '-A'], { cwd: repo.dir, env });
  execFileSync('git', ['commit', '-q', '--allow-empty', '-m', message], { cwd: repo.dir, env });
}

/** Back on main, with `branch` deleted and no reflog keeping its commits: only a tag reaches them. */
function forgetBranch(repo: TestRepo, branch: string): void {
  repo.git('checkout', '-q', 'main');
  repo.git('branch', '-q', '-D', branch);
  repo.git('reflog', 'expire', '--expire=now', '--all');
}

describe('swlint history: provenance when committer dates go backwards', () => {
  it('blames the commit that added the token, not a child dated before it (a rebase, a skewed clock)', () => {
    const repo = TestRepo.create();
    const token = fakeToken();
    repo.write('README.md', '# app\n');
    commitAt(repo, 'Initial commit', '2024-06-01T00:00:00+00:00');
    repo.write('app.js', tokenLine(token));
    commitAt(repo, 'Add client', '2024-06-20T10:00:00+00:00');
    repo.write('app.js', `${tokenLine(token)}// v2\n`);
    commitAt(repo, 'Edit another line', '2024-06-05T10:00:00+00:00');
    repo.write('app.js', `${tokenLine(token)}// v3\n`);
    commitAt(repo, 'Edit again, even earlier', '2024-06-02T10:00:00+00:00');
    const r = runJson(['history'], { cwd: repo.dir });
    expect(summarize(r.findings, { still: true })).toEqual(['signalwire-api-token app.js:1 @ Add client [present]']);
    expect(r.findings[0]!.commit!.date).toBe('2024-06-20T10:00:00+00:00');
  });

  it('still names the earlier of two unrelated branches that add the same token', () => {
    const repo = TestRepo.create();
    const token = fakeToken();
    repo.write('README.md', '# app\n');
    commitAt(repo, 'Initial commit', '2024-01-01T10:00:00+00:00');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('app.js', tokenLine(token));
    commitAt(repo, 'Feature adds the token', '2024-01-03T10:00:00+00:00');
    repo.git('checkout', '-q', 'main');
    repo.write('app.js', `${tokenLine(token)}// main\n`);
    commitAt(repo, 'Main adds the token', '2024-01-05T10:00:00+00:00');
    const r = runJson(['history'], { cwd: repo.dir });
    expect(summarize(r.findings)).toEqual(['signalwire-api-token app.js:1 @ Feature adds the token']);
  });
});

describe('swlint history: what the walk reaches', () => {
  it('scans every stash entry, not only the newest: the older ones live in the stash reflog', () => {
    const repo = TestRepo.create();
    repo.write('app.js', '// app\n').commit('Initial commit');
    // stash@{2}: an untracked file (stash -u keeps it in a commit of its own)
    repo.write('scratch.js', tokenLine(fakeToken()));
    repo.git('stash', 'push', '-q', '-u', '-m', 'scratch work');
    // stash@{1}: a staged change
    repo.write('app.js', `// app\n${tokenLine(fakeToken())}`);
    repo.git('add', 'app.js');
    repo.git('stash', 'push', '-q', '-m', 'staged token');
    // stash@{0}: a working-tree change
    repo.write('other.js', '// other\n').commit('Add other');
    repo.write('other.js', `// other\n${tokenLine(fakeToken())}`);
    repo.git('stash', 'push', '-q', '-m', 'newest');
    expect(repo.git('stash', 'list').trim().split('\n')).toHaveLength(3);
    const r = runJson(['history'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    // the stash's own commits: `index on main: <sha> <subject>`, `untracked files on main: …`, `On main: <message>`
    expect(r.findings.map((f) => `${f.file}:${f.line} @ ${f.commit!.message.replace(/ [0-9a-f]{7,} /, ' <sha> ')}`).sort()).toEqual([
      'app.js:2 @ index on main: <sha> Initial commit',
      'other.js:2 @ On main: newest',
      'scratch.js:1 @ untracked files on main: <sha> Initial commit',
    ]);
    // --branch narrows to that branch: no stash
    expect(runJson(['history', '--branch', 'main'], { cwd: repo.dir }).findings).toEqual([]);
  });
});

describe('swlint history: tags', () => {
  it("scans an annotated tag's message, and blobs and trees that tags name", () => {
    const repo = TestRepo.create();
    repo.write('app.js', '// app\n').commit('Initial commit');
    repo.git('tag', '-a', 'v1.0', '-m', `Release 1.0\n\ndeploy with ${fakeToken()}\n`);
    // a blob under a tag (`git hash-object -w` + `git tag`): no commit holds it
    repo.write('loose.js', tokenLine(fakeToken()));
    const withToken = repo.git('hash-object', '-w', 'loose.js').trim();
    repo.remove('loose.js');
    repo.git('tag', 'blob-tag', withToken);
    // a tree under a tag, its commit gone with its branch
    repo.git('checkout', '-q', '-b', 'temp');
    repo.write('conf/settings.js', tokenLine(fakeToken())).commit('Temp');
    repo.git('tag', 'tree-tag', 'temp^{tree}');
    forgetBranch(repo, 'temp');
    const r = runJson(['history'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.findings.map((f) => `${f.file}:${f.line} @ ${f.commit!.message}`).sort()).toEqual([
      '(tag message):3 @ tag v1.0: Release 1.0',
      'blob-tag:1 @ blob named by blob-tag',
      'conf/settings.js:1 @ tree named by tree-tag',
    ]);
    expect(r.findings.find((f) => f.file === '(tag message)')!.commit).toMatchObject({ author: 'Test Author', email: 'author@example.invalid' });
    // --branch scans what that branch reaches, no tags
    expect(runJson(['history', '--branch', 'main'], { cwd: repo.dir }).findings).toEqual([]);
  });
});

describe('swlint history: tags of tags', () => {
  it("follows a tag of a tag down to its blob or tree, and scans every inner tag's message", () => {
    const repo = TestRepo.create();
    repo.write('app.js', '// app\n').commit('Initial commit');
    // a blob tagged by `inner`, which `outer` tags; then the inner ref is deleted
    repo.write('loose.js', tokenLine(fakeToken()));
    const blob = repo.git('hash-object', '-w', 'loose.js').trim();
    repo.remove('loose.js');
    repo.git('tag', '-a', 'inner', '-m', `Inner\n\nsigned off with ${fakeToken()}\n`, blob);
    repo.git('-c', 'advice.nestedTag=false', 'tag', '-a', 'outer', '-m', 'Outer', 'inner');
    repo.git('tag', '-d', 'inner');
    // a tree three tags deep, its branch gone
    repo.git('checkout', '-q', '-b', 'temp');
    repo.write('conf/settings.js', tokenLine(fakeToken())).commit('Temp');
    repo.git('tag', '-a', 't1', '-m', 'One', 'temp^{tree}');
    repo.git('-c', 'advice.nestedTag=false', 'tag', '-a', 't2', '-m', 'Two', 't1');
    repo.git('-c', 'advice.nestedTag=false', 'tag', '-a', 't3', '-m', 'Three', 't2');
    repo.git('tag', '-d', 't1', 't2');
    forgetBranch(repo, 'temp');
    const r = runJson(['history'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.findings.map((f) => `${f.file}:${f.line} @ ${f.commit!.message}`).sort()).toEqual([
      '(tag message):3 @ tag inner: Inner',
      'conf/settings.js:1 @ tag t3: Three',
      'outer:1 @ tag outer: Outer',
    ]);
    expect(r.findings.find((f) => f.file === '(tag message)')!.commit!.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  });
});

describe('swlint history and diff: a file named like a message pseudo-path', () => {
  it('keeps a top-level file named "(commit message)" apart from commit messages: fingerprint, stillPresent, baseline', () => {
    const repo = TestRepo.create();
    const token = fakeToken();
    repo.write('deploy.sh', 'curl -u "$SIGNALWIRE_PROJECT_ID:$SIGNALWIRE_TOKEN" "$SPACE_URL/api/relay/rest/jwt"\n');
    repo.commit(`Deploy script\n\nused ${token} to test it`);
    // the message's token was rotated and accepted in a baseline, committed on the base branch
    expect(runCli(['baseline', '--history'], { cwd: repo.dir }).code).toBe(0);
    repo.commit('Accept the rotated token of the deploy commit');
    // a change adds a file whose name is the pseudo-path, holding the same token
    repo.write('(commit message)', `SIGNALWIRE_TOKEN=${token}\n`).commit('Add notes');
    const history = runJson(['history'], { cwd: repo.dir });
    expect(history.code).toBe(1);
    expect(summarize(history.findings, { still: true })).toEqual(['signalwire-api-token ./(commit message):1 @ Add notes [present]']);
    // without the baseline: both, with two fingerprints; the message is never "at HEAD"
    const none = path.join(tempDir(), 'none.json');
    writeFileSync(none, JSON.stringify({ version: 1, findings: [] }));
    const all = runJson(['history', '--baseline', none], { cwd: repo.dir });
    expect(summarize(all.findings, { still: true })).toEqual([
      'signalwire-api-token (commit message):3 @ Deploy script [gone]',
      'signalwire-api-token ./(commit message):1 @ Add notes [present]',
    ]);
    expect(new Set(all.findings.map((f) => f.fingerprint)).size).toBe(2);
    // the gate judges the change with the base branch's baseline: the file's token is reported
    const diff = runJson(['diff', 'HEAD~1'], { cwd: repo.dir });
    expect(diff.code).toBe(1);
    expect(summarize(diff.findings)).toEqual(['signalwire-api-token ./(commit message):1 @ Add notes']);
  });
});
