// listUntrackedSplit (src/sources/git/repo.ts): the untracked files of a directory, split by the
// ignore rules in one walk (`ls-files --others` sorted by `check-ignore`), must be exactly what
// git's own two listings say: `--others --exclude-standard` (to scan) and `--others --ignored
// --exclude-standard` (left out). And `swlint scan` reports the same when check-ignore fails and
// the usual listings are used instead.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listUnignoredFilesApart, listUntrackedSplit } from '../../src/sources/git/repo.js';
import { runCli } from '../helpers/cli.js';
import { GIT_TEST_ENV, git } from '../helpers/git-env.js';
import { fakeToken } from '../helpers/secrets.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';

afterEach(() => cleanupTempDirs());

function put(dir: string, rel: string, content = 'x\n'): void {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), content);
}

/** A repository whose ignore rules take every path git distinguishes: negations, excluded directories, nested rules, info/exclude, nested repositories. */
function trickyRepository(): string {
  const dir = tempDir();
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'core.excludesFile', '/dev/null');
  put(
    dir,
    '.gitignore',
    ['build/', '!build/keep/kept.txt', '*.log', '!important.log', 'ignored-repo/', 'a/**/secret*', '.env.local', 'trailing-space.txt\\ ', ''].join('\n'),
  );
  put(dir, 'tracked.txt');
  git(dir, 'add', '.gitignore', 'tracked.txt');
  // a file under an excluded directory cannot be re-included
  put(dir, 'build/keep/kept.txt');
  put(dir, 'build/out.js');
  put(dir, 'logs/app.log');
  put(dir, 'important.log');
  put(dir, 'a/.gitignore', 'local.txt\n');
  put(dir, 'a/local.txt');
  put(dir, 'a/b/local.txt');
  put(dir, 'a/b/secret.env');
  put(dir, 'a/b/kept.md');
  put(dir, '.env');
  put(dir, '.env.local');
  put(dir, 'trailing-space.txt ');
  put(dir, 'ünï cödé [1]*.txt');
  put(dir, 'new\nline.txt');
  mkdirSync(path.join(dir, '.git/info'), { recursive: true });
  writeFileSync(path.join(dir, '.git/info/exclude'), '*.tmp\n');
  put(dir, 'scratch.tmp');
  for (const name of ['ignored-repo', 'nested-repo']) {
    put(dir, `${name}/f.txt`);
    git(path.join(dir, name), 'init', '-q');
  }
  // more names than one pipe holds (64 KB), ignored and not, so both sides of check-ignore flow and wait
  for (let k = 0; k < 1500; k++) {
    put(dir, `build/gen/${'deep/'.repeat(4)}generated-module-${k}.js`);
    put(dir, `src/${'nested/'.repeat(4)}untracked-module-${k}.ts`);
  }
  return dir;
}

/** git's own answer, from its two listings. */
function gitLists(dir: string): { untracked: string[]; ignored: string[] } {
  const list = (...args: string[]) =>
    git(dir, 'ls-files', '-z', '--others', ...args)
      .split('\0')
      .filter(Boolean)
      .sort();
  return { untracked: list('--exclude-standard'), ignored: list('--ignored', '--exclude-standard') };
}

describe('listUntrackedSplit', () => {
  it('names the untracked files and the ignored ones exactly as git lists them apart', async () => {
    const dir = trickyRepository();
    const expected = gitLists(dir);
    // the rules at work: each of these is on the side git puts it
    expect(expected.ignored).toEqual(
      expect.arrayContaining([
        'build/keep/kept.txt',
        'logs/app.log',
        'a/local.txt',
        'a/b/local.txt',
        'a/b/secret.env',
        '.env.local',
        'scratch.tmp',
        'ignored-repo/',
      ]),
    );
    expect(expected.untracked).toEqual(expect.arrayContaining(['important.log', 'a/b/kept.md', '.env', 'nested-repo/', 'ünï cödé [1]*.txt', 'new\nline.txt']));
    const ignored: string[] = [];
    const untracked = await listUntrackedSplit(dir, (rel) => ignored.push(rel));
    expect([...untracked.paths()].sort()).toEqual(expected.untracked);
    // neither tracked, nor regular, a submodule or outside a sparse checkout: no flag at all
    expect(untracked.paths().every((_, k) => untracked.flagsOf(k) === 0)).toBe(true);
    expect(ignored.sort()).toEqual(expected.ignored);
  });

  it('lists relative to a subdirectory, with the rules of the directories above it', async () => {
    const dir = trickyRepository();
    const sub = path.join(dir, 'a');
    const ignored: string[] = [];
    const untracked = await listUntrackedSplit(sub, (rel) => ignored.push(rel));
    expect([...untracked.paths()].sort()).toEqual(gitLists(sub).untracked);
    expect(ignored.sort()).toEqual(gitLists(sub).ignored);
    expect(ignored).toContain('b/secret.env');
  });

  it('a repository with nothing untracked gives nothing, and check-ignore answering "none ignored" is no failure', async () => {
    const dir = tempDir();
    git(dir, 'init', '-q', '-b', 'main');
    put(dir, 'only.txt');
    git(dir, 'add', 'only.txt');
    const ignored: string[] = [];
    expect((await listUntrackedSplit(dir, (rel) => ignored.push(rel))).paths()).toEqual([]);
    put(dir, 'new.txt');
    expect([...(await listUntrackedSplit(dir, (rel) => ignored.push(rel))).paths()]).toEqual(['new.txt']);
    expect(ignored).toEqual([]);
  });

  it('listUnignoredFilesApart: the tracked files apart, and `ignoredNamed` true once the split listing worked', async () => {
    const dir = trickyRepository();
    const ignored: string[] = [];
    const lists = listUnignoredFilesApart(dir, (rel) => ignored.push(rel));
    expect((await lists.tracked).paths()).toEqual(['.gitignore', 'tracked.txt']);
    expect([...(await lists.untracked).paths()].sort()).toEqual(gitLists(dir).untracked);
    expect(await lists.ignoredNamed).toBe(true);
    expect(ignored.sort()).toEqual(gitLists(dir).ignored);
    // without a sink: the usual listings, and nothing said of the ignored files
    const plain = listUnignoredFilesApart(dir);
    expect(plain.ignoredNamed).toBeUndefined();
    expect([...(await plain.untracked).paths()].sort()).toEqual(gitLists(dir).untracked);
    await plain.tracked;
  });
});

describe('swlint scan when check-ignore fails', () => {
  it('reports what it reports with a working git: the usual listings are used', () => {
    const dir = trickyRepository();
    const token = fakeToken();
    put(dir, 'config/settings.js', `module.exports = { signalwireToken: '${token}' };\n`);
    put(dir, 'build/gen/leak.js', `const token = '${token}';\n`);
    // a git whose check-ignore fails when the split listing calls it (the one call with GIT_FLUSH=0);
    // every other command, and check-ignore asked about a few paths, is the real git
    const bin = tempDir();
    const realGit = git(dir, '--exec-path').trim();
    writeFileSync(
      path.join(bin, 'git'),
      `#!/bin/sh\nfor a in "$@"; do [ "$a" = check-ignore ] && [ "$GIT_FLUSH" = 0 ] && { echo "fatal: check-ignore broke" >&2; exit 128; }; done\nexec "${realGit}/git" "$@"\n`,
    );
    chmodSync(path.join(bin, 'git'), 0o755);
    const usual = runCli(['scan', dir, '--format', 'json']);
    const broken = runCli(['scan', dir, '--format', 'json'], { env: { ...GIT_TEST_ENV, PATH: `${bin}${path.delimiter}${GIT_TEST_ENV.PATH ?? ''}` } });
    expect(broken.stderr).toBe(usual.stderr);
    expect(broken.code).toBe(1);
    expect(usual.code).toBe(1);
    type Report = { findings: { file: string }[]; skipped: { reason: string; detail?: string }[]; summary: { durationMs?: number } };
    const strip = (out: string): Report => {
      const r = JSON.parse(out) as Report;
      delete r.summary.durationMs;
      return r;
    };
    const report = strip(broken.stdout);
    expect(report).toEqual(strip(usual.stdout));
    expect(report.findings.map((f) => f.file)).toContain('config/settings.js');
    expect(report.skipped.find((s) => s.reason === 'ignored')?.detail).toMatch(/^\d+ files that \.gitignore excludes/);
  });
});
