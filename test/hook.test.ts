// `swlint hook install | uninstall | test` against throwaway repositories, through the built CLI,
// with real `git commit`s: the hook must block a staged token, never clobber a hook it did
// not write, and `hook test` must leave the repository exactly as it was.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { addBlock, BLOCK, BEGIN, END, findBlock, isShellScript, removeBlock } from '../src/hook.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  NO_COLOR: '1',
  GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
};
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const token = () => 'PT' + randomBytes(24).toString('hex');

function sh(cwd: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = ENV) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, out: r.stdout + r.stderr };
}
const git = (cwd: string, ...args: string[]) => sh(cwd, 'git', args);
const swlint = (cwd: string, ...args: string[]) => sh(cwd, process.execPath, [CLI, ...args]);

/** A repository with one commit; `linked` puts swlint where the hook looks first (as npm install would). */
function repo(opts: { linked?: boolean } = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'swlint-hook-'));
  dirs.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'commit.gpgsign', 'false');
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
  writeFileSync(path.join(dir, 'README.md'), '# demo\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'init');
  if (opts.linked !== false) {
    mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(CLI, path.join(dir, 'node_modules', '.bin', 'swlint'));
  }
  return dir;
}

/** Stages a file with a synthetic token and tries to commit it. */
function commitSecret(dir: string, name = 'config.js') {
  writeFileSync(path.join(dir, name), `export const SIGNALWIRE_API_TOKEN = '${token()}';\n`);
  git(dir, 'add', name);
  return git(dir, 'commit', '-m', `add ${name}`);
}

const headCount = (dir: string) => Number(git(dir, 'rev-list', '--count', 'HEAD').stdout.trim());
const isExec = (file: string) => (statSync(file).mode & 0o100) !== 0;

describe('hook file text', () => {
  it('recognises shell scripts by their #! line', () => {
    for (const s of ['#!/bin/sh', '#!/bin/bash -e', '#!/usr/bin/env bash', '#!/usr/bin/env -S sh -eu', '#! /bin/dash', '#!/usr/local/bin/zsh'])
      expect(isShellScript(`${s}\necho hi\n`), s).toBe(true);
    for (const s of ['#!/usr/bin/env python3', '#!/usr/bin/node', 'echo no shebang', '', '#!/usr/bin/env perl -w'])
      expect(isShellScript(`${s}\necho hi\n`), s).toBe(false);
  });

  it('adds the block after the shebang and husky set-up, before anything that could exec or exit', () => {
    const hook = '#!/bin/sh\n. "$(dirname -- "$0")/_/husky.sh"\n\nnpx lint-staged\nexec true\n';
    const added = addBlock(hook);
    expect(added.startsWith(`#!/bin/sh\n. "$(dirname -- "$0")/_/husky.sh"\n${BLOCK}\n\nnpx lint-staged\nexec true\n`)).toBe(true);
    expect(findBlock(added)?.block).toBe(BLOCK);
    expect(removeBlock(added)).toBe(hook);
    expect(addBlock('npm test')).toBe(`${BLOCK}\nnpm test\n`);
  });

  it('refuses to guess when a marker lost its partner', () => {
    expect(() => findBlock(`#!/bin/sh\n${BEGIN}\necho\n`)).toThrow(/block is broken/);
    expect(() => findBlock(`#!/bin/sh\necho\n${END}\n`)).toThrow(/block is broken/);
    expect(findBlock('#!/bin/sh\necho\n')).toBeNull();
  });
});

describe('swlint hook install / uninstall', () => {
  it('installs an executable hook that blocks a staged token and passes clean commits; twice changes nothing', () => {
    const dir = repo();
    const hook = path.join(dir, '.git', 'hooks', 'pre-commit');
    const first = swlint(dir, 'hook', 'install');
    expect(first.code, first.out).toBe(0);
    expect(first.stdout).toMatch(/installed the pre-commit hook in \.git\/hooks\/pre-commit/);
    expect(isExec(hook)).toBe(true);
    const text = readFileSync(hook, 'utf8');
    expect(text).toContain(BLOCK);
    expect(text).toContain('staged');

    const again = swlint(dir, 'hook', 'install');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already installed/);
    expect(readFileSync(hook, 'utf8')).toBe(text);

    const blocked = commitSecret(dir);
    expect(blocked.code).not.toBe(0);
    expect(blocked.out).toContain('signalwire-api-token');
    expect(blocked.out).toContain('swlint: commit blocked. To move the credentials into .env, run: swlint fix --staged');
    expect(blocked.out).not.toMatch(/PT[0-9a-f]{48}/);
    expect(headCount(dir)).toBe(1);

    git(dir, 'reset', '-q', 'config.js');
    writeFileSync(path.join(dir, 'ok.js'), 'export const token = process.env.SIGNALWIRE_API_TOKEN;\n');
    git(dir, 'add', 'ok.js');
    const ok = git(dir, 'commit', '-q', '-m', 'clean');
    expect(ok.code, ok.out).toBe(0);
    expect(headCount(dir)).toBe(2);

    const removed = swlint(dir, 'hook', 'uninstall');
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/removed \.git\/hooks\/pre-commit/);
    expect(existsSync(hook)).toBe(false);
    expect(swlint(dir, 'hook', 'uninstall').stdout).toMatch(/nothing to remove/);
  });

  it('chains into an existing shell hook, ahead of its exec, and uninstall restores it byte for byte', () => {
    const dir = repo();
    const hook = path.join(dir, '.git', 'hooks', 'pre-commit');
    const original = '#!/usr/bin/env bash\n# team hook\necho "team checks ran" >&2\nexec true\n';
    writeFileSync(hook, original, { mode: 0o755 });
    const r = swlint(dir, 'hook', 'install');
    expect(r.code, r.out).toBe(0);
    expect(r.stdout).toMatch(/added a marked swlint block/);
    const text = readFileSync(hook, 'utf8');
    expect(text.startsWith(`#!/usr/bin/env bash\n${BEGIN}\n`)).toBe(true);
    expect(text.endsWith('# team hook\necho "team checks ran" >&2\nexec true\n')).toBe(true);
    expect(swlint(dir, 'hook', 'install').stdout).toMatch(/already installed/);
    expect(readFileSync(hook, 'utf8')).toBe(text);

    const blocked = commitSecret(dir);
    expect(blocked.code).not.toBe(0);
    expect(blocked.out).toContain('signalwire-api-token');

    const u = swlint(dir, 'hook', 'uninstall');
    expect(u.stdout).toMatch(/removed the swlint block/);
    expect(readFileSync(hook, 'utf8')).toBe(original);
  });

  it('refuses to edit a hook that is not a shell script, and --force replaces it', () => {
    const dir = repo();
    const hook = path.join(dir, '.git', 'hooks', 'pre-commit');
    const original = '#!/usr/bin/env python3\nprint("hi")\n';
    writeFileSync(hook, original, { mode: 0o755 });
    const r = swlint(dir, 'hook', 'install');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not a shell script .*--force/);
    expect(readFileSync(hook, 'utf8')).toBe(original);

    const f = swlint(dir, 'hook', 'install', '--force');
    expect(f.code, f.out).toBe(0);
    expect(f.stdout).toMatch(/replaced/);
    expect(readFileSync(hook, 'utf8')).toContain(BLOCK);
    swlint(dir, 'hook', 'uninstall');
    expect(existsSync(hook)).toBe(false);
  });

  it('honours core.hooksPath', () => {
    const dir = repo();
    git(dir, 'config', 'core.hooksPath', '.githooks');
    const r = swlint(dir, 'hook', 'install');
    expect(r.code, r.out).toBe(0);
    expect(r.stdout).toContain('.githooks/pre-commit');
    expect(existsSync(path.join(dir, '.git', 'hooks', 'pre-commit'))).toBe(false);
    expect(commitSecret(dir).code).not.toBe(0);
  });

  it('refuses a core.hooksPath from global config that other repositories share', () => {
    const dir = repo();
    const shared = mkdtempSync(path.join(os.tmpdir(), 'swlint-shared-hooks-'));
    dirs.push(shared);
    const globalConfig = path.join(shared, 'gitconfig');
    writeFileSync(globalConfig, `[core]\n\thooksPath = ${shared}\n`);
    const r = sh(dir, process.execPath, [CLI, 'hook', 'install'], { ...ENV, GIT_CONFIG_GLOBAL: globalConfig });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/other repositories share/);
    expect(existsSync(path.join(shared, 'pre-commit'))).toBe(false);
  });

  it('with husky, adds the block to .husky/pre-commit and leaves .git/hooks alone', () => {
    const dir = repo();
    mkdirSync(path.join(dir, '.husky', '_'), { recursive: true });
    // a stand-in for husky 9's generated .husky/_/pre-commit: run the user's .husky/pre-commit with sh -e
    writeFileSync(path.join(dir, '.husky', '_', 'pre-commit'), '#!/bin/sh\nexec sh -e "$(dirname "$0")/../pre-commit" "$@"\n', { mode: 0o755 });
    const userHook = path.join(dir, '.husky', 'pre-commit');
    writeFileSync(userHook, 'echo "husky user hook ran"\n');
    git(dir, 'config', 'core.hooksPath', '.husky/_');
    const r = swlint(dir, 'hook', 'install');
    expect(r.code, r.out).toBe(0);
    expect(r.stdout).toMatch(/\.husky\/pre-commit \(husky/);
    expect(readFileSync(userHook, 'utf8')).toBe(`${BLOCK}\necho "husky user hook ran"\n`);
    expect(existsSync(path.join(dir, '.git', 'hooks', 'pre-commit'))).toBe(false);
    expect(commitSecret(dir).code).not.toBe(0);

    const t = swlint(dir, 'hook', 'test');
    expect(t.code, t.out).toBe(0);
    expect(t.stdout).toMatch(/PASS — ran the swlint block of \.husky\/pre-commit \(its other commands were not run\)/);

    swlint(dir, 'hook', 'uninstall');
    expect(readFileSync(userHook, 'utf8')).toBe('echo "husky user hook ran"\n');
  });

  it('fails closed when swlint cannot be found: the commit is blocked with a clear message', () => {
    const dir = repo({ linked: false });
    expect(swlint(dir, 'hook', 'install').code).toBe(0);
    writeFileSync(path.join(dir, 'clean.txt'), 'nothing secret\n');
    git(dir, 'add', 'clean.txt');
    const r = git(dir, 'commit', '-m', 'clean');
    expect(r.code).not.toBe(0); // git commit exits 1 whatever the hook's code (the hook itself exits 2)
    expect(r.stderr).toMatch(/cannot find swlint .*Nothing was scanned, so the commit is blocked/);
    expect(headCount(dir)).toBe(1);
    expect(sh(dir, path.join(dir, '.git', 'hooks', 'pre-commit'), []).code).toBe(2);

    const t = swlint(dir, 'hook', 'test');
    expect(t.code).toBe(1);
    expect(t.stdout).toMatch(/FAIL — .*did not report the staged token/);
    expect(t.stderr).toMatch(/cannot find swlint/);
  });

  it('exits 2 with one line outside a git repository', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'swlint-nogit-'));
    dirs.push(dir);
    const r = sh(dir, process.execPath, [CLI, 'hook', 'install'], { ...ENV, GIT_CEILING_DIRECTORIES: path.dirname(dir) });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not inside a git working tree/);
  });
});

describe('swlint hook test', () => {
  it('proves the installed hook blocks a canary and leaves index, working tree and objects untouched', () => {
    const dir = repo();
    expect(swlint(dir, 'hook', 'test').stdout).toMatch(/FAIL — no swlint pre-commit hook .*swlint hook install/);
    swlint(dir, 'hook', 'install');
    // some work in progress, staged and not, so that "unchanged" means something
    writeFileSync(path.join(dir, 'README.md'), '# demo\nedited\n');
    writeFileSync(path.join(dir, 'new.txt'), 'staged\n');
    git(dir, 'add', 'new.txt');
    writeFileSync(path.join(dir, 'untracked.txt'), 'untracked\n');
    const snapshot = () => ({
      status: git(dir, 'status', '--porcelain', '--untracked-files=all').stdout,
      index: readFileSync(path.join(dir, '.git', 'index')).toString('hex'),
      objects: git(dir, 'count-objects', '-v').stdout,
      files: git(dir, 'ls-files', '--others', '--cached').stdout,
    });
    const before = snapshot();
    expect(before.status).not.toBe('');

    const r = swlint(dir, 'hook', 'test');
    expect(r.code, r.out).toBe(0);
    expect(r.stdout).toMatch(/^swlint hook test: PASS — git ran \.git\/hooks\/pre-commit, and it blocked a staged synthetic SignalWire token \(PT[0-9a-f]{2}…[0-9a-f]{4} in swlint-hook-canary-[0-9a-f]{8}\.js, exit 1\)/);
    expect(r.out).not.toMatch(/PT[0-9a-f]{48}/);
    expect(snapshot()).toEqual(before);
  });

  it('reports FAIL when the hook lets the canary through', () => {
    const dir = repo();
    swlint(dir, 'hook', 'install');
    const hook = path.join(dir, '.git', 'hooks', 'pre-commit');
    // sabotage: the block still exists but swlint's verdict is ignored
    writeFileSync(hook, readFileSync(hook, 'utf8').replaceAll(' staged || swlint_blocked $?', ' staged || true'));
    chmodSync(hook, 0o755);
    const r = swlint(dir, 'hook', 'test');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL — .*let a staged SignalWire token .* through \(exit 0\)/);
  });
});
