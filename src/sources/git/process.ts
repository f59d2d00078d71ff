// Starting git: the one place that does, with the options that keep the scanned repository's
// config from running programs (fsmonitor, hooks, pagers, external diff) and an environment
// that forbids every transport, both in src/sources/git/hardened.ts (which the bin also uses to
// start `swlint staged`'s first two calls before the CLI loads).
//   git()      short calls, through simple-git: output collected, exit code handed back
//   hookGit()  the same for the short calls of `swlint staged` (a pre-commit hook, run on every
//              commit): the repository facts, the index listing and the config blobs
//              (hardened.ts `runCollected`). A raw child process: even bundled and compiled
//              from the code cache, simple-git cost that hook 5-11 ms CPU of a 150 ms budget
//              (bench/BENCHMARKS.head.md, "Staged latency, round 2").
//   spawnGit() the two long-lived streams only (`cat-file --batch` and the `log --raw` walk),
//              a raw child process: their output is far larger than memory should hold, so it
//              is read as it comes and paused when the scan falls behind (backpressure), which
//              simple-git's collect-then-resolve calls cannot do.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { SimpleGitOptions } from 'simple-git';
import { readPipe, type PipeReader, type ReadPipeOptions } from './pipe-reader.js';
import { RecordSplitter } from './records.js';
import { GIT_ENV, SAFE_SETTINGS, STDERR_KEPT, keepsRunAlive, runCollected, spawnHardened, type CollectedRun } from './hardened.js';
import { programPath } from '../../io/program-path.js';

export class GitError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
    readonly code: number | null,
  ) {
    super(message);
  }
}

/**
 * simple-git's "unsafe" guard refuses settings and variables that can name a program, in the
 * arguments and in the environment, for apps that pass untrusted text to git. swlint passes none:
 * its arguments are constants, resolved commit ids and `--`-separated paths, the `-c` values (src/sources/git/hardened.ts)
 * switch those features off, and the environment is the user's own (EDITOR, GIT_SSH_COMMAND,
 * GIT_CONFIG_GLOBAL, a credential helper set through GIT_CONFIG_COUNT in CI …), which reached git
 * before and still does. What the scanned repository's config says is what swlint guards
 * against, and the guard never sees it: the -c list and GIT_ENV do that. So every category is
 * allowed, the custom binary too: it is the absolute path of PATH's git (src/io/program-path.ts),
 * which may hold characters simple-git's check refuses (`C:\Program Files\Git\cmd\git.exe`).
 */
const UNSAFE_ALLOWED: SimpleGitOptions['unsafe'] = {
  allowUnsafeAlias: true,
  allowUnsafeAskPass: true,
  allowUnsafeCommandBinaries: true,
  allowUnsafeConfigPaths: true,
  allowUnsafeConfigEnvCount: true,
  allowUnsafeCredentialHelper: true,
  allowUnsafeEditor: true,
  allowUnsafeMergeDriver: true,
  allowUnsafePager: true,
  allowUnsafeProtocolOverride: true,
  allowUnsafePack: true,
  allowUnsafeSshCommand: true,
  allowUnsafeGitProxy: true,
  allowUnsafeExec: true,
  allowUnsafeHooksPath: true,
  allowUnsafeCustomBinary: true,
  allowUnsafeDiffExternal: true,
  allowUnsafeDiffTextConv: true,
  allowUnsafeFilter: true,
  allowUnsafeFsMonitor: true,
  allowUnsafeGpgProgram: true,
  allowUnsafeTemplateDir: true,
  allowUnsafeInclude: true,
  allowUnsafeSubmodule: true,
  allowUnsafeUrlRewrite: true,
};

const NOT_INSTALLED = 'git is not installed or not on PATH: install git and try again';

export interface GitRun {
  stdout: Buffer;
  stderr: string;
  code: number | null;
}

export interface GitCallOptions {
  /** written to git's stdin */
  input?: string;
  /** variables added to the hardened environment */
  env?: NodeJS.ProcessEnv;
  /**
   * `swlint hook` reads and writes the repository's real hook setup, so core.hooksPath is
   * not overridden there (it runs no hook either way: it commits nothing)
   */
  realHooksPath?: boolean;
  /** `swlint audit` clones remote repositories: transports allowed (the only call that may fetch) */
  network?: boolean;
  /** stops git (a clone past --timeout) */
  signal?: AbortSignal;
}

/**
 * Runs git and collects its output; never throws for a non-zero exit (callers decide). Rejects
 * with a GitError when git cannot be started.
 */
export async function git(cwd: string, args: string[], inputOrOptions?: string | GitCallOptions): Promise<GitRun> {
  const opts: GitCallOptions = typeof inputOrOptions === 'string' ? { input: inputOrOptions } : (inputOrOptions ?? {});
  const env: NodeJS.ProcessEnv = { ...GIT_ENV, ...opts.env };
  if (opts.network) {
    delete env.GIT_ALLOW_PROTOCOL;
    delete env.GIT_NO_LAZY_FETCH;
  }
  let ran: GitRun | null = null;
  const options: Partial<SimpleGitOptions> = {
    baseDir: cwd,
    // PATH's git, never one in the scanned repository (the working directory simple-git spawns in)
    binary: programPath('git', env),
    config: opts.realHooksPath ? SAFE_SETTINGS.filter((s) => !s.startsWith('core.hooksPath=')) : SAFE_SETTINGS,
    unsafe: UNSAFE_ALLOWED,
    // simple-git drops (or refuses) GIT_* variables it is not told about; the user's own
    // (GIT_DIR, GIT_INDEX_FILE during `git commit`, GIT_CONFIG_*) reach git as they always did
    allowEnvironment: Object.keys(env),
    // done when git's streams close; simple-git's default also arms a 50 ms timer at exit, which
    // keeps the process alive 50 ms after the last git call. (simple-git still waits 50 ms after
    // a git process that printed nothing at all: calls on a hot path ask for output, see ignoredPaths.)
    completion: { onClose: true, onExit: false },
    errors(_error, result) {
      // every outcome is an answer here: the exit code and output go back to the caller
      ran = { stdout: Buffer.concat(result.stdOut), stderr: Buffer.concat(result.stdErr).toString('utf8'), code: result.exitCode };
      return undefined;
    },
    // stdin always ends, empty when there is nothing to say (a Buffer: simple-git leaves stdin
    // open for an empty string), so neither git nor a hook `hook test` runs waits on it
    input: () => Buffer.from(opts.input ?? '', 'utf8'),
    ...(opts.signal ? { abort: opts.signal } : {}),
  };
  // loaded on first use: `swlint staged` never loads it (hookGit)
  const { simpleGit } = await import('simple-git');
  let client;
  try {
    client = simpleGit(options).env(env);
  } catch {
    // simple-git checks the directory first; spawning there would fail the same way
    throw new GitError(`no such directory: ${cwd}`, '', null);
  }
  try {
    await client.raw(['--no-pager', ...args]);
  } catch (e) {
    // simple-git refused to start git (its argument or environment guard): say so in one line
    if (!ran) throw new GitError(`git not run: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, '', null);
    throw e;
  }
  const result = ran as GitRun | null;
  if (!result) throw new GitError(`git ${args[0] ?? ''} gave no result`, '', null);
  if (result.code !== null && result.code < 0) {
    // git could not be started: simple-git reports the spawn error as text, the errno as a negative code
    if (/\bENOENT\b/.test(result.stderr)) throw new GitError(NOT_INSTALLED, '', null);
    throw new GitError(`cannot run git in ${cwd}: ${result.stderr.split('\n')[0]!.replace(/^Error: /, '')}`, result.stderr, null);
  }
  return result;
}

export interface GitProcess {
  child: ChildProcessWithoutNullStreams;
  /** settles when git exits (and, from streamGit(), its output was all handed over); rejects only when git could not be started */
  done: Promise<{ code: number | null; stderr: string }>;
  /** streamGit(): pauses and resumes reading git's output (child.stdout is not read) */
  output: PipeReader | null;
}

/**
 * git() without simple-git, for the calls on `swlint staged`'s path (see the top of this file):
 * the same options and environment, the same answers and errors.
 */
export async function hookGit(cwd: string, args: readonly string[], input = ''): Promise<GitRun> {
  return hookRun(cwd, await runCollected(cwd, args, input));
}

/** A collected call's answer as hookGit gives it (src/sources/git/hardened.ts: the bin starts staged's first calls itself). */
export function hookRun(cwd: string, run: CollectedRun): GitRun {
  const e = run.spawnError;
  if (!e) return { stdout: run.stdout, stderr: run.stderr, code: run.code };
  // spawn's ENOENT also means a missing working directory; git() says which
  if (e.code === 'ENOENT') throw new GitError(existsSync(cwd) ? NOT_INSTALLED : `no such directory: ${cwd}`, '', null);
  throw new GitError(`cannot run git in ${cwd}: ${e.message}`, '', null);
}

/**
 * Starts git with the same safe options as `git()`, for the streams too large to collect: the
 * caller reads stdout as it comes and pauses it.
 */
export function spawnGit(cwd: string, args: string[]): GitProcess {
  return start(cwd, args);
}

/**
 * spawnGit() for the two streams of a history walk (`cat-file --batch`, `log --raw`): stdout is
 * read into one reused buffer (src/sources/git/pipe-reader.ts), each chunk valid only during the
 * call to `onStdout`; pause and resume with `output`.
 */
export function streamGit(
  cwd: string,
  onStdout: (chunk: Buffer) => void,
  args: string[],
  reading?: ReadPipeOptions,
  /** variables added to the hardened environment */
  env?: NodeJS.ProcessEnv,
): GitProcess & { output: PipeReader } {
  return start(cwd, args, onStdout, reading, env) as GitProcess & { output: PipeReader };
}

/**
 * streamGit() for a git process already started (src/sources/git/hardened.ts, startEarlyBatch),
 * unref'd until now: from here on it keeps the run alive like any other.
 */
export function adoptGit(
  child: ChildProcessWithoutNullStreams,
  onStdout: (chunk: Buffer) => void,
  reading?: ReadPipeOptions,
): GitProcess & { output: PipeReader } {
  keepsRunAlive(child, true);
  return watch(child, onStdout, reading) as GitProcess & { output: PipeReader };
}

function start(cwd: string, args: string[], onStdout?: (chunk: Buffer) => void, reading?: ReadPipeOptions, env?: NodeJS.ProcessEnv): GitProcess {
  const child = spawnHardened(cwd, args, env);
  return watch(child, onStdout, reading);
}

function watch(child: ChildProcessWithoutNullStreams, onStdout?: (chunk: Buffer) => void, reading?: ReadPipeOptions): GitProcess {
  const output = onStdout ? readPipe(child.stdout, onStdout, reading) : null;
  const err: Buffer[] = [];
  let errBytes = 0;
  child.stderr.on('data', (d: Buffer) => {
    if (errBytes < STDERR_KEPT) err.push(d);
    errBytes += d.length;
  });
  child.stdin.on('error', () => undefined);
  const done = new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(e.code === 'ENOENT' ? new GitError(NOT_INSTALLED, '', null) : e);
    });
    child.on('close', (code) => {
      const exited = { code, stderr: Buffer.concat(err).toString('utf8') };
      // the child counts its stdout closed once handed over: done waits for the output's end
      // too, unless git was killed (abort, --timeout): then what is left unread is not wanted
      if (output && code === null) output.destroy();
      if (output) void output.closed.then(() => resolve(exited));
      else resolve(exited);
    });
  });
  return { child, done, output };
}

/**
 * A git command whose output is NUL-separated records (`-z`), each handed to `onRecord` as it
 * arrives (a range of a reused buffer: copy what you keep). Spawned directly rather than through
 * simple-git, which waits 50 ms after a git that printed nothing. Settles when git has exited;
 * what it printed before failing was handed on too.
 */
export async function gitRecords(
  cwd: string,
  args: string[],
  onRecord: (buf: Buffer, start: number, end: number) => void,
): Promise<{ code: number | null; stderr: string }> {
  const records = new RecordSplitter(0, onRecord);
  const proc = streamGit(cwd, (chunk) => records.push(chunk), args);
  proc.child.stdin.end();
  const exited = await proc.done;
  records.end();
  return exited;
}

/** The first line of git's complaint, for error messages. */
export function firstLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  // git may warn first ("warning: lazy fetching disabled"); the complaint is the fatal/error line
  const complaint = lines.find((l) => /^(fatal|error): /.test(l)) ?? lines[0] ?? '';
  return complaint.replace(/^(fatal|error): /, '');
}
