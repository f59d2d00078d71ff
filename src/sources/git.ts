// One function per question we ask git. Git runs with options that keep the scanned
// repository's config from running programs (fsmonitor, hooks, pagers, external diff).
import { spawn } from 'node:child_process';

export class GitError extends Error {
  constructor(message: string, readonly stderr: string, readonly code: number | null) {
    super(message);
  }
}

const SAFE_CONFIG = [
  '-c', 'core.fsmonitor=false',
  '-c', 'core.hooksPath=/dev/null',
  '-c', 'core.pager=cat',
  '-c', 'diff.external=',
  '-c', 'core.quotePath=false',
  '--no-pager',
];

export const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_TERMINAL_PROMPT: '0',
  GIT_PAGER: 'cat',
  GIT_OPTIONAL_LOCKS: '0',
  LC_ALL: 'C',
};

export interface GitRun {
  stdout: Buffer;
  stderr: string;
  code: number | null;
}

/** Runs git and collects its output; never throws for a non-zero exit (callers decide). */
export function git(cwd: string, args: string[], input?: string): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...SAFE_CONFIG, ...args], { cwd, env: GIT_ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(e.code === 'ENOENT' ? new GitError('git is not installed or not on PATH: install git and try again', '', null) : e);
    });
    child.on('close', (code) => resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), code }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/** The repository's top-level directory, or null when `dir` is not inside a work tree. */
export async function gitToplevel(dir: string): Promise<string | null> {
  try {
    const r = await git(dir, ['rev-parse', '--show-toplevel']);
    return r.code === 0 ? r.stdout.toString('utf8').trim() : null;
  } catch (e) {
    if (e instanceof GitError) return null; // no git: treat as "not a repository" for the working tree
    throw e;
  }
}

export interface ListedFile {
  /** relative to the directory git ran in, forward slashes */
  path: string;
  tracked: boolean;
}

/** Tracked files plus untracked files that no ignore rule covers, below `dir`. */
export async function listUnignoredFiles(dir: string): Promise<ListedFile[]> {
  const r = await git(dir, ['ls-files', '-z', '-t', '--cached', '--others', '--exclude-standard']);
  if (r.code !== 0) throw new GitError(`git ls-files failed in ${dir}: ${r.stderr.trim()}`, r.stderr, r.code);
  const seen = new Map<string, ListedFile>();
  for (const entry of r.stdout.toString('utf8').split('\0')) {
    if (entry.length < 3) continue;
    const tag = entry[0];
    const path = entry.slice(2);
    const prev = seen.get(path);
    const tracked = tag !== '?';
    if (!prev) seen.set(path, { path, tracked });
    else if (tracked) prev.tracked = true;
  }
  return [...seen.values()];
}

/** Which of `paths` (relative to `dir`) git would ignore. */
export async function ignoredPaths(dir: string, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const r = await git(dir, ['check-ignore', '-z', '--no-index', '--stdin'], paths.join('\0') + '\0');
  // exit 1 means "none of them is ignored"
  if (r.code !== 0 && r.code !== 1) throw new GitError(`git check-ignore failed: ${r.stderr.trim()}`, r.stderr, r.code);
  return new Set(r.stdout.toString('utf8').split('\0').filter(Boolean));
}

/** Which of `paths` (relative to `dir`) are tracked. */
export async function trackedPaths(dir: string, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const r = await git(dir, ['ls-files', '-z', '--', ...paths.map((p) => `:(literal)${p}`)]);
  if (r.code !== 0) throw new GitError(`git ls-files failed: ${r.stderr.trim()}`, r.stderr, r.code);
  return new Set(r.stdout.toString('utf8').split('\0').filter(Boolean));
}
