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
import { GIT_TEST_ENV } from './helpers/git-env.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const ENV = {
  ...GIT_TEST_ENV,
  GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
};
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const token = () => 'PT' + randomBytes(24).toString('hex');
/** A suggestion to run something that downloads: npx without --no-install, npm install/i of a name, --yes. */
const FETCHES = /\bnpx (?!--no-install)|\bnpm (?:i|install|add) +[@a-z]|--yes\b|\bnpm exec\b/;

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
    expect(text).not.toMatch(FETCHES);

    const again = swlint(dir, 'hook', 'install');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already installed/);
    expect(readFileSync(hook, 'utf8')).toBe(text);

    const blocked = commitSecret(dir);
    expect(blocked.code).not.toBe(0);
    expect(blocked.out).toContain('signalwire-api-token');
    // swlint is the project's copy, not on PATH: the advice names the command that runs that copy
    expect(blocked.out).toContain(
      'swlint: commit blocked. To move the credentials into .env, run: npx --no-install swlint fix --staged (shows the change), then npx --no-install swlint fix --staged --apply, git add, and commit again.',
    );
    expect(blocked.out).not.toMatch(/PT[0-9a-f]{48}/);
    expect(headCount(dir)).toBe(1);
    // and that command works as written, from a subdirectory too (npx looks upwards; nothing is downloaded)
    mkdirSync(path.join(dir, 'src'));
    const advised = sh(path.join(dir, 'src'), 'npx', ['--no-install', 'swlint', 'fix', '--staged']);
    // exit 1: the dry run has changes to show (`--apply` writes them)
    expect(advised.code, advised.out).toBe(1);
    expect(advised.stdout).toContain('+export const SIGNALWIRE_API_TOKEN = process.env.SIGNALWIRE_API_TOKEN;');

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
    // under sh -e the advice still follows swlint's exit 1, and git sees the block
    const blocked = commitSecret(dir);
    expect(blocked.code).not.toBe(0);
    expect(blocked.out).toContain('run: npx --no-install swlint fix --staged');
    expect(blocked.out).not.toContain('husky user hook ran');
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
    // under sh -e the advice still follows swlint's exit 1, and git sees the block
    const blocked = commitSecret(dir);
    expect(blocked.code).not.toBe(0);
    expect(blocked.out).toContain('run: npx --no-install swlint fix --staged');
    expect(blocked.out).not.toContain('husky user hook ran');

    const t = swlint(dir, 'hook', 'test');
    expect(t.code, t.out).toBe(0);
    expect(t.stdout).toMatch(/PASS — ran the swlint block of \.husky\/pre-commit \(its other commands were not run\)/);

    swlint(dir, 'hook', 'uninstall');
    expect(readFileSync(userHook, 'utf8')).toBe('echo "husky user hook ran"\n');
  });

  it('fails closed when swlint disappears after install: the commit is blocked with a message that names no download', () => {
    const dir = repo();
    expect(swlint(dir, 'hook', 'install').code).toBe(0);
    rmSync(path.join(dir, 'node_modules'), { recursive: true });
    writeFileSync(path.join(dir, 'clean.txt'), 'nothing secret\n');
    git(dir, 'add', 'clean.txt');
    const r = git(dir, 'commit', '-m', 'clean');
    expect(r.code).not.toBe(0); // git commit exits 1 whatever the hook's code (the hook itself exits 2)
    expect(r.stderr).toMatch(/cannot find swlint .*Nothing was scanned, so the commit is blocked/);
    // swlint is what is missing: the way out cannot be a swlint command
    expect(r.stderr).toContain('or delete the lines from # >>> swlint >>> to # <<< swlint <<< in this pre-commit hook.');
    expect(r.stderr).not.toMatch(/run:? `?swlint |swlint hook uninstall/);
    expect(r.stderr).not.toMatch(FETCHES);
    expect(headCount(dir)).toBe(1);
    expect(sh(dir, path.join(dir, '.git', 'hooks', 'pre-commit'), []).code).toBe(2);

    const t = swlint(dir, 'hook', 'test');
    expect(t.code).toBe(1);
    expect(t.stdout).toMatch(/FAIL — .*did not report the staged token/);
    expect(t.stderr).toMatch(/cannot find swlint/);
  });

  it('installs nothing when the hook would not find swlint, and says what to do in one line', () => {
    const dir = repo({ linked: false });
    const r = sh(dir, process.execPath, [CLI, 'hook', 'install'], { ...ENV, PATH: path.dirname(process.execPath) + ':/usr/bin:/bin' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no hook was installed: it would not find swlint .*devDependencies/);
    expect(r.out).not.toMatch(FETCHES);
    expect(existsSync(path.join(dir, '.git', 'hooks', 'pre-commit'))).toBe(false);
  });

  it('with swlint only on PATH, install says so and hook test passes: both use the same lookup', () => {
    const dir = repo({ linked: false });
    const bin = mkdtempSync(path.join(os.tmpdir(), 'swlint-path-'));
    dirs.push(bin);
    symlinkSync(CLI, path.join(bin, 'swlint'));
    const env = { ...ENV, PATH: `${bin}:${path.dirname(process.execPath)}:/usr/bin:/bin` };
    const i = sh(dir, process.execPath, [CLI, 'hook', 'install'], env);
    expect(i.code, i.out).toBe(0);
    expect(i.stdout).toContain(`It runs swlint from PATH (${path.join(bin, 'swlint')}), version `);
    const t = sh(dir, process.execPath, [CLI, 'hook', 'test'], env);
    expect(t.code, t.out).toBe(0);
    expect(t.stdout).toMatch(/PASS/);
    writeFileSync(path.join(dir, 'config.js'), `export const SIGNALWIRE_API_TOKEN = '${token()}';\n`);
    git(dir, 'add', 'config.js');
    const c = sh(dir, 'git', ['commit', '-m', 'add config'], env);
    expect(c.code).not.toBe(0);
    expect(c.out).toContain('signalwire-api-token');
    // found on PATH: the advice is the plain command
    expect(c.out).toContain(
      'swlint: commit blocked. To move the credentials into .env, run: swlint fix --staged (shows the change), then swlint fix --staged --apply',
    );
    expect(headCount(dir)).toBe(1);
  });

  it('a local install is what the hook runs, and install says which', () => {
    const dir = repo();
    const r = swlint(dir, 'hook', 'install');
    expect(r.stdout).toMatch(/It runs node_modules\/\.bin\/swlint, version \d+\.\d+\.\d+\.$/m);
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

describe('swlint hook install in a repository managed by the pre-commit framework', () => {
  // the first lines of pre-commit's generated hook (pre-commit/resources/hook-tmpl)
  const GENERATED =
    '#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\n# ID: 138fd403232d2ddd5efb44317e38bf03\n\n# start templated\nINSTALL_PYTHON=/usr/bin/python3\nARGS=(hook-impl --config=.pre-commit-config.yaml --hook-type=pre-commit)\n# end templated\nexec "$INSTALL_PYTHON" -mpre_commit "${ARGS[@]}"\n';
  const CONFIG = 'repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v4.6.0\n    hooks:\n      - id: trailing-whitespace\n';

  it("does not add a second copy inside pre-commit's hook: exit 2, its hook untouched, the config lines printed", () => {
    const dir = repo();
    writeFileSync(path.join(dir, '.pre-commit-config.yaml'), CONFIG);
    const hook = path.join(dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, GENERATED, { mode: 0o755 });
    const r = swlint(dir, 'hook', 'install');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /no hook was installed: the pre-commit framework manages this repository's hooks \(\.pre-commit-config\.yaml; \.git\/hooks\/pre-commit was generated by pre-commit\).*\.pre-commit-config\.yaml/,
    );
    // swlint is a dependency here (node_modules/.bin/swlint): a local hook, no second copy of swlint
    expect(r.stdout).toContain(
      '  - repo: local\n    hooks:\n      - id: swlint\n        name: swlint\n        entry: npx --no-install swlint staged\n        language: system\n        pass_filenames: false\n        always_run: true\n',
    );
    expect(r.stdout).toMatch(/pre-commit install/);
    expect(readFileSync(hook, 'utf8')).toBe(GENERATED);
    expect(readFileSync(path.join(dir, '.pre-commit-config.yaml'), 'utf8')).toBe(CONFIG);

    const t = swlint(dir, 'hook', 'test');
    expect(t.code).toBe(1);
    expect(t.stdout).toMatch(/FAIL — no swlint block in \.git\/hooks\/pre-commit, which the pre-commit framework manages.*pre-commit run swlint/);
  });

  it('recognises the framework by its config alone (hook not installed yet) or by its generated hook alone', () => {
    const configOnly = repo({ linked: false });
    writeFileSync(path.join(configOnly, '.pre-commit-config.yaml'), CONFIG);
    const a = swlint(configOnly, 'hook', 'install');
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/\(\.pre-commit-config\.yaml\)/);
    // not a dependency: this repository's hook id, pinned to this version
    expect(a.stdout).toMatch(/^ {2}- repo: \S+\n {4}rev: v\d+\.\d+\.\d+\n {4}hooks:\n {6}- id: swlint$/m);
    expect(existsSync(path.join(configOnly, '.git', 'hooks', 'pre-commit'))).toBe(false);

    const hookOnly = repo();
    writeFileSync(path.join(hookOnly, '.git', 'hooks', 'pre-commit'), GENERATED, { mode: 0o755 });
    const b = swlint(hookOnly, 'hook', 'install');
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/\(\.git\/hooks\/pre-commit was generated by pre-commit\)/);
    expect(readFileSync(path.join(hookOnly, '.git', 'hooks', 'pre-commit'), 'utf8')).toBe(GENERATED);
  });

  it('exits 0 with nothing to do when .pre-commit-config.yaml already runs swlint', () => {
    const dir = repo();
    writeFileSync(
      path.join(dir, '.pre-commit-config.yaml'),
      `${CONFIG}  - repo: local\n    hooks:\n      - id: swlint\n        name: swlint\n        entry: npx --no-install swlint staged\n        language: system\n`,
    );
    const r = swlint(dir, 'hook', 'install');
    expect(r.code, r.out).toBe(0);
    expect(r.stdout).toMatch(/nothing to install: .*\.pre-commit-config\.yaml already runs swlint/);
    expect(existsSync(path.join(dir, '.git', 'hooks', 'pre-commit'))).toBe(false);
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
    expect(r.stdout).toMatch(
      /^swlint hook test: PASS — git ran \.git\/hooks\/pre-commit, and it blocked a staged synthetic SignalWire token \(PT[0-9a-f]{2}…[0-9a-f]{4} in swlint-hook-canary-[0-9a-f]{8}\.js, exit 1\)/,
    );
    expect(r.out).not.toMatch(/PT[0-9a-f]{48}/);
    expect(snapshot()).toEqual(before);
  });

  it('reports FAIL when the hook lets the canary through', () => {
    const dir = repo();
    swlint(dir, 'hook', 'install');
    const hook = path.join(dir, '.git', 'hooks', 'pre-commit');
    // sabotage: the block still exists but swlint's verdict is ignored
    writeFileSync(hook, readFileSync(hook, 'utf8').replace('exit "$swlint_status"', 'exit 0'));
    chmodSync(hook, 0o755);
    const r = swlint(dir, 'hook', 'test');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL — .*let a staged SignalWire token .* through \(exit 0\)/);
  });
});
