// One function per question we ask git. Git runs with options that keep the scanned
// repository's config from running programs (fsmonitor, hooks, pagers, external diff).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { promises as fs } from 'node:fs';
import type { CommitInfo } from '../types.js';
import { MAX_TEXT_BYTES } from './decode.js';
import path from 'node:path';

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

const toplevels = new Map<string, Promise<string | null>>();

/**
 * The repository's top-level directory, or null when `dir` is not inside a work tree. Asked
 * once per directory and run: the configuration lookup and the working-tree listing both need it.
 */
export function gitToplevel(dir: string): Promise<string | null> {
  const key = path.resolve(dir);
  let answer = toplevels.get(key);
  if (!answer) {
    answer = askToplevel(key);
    toplevels.set(key, answer);
  }
  return answer;
}

async function askToplevel(dir: string): Promise<string | null> {
  let r: GitRun;
  try {
    r = await git(dir, ['rev-parse', '--show-toplevel']);
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    // no git: fine outside a repository; inside one, reading .gitignore ourselves would miss
    // tracked-but-ignored files, a quieter scan than the user asked for
    const repoDir = await enclosingGitDir(dir);
    if (repoDir) throw new GitError(`git is not installed or not on PATH, and ${repoDir} is a git repository: install git (swlint asks git what is tracked) and try again`, '', null);
    return null;
  }
  if (r.code === 0) return r.stdout.toString('utf8').trim();
  // "not a git repository" and "must be run in a work tree" (a git directory) are the plain answers
  if (/not a git repository|must be run in a work tree/i.test(r.stderr)) return null;
  const dubious = /dubious ownership in repository at '([^']*)'/.exec(r.stderr);
  if (dubious) {
    throw new GitError(
      `git refuses the repository at ${dubious[1]}: it is owned by another user; if you trust it, run \`git config --global --add safe.directory ${dubious[1]}\` (or run swlint as its owner)`,
      r.stderr, r.code);
  }
  throw new GitError(`git failed in ${dir}: ${firstLine(r.stderr)} (fix the repository, or run swlint outside it)`, r.stderr, r.code);
}

/** The nearest directory at or above `dir` holding a `.git` entry, or null. */
async function enclosingGitDir(dir: string): Promise<string | null> {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (await fs.lstat(path.join(d, '.git')).then(() => true, () => false)) return d;
    if (path.dirname(d) === d) return null;
  }
}

export interface ListedFile {
  /** relative to the directory git ran in, forward slashes */
  path: string;
  tracked: boolean;
  /** a submodule (gitlink, mode 160000): a directory holding another repository */
  submodule: boolean;
  /** tracked, but outside a sparse checkout (skip-worktree): not in the working tree */
  notCheckedOut: boolean;
}

/** Tracked files plus untracked files that no ignore rule covers, below `dir`. */
export async function listUnignoredFiles(dir: string): Promise<ListedFile[]> {
  // -t: H tracked, S skip-worktree (sparse checkout), ? untracked; -s adds the mode (160000: submodule)
  const r = await git(dir, ['ls-files', '-z', '-t', '-s', '--cached', '--others', '--exclude-standard']);
  if (r.code !== 0) throw new GitError(`git ls-files failed in ${dir}: ${r.stderr.trim()}`, r.stderr, r.code);
  const seen = new Map<string, ListedFile>();
  for (const entry of r.stdout.toString('utf8').split('\0')) {
    if (entry.length < 3) continue;
    const tag = entry[0];
    const tracked = tag !== '?';
    // tracked: "<tag> <mode> <id> <stage>\t<path>"; untracked: "? <path>"
    const tab = tracked ? entry.indexOf('\t') : -1;
    if (tracked && tab < 0) continue;
    const path = tracked ? entry.slice(tab + 1) : entry.slice(2);
    const submodule = tracked && entry.startsWith('160000 ', 2);
    const notCheckedOut = tag === 'S';
    const prev = seen.get(path);
    if (!prev) seen.set(path, { path, tracked, submodule, notCheckedOut });
    else if (tracked) {
      prev.tracked = true;
      prev.submodule ||= submodule;
    }
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

// ---- streaming git, repository facts and blob reading (git modes) ----------------------

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

export interface Repository {
  /** the work tree's top level (a bare repository: its git directory); every path is relative to it */
  root: string;
  shallow: boolean;
  /** no work tree: only the object database and refs */
  bare: boolean;
  /** HEAD points at a commit (false in a repository with no commits yet) */
  hasHead: boolean;
}

/**
 * The repository holding `dir`, or an error that says what to do. `command` names the
 * swlint command in the message ("swlint history").
 */
export function openRepository(dir: string, command: string): Promise<Repository> {
  // asked once per run: run() opens it to read the trusted config (src/trust), the mode again
  const key = `${path.resolve(dir)}\0${command}`;
  let answer = repositories.get(key);
  if (!answer) {
    answer = askRepository(dir, command);
    repositories.set(key, answer);
  }
  return answer;
}

const repositories = new Map<string, Promise<Repository>>();

async function askRepository(dir: string, command: string): Promise<Repository> {
  // a missing cwd makes spawn fail with ENOENT, which would read as "git is not installed"
  const stat = await fs.stat(dir).catch(() => null);
  if (!stat?.isDirectory()) throw new GitError(`no such directory: ${dir}`, '', null);
  // one rev-parse for the common case (a work tree) and the HEAD check beside it: a hook pays
  // for every git process it starts one after another
  const [facts, head] = await Promise.all([
    git(dir, ['rev-parse', '--is-bare-repository', '--is-shallow-repository', '--absolute-git-dir', '--show-toplevel']),
    git(dir, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']),
  ]);
  const lines = facts.stdout.toString('utf8').split('\n');
  const [bare, shallow, gitDir] = lines;
  const root = lines[3]?.trim() || gitDir || dir;
  if (facts.code !== 0) {
    // bare repositories and git directories have no top level: ask again without it
    const again = await git(dir, ['rev-parse', '--is-bare-repository', '--is-shallow-repository', '--absolute-git-dir']);
    if (again.code !== 0)
      throw new GitError(`not a git repository: ${dir} (run \`${command}\` inside a git repository, or \`git init\` one first)`, again.stderr, again.code);
    const [isBare, isShallow, dirOfGit] = again.stdout.toString('utf8').split('\n');
    if (isBare !== 'true') throw new GitError(`${dir} is inside a git directory, not a work tree: run \`${command}\` in the work tree`, facts.stderr, facts.code);
    return { root: dirOfGit ?? dir, shallow: isShallow === 'true', bare: true, hasHead: head.code === 0 };
  }
  return { root, shallow: shallow === 'true', bare: bare === 'true', hasHead: head.code === 0 };
}

/** The full commit id `ref` names, or null when it names no commit here. */
export async function resolveCommit(root: string, ref: string): Promise<string | null> {
  // a leading dash would be read as an option, whatever --end-of-options support the installed git has
  if (ref.startsWith('-')) return null;
  const r = await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return r.code === 0 ? r.stdout.toString('utf8').trim() : null;
}

/** path → blob id for every file in the tree of `commit` (symlinks and submodules left out). */
export async function treeBlobs(root: string, commit: string): Promise<Map<string, string>> {
  const r = await git(root, ['ls-tree', '-r', '-z', '--full-tree', commit]);
  if (r.code !== 0) throw new GitError(`git ls-tree failed: ${firstLine(r.stderr)}`, r.stderr, r.code);
  const blobs = new Map<string, string>();
  for (const entry of r.stdout.toString('utf8').split('\0')) {
    // "<mode> blob <id>\t<path>"
    const tab = entry.indexOf('\t');
    if (tab < 0 || !entry.startsWith('100')) continue;
    const meta = entry.slice(0, tab).split(' ');
    if (meta[1] === 'blob' && meta[2]) blobs.set(entry.slice(tab + 1), meta[2]);
  }
  return blobs;
}

/** What `git cat-file --batch` said about one requested object. */
export type BlobRead =
  | { kind: 'content'; id: string; size: number; data: Buffer }
  | { kind: 'too-large'; id: string; size: number }
  | { kind: 'missing'; id: string };

/**
 * One long-running `git cat-file --batch`: request blob ids in any number, get each answer
 * back in request order with the tag it was requested with. Content is streamed through:
 * a blob over `maxSize` is counted past, never held. Answers are handed over from a queue
 * drained between I/O events, so git keeps inflating the next blobs while the caller scans;
 * the queue is bounded (git's output is paused above QUEUE_HIGH bytes).
 */
export class BlobReader<Tag> {
  private readonly proc: GitProcess;
  private readonly tags: Tag[] = [];
  private nextTag = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** the object being received, after its header */
  private current: { id: string; size: number; keep: boolean; remaining: number } | null = null;
  private failure: Error | null = null;
  private readonly ready: { blob: BlobRead; tag: Tag }[] = [];
  private readyHead = 0;
  private readyBytes = 0;
  private paused = false;
  private draining = false;
  private exited = false;
  private aborted = false;
  private whenDrained: (() => void) | null = null;
  private static readonly QUEUE_HIGH = 32 * 1024 * 1024;
  private static readonly SLICE_MS = 20;

  private readonly maxSize: number;

  constructor(root: string, maxSize: number, private readonly onBlob: (blob: BlobRead, tag: Tag) => void) {
    this.maxSize = Math.min(maxSize, MAX_TEXT_BYTES);
    // --buffer: answers need not be flushed one by one; every caller ends stdin before waiting
    this.proc = spawnGit(root, ['cat-file', '--batch', '--buffer']);
    this.proc.child.stdout.on('data', (d: Buffer) => {
      try {
        this.receive(d);
      } catch (e) {
        this.fail(e);
      }
    });
    this.proc.done.then(() => {
      this.exited = true;
      this.schedule();
    }, () => undefined);
  }

  read(id: string, tag: Tag): void {
    this.tags.push(tag);
    this.proc.child.stdin.write(id + '\n');
  }

  /**
   * Stops git now (--timeout): answers not yet received never arrive, and `close()` resolves
   * without complaining about them.
   */
  abort(): void {
    this.aborted = true;
    this.proc.child.stdin.end();
    this.proc.child.kill();
  }

  /** Ends the request stream and resolves once every answer has been handed over. */
  async close(): Promise<void> {
    this.proc.child.stdin.end();
    const { code, stderr } = await this.proc.done;
    await new Promise<void>((resolve) => {
      this.whenDrained = resolve;
      this.schedule();
    });
    if (this.failure) throw this.failure;
    if (this.aborted) return;
    if (code !== 0) throw new GitError(`git cat-file failed: ${firstLine(stderr)}`, stderr, code);
    if (this.nextTag !== this.tags.length) throw new GitError(`git cat-file answered ${this.nextTag} of ${this.tags.length} requests`, stderr, code);
  }

  private fail(e: unknown): void {
    this.failure ??= e instanceof Error ? e : new Error(String(e));
    this.proc.child.kill();
  }

  private receive(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.current) {
        const cur = this.current;
        const take = Math.min(cur.remaining, chunk.length - at);
        // the body is followed by one LF, which is not part of the blob
        if (cur.keep) this.pushBody(chunk.subarray(at, at + Math.min(take, Math.max(0, cur.remaining - 1))));
        cur.remaining -= take;
        at += take;
        if (cur.remaining === 0) this.finishObject();
        continue;
      }
      const lf = chunk.indexOf(10, at);
      if (lf < 0) {
        this.pending.push(chunk.subarray(at));
        return;
      }
      const headerBytes = [...this.pending, chunk.subarray(at, lf)];
      this.pending = [];
      at = lf + 1;
      this.startObject(Buffer.concat(headerBytes).toString('utf8'));
    }
  }

  private startObject(header: string): void {
    const parts = header.split(' ');
    const id = parts[0] ?? '';
    if (parts[1] === 'missing' || parts[1] === 'ambiguous') {
      this.enqueue({ kind: 'missing', id });
      return;
    }
    const size = Number(parts[2]);
    if (!Number.isFinite(size)) throw new GitError(`git cat-file: unexpected header "${header.slice(0, 80)}"`, '', null);
    const keep = parts[1] === 'blob' && size <= this.maxSize;
    this.current = { id, size, keep, remaining: size + 1 };
    this.pending = [];
    this.pendingBytes = 0;
  }

  private pushBody(part: Buffer): void {
    if (part.length === 0) return;
    this.pending.push(part);
    this.pendingBytes += part.length;
  }

  private finishObject(): void {
    const cur = this.current!;
    this.current = null;
    // copy: a view would pin git's whole 64 KB read chunk while the blob waits in the queue
    const data = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.enqueue(cur.keep ? { kind: 'content', id: cur.id, size: cur.size, data } : { kind: 'too-large', id: cur.id, size: cur.size });
  }

  private enqueue(blob: BlobRead): void {
    const tag = this.tags[this.nextTag] as Tag;
    // drop the reference: long histories request hundreds of thousands of blobs
    (this.tags as (Tag | undefined)[])[this.nextTag] = undefined;
    this.nextTag++;
    this.ready.push({ blob, tag });
    this.readyBytes += blob.kind === 'content' ? blob.data.length : 0;
    if (!this.paused && this.readyBytes > BlobReader.QUEUE_HIGH) {
      this.paused = true;
      this.proc.child.stdout.pause();
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.draining) return;
    this.draining = true;
    setImmediate(() => this.drain());
  }

  /** Hands queued answers to the caller for a short slice, then yields so git's output keeps flowing. */
  private drain(): void {
    this.draining = false;
    const until = Date.now() + BlobReader.SLICE_MS;
    while (this.readyHead < this.ready.length && !this.failure) {
      const item = this.ready[this.readyHead]!;
      (this.ready as ({ blob: BlobRead; tag: Tag } | undefined)[])[this.readyHead] = undefined;
      this.readyHead++;
      this.readyBytes -= item.blob.kind === 'content' ? item.blob.data.length : 0;
      try {
        this.onBlob(item.blob, item.tag);
      } catch (e) {
        this.fail(e);
      }
      if (Date.now() >= until) break;
    }
    if (this.readyHead === this.ready.length) {
      this.ready.length = 0;
      this.readyHead = 0;
    }
    if (this.paused && this.readyBytes < BlobReader.QUEUE_HIGH / 2) {
      this.paused = false;
      this.proc.child.stdout.resume();
    }
    if (this.readyHead < this.ready.length && !this.failure) this.schedule();
    else if (this.exited && this.whenDrained) this.whenDrained();
  }
}

/** Undoes git's C-style quoting of a path ("a\tb\303\251" → a<TAB>bé); unquoted input is returned as is. */
export function unquotePath(s: string): string {
  if (!s.startsWith('"') || !s.endsWith('"') || s.length < 2) return s;
  const bytes: number[] = [];
  const body = Buffer.from(s.slice(1, -1), 'utf8');
  const escapes: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== 92 || i + 1 >= body.length) {
      bytes.push(c);
      continue;
    }
    const next = String.fromCharCode(body[i + 1]!);
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.subarray(i + 1, i + 4).toString('latin1'), 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? body[i + 1]!);
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Marks a commit header line in `git log` output; a patch line never starts with it. */
export const COMMIT_MARK = '\x01';
export const COMMIT_FORMAT = `--format=${COMMIT_MARK}%H%x1f%an%x1f%ae%x1f%aI%x1f%s`;

/** A header line written with COMMIT_FORMAT → the commit object of the contract. */
export function parseCommitHeader(line: string): CommitInfo {
  const [sha = '', author = '', email = '', date = '', ...subject] = line.slice(COMMIT_MARK.length).split('\x1f');
  return { sha, author, email, date, message: subject.join('\x1f') };
}
