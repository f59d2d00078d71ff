// How swlint starts git, in one place for both of its builds' entry points: the -c list and the
// environment that keep the scanned repository's config from running programs or fetching,
// and the short calls whose output is collected whole. The bin (src/bin.ts) imports this file
// to start `swlint staged`'s first git calls before the CLI's bundle has loaded; everything
// else reaches it through src/sources/git/process.ts. It imports node's own modules only (and
// src/io/program-path.ts, which does too), so the bin stays a few kilobytes.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { programPath } from '../../io/program-path.js';

/** `-c` settings on every git call: each switches a program-running feature off. */
export const SAFE_SETTINGS = ['core.fsmonitor=false', 'core.hooksPath=/dev/null', 'core.pager=cat', 'diff.external=', 'core.quotePath=false'];
export const SAFE_CONFIG = [...SAFE_SETTINGS.flatMap((s) => ['-c', s]), '--no-pager'];

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
  // objects as stored, not as `git replace` or a graft file says to show them: a replace ref
  // (which a mirror clone carries) can swap a blob holding a token for a clean one, and a graft can
  // cut a commit's history off the walk. Test: test/gate/replace-refs.test.ts.
  GIT_NO_REPLACE_OBJECTS: '1',
  GIT_GRAFT_FILE: '/dev/null',
  LC_ALL: 'C',
};

/** What rev-parse is asked of every repository, in the order factLines reads it (src/sources/git/repo.ts); the top level follows where there is one. */
export const REPOSITORY_FACTS = ['--is-bare-repository', '--is-shallow-repository', '--absolute-git-dir'];
/** Last: exits 1, after the other answers, when HEAD names no commit yet. */
export const HEAD_CHECK = ['--verify', '--quiet', 'HEAD^{commit}'];
/** The one rev-parse a run in a work tree asks (src/sources/git/repo.ts). */
export const REPOSITORY_QUESTION = ['rev-parse', ...REPOSITORY_FACTS, '--show-toplevel', ...HEAD_CHECK];
/** What a commit would change, for `swlint staged` (src/sources/staged.ts); paths from the top level wherever it runs. */
export const STAGED_CHANGES_QUESTION = ['diff-index', '--cached', '-z', '--raw', '--no-abbrev', '-M', '--ignore-submodules=none', 'HEAD'];

/**
 * Caps on what git itself keeps in memory while it inflates objects for a long walk. By
 * default git maps whole packs (1 GB windows) and caches 96 MB of delta bases, so a
 * `cat-file --batch` over signalwire/docs' 126 MB pack peaks at 313 MB RSS, more than the
 * scan that reads it. With these caps it peaks at 62 MB (`/usr/bin/time git … cat-file --batch
 * --buffer` fed the ids `swlint history` requests, in their order, 2 runs each): 32 MB windows
 * took 3.37-3.52 s where 16 MB windows (at 64 MB RSS) took 3.81-3.87 s, mapping the pack again
 * and again; 64 MB windows under a 128 MB limit took 3.05 s but 174 MB.
 */
export const BOUNDED_PACK_MEMORY = ['-c', 'core.deltaBaseCacheLimit=16m', '-c', 'core.packedGitWindowSize=32m', '-c', 'core.packedGitLimit=64m'];

/** `git cat-file --batch`'s arguments after SAFE_CONFIG: `buffered` adds --buffer (answers need not be flushed one by one) */
export function batchArgs(buffered: boolean): string[] {
  return [...BOUNDED_PACK_MEMORY, 'cat-file', '--batch', ...(buffered ? ['--buffer'] : [])];
}

/**
 * Starts git with the hardened options and environment (plus `env`), its three streams piped:
 * every git process swlint runs but simple-git's (src/sources/git/process.ts, which is given the
 * same binary). The git is PATH's, never one in `cwd` (src/io/program-path.ts).
 */
export function spawnHardened(cwd: string, args: readonly string[], env?: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams {
  const childEnv = env ? { ...GIT_ENV, ...env } : GIT_ENV;
  return spawn(programPath('git', childEnv), [...SAFE_CONFIG, ...args], { cwd, env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** A short git call's outcome, or why git could not be started. */
export interface CollectedRun {
  stdout: Buffer;
  stderr: string;
  code: number | null;
  spawnError?: Error & { code?: string };
}

/** stderr kept from the start: it holds the message, and a runaway stream must not grow memory */
export const STDERR_KEPT = 64 * 1024;

/** Runs git with the hardened options, `input` on stdin, and collects what it prints; never rejects. */
export function runCollected(cwd: string, args: readonly string[], input = ''): Promise<CollectedRun> {
  return new Promise((resolve) => {
    const child = spawnHardened(cwd, args);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let errBytes = 0;
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => {
      if (errBytes < STDERR_KEPT) err.push(d);
      errBytes += d.length;
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
    child.on('error', (e) => resolve({ stdout: Buffer.alloc(0), stderr: '', code: null, spawnError: e }));
    child.on('close', (code) => resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), code }));
  });
}

/** `swlint staged`'s git processes, started by the bin before the CLI has loaded. */
export interface StagedQuestions {
  /** the directory they ran in */
  cwd: string;
  repository: Promise<CollectedRun>;
  changes: Promise<CollectedRun>;
  /** the `cat-file --batch` the trusted files and the staged blobs are read through (src/sources/staged-batch.ts) */
  batch?: EarlyBatch;
}

/**
 * A `git cat-file --batch` (not --buffer'ed) started before anyone asked it anything, for its
 * user to take over (src/sources/staged-batch.ts). Until then it keeps nothing alive: the process
 * and its pipes are unref'd, so a run that never takes it still exits, and git, whose stdin then
 * closes, with it. `gone` says why it cannot be taken: it could not start, or it has exited.
 */
export interface EarlyBatch {
  cwd: string;
  child: ChildProcessWithoutNullStreams;
  gone: Error | { code: number | null } | null;
}

export function startEarlyBatch(cwd: string): EarlyBatch {
  const child = spawnHardened(cwd, batchArgs(false));
  const early: EarlyBatch = { cwd, child, gone: null };
  child.once('error', (e) => (early.gone ??= e));
  child.once('exit', (code) => (early.gone ??= { code }));
  child.stdin.on('error', () => undefined);
  keepsRunAlive(child, false);
  return early;
}

/** Whether a git process and its three pipes keep node's event loop, and so the run, alive (they do from the start). */
export function keepsRunAlive(child: ChildProcessWithoutNullStreams, alive: boolean): void {
  // the pipes are sockets, whose ref and unref the stream types do not declare
  for (const handle of [child, child.stdin, child.stdout, child.stderr] as { ref(): void; unref(): void }[]) {
    if (alive) handle.ref();
    else handle.unref();
  }
}

/**
 * Starts the repository question and the index listing in the working directory: a pre-commit
 * hook waits for node to load swlint (40-60 ms) and then for git (diff-index reads the whole
 * index and HEAD's tree: 50-80 ms on the 48,700-file bench repository); started here, the two
 * overlap (`npm run bench`, staged section). Null when there is no working directory (deleted
 * under the shell): the CLI says so.
 */
export function startStagedQuestions(): StagedQuestions | null {
  let cwd: string;
  try {
    cwd = process.cwd();
  } catch {
    return null;
  }
  return {
    cwd,
    repository: runCollected(cwd, REPOSITORY_QUESTION),
    changes: runCollected(cwd, STAGED_CHANGES_QUESTION),
    // started now, while node's heap is small: a process started later write-protects all of its
    // memory for the fork, and each page written afterwards costs a page fault (BENCHMARKS round 21)
    batch: startEarlyBatch(cwd),
  };
}
