// The scanned repository never makes swlint run a program: a `git` it ships is never the git
// swlint runs, even when PATH names the working directory (an empty or relative entry), as
// git itself would be found there by a plain lookup (src/io/program-path.ts).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GIT_TEST_ENV } from '../helpers/git-env.js';
import { TestRepo } from '../helpers/git-repo.js';
import { fakeToken } from '../helpers/secrets.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { CLI } from '../helpers/cli.js';
import { parseReport, run, tokenLine } from '../robustness/helpers.js';

afterAll(cleanupTempDirs);

describe.skipIf(process.platform === 'win32')('a repository that ships its own git', () => {
  it('scan, staged, diff and history run the git of PATH, never the one the repository ships, whatever relative PATH entries say', () => {
    const markers = tempDir('swlint-markers-');
    const planted = (name: string) => `#!/bin/sh\ntouch '${path.join(markers, name)}'\nexit 0\n`;
    const repo = TestRepo.create();
    repo.write('README.md', '# app\n');
    // executables a scan of this repository would find by a lookup from its directory
    repo.write('git', planted('root'));
    repo.write('node_modules/.bin/git', planted('bin'));
    repo.write('.gitignore', 'node_modules/\n');
    chmodSync(path.join(repo.dir, 'git'), 0o755);
    chmodSync(path.join(repo.dir, 'node_modules/.bin/git'), 0o755);
    const base = repo.commit('base');
    const token = fakeToken();
    repo.write('src/client.js', tokenLine(token));
    repo.commit('client');
    repo.write('src/staged.js', tokenLine(fakeToken()));
    repo.git('add', 'src/staged.js');
    // an empty entry first (the working directory), then a relative one, then the real PATH
    const env = { PATH: `:node_modules/.bin:${GIT_TEST_ENV.PATH ?? process.env.PATH ?? ''}` };

    // control: a plain lookup from the repository runs its git
    spawnSync('git', ['--version'], { cwd: repo.dir, env: { ...GIT_TEST_ENV, ...env } });
    expect(readdirSync(markers)).toEqual(['root']);
    rmSync(path.join(markers, 'root'));

    const tokens = (r: ReturnType<typeof run>) =>
      parseReport(r)
        .findings.filter((f) => f.ruleId === 'signalwire-api-token')
        .map((f) => f.file);
    const scan = run(['scan', '--format', 'json'], { cwd: repo.dir, env });
    expect(scan.code).toBe(1);
    expect(tokens(scan)).toEqual(['src/client.js', 'src/staged.js']);
    const staged = run(['staged', '--format', 'json'], { cwd: repo.dir, env });
    expect(staged.code).toBe(1);
    expect(tokens(staged)).toEqual(['src/staged.js']);
    const diff = run(['diff', base, '--format', 'json'], { cwd: repo.dir, env });
    expect(diff.code).toBe(1);
    expect(tokens(diff)).toEqual(['src/client.js']);
    const history = run(['history', '--format', 'json'], { cwd: repo.dir, env });
    expect(history.code).toBe(1);
    expect(tokens(history)).toEqual(['src/client.js']);
    expect(readdirSync(markers)).toEqual([]);
    expect(existsSync(path.join(markers, 'bin'))).toBe(false);
  });

  it('hook install and hook test run the shell of PATH, never the one the repository ships', () => {
    const markers = tempDir('swlint-markers-');
    const repo = TestRepo.create();
    repo.write('a.js', '// a\n');
    repo.write('.gitignore', 'node_modules/\n');
    repo.commit('base');
    // swlint where the hook looks first, as npm install puts it
    mkdirSync(path.join(repo.dir, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(CLI, path.join(repo.dir, 'node_modules', '.bin', 'swlint'));
    repo.write('sh', `#!/bin/sh\ntouch '${path.join(markers, 'sh')}'\nexit 0\n`);
    chmodSync(path.join(repo.dir, 'sh'), 0o755);
    const env = { PATH: `:${GIT_TEST_ENV.PATH ?? process.env.PATH ?? ''}` };
    // control: a plain lookup from the repository runs its sh
    spawnSync('sh', ['-c', 'true'], { cwd: repo.dir, env: { ...GIT_TEST_ENV, ...env } });
    expect(readdirSync(markers)).toEqual(['sh']);
    rmSync(path.join(markers, 'sh'));

    const install = run(['hook', 'install'], { cwd: repo.dir, env });
    expect(install.code).toBe(0);
    const tested = run(['hook', 'test'], { cwd: repo.dir, env });
    expect(tested.stdout + tested.stderr).toMatch(/PASS/);
    expect(readdirSync(markers)).toEqual([]);
  });

  it('with no git in any absolute PATH directory, says git is missing instead of running the one the repository ships', () => {
    const markers = tempDir('swlint-markers-');
    const repo = TestRepo.create();
    repo.write('a.js', '// a\n');
    repo.commit('base');
    repo.write('git', `#!/bin/sh\ntouch '${path.join(markers, 'ran')}'\nexit 0\n`);
    chmodSync(path.join(repo.dir, 'git'), 0o755);
    const r = run(['staged', '--format', 'json'], { cwd: repo.dir, env: { PATH: '.' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('swlint: git is not installed or not on PATH: install git and try again\n');
    expect(readdirSync(markers)).toEqual([]);
  });
});
