// `swlint history`: every blob reachable from the selected refs, each (blob, path) pair handed
// on once, with the commit that brought it, plus every commit message. Two git processes run
// side by side for the whole walk:
//   git log --raw -z (no patches, oldest first)  → commits and (path, blob) entries in order
//   git cat-file --batch                           ← each blob id when its pair is new
// What stays in memory is one small record per (blob, path) pair and per commit; contents
// stream through the queue, which pauses git when the scan falls behind.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isDotenvPath } from '../detect/language.js';
import type { Skipped } from '../types.js';
import { BOUNDED_PACK_MEMORY, BlobReader, missingBlobDetail } from './git/blob-reader.js';
import { BlobPathTable } from './git/blob-path-table.js';
import { CommitTable, takeCommit } from './git/commit-table.js';
import { PathTable } from './git/path-table.js';
import { missingObjects } from './git/promisor.js';
import { COMMIT_FORMAT, RawLogParser, isNullId, isTextMode, parseRawMeta } from './git/log.js';
import { GitError, firstLine, streamGit } from './git/process.js';
import {
  commitsSince,
  listUnignoredFiles,
  notesCommits,
  openRepository,
  refObjects,
  resolveCommit,
  sinceSeconds,
  stashEntries,
  treeBlobs,
  type RefObject,
  type Repository,
} from './git/repo.js';
import { ItemQueue } from './queue.js';
import { FileFlag, FileList } from './file-list.js';
import { TAG_MESSAGE_PATH, annotatedBy, notePath, type BlobItem, type Content, type Sighting, type Source, type SourceItem } from './source.js';

export interface HistoryOptions {
  cwd: string;
  /** the repository (default: cwd) */
  path?: string;
  branch?: string;
  since?: string;
  range?: string;
  recurseSubmodules?: boolean;
  /** blobs larger than this are not read (reported with their size) */
  maxBytes: number;
}

const QUEUE_HIGH = 2 * 1024 * 1024;
/** blob requests waiting for their answer before the log walk is paused (each holds a small record) */
const MAX_OUTSTANDING = 4096;
/**
 * Blobs of 1 MB or more (SHARED_FROM) read and not yet scanned, at most: git is paused past
 * that (src/sources/git/blob-reader.ts). Without a bound, the queues' byte limits (each passed
 * by one large blob) let 8 wait at once on signalwire/docs' history (237 blobs over 1 MB), with
 * 16 MB in use and 31 MB more idle for reuse; with 4, in one size, peak RSS went from 201-214 to
 * 192-199 MiB at the same speed, and with 3 (two workers scanning one each, one more waiting)
 * and two batches of bytes in flight per worker to 188-195 MiB, again at the same speed (4
 * paired runs each, bench/BENCHMARKS.head.md round 7). With 2 (one waiting while the other
 * worker scans one) the workers' larger young generations have the room they need
 * (src/scan/modes.ts, YOUNG_START_MB), which saves more than the wait costs (round 20).
 */
const LARGE_BLOBS_HELD = 2;

export interface HistorySource extends Source {
  /** HEAD's tree of the scanned repository (path → blob id; listed once the items have ended), null without commits */
  readonly head: { tree: Map<string, string> } | null;
  /** paths whose HEAD version was handed on (their fingerprints at HEAD are known from the walk) */
  readonly headPathsHanded: Set<string>;
  /** whether the top repository lacks blob `id` (a partial clone): never ask git for it, git would die */
  isMissing(id: string): boolean;
}

export async function historySource(opts: HistoryOptions): Promise<HistorySource> {
  const repo = await openRepository(path.resolve(opts.cwd, opts.path ?? '.'), 'swlint history');
  const warnings: string[] = [];
  if (repo.shallow) {
    warnings.push(
      'history is incomplete: this is a shallow clone, so older commits are missing and files are attributed to the oldest fetched commit; run `git fetch --unshallow` (in GitHub Actions: `fetch-depth: 0` on actions/checkout) and scan again',
    );
  }
  const commits = new CommitTable();
  const queue = new ItemQueue<SourceItem>(QUEUE_HIGH);
  const walks: Walk[] = [];
  const headPathsHanded = new Set<string>();
  // HEAD's tree is listed while git starts the walk (the log's first entry waits for it): in
  // turn, the two cost a history 20 ms more before its first blob
  const head = repo.hasHead ? { tree: new Map<string, string>() } : null;
  const headListed = head
    ? treeBlobs(repo.root, 'HEAD').then((tree) => {
        head.tree = tree;
      })
    : Promise.resolve();
  headListed.catch(() => undefined); // awaited by the walk, which fails with it
  // --recurse-submodules: a checked-out submodule's HEAD is what the working tree holds under its
  // path; its files join HEAD's tree, so that stillPresent reads them rather than calling a
  // secret still there gone
  const submoduleHead = (r: Repository, prefix: string) => {
    if (!head || !r.hasHead) return null;
    const listed = treeBlobs(r.root, 'HEAD').then((tree) => {
      for (const [p, id] of tree) head.tree.set(prefix + p, id);
    });
    listed.catch(() => undefined); // awaited by the walk, which fails with it
    return { at: head, listed, handed: headPathsHanded };
  };
  let aborted = false;
  const run = async () => {
    const repos: { repo: Repository; prefix: string }[] = [{ repo, prefix: '' }];
    for (let k = 0; k < repos.length && !aborted; k++) {
      const { repo: r, prefix } = repos[k]!;
      const walk = new Walk(r, prefix, opts, commits, queue, k === 0 ? { at: head, listed: headListed, handed: headPathsHanded } : submoduleHead(r, prefix));
      walks.push(walk);
      await walk.run();
      if (opts.recurseSubmodules) repos.push(...(await submodules(r, prefix, queue)));
    }
    // each path is in `skipped`, but a history that scanned little of itself must not read as clean
    const missing = walks.reduce((n, w) => n + w.missingBlobs, 0);
    if (missing > 0) {
      warnings.push(
        `history is incomplete: ${missing} blob${missing === 1 ? ' is' : 's are'} not in this clone and could not be scanned (their paths are listed as missing-object); a partial clone (\`--filter\`) or a damaged repository lacks them: scan a full clone (in GitHub Actions: actions/checkout without \`filter:\`, with \`fetch-depth: 0\`)`,
      );
    }
  };
  run().then(
    () => queue.end(),
    (e: unknown) => queue.fail(e),
  );
  return {
    root: repo.root,
    head,
    headPathsHanded,
    isMissing: (id) => walks[0]?.isMissing(id) ?? false,
    commits,
    large: true,
    warnings,
    items: () => queue,
    abort: () => {
      aborted = true;
      for (const w of walks) w.abort();
      queue.end();
    },
  };
}

/** --recurse-submodules: the checked-out submodules of `repo` (one not checked out is a skip). */
async function submodules(repo: Repository, prefix: string, queue: ItemQueue<SourceItem>): Promise<{ repo: Repository; prefix: string }[]> {
  const out: { repo: Repository; prefix: string }[] = [];
  const listed = await listUnignoredFiles(repo.root).catch(() => new FileList());
  for (let k = 0; k < listed.length; k++) {
    if (!listed.has(k, FileFlag.submodule)) continue;
    const rel = listed.rel(k);
    const abs = path.join(repo.root, rel);
    const sub = await openRepository(abs, 'swlint history').catch(() => null);
    const real = await fs.realpath(abs).catch(() => abs);
    if (!sub || sub.root !== real) {
      queue.push({
        kind: 'skip',
        skipped: { file: prefix + rel, reason: 'submodule', detail: 'not checked out: run `git submodule update --init` to scan its history' },
      });
      continue;
    }
    out.push({ repo: sub, prefix: `${prefix}${rel}/` });
  }
  return out;
}

/** The `git log` revision arguments for --branch / --range (all refs by default), as resolved ids. */
async function selectRevisions(repo: Repository, options: HistoryOptions): Promise<string[]> {
  const revisions: string[] = [];
  const resolve = async (ref: string, what: string) => {
    const id = await resolveCommit(repo.root, ref);
    if (!id)
      throw new GitError(`unknown ref "${ref}" in ${what}: name a branch, tag or commit of this repository (see \`git branch -a\` and \`git tag\`)`, '', null);
    return id;
  };
  if (options.branch) revisions.push(await resolve(options.branch, '--branch'));
  if (options.range) {
    const m = /^(.*?)\.\.(.*)$/.exec(options.range);
    if (!m || m[2]!.startsWith('.')) throw new GitError(`--range must look like A..B (got "${options.range}")`, '', null);
    revisions.push(await resolve(m[2] || 'HEAD', '--range'), `^${await resolve(m[1] || 'HEAD', '--range')}`);
  }
  // --all: branches, tags, remotes, the newest stash entry and HEAD, plus the older stash
  // entries; in an empty repository it walks nothing
  return revisions.length ? revisions : ['--all', ...(await stashEntries(repo.root, repo.gitDir))];
}

/** The walk of one repository; every path handed on is `prefix` + the path in that repository. */
class Walk {
  private readonly reader: BlobReader<BlobItem>;
  /**
   * (blob, path) pairs handed on, with the committer date of the sighting handed on: a pair
   * seen again is skipped, unless this sighting is older (two branches adding the same file:
   * the earliest commit is its origin). Keyed by the blob id and a path number, in typed arrays.
   */
  private readonly pairs = new BlobPathTable();
  /** the pairs' path numbers (src/sources/git/path-table.ts: no string kept per path) */
  private readonly paths = new PathTable();
  /**
   * Blobs git could not hand over (too large, missing), with what was said of them: not
   * requested again, but every further path they are seen at is reported as they were.
   */
  private readonly unreadable = new Map<string, Content>();
  /** blobs git said it does not have (a partial or damaged clone) */
  get missingBlobs(): number {
    let n = 0;
    for (const c of this.unreadable.values()) if (c.kind === 'missing') n++;
    return n;
  }
  /** a partial clone's absent objects (src/sources/git/promisor.ts), known before the log is read; null in a full clone */
  private missing: Set<string> | null = null;
  isMissing(id: string): boolean {
    return this.missing?.has(id) ?? false;
  }
  private log: ReturnType<typeof streamGit> | null = null;
  /** the commits only notes refs reach (notesCommits), known before the log is read; null: none */
  private notes: Set<string> | null = null;
  /** the commit whose entries the log is listing is one of `notes` */
  private inNotes = false;
  private aborted = false;
  private logPaused = false;

  constructor(
    private readonly repo: Repository,
    private readonly prefix: string,
    private readonly opts: HistoryOptions,
    private readonly commits: CommitTable,
    private readonly queue: ItemQueue<SourceItem>,
    /** the top repository's HEAD tree (null without commits; filled once `listed` settles), and where to note the HEAD pairs handed on */
    private readonly head: { at: { tree: Map<string, string> } | null; listed: Promise<void>; handed: Set<string> } | null,
  ) {
    this.reader = new BlobReader<BlobItem>(repo.root, opts.maxBytes, { holdLarge: LARGE_BLOBS_HELD, gather: true });
  }

  abort(): void {
    this.aborted = true;
    this.log?.child.kill();
    this.reader.abort();
  }

  async run(): Promise<void> {
    try {
      await this.walk();
    } catch (e) {
      // a failed walk must not leave cat-file running (it would keep the process alive)
      this.reader.abort();
      throw e;
    }
  }

  private async walk(): Promise<void> {
    const revisions = await selectRevisions(this.repo, this.opts);
    // every version a limited walk may read (its first commits' parents too) is reachable from its tips
    const missingListed = missingObjects(
      this.repo.root,
      this.repo.gitDir,
      revisions.filter((r) => !r.startsWith('^')),
    ).then((m) => {
      this.missing = m;
    });
    missingListed.catch(() => undefined); // awaited below, once the log is started
    // the whole repository (no --branch, --range): annotated tags' messages, and refs naming a
    // blob or a tree, which `git log --all` passes over
    const refsListed = revisions[0] === '--all' ? refObjects(this.repo.root) : Promise.resolve([]);
    refsListed.catch(() => undefined); // awaited once the log has ended
    const pump = this.pump();
    pump.catch(() => undefined); // awaited below: a failure while the log runs is no unhandled one
    // git notes: their commits' entries are notes, shown at what they annotate (notePath)
    const notesListed = notesCommits(this.repo.root, this.repo.gitDir).then((ids) => {
      this.notes = ids.size ? ids : null;
    });
    notesListed.catch(() => undefined); // awaited below, once the log is started
    const walk = new RawLogParser(
      (header) => {
        const taken = takeCommit(header, this.commits, this.queue);
        if (this.notes) this.inNotes = this.notes.has(this.commits.info(this.commits.length - 1)?.sha ?? '');
        return taken;
      },
      (meta, p) => this.onEntry(meta, p),
    );
    // --since: the commits dated since then, listed first (commitsSince), each shown as it is
    const since = this.opts.since ? await commitsSince(this.repo.root, revisions, await sinceSeconds(this.repo.root, this.opts.since)) : null;
    // read into one reused buffer (src/sources/git/pipe-reader.ts): the parser copies what it keeps
    this.log = streamGit(this.repo.root, (d: Buffer) => walk.push(d), [
      ...BOUNDED_PACK_MEMORY,
      'log',
      ...(since ? ['--no-walk=unsorted', '--stdin'] : ['--reverse', '--topo-order']),
      '--no-show-signature',
      '-z',
      COMMIT_FORMAT,
      '--raw',
      '--no-abbrev',
      '--no-renames',
      '--diff-merges=combined',
      '--root',
      '--no-ext-diff',
      '--no-textconv',
      // with --stdin and no commit, git would show HEAD: none since then, nothing to show
      ...(since ? (since.length ? [] : ['--max-count=0']) : revisions),
    ]);
    if (since) this.log.child.stdin.end(since.length ? since.join('\n') + '\n' : '');
    // each entry asks whether it is HEAD's version and whether the clone lacks it: the log is
    // read once HEAD's tree and a partial clone's absent objects are in (a full clone's answer
    // is one directory listing)
    this.log.output.pause();
    await Promise.all([this.head?.listed, missingListed, notesListed]).catch((e: unknown) => {
      this.abort();
      throw e;
    });
    if (!this.logPaused) this.log.output.resume();
    // the queue full: stop reading git's log too (cat-file is paused by its own reader)
    const exited = await this.log.done.catch(async (e: unknown) => {
      this.reader.abort();
      throw e;
    });
    walk.end();
    if (exited.code === 0 && !this.aborted)
      await this.handRefObjects(refsListed).catch((e: unknown) => {
        this.reader.abort();
        throw e;
      });
    this.reader.endRequests();
    if (exited.code !== 0 && !this.aborted) {
      this.reader.abort();
      await pump.catch(() => undefined);
      throw new GitError(`git log failed: ${firstLine(exited.stderr)}`, exited.stderr, exited.code);
    }
    await pump;
    await this.reader.close();
  }

  /** Blob answers → items, in request order, pausing while the pipeline's queue is full. */
  private async pump(): Promise<void> {
    for (let a = this.reader.take() ?? (await this.reader.next()); a; a = this.reader.take() ?? (await this.reader.next())) {
      const { blob, tag: item } = a;
      if (blob.kind === 'content') item.content = { kind: 'bytes', bytes: blob.data, ...(blob.release ? { release: blob.release } : {}) };
      else {
        item.content = blob.kind === 'too-large' ? { kind: 'too-large', size: blob.size } : { kind: 'missing', detail: missingBlobDetail(blob.id) };
        this.unreadable.set(blob.id, item.content);
      }
      this.queue.push(item, blob.kind === 'content' ? blob.data.length : 0);
      if (this.logPaused && this.reader.outstanding < MAX_OUTSTANDING / 2) {
        this.logPaused = false;
        this.log?.output.resume();
      }
      if (this.queue.overBound) await this.queue.room();
    }
  }

  private onEntry(meta: string, rawPath: string): void {
    if (this.aborted) return;
    const filePath = this.prefix + rawPath;
    const entry = parseRawMeta(meta);
    const ordinal = this.commits.length - 1;
    if (ordinal < 0) return;
    if (entry.mode === '160000') {
      if (!this.opts.recurseSubmodules)
        this.skip({ file: filePath, reason: 'submodule', detail: 'its history is not scanned: pass --recurse-submodules to include it' });
      return;
    }
    // deletions add nothing; regular files (100644/100755) and symlinks (120000, their target is text) do
    if (isNullId(entry.id) || !isTextMode(entry.mode)) return;
    // a note: a message about another object, like a commit's (no prefix, as messages have none)
    const annotated = this.inNotes ? annotatedBy(rawPath) : null;
    if (annotated) {
      if (this.opts.range || this.opts.since) this.handBeforeWalk(entry, notePath(annotated), true);
      this.hand(entry.id, notePath(annotated), ordinal, true);
      return;
    }
    if (this.opts.range || this.opts.since) this.handBeforeWalk(entry, filePath);
    if (isDotenvPath(filePath)) {
      this.queue.push({
        kind: 'facts',
        facts: { path: filePath, tracked: true, ignored: false, inRepo: true, ...(entry.mode === '120000' ? { symlink: true } : {}) },
        commit: ordinal,
      });
    }
    this.hand(entry.id, filePath, ordinal);
  }

  /** A file version seen at `filePath` in commit `ordinal`: read and handed on, unless that (blob, path) was handed with an earlier commit. */
  private hand(id: string, filePath: string, ordinal: number, message = false): void {
    const pathNo = this.paths.number(filePath);
    const when = this.commits.committedAt(ordinal);
    if (!this.pairs.lower(id, pathNo, when)) return;
    const atHead = !message && this.head?.at?.tree.get(filePath) === id;
    if (atHead) this.head!.handed.add(filePath);
    const sighting: Sighting = { path: filePath, commit: ordinal, ...(atHead ? { atHead: true } : {}), ...(message ? { message: true as const } : {}) };
    // known unreadable: this path is reported as the first was, whether git's answer about the
    // blob came before this sighting or not (it used to be dropped when it had, so which paths
    // of a missing blob were listed depended on timing)
    let unreadable = this.unreadable.get(id);
    if (!unreadable && this.missing?.has(id)) {
      unreadable = { kind: 'missing', detail: missingBlobDetail(id) };
      this.unreadable.set(id, unreadable);
    }
    if (unreadable) this.queue.push({ kind: 'blob', content: unreadable, sightings: [sighting] }, 0);
    else this.reader.read(id, { kind: 'blob', content: { kind: 'missing', detail: '' }, sightings: [sighting] });
    // the walk is far faster than reading and scanning: past this many requests waiting, pause it
    if (this.reader.outstanding > MAX_OUTSTANDING && !this.logPaused) {
      this.logPaused = true;
      this.log?.output.pause();
    }
  }

  /**
   * After the log: each annotated tag's message (at TAG_MESSAGE_PATH, its "commit" the tag:
   * tagger, date, `tag <name>: <subject>`), and what a ref names when it is no commit: a blob
   * is scanned at the ref's name (a tag's name without `refs/tags/`), a tree at its own paths.
   * A tag's content sorts at the tagger's date; a lightweight ref's after every commit.
   */
  private async handRefObjects(listed: Promise<RefObject[]>): Promise<void> {
    for (const ref of await listed) {
      if (this.aborted) return;
      const { tag, target } = ref;
      const ordinal = this.commits.add(
        tag
          ? { sha: tag.id, author: tag.tagger, email: tag.email, date: tag.date, message: `tag ${ref.name}: ${tag.subject}` }
          : { sha: target!.id, author: '', email: '', date: '', message: `${target!.type} named by ${ref.name}` },
        tag ? tag.unix : Infinity,
      );
      const message = tag?.message.replace(/\n+$/, '') ?? '';
      if (message.trim()) {
        this.queue.push(
          {
            kind: 'blob',
            content: { kind: 'bytes', bytes: Buffer.from(message, 'utf8') },
            sightings: [{ path: TAG_MESSAGE_PATH, commit: ordinal, message: true }],
          },
          message.length,
        );
      }
      if (target?.type === 'blob') this.hand(target.id, this.prefix + ref.name, ordinal);
      else if (target?.type === 'tree') for (const [p, id] of await treeBlobs(this.repo.root, target.id)) this.hand(id, this.prefix + p, ordinal);
    }
  }

  /**
   * A limited walk (--range, --since) starts mid-history: a file its first commits modify
   * already held content from before the walk. That older version (not handed on by the walk)
   * is scanned as a `beforeWalk` sighting so that what it held is not blamed on the commit
   * that edited the file (issue 12.7). A full walk has handed every parent version already.
   */
  private handBeforeWalk(entry: ReturnType<typeof parseRawMeta>, filePath: string, message = false): void {
    // every parent's version: a merge walked without its parents (--since) held what both had
    for (let k = 0; k < entry.parents; k++) {
      const old = entry.parentIds[k];
      if (!old || isNullId(old) || this.unreadable.has(old) || this.missing?.has(old) || !isTextMode(entry.parentModes[k] ?? '')) continue;
      const pathNo = this.paths.number(filePath);
      // a version the walk handed (a walked parent) or already read as older
      if (this.pairs.has(old, pathNo)) continue;
      this.pairs.set(old, pathNo, -Infinity);
      this.reader.read(old, {
        kind: 'blob',
        content: { kind: 'missing', detail: '' },
        sightings: [{ path: filePath, commit: null, beforeWalk: true, ...(message ? { message: true as const } : {}) }],
      });
    }
  }

  private skip(s: Skipped): void {
    this.queue.push({ kind: 'skip', skipped: s });
  }
}
