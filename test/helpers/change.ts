import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runJson } from './cli.js';
import { TestRepo } from './git-repo.js';

/** Writes `bytes` at `file` in the repository's working tree, making its folders. */
export function writeBytes(repo: TestRepo, file: string, bytes: Buffer): void {
  mkdirSync(path.dirname(path.join(repo.dir, file)), { recursive: true });
  writeFileSync(path.join(repo.dir, file), bytes);
}

/**
 * A pull request's change as the gate sees it: commits `files` on top of a one-file BASE.
 * `swlint staged` runs before the commit, `swlint diff BASE` after it, each with `args`.
 */
export function changeOnBranch(files: Record<string, Buffer>, args: string[] = []) {
  const repo = TestRepo.create().write('README.md', '# service\n');
  const base = repo.commit('base');
  for (const [file, bytes] of Object.entries(files)) writeBytes(repo, file, bytes);
  repo.git('add', '-A');
  const staged = runJson(['staged', ...args], { cwd: repo.dir });
  repo.commit('add files');
  const diff = runJson(['diff', base, ...args], { cwd: repo.dir });
  return { repo, base, staged, diff };
}
