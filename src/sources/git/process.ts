// Starting git. Every git process runs with options that keep the scanned repository's
// config from running programs (fsmonitor, hooks, pagers, external diff).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export class GitError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
    readonly code: number | null,
  ) {
    super(message);
  }
}

const SAFE_CONFIG = [
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.pager=cat',
  '-c',
  'diff.external=',
  '-c',
  'core.quotePath=false',
  '--no-pager',
];

export const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  // No transport at all: a partial clone's missing object would otherwise be fetched lazily,
  // through whatever URL, `protocol.<name>.allow` and `core.sshCommand` the repository's config
  // names (`ext::sh -c …` runs a program). This variable overrides every protocol.* setting
  // (git >= 2.12); no protocol is called "none", so nothing is allowed and a missing object stays
  // missing. GIT_NO_LAZY_FETCH (git >= 2.44) also skips the attempt. Test: test/gate/no-fetch.test.ts.
  GIT_ALLOW_PROTOCOL: 'none',
  GIT_NO_LAZY_FETCH: '1',
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

export interface GitProcess {
  child: ChildProcessWithoutNullStreams;
  /** settles when git exits; rejects only when git could not be started */
  done: Promise<{ code: number | null; stderr: string }>;
}

/** Starts git with the same safe options as `git()`, for output too large to collect. */
export function spawnGit(cwd: string, args: string[]): GitProcess {
  const child = spawn('git', [...SAFE_CONFIG, ...args], { cwd, env: GIT_ENV, stdio: ['pipe', 'pipe', 'pipe'] });
  const err: Buffer[] = [];
  let errBytes = 0;
  child.stderr.on('data', (d: Buffer) => {
    // keep the start of stderr only: it holds the message, and a runaway stream must not grow memory
    if (errBytes < 64 * 1024) err.push(d);
    errBytes += d.length;
  });
  child.stdin.on('error', () => undefined);
  const done = new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(e.code === 'ENOENT' ? new GitError('git is not installed or not on PATH: install git and try again', '', null) : e);
    });
    child.on('close', (code) => resolve({ code, stderr: Buffer.concat(err).toString('utf8') }));
  });
  return { child, done };
}

/** The first line of git's complaint, for error messages. */
export function firstLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  // git may warn first ("warning: lazy fetching disabled"); the complaint is the fatal/error line
  const complaint = lines.find((l) => /^(fatal|error): /.test(l)) ?? lines[0] ?? '';
  return complaint.replace(/^(fatal|error): /, '');
}
