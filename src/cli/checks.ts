// Command lines that parse but cannot mean what was asked: each is a usage error (exit 2, one
// line) instead of a run that silently does nothing or less.
import { promises as fs, constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { RunOptions } from '../options.js';
import type { Skipped } from '../types.js';

/** Options that contradict each other. */
export function checkCombinations(options: RunOptions): void {
  const both = options.rules.filter((id) => options.disable.includes(id));
  if (both.length) throw new UsageError(`--rule ${both[0]} and --disable ${both[0]} contradict each other: give one of them`);
  if (options.branch !== undefined && options.range !== undefined)
    throw new UsageError('--branch and --range both choose the commits to walk: give one (--range A..B walks what B reaches and A does not)');
  const stdin = options.paths.includes('-');
  if (stdin && options.paths.length > 1) throw new UsageError('`swlint scan -` reads standard input only: scan other paths in a separate run');
  if (options.stdinFilename !== undefined && !stdin) throw new UsageError('--stdin-filename names standard input: use it with `swlint scan -`');
}

/**
 * --since as git reads it. git takes any text and falls back to "now" for what it cannot read
 * (`notadate`, `tomorow`), which selects no commit at all; so ask git with the clock fixed
 * (GIT_TEST_DATE_NOW, read by git's date parser) and refuse an answer of "now" or later.
 */
export async function checkSince(since: string, dir: string): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  // rev-parse reads no index and runs nothing; git is loaded here, not with the command line
  const { git } = await import('../sources/git/process.js');
  const r = await git(dir, ['rev-parse', `--since=${since}`], { env: { GIT_TEST_DATE_NOW: String(now) } }).catch(() => null);
  const seconds = /^--max-age=(-?\d+)$/m.exec(r?.stdout.toString('utf8') ?? '')?.[1];
  if (r?.code !== 0 || seconds === undefined) return; // not a repository (history says so) or no git
  if (Number(seconds) >= now)
    throw new UsageError(`--since "${since}" is not a past date git understands: use a date (2024-01-31) or a relative one ("2 weeks ago", yesterday)`);
}

export interface PathProblem {
  path: string;
  message: string;
}

/**
 * Paths named on the command line that cannot be scanned: missing, or directories that cannot
 * be listed. They are left out of the run (the rest is scanned and reported) and each becomes
 * one error line; the exit code is 2.
 */
export async function checkNamedPaths(paths: readonly string[], cwd: string): Promise<{ usable: string[]; problems: PathProblem[] }> {
  const usable: string[] = [];
  const problems: PathProblem[] = [];
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    const st = await fs.stat(abs).catch((e: NodeJS.ErrnoException) => e);
    if (st instanceof Error) {
      problems.push({
        path: p,
        message:
          st.code === 'ENOENT' || st.code === 'ENOTDIR'
            ? `no such file or directory: ${p} (check the path, or leave it out)`
            : `cannot read ${p}: ${reason(st)}; fix it or leave it out`,
      });
      continue;
    }
    if (st.isDirectory()) {
      const listable = await fs.access(abs, fsConstants.R_OK | fsConstants.X_OK).then(
        () => true,
        () => false,
      );
      if (!listable) {
        problems.push({ path: p, message: `cannot list directory ${p}: permission denied; fix its permissions (chmod u+rx) or leave it out` });
        continue;
      }
    }
    usable.push(p);
  }
  return { usable, problems };
}

/** Files named on the command line that the scan could not read (they are in `skipped`). */
export function unreadableNamed(paths: readonly string[], cwd: string, root: string, skipped: readonly Skipped[]): PathProblem[] {
  const named = new Map(paths.map((p) => [path.resolve(cwd, p), p]));
  const problems: PathProblem[] = [];
  for (const s of skipped) {
    if (s.reason !== 'permission-denied' && s.reason !== 'vanished') continue;
    const typed = named.get(path.resolve(root, s.file));
    if (typed !== undefined)
      problems.push({
        path: typed,
        message:
          s.reason === 'vanished'
            ? `${typed} disappeared before it could be read`
            : `cannot read ${typed}: permission denied; fix its permissions or leave it out`,
      });
  }
  return problems;
}

function reason(e: NodeJS.ErrnoException): string {
  return e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : (e.code ?? e.message);
}
