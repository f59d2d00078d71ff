// One function per question we ask git about a repository.
import { promises as fs, stat as statOf, type Stats } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import { GitError, firstLine, git, gitRecords, hookGit, streamGit, type GitRun } from './process.js';
import { RecordSplitter } from './records.js';
import { HEAD_CHECK, REPOSITORY_FACTS, REPOSITORY_QUESTION } from './hardened.js';
import { isTextMode } from './log.js';
import { FileFlag, FileList } from '../file-list.js';

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

/**
 * What git says of the repository at `dir`, once per directory and run: the top level (config
 * lookup, listing) and the facts openRepository needs come from one `rev-parse`, spawned
 * directly. A history run used to start two, in turn, before its walk: 20 ms each here, most of
 * it node's spawn and simple-git's bookkeeping. --verify exits 1 (after the other answers)
 * when HEAD names no commit yet.
 */
function revParseFacts(dir: string): Promise<GitRun> {
  const key = path.resolve(dir);
  let answer = revParses.get(key);
  if (!answer) {
    answer = hookGit(key, REPOSITORY_QUESTION);
    revParses.set(key, answer);
  }
  return answer;
}

/** revParseFacts' answer for `dir`, asked already by the caller (the bin, for `swlint staged`: src/sources/git/hardened.ts). */
export function answeredRevParse(dir: string, answer: Promise<GitRun>): void {
  const key = path.resolve(dir);
  if (!revParses.has(key)) revParses.set(key, answer);
}

const revParses = new Map<string, Promise<GitRun>>();

/** The lines of revParseFacts' answer, in the order asked; the top level is missing outside a work tree. */
function factLines(r: GitRun): { bare?: string; shallow?: string; gitDir?: string; toplevel?: string } {
  const [bare, shallow, gitDir, toplevel] = r.stdout.toString('utf8').split('\n');
  return { bare, shallow, gitDir, toplevel };
}

async function askToplevel(dir: string): Promise<string | null> {
  let r: GitRun;
  try {
    r = await revParseFacts(dir);
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    // no git: fine outside a repository; inside one, reading .gitignore ourselves would miss
    // tracked-but-ignored files, a quieter scan than the user asked for
    const repoDir = await enclosingGitDir(dir);
    if (repoDir)
      throw new GitError(
        `git is not installed or not on PATH, and ${repoDir} is a git repository: install git (swlint asks git what is tracked) and try again`,
        '',
        null,
      );
    return null;
  }
  const toplevel = factLines(r).toplevel?.trim();
  if ((r.code === 0 || r.code === 1) && toplevel) return toplevel;
  // "not a git repository" and "must be run in a work tree" (a git directory) are the plain answers
  if (/not a git repository|must be run in a work tree/i.test(r.stderr)) return null;
  const dubious = /dubious ownership in repository at '([^']*)'/.exec(r.stderr);
  if (dubious) {
    throw new GitError(
      `git refuses the repository at ${dubious[1]}: it is owned by another user; if you trust it, run \`git config --global --add safe.directory ${dubious[1]}\` (or run swlint as its owner)`,
      r.stderr,
      r.code,
    );
  }
  throw new GitError(`git failed in ${dir}: ${firstLine(r.stderr)} (fix the repository, or run swlint outside it)`, r.stderr, r.code);
}

/**
 * Whether `dir` is a git directory or inside one (a bare repository, `.git` itself): git answers
 * there but has no work tree, so the directory holds git's own files, not a working tree's.
 */
export async function insideGitDirectory(dir: string): Promise<boolean> {
  const r = await revParseFacts(dir).catch(() => null);
  return r !== null && !factLines(r).toplevel?.trim() && /must be run in a work tree/i.test(r.stderr);
}

/** The nearest directory at or above `dir` holding a `.git` entry, or null. */
async function enclosingGitDir(dir: string): Promise<string | null> {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (
      await fs.lstat(path.join(d, '.git')).then(
        () => true,
        () => false,
      )
    )
      return d;
    if (path.dirname(d) === d) return null;
  }
}

/** `buf[start..end]` when it is not UTF-8: a name git keeps as bytes, which its string cannot open. */
function rawIfNotUtf8(buf: Buffer, start: number, end: number, decoded: string): Buffer | undefined {
  if (!decoded.includes('\uFFFD')) return undefined;
  const bytes = buf.subarray(start, end);
  return isUtf8(bytes) ? undefined : Buffer.from(bytes);
}

/** Tracked files plus untracked files that no ignore rule covers, below `dir`. */
export async function listUnignoredFiles(dir: string): Promise<FileList> {
  return listFiles(dir, ['-s', '--cached', '--others', '--exclude-standard']);
}

/**
 * listUnignoredFiles in two git processes at once: the tracked files, which git reads from its
 * index (34,000 on the bench tree in 0.01 s), and the untracked ones, for which it reads every
 * directory (0.15 s there). What is tracked can be scanned while git still reads directories.
 * With `onIgnored`, the untracked files the ignore rules leave out go there, from the same walk
 * of the directories (listUntrackedSplit); if that fails, `ignoredNamed` says so and the untracked
 * files are listed the usual way.
 */
export function listUnignoredFilesApart(
  dir: string,
  onIgnored?: (rel: string) => void,
): { tracked: Promise<FileList>; untracked: Promise<FileList>; ignoredNamed?: Promise<boolean> } {
  const tracked = listFiles(dir, ['-s', '--cached']);
  // no -s for the untracked: with it git lists the tracked files too
  const usual = () => listFiles(dir, ['--others', '--exclude-standard']);
  if (!onIgnored) return { tracked, untracked: usual() };
  const split = listUntrackedSplit(dir, onIgnored).then(
    (files) => ({ files, named: true }),
    async () => ({ files: await usual(), named: false }),
  );
  return {
    tracked,
    untracked: split.then((s) => s.files),
    ignoredNamed: split.then(
      (s) => s.named,
      () => false,
    ),
  };
}

/**
 * The untracked files under `dir`, and (to `onIgnored`, as they come, never held) those of them
 * the ignore rules leave out, from one walk of the directories: `git ls-files --others` lists
 * every untracked file, ignored or not, and `git check-ignore`, which reads no directory, sorts
 * them with the same rules (.gitignore files, info/exclude, core.excludesFile; a file under an
 * ignored directory is ignored). Two listings, `--exclude-standard` and `--ignored`, walk every
 * directory twice: 1.1 s of git's CPU beside the bench tree's scan, against 0.75 s this way
 * (bench/BENCHMARKS.head.md round 14). Rejects when either git fails; `onIgnored` may have been
 * called by then.
 */
export async function listUntrackedSplit(dir: string, onIgnored: (rel: string) => void): Promise<FileList> {
  const untracked = new FileList();
  // per path: source, line number, pattern (ignoresPath), path
  const fields: string[] = [];
  const verdicts = new RecordSplitter(0, (buf, start, end) => {
    fields.push(buf.toString('utf8', start, end));
    if (fields.length < 4) return;
    const [, , pattern, rel] = fields as [string, string, string, string];
    fields.length = 0;
    if (ignoresPath(pattern)) onIgnored(rel);
    else {
      untracked.push(rel, 0, rawIfNotUtf8(buf, start, end, rel));
    }
  });
  // GIT_FLUSH=0: into a pipe, check-ignore flushes after every answer otherwise
  const check = streamGit(dir, (chunk) => verdicts.push(chunk), ['check-ignore', '-z', '--stdin', '--no-index', '--verbose', '--non-matching'], undefined, {
    GIT_FLUSH: '0',
  });
  let checkExited = false;
  const checked = check.done.finally(() => {
    // a check-ignore that stopped early reads no more: the listing must not wait for it
    checkExited = true;
    listing.output.resume();
  });
  checked.catch(() => undefined); // awaited below, after the listing: a failure meanwhile is not an unhandled one
  const listing = streamGit(
    dir,
    (chunk) => {
      if (checkExited) return;
      // the chunk's buffer is read into again once this returns: what is written is a copy
      if (!check.child.stdin.write(Buffer.from(chunk))) {
        listing.output.pause();
        check.child.stdin.once('drain', () => listing.output.resume());
      }
    },
    ['ls-files', '-z', '--others'],
  );
  listing.child.stdin.end();
  const listed = await listing.done.catch((e: unknown) => {
    check.child.kill();
    throw e;
  });
  check.child.stdin.end();
  if (listed.code !== 0) {
    check.child.kill();
    await checked.catch(() => undefined);
    throw new GitError(`git ls-files failed in ${dir}: ${listed.stderr.trim()}`, listed.stderr, listed.code);
  }
  const verdict = await checked;
  verdicts.end();
  // 1: none of them is ignored
  if (verdict.code !== 0 && verdict.code !== 1) throw new GitError(`git check-ignore failed in ${dir}: ${verdict.stderr.trim()}`, verdict.stderr, verdict.code);
  return untracked;
}

const GITLINK_MODE = Buffer.from('160000 ');

/**
 * `git ls-files` parsed as its output comes (spawned directly: simple-git's bookkeeping was
 * 26 ms of the 34,000-file bench tree's listing, which every worker waits for), into a FileList
 * (src/sources/file-list.ts): paths relative to `dir`, with FileFlag's tracked, regular (mode
 * 100644 or 100755), submodule and notCheckedOut bits, and the bytes of a name that is not UTF-8.
 * An object per file was 300,000 objects for a tree of that many files, all alive until the
 * listing was described.
 */
async function listFiles(dir: string, which: string[]): Promise<FileList> {
  const out = new FileList();
  // -t: H tracked, S skip-worktree (sparse checkout), ? untracked; -s adds the mode (160000: submodule)
  const { code, stderr } = await gitRecords(dir, ['ls-files', '-z', '-t', ...which], (buf, start, end) => {
    if (end - start < 3) return;
    // tracked: "<tag> <mode> <id> <stage>\t<path>"; untracked: "? <path>" (read from the bytes: only the path becomes a string)
    const tag = buf[start];
    const tracked = tag !== 0x3f; // ?
    const tab = tracked ? buf.indexOf(0x09, start) : start + 1;
    if (tab < 0 || tab >= end) return;
    const path = buf.toString('utf8', tab + 1, end);
    const rawPath = rawIfNotUtf8(buf, tab + 1, end, path);
    const submodule = tracked && buf.compare(GITLINK_MODE, 0, GITLINK_MODE.length, start + 2, start + 2 + GITLINK_MODE.length) === 0;
    const regular = tracked && buf[start + 2] === 0x31 && buf[start + 3] === 0x30 && buf[start + 4] === 0x30; // 100…
    const flags =
      (tracked ? FileFlag.tracked : 0) | (submodule ? FileFlag.submodule : 0) | (tag === 0x53 ? FileFlag.notCheckedOut : 0) | (regular ? FileFlag.regular : 0); // S: skip-worktree
    // a path in conflict has an index entry per stage, one after the other: regular only if every one is
    const last = out.length - 1;
    if (last < 0 || out.rel(last) !== path) out.push(path, flags, rawPath);
    else if (tracked) {
      const prev = out.flagsOf(last);
      const stillRegular = (prev & FileFlag.tracked ? (prev & FileFlag.regular) !== 0 && regular : regular) ? FileFlag.regular : 0;
      out.replaceFlags(last, (prev & ~FileFlag.regular) | FileFlag.tracked | stillRegular | (submodule ? FileFlag.submodule : 0));
    }
  });
  if (code !== 0) throw new GitError(`git ls-files failed in ${dir}: ${stderr.trim()}`, stderr, code);
  return out;
}

/**
 * `git check-ignore --verbose --non-matching` names, per path, the pattern that decided it: none
 * (no pattern matched) or a `!` pattern (matched and re-included) means the path is not ignored.
 */
function ignoresPath(pattern: string): boolean {
  return pattern !== '' && !pattern.startsWith('!');
}

/** Which of `paths` (relative to `dir`) git would ignore. */
export async function ignoredPaths(dir: string, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  // --verbose --non-matching: a record for every path, so git always prints something (simple-git
  // waits 50 ms after a git process that printed nothing). Record: source, line, pattern, path
  const r = await git(dir, ['check-ignore', '-z', '--no-index', '--stdin', '--verbose', '--non-matching'], paths.join('\0') + '\0');
  // exit 1 means "none of them is ignored"
  if (r.code !== 0 && r.code !== 1) throw new GitError(`git check-ignore failed: ${r.stderr.trim()}`, r.stderr, r.code);
  const fields = r.stdout.toString('utf8').split('\0');
  const ignored = new Set<string>();
  for (let k = 0; k + 3 < fields.length; k += 4) {
    const pattern = fields[k + 2]!;
    if (ignoresPath(pattern)) ignored.add(fields[k + 3]!);
  }
  return ignored;
}

/**
 * Past this many paths, trackedPaths lists every tracked file and picks: git matches each index
 * entry against every pathspec, so the 600 files with findings of the bench tree (34,000 tracked)
 * took it 0.12 s as pathspecs, and 0.02 s as one listing.
 */
const PATHSPECS_AT_MOST = 32;

/** Which of `paths` (files, relative to `dir`) are tracked. */
export async function trackedPaths(dir: string, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const asked = paths.length > PATHSPECS_AT_MOST ? new Set(paths) : null;
  const tracked = new Set<string>();
  const { code, stderr } = await gitRecords(dir, ['ls-files', '-z', ...(asked ? [] : ['--', ...paths.map((p) => `:(literal)${p}`)])], (buf, start, end) => {
    const p = buf.toString('utf8', start, end);
    if (p && (!asked || asked.has(p))) tracked.add(p);
  });
  if (code !== 0) throw new GitError(`git ls-files failed: ${stderr.trim()}`, stderr, code);
  return tracked;
}

export interface Repository {
  /** the work tree's top level (a bare repository: its git directory); every path is relative to it */
  root: string;
  shallow: boolean;
  /** no work tree: only the object database and refs */
  bare: boolean;
  /** HEAD points at a commit (false in a repository with no commits yet) */
  hasHead: boolean;
  /** the absolute git directory (a linked worktree's own) */
  gitDir: string;
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
  // one rev-parse for the common case (a work tree), the HEAD check included (revParseFacts): a
  // hook pays for every git process it starts; any other failure (a bare repository has no top
  // level) is asked again below
  const asked = revParseFacts(dir);
  asked.catch(() => undefined); // settled below, after the directory check
  // a missing cwd makes spawn fail with ENOENT, which would read as "git is not installed"
  // (checked while git runs: a hook waits for neither in turn). With a callback: fs.promises
  // would load node's fs/promises and readline, 1.4 ms of a hook's start (round 15)
  const stat = await new Promise<Stats | null>((resolve) => statOf(dir, (err, st) => resolve(err ? null : st)));
  if (!stat) throw new GitError(`no such directory: ${dir} (name the repository's directory, or run \`${command}\` inside it)`, '', null);
  if (!stat.isDirectory()) throw new GitError(`${dir} is a file, not a repository: name the repository's directory, or run \`${command}\` inside it`, '', null);
  const facts = await asked;
  const { bare, shallow, gitDir, toplevel } = factLines(facts);
  if ((facts.code === 0 || facts.code === 1) && toplevel) {
    const root = toplevel.trim() || gitDir || dir;
    return { root, shallow: shallow === 'true', bare: bare === 'true', hasHead: facts.code === 0, gitDir: gitDir?.trim() || path.join(root, '.git') };
  }
  // bare repositories and git directories have no top level: ask again without it
  const again = await hookGit(dir, ['rev-parse', ...REPOSITORY_FACTS, ...HEAD_CHECK]);
  const [isBare, isShallow, dirOfGit] = again.stdout.toString('utf8').split('\n');
  if ((again.code !== 0 && again.code !== 1) || !dirOfGit)
    throw new GitError(`not a git repository: ${dir} (run \`${command}\` inside a git repository, or \`git init\` one first)`, again.stderr, again.code);
  if (isBare !== 'true') throw new GitError(`${dir} is inside a git directory, not a work tree: run \`${command}\` in the work tree`, facts.stderr, facts.code);
  return { root: dirOfGit, shallow: isShallow === 'true', bare: true, hasHead: again.code === 0, gitDir: dirOfGit };
}

/** The directory a linked worktree's git directory shares with the main one (`commondir`); `gitDir` itself otherwise. */
export function commonGitDir(gitDir: string): Promise<string> {
  return fs.readFile(path.join(gitDir, 'commondir'), 'utf8').then(
    (c) => path.resolve(gitDir, c.trim()),
    () => gitDir,
  );
}

/**
 * The commits of every stash entry, newest first (`stash@{0}`, `stash@{1}`, …): `--all` reaches
 * only the newest, the others live in the stash's reflog. No git process when there is no stash
 * reflog file (the usual case).
 */
export async function stashEntries(root: string, gitDir: string): Promise<string[]> {
  const log = path.join(await commonGitDir(gitDir), 'logs', 'refs', 'stash');
  if (
    !(await fs.stat(log).then(
      (s) => s.isFile(),
      () => false,
    ))
  )
    return [];
  const r = await git(root, ['log', '-g', '--no-show-signature', '--format=%H', 'refs/stash', '--']);
  if (r.code !== 0) return [];
  return r.stdout
    .toString('utf8')
    .split('\n')
    .filter((l) => /^[0-9a-f]{40,64}$/.test(l));
}

/**
 * The commits that only git notes refs reach (refs/notes/*; no branch, tag, remote, stash or
 * HEAD): the trees of these name each note by the object it annotates. No git process when the
 * repository has no notes ref, loose or packed (the usual case); one rev-list otherwise, or when
 * its refs are kept where files do not show them (reftable).
 */
export async function notesCommits(root: string, gitDir: string): Promise<Set<string>> {
  const common = await commonGitDir(gitDir);
  const loose = await fs.readdir(path.join(common, 'refs', 'notes')).catch(() => [] as string[]);
  const packed = loose.length ? '' : await fs.readFile(path.join(common, 'packed-refs'), 'utf8').catch(() => '');
  const reftable =
    loose.length || packed.includes(' refs/notes/')
      ? false
      : await fs.stat(path.join(common, 'reftable')).then(
          () => true,
          () => false,
        );
  if (!loose.length && !packed.includes(' refs/notes/') && !reftable) return new Set();
  const r = await git(root, ['rev-list', '--glob=refs/notes/*', '--not', '--exclude=refs/notes/*', '--all']);
  if (r.code !== 0) return new Set();
  return new Set(
    r.stdout
      .toString('utf8')
      .split('\n')
      .filter((l) => /^[0-9a-f]{40,64}$/.test(l)),
  );
}

/** A ref that `git log --all` does not cover: an annotated tag (its message), or one naming a blob or a tree. */
export interface RefObject {
  /** a tag's name (`v1.0`), any other ref's full name (`refs/notes/x`) */
  name: string;
  /** the tag object, for an annotated tag */
  tag: { id: string; tagger: string; email: string; date: string; unix: number; subject: string; message: string } | null;
  /** what the ref names once peeled, when it is no commit */
  target: { type: 'blob' | 'tree'; id: string } | null;
}

/** for-each-ref's fields, each ended by a NUL (a message holds none) */
const REF_FIELDS = [
  'refname',
  'objecttype',
  'objectname',
  '*objecttype',
  '*objectname',
  'taggername',
  'taggeremail',
  'taggerdate:iso-strict',
  'taggerdate:unix',
  'contents:subject',
  'contents',
];

/** Every ref that is an annotated tag or names a blob or a tree, from one `git for-each-ref`. */
export async function refObjects(root: string): Promise<RefObject[]> {
  const out: RefObject[] = [];
  const nested: { at: number; id: string }[] = [];
  let fields: string[] = [];
  const { code, stderr } = await gitRecords(root, ['for-each-ref', `--format=${REF_FIELDS.map((f) => `%(${f})%00`).join('')}`], (buf, start, end) => {
    // one record per line: the newline for-each-ref ends a record with starts the next one's first field
    fields.push(buf.toString('utf8', fields.length === 0 && buf[start] === 10 ? start + 1 : start, end));
    if (fields.length < REF_FIELDS.length) return;
    const [ref = '', type, id = '', peeledType, peeledId = '', tagger = '', email = '', date = '', unix = '', subject = '', message = ''] = fields;
    fields = [];
    const targetType = type === 'tag' ? peeledType : type;
    const targetId = type === 'tag' ? peeledId : id;
    const target = targetType === 'blob' || targetType === 'tree' ? { type: targetType as 'blob' | 'tree', id: targetId } : null;
    if (type !== 'tag' && !target) return;
    const name = ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : ref;
    out.push({
      name,
      tag: type === 'tag' ? { id, tagger, email: email.replace(/^<|>$/g, ''), date, unix: Number(unix) || 0, subject, message } : null,
      target,
    });
    // a tag of a tag: for-each-ref peels one level only
    if (type === 'tag' && peeledType === 'tag') nested.push({ at: out.length - 1, id: peeledId });
  });
  if (code !== 0) throw new GitError(`git for-each-ref failed: ${firstLine(stderr)}`, stderr, code);
  for (const { at, id } of nested) out.push(...(await innerTags(root, out[at]!, id)));
  return out;
}

/** Nested tags are rare: a chain is followed with one `git cat-file` per tag. */
const MAX_TAG_DEPTH = 64;

/**
 * The tags inside a tag of a tag, down to what the chain names: each inner tag's message (it has
 * no ref of its own once its ref is deleted: `git tag -a outer inner; git tag -d inner`), and
 * the blob or tree at the end, which the outer ref then names (a commit is walked by the log,
 * which peels every level).
 */
async function innerTags(root: string, outer: RefObject, first: string): Promise<RefObject[]> {
  const found: RefObject[] = [];
  let id = first;
  for (let depth = 0; depth < MAX_TAG_DEPTH; depth++) {
    const r = await git(root, ['cat-file', 'tag', id]);
    if (r.code !== 0) break;
    const text = r.stdout.toString('utf8');
    const split = text.indexOf('\n\n');
    const head = split < 0 ? text : text.slice(0, split);
    const message = split < 0 ? '' : text.slice(split + 2);
    const field = (key: string) => new RegExp(`^${key} (.*)$`, 'm').exec(head)?.[1] ?? '';
    const who = /^(.*?) <([^>]*)> (\d+) ([+-]\d{4})$/.exec(field('tagger'));
    const unix = Number(who?.[3] ?? 0);
    const type = field('type');
    const target = type === 'blob' || type === 'tree' ? { type: type as 'blob' | 'tree', id: field('object') } : null;
    // the blob or tree is scanned once, at the name of the ref that reaches it
    found.push({
      name: field('tag') || outer.name,
      tag: {
        id,
        tagger: who?.[1] ?? '',
        email: who?.[2] ?? '',
        date: who ? isoWithOffset(unix, who[4]!) : '',
        unix,
        subject: message.split('\n')[0] ?? '',
        message,
      },
      target: null,
    });
    if (target) outer.target ??= target;
    if (type !== 'tag') break;
    id = field('object');
  }
  return found;
}

/** `1704067200`, `+0500` → `2024-01-01T05:00:00+05:00` (git's iso-strict). */
function isoWithOffset(unix: number, tz: string): string {
  const minutes = (tz.startsWith('-') ? -1 : 1) * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(3, 5)));
  const local = new Date((unix + minutes * 60) * 1000).toISOString().slice(0, 19);
  return `${local}${tz.slice(0, 3)}:${tz.slice(3, 5)}`;
}

/** --since as git reads it ("2 weeks ago", 2024-01-31): seconds since the epoch. */
export async function sinceSeconds(root: string, since: string): Promise<number> {
  const r = await git(root, ['rev-parse', `--since=${since}`]);
  const seconds = /^--max-age=(-?\d+)$/m.exec(r.stdout.toString('utf8'))?.[1];
  if (r.code !== 0 || seconds === undefined)
    throw new GitError(`git cannot read --since "${since}" as a date: use a date (2024-01-31) or a relative one ("2 weeks ago")`, r.stderr, r.code);
  return Number(seconds);
}

/**
 * The commits `revisions` reach whose committer date is `since` or later, parents before
 * children. Not `git log --since`: git stops at the first commit dated before it and takes its
 * ancestors as older too, so one commit with a skewed clock (or imported with an old date)
 * hides every later-dated commit behind it. One `rev-list` of the whole graph, no diffs.
 */
export async function commitsSince(root: string, revisions: string[], since: number): Promise<string[]> {
  const out: string[] = [];
  // "<committer date> <id>" a line
  const lines = new RecordSplitter(10, (buf, start, end) => {
    const space = buf.indexOf(32, start);
    if (space > start && space < end && Number(buf.toString('latin1', start, space)) >= since) out.push(buf.toString('latin1', space + 1, end));
  });
  const proc = streamGit(root, (chunk) => lines.push(chunk), ['rev-list', '--topo-order', '--reverse', '--timestamp', ...revisions]);
  proc.child.stdin.end();
  const exited = await proc.done;
  lines.end();
  if (exited.code !== 0) throw new GitError(`git rev-list failed: ${firstLine(exited.stderr)}`, exited.stderr, exited.code);
  return out;
}

/** The full commit id `ref` names, or null when it names no commit here. */
export async function resolveCommit(root: string, ref: string): Promise<string | null> {
  // a leading dash would be read as an option, whatever --end-of-options support the installed git has
  if (ref.startsWith('-')) return null;
  // not --quiet: git's warning is how a name that names more than one ref is known
  const r = await git(root, ['-c', 'core.warnAmbiguousRefs=true', 'rev-parse', '--verify', `${ref}^{commit}`]);
  if (r.code !== 0) return null;
  // git takes a tag before a branch of the same name: a tag `origin/main` that whoever may push a
  // tag points at a pull request would make it its own BASE (an empty range, exit 0)
  if (/^warning: refname '.*' is ambiguous/m.test(r.stderr))
    throw new GitError(
      `"${ref}" names more than one ref (a tag and a branch of that name, say): name the one you mean in full (refs/remotes/${ref}, refs/heads/${ref}, refs/tags/${ref}) or by its commit id`,
      r.stderr,
      null,
    );
  return r.stdout.toString('utf8').trim();
}

/**
 * path → blob id for every file in the tree of `commit` (symlinks included, their target is text;
 * submodules left out), parsed as git lists it (history and diff ask for HEAD's: a history run
 * loaded simple-git for this call alone).
 */
export async function treeBlobs(root: string, commit: string): Promise<Map<string, string>> {
  const blobs = new Map<string, string>();
  const { code, stderr } = await gitRecords(root, ['ls-tree', '-r', '-z', '--full-tree', commit], (buf, start, end) => {
    // "<mode> blob <id>\t<path>": the mode, type and id are ASCII, the path is not
    const tab = buf.indexOf(0x09, start);
    if (tab < 0 || tab >= end) return;
    const [mode = '', type, id] = buf.toString('latin1', start, tab).split(' ');
    if (isTextMode(mode) && type === 'blob' && id) blobs.set(buf.toString('utf8', tab + 1, end), id);
  });
  if (code !== 0) throw new GitError(`git ls-tree failed: ${firstLine(stderr)}`, stderr, code);
  return blobs;
}
