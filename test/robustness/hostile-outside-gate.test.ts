// The trust model outside the diff/staged gate: commands that write files (`hook install`,
// `hook uninstall`, `merge`/`audit --output`) and stderr lines that carry repository text. A
// hostile checkout plants symlinks where swlint writes and control characters in names and in
// the reports it reads; nothing may be written outside through a link, and no raw ESC, BEL, CR
// or bidi override may reach the terminal.
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { commitAll, git } from '../helpers/git-env.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { run } from './helpers.js';

afterAll(cleanupTempDirs);

const VICTIM_TEXT = '# my shell start-up file\nexport PATH="$HOME/bin:$PATH"\n';

/** A repository with one commit, swlint where its hook looks first, and a file outside it that a link may point at. */
function repoWithVictim(): { dir: string; victim: string; outside: string } {
  const root = tempDir('swlint-hostile-');
  const dir = path.join(root, 'repo');
  const outside = path.join(root, 'outside');
  mkdirSync(dir);
  mkdirSync(outside);
  writeFileSync(path.join(dir, 'README.md'), '# notifications service\n');
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
  const victim = path.join(outside, 'profile');
  writeFileSync(victim, VICTIM_TEXT);
  mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(CLI, path.join(dir, 'node_modules', '.bin', 'swlint'));
  return { dir, victim, outside };
}

describe('swlint hook install / uninstall never write through a symlink', () => {
  it('refuses a committed .husky/pre-commit that links outside the repository, and leaves the target alone', () => {
    const { dir, victim } = repoWithVictim();
    mkdirSync(path.join(dir, '.husky'));
    symlinkSync('../../outside/profile', path.join(dir, '.husky', 'pre-commit'));
    commitAll(dir, 'husky hook');
    git(dir, 'config', 'core.hooksPath', '.husky/_');

    for (const action of ['install', 'uninstall']) {
      const r = run(['hook', action], { cwd: dir });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('.husky/pre-commit is a symbolic link');
      expect(r.stderr).toContain('never writes through one');
      expect(readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
      expect(lstatSync(path.join(dir, '.husky', 'pre-commit')).isSymbolicLink()).toBe(true);
    }
  });

  it('refuses a hooks directory inside the working tree that is a symlink (core.hooksPath=.githooks)', () => {
    const { dir, outside } = repoWithVictim();
    symlinkSync('../outside', path.join(dir, '.githooks'));
    commitAll(dir, 'hooks dir');
    git(dir, 'config', 'core.hooksPath', '.githooks');
    const r = run(['hook', 'install'], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('.githooks is a symbolic link');
    expect(existsSync(path.join(outside, 'pre-commit'))).toBe(false);
  });

  it('does not create a file where a dangling .git/hooks/pre-commit link points', () => {
    const { dir, outside } = repoWithVictim();
    commitAll(dir, 'init');
    symlinkSync(path.join(outside, 'planted'), path.join(dir, '.git', 'hooks', 'pre-commit'));
    const r = run(['hook', 'install'], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('.git/hooks/pre-commit is a symbolic link');
    expect(existsSync(path.join(outside, 'planted'))).toBe(false);
  });

  it('still installs into a plain .husky/pre-commit and a plain .git/hooks (hard negatives)', () => {
    const { dir } = repoWithVictim();
    mkdirSync(path.join(dir, '.husky'));
    writeFileSync(path.join(dir, '.husky', 'pre-commit'), 'npx --no-install lint-staged\n');
    commitAll(dir, 'husky hook');
    git(dir, 'config', 'core.hooksPath', '.husky/_');
    const husky = run(['hook', 'install'], { cwd: dir });
    expect(husky.code, husky.stderr).toBe(0);
    expect(readFileSync(path.join(dir, '.husky', 'pre-commit'), 'utf8')).toContain('# >>> swlint >>>');
    git(dir, 'config', '--unset', 'core.hooksPath');
    const plain = run(['hook', 'install'], { cwd: dir });
    expect(plain.code, plain.stderr).toBe(0);
    expect(lstatSync(path.join(dir, '.git', 'hooks', 'pre-commit')).isFile()).toBe(true);
  });
});
