// The scanned repository never makes swlint run a program: a filter driver its own git config
// defines (`filter.<name>.clean`, `.smudge`, `.process`), which its .gitattributes put on a
// file, is a program git would run when it compares that file with the index. `swlint fix`
// asks git exactly that (`git diff`, `git rm --cached`); it switches the repository's drivers
// off (src/fix/git.ts) and leaves the user's own (global config: git-lfs) in place.
import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GIT_TEST_ENV } from '../helpers/git-env.js';
import { TestRepo } from '../helpers/git-repo.js';
import { fakeProjectId, fakeToken } from '../helpers/secrets.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { parseReport, run } from '../robustness/helpers.js';

afterAll(cleanupTempDirs);

/** A driver program that leaves a marker and passes the file through unchanged (a script: in a config file `;` starts a comment). */
function marking(markers: string, name: string): string {
  const script = path.join(tempDir('swlint-driver-'), `${name}.sh`);
  writeFileSync(script, `#!/bin/sh\ntouch '${path.join(markers, name)}'\nexec cat\n`);
  chmodSync(script, 0o755);
  return script;
}

/**
 * A repository whose three files each go through a driver: `planted` (its .git/config: clean,
 * smudge, then a long-running process git cannot do without), `included.driver` (a config file of
 * the working tree its config includes) and `userlfs` (the user's global config). The files'
 * times are moved on, so that git must read them through their drivers to compare them.
 */
function repositoryWithDrivers() {
  const markers = tempDir('swlint-markers-');
  const repo = TestRepo.create();
  const [token, project] = [fakeToken(), fakeProjectId()];
  repo.write('.gitattributes', 'src/client.js filter=planted\nsrc/worker.js filter=included.driver\nsrc/server.js filter=userlfs\n');
  repo.write('src/client.js', `const token = "${token}";\nexport const project = "${project}";\n`);
  repo.write('src/worker.js', `export const signalwireToken = "${fakeToken()}";\n`);
  repo.write('src/server.js', `export const signalwireToken = "${fakeToken()}";\n`);
  repo.commit('base');
  // defined after the commit (the commit ran none of them), as a checked-out repository's
  // .git/config can define them; one through a file of the working tree that it includes
  repo.git('config', 'filter.planted.clean', marking(markers, 'clean'));
  repo.git('config', 'filter.planted.smudge', marking(markers, 'smudge'));
  repo.write('included.cfg', `[filter "included.driver"]\n\tclean = ${marking(markers, 'included')}\n`);
  repo.git('config', 'include.path', '../included.cfg');
  // the user's own driver, in their global config
  const globalConfig = path.join(tempDir('swlint-global-'), 'gitconfig');
  writeFileSync(globalConfig, `[filter "userlfs"]\n\tclean = ${marking(markers, 'user')}\n`);
  const env = { GIT_CONFIG_GLOBAL: globalConfig };
  // the files' times changed: git must read them (through their drivers) to know whether they changed
  const touch = (seconds: number) => {
    const later = new Date(Date.now() + seconds * 1000);
    for (const f of ['src/client.js', 'src/worker.js', 'src/server.js']) utimesSync(path.join(repo.dir, f), later, later);
  };
  touch(5);
  // control: git itself runs them
  spawnSync('git', ['diff', '--name-only'], { cwd: repo.dir, env: { ...GIT_TEST_ENV, ...env } });
  expect(readdirSync(markers).sort()).toEqual(['clean', 'included', 'user']);
  for (const m of readdirSync(markers)) rmSync(path.join(markers, m));
  // a long-running driver too, and one git must not do without
  repo.git('config', 'filter.planted.process', marking(markers, 'process'));
  repo.git('config', 'filter.planted.required', 'true');
  touch(10);
  return { markers, repo, env, token };
}

describe.skipIf(process.platform === 'win32')('filter drivers in the scanned repository', () => {
  it('swlint fix runs none of the filters the repository config defines, and keeps the user ones', () => {
    const { markers, repo, env, token } = repositoryWithDrivers();
    const dry = run(['fix'], { cwd: repo.dir, env });
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('+++ b/src/client.js');
    expect(dry.stdout).toContain('+++ b/src/worker.js');
    expect(dry.stdout).toContain('+++ b/src/server.js');
    expect(readdirSync(markers)).toEqual(['user']);
    rmSync(path.join(markers, 'user'));

    const applied = run(['fix', '--apply'], { cwd: repo.dir, env });
    expect(applied.code).toBe(0);
    expect(readFileSync(path.join(repo.dir, 'src/client.js'), 'utf8')).not.toContain(token);
    expect(readFileSync(path.join(repo.dir, '.env'), 'utf8')).toContain(token);
    expect(readdirSync(markers)).toEqual(['user']);
    rmSync(path.join(markers, 'user'));

    // the scans compare nothing with the index through a driver
    // staged as written, without git's drivers (git add would run them)
    const blob = repo.git('hash-object', '-w', '--no-filters', 'src/client.js').trim();
    repo.git('update-index', '--cacheinfo', `100644,${blob},src/client.js`);
    const modes = [['scan'], ['staged'], ['diff', 'HEAD'], ['history']];
    for (const args of modes) {
      const r = run([...args, '--format', 'json'], { cwd: repo.dir, env });
      expect([0, 1], args.join(' ')).toContain(r.code);
      parseReport(r);
    }
    expect(readdirSync(markers)).toEqual([]);
  });
  it('with a git that cannot say where a setting comes from (before 2.26), swlint fix switches every driver off', () => {
    const { markers, repo, env } = repositoryWithDrivers();
    // a git of that age, in front of the real one: --show-scope is an unknown option
    const bin = tempDir('swlint-old-git-');
    const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(
      path.join(bin, 'git'),
      `#!/bin/sh\nfor a in "$@"; do [ "$a" = --show-scope ] && { echo "error: unknown option \\\`show-scope'" >&2; exit 129; }; done\nexec '${realGit}' "$@"\n`,
    );
    chmodSync(path.join(bin, 'git'), 0o755);
    const dry = run(['fix'], { cwd: repo.dir, env: { ...env, PATH: `${bin}:${GIT_TEST_ENV.PATH ?? process.env.PATH ?? ''}` } });
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(1);
    for (const f of ['src/client.js', 'src/worker.js', 'src/server.js']) expect(dry.stdout).toContain(`+++ b/${f}`);
    expect(readdirSync(markers)).toEqual([]);
  });
});
