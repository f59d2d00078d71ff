// The blobs a change adds, for `swlint diff` and `swlint staged`: for each changed path, the
// new content and the content before the change (one per parent), read with one
// `git cat-file --batch`. Which lines are added is worked out by the pipeline on the decoded
// text, with swlint's own line model: git's patch text is not used, because it applies
// .gitattributes (-diff, textconv), its own binary guess and its own line breaks.
import { isDotenvPath } from '../detect/language.js';
import { BlobReader, missingBlobDetail } from './git/blob-reader.js';
import { commitObjectItems } from './git/commit-table.js';
import { isNullId, isTextMode, parseRawMeta } from './git/log.js';
import { GitError, firstLine } from './git/process.js';
import type { ItemQueue } from './queue.js';
import type { BlobItem, Content, SourceItem } from './source.js';

/** A path's version and the versions it is judged against (ChangeReader.addChange). */
export interface ChangedPath {
  path: string;
  mode: string;
  /** the version's object id (all zeros: deleted) */
  id: string;
  /** added, renamed or copied here: a .env file at this path is committed anew */
  created: boolean;
  /** a copy: new content at its path, judged whole */
  copied: boolean;
  /** one per parent: its object id and mode there (all zeros: absent), and its path there */
  parents: { id: string; mode: string; path: string }[];
}

interface Part {
  item: BlobItem;
  /** -1: the new content; k: the content before, in parent k */
  part: number;
  /** the item's last request: hand the item on */
  last: boolean;
}

/** A commit object of the range (diff), by its ordinal in the source's commits. */
interface CommitPart {
  commit: number;
}

/** A request's tag: a change's part, a commit object, or null for a trusted file read before any change (src/sources/staged-batch.ts). */
export type BatchTag = Part | CommitPart | null;

/** A gitlink's mode: a submodule. */
const GITLINK = '160000';
const SUBMODULE_DETAIL = "the change points it at another repository's commit: its content is not scanned here (run the gate in that repository)";

export class ChangeReader {
  /** a partial clone's absent objects (src/sources/git/promisor.ts): never requested, git would die */
  missing: Set<string> | null = null;
  /** submodules the change points elsewhere, listed as skipped once each */
  private readonly submodules = new Set<string>();

  /**
   * `reader`: a `cat-file --batch` already started, whose earlier answers were all pulled
   * (staged: the trusted files'); by default one of its own
   */
  constructor(
    root: string,
    maxBytes: number,
    private readonly queue: ItemQueue<SourceItem>,
    private readonly reader: BlobReader<BatchTag> = new BlobReader<BatchTag>(root, maxBytes),
  ) {}

  /**
   * One `--raw` entry of a commit (index `commit`) or of the index (null). `parentPaths`: a
   * merge's combined entry read with `--combined-all-paths`, the path in each parent.
   */
  add(meta: string, filePath: string, fromPath: string | null, commit: number | null, parentPaths?: string[]): void {
    const e = parseRawMeta(meta);
    const renamed = fromPath !== null && e.status.startsWith('R');
    this.addChange(
      {
        path: filePath,
        mode: e.mode,
        id: e.id,
        created: /^[ACR]/.test(e.status) || fromPath !== null || (parentPaths?.some((p) => p !== filePath) ?? false),
        copied: e.status.startsWith('C'),
        parents: e.parentIds.map((id, k) => ({ id, mode: e.parentModes[k]!, path: parentPaths?.[k] ?? (renamed ? fromPath : filePath) })),
      },
      commit,
    );
  }

  /**
   * One version of a path, judged against the versions before it (each at the path it had
   * there), in commit `commit`. `kept`: the version HEAD holds, judged against BASE and the merge
   * base (src/sources/diff.ts): what it adds no commit of the range added.
   */
  addChange(c: ChangedPath, commit: number | null, kept = false): void {
    // deletions add nothing; symlinks' targets are text
    if (isNullId(c.id)) return;
    // a submodule (160000) holds no text here: the commit it now points at is another
    // repository's, never scanned by this one's gate, which says so rather than pass it in silence
    if (c.mode === GITLINK && !c.parents.some((p) => p.mode === GITLINK && p.id === c.id)) {
      if (!this.submodules.has(c.path)) this.queue.push({ kind: 'skip', skipped: { file: c.path, reason: 'submodule', detail: SUBMODULE_DETAIL } });
      this.submodules.add(c.path);
    }
    if (!isTextMode(c.mode)) return;
    const parents = c.parents.filter((p) => !isNullId(p.id) && isTextMode(p.mode));
    // a .env file changed (not only added): one a change decrypts is committed in clear anew
    // (src/scan/sealed-dotenv.ts drops the finding where the version before was a plain .env already)
    if (isDotenvPath(c.path)) {
      this.queue.push({
        kind: 'facts',
        facts: { path: c.path, tracked: true, ignored: false, inRepo: true, ...(c.mode === '120000' ? { symlink: true } : {}) },
        commit,
        ...(kept ? { kept: true as const } : {}),
      });
    }
    // a copy is new content at its path: judge it whole, like an added file
    const before = c.copied ? [] : parents;
    const item: BlobItem = {
      kind: 'blob',
      content: { kind: 'missing', detail: '' },
      sightings: [{ path: c.path, commit, ...(kept ? { kept: true as const } : {}) }],
      before: before.map(() => ({ kind: 'missing', detail: '' })),
      ...(before.some((p) => p.path !== c.path) ? { fromPaths: before.map((p) => (p.path !== c.path ? p.path : null)) } : {}),
      version: c.id,
    };
    // parts the clone lacks are set here; the item is handed on with its last part read
    const present: { id: string; part: number }[] = [];
    for (const [k, id] of [c.id, ...before.map((p) => p.id)].entries()) {
      if (this.missing?.has(id)) this.setPart(item, k - 1, { kind: 'missing', detail: missingBlobDetail(id) });
      else present.push({ id, part: k - 1 });
    }
    if (present.length === 0) this.queue.push(item, 0);
    present.forEach(({ id, part }, k) => this.reader.read(id, { item, part, last: k === present.length - 1 }));
  }

  /**
   * A commit of the range (diff), read as git stores it (commitObjectItems): a token in its
   * header or in what `git log` does not print of its message lands in BASE's history with the
   * merge, so both are scanned, every line new.
   */
  addCommit(sha: string, ordinal: number): void {
    this.reader.read(sha, { commit: ordinal });
  }

  /** Sets one part of `item`: -1 its content, k its content before, in parent k. */
  private setPart(item: BlobItem, part: number, content: Content): void {
    if (part < 0) item.content = content;
    else item.before![part] = content;
  }

  endRequests(): void {
    this.reader.endRequests();
  }

  abort(): void {
    this.reader.abort();
  }

  /** Answers → items, in request order, pausing while the pipeline's queue is full. */
  async pump(): Promise<void> {
    for (let a = this.reader.take() ?? (await this.reader.next()); a; a = this.reader.take() ?? (await this.reader.next())) {
      const { blob, tag } = a;
      if (!tag) throw new Error('a trusted file was requested after the changes: its answer has no reader');
      if ('commit' in tag) {
        for (const item of commitObjectItems(tag.commit, blob, true)) this.queue.push(item, item.content.kind === 'bytes' ? item.content.bytes.length : 0);
        if (this.queue.overBound) await this.queue.room();
        continue;
      }
      const content: Content =
        blob.kind === 'content'
          ? { kind: 'bytes', bytes: blob.data }
          : blob.kind === 'too-large'
            ? { kind: 'too-large', size: blob.size }
            : { kind: 'missing', detail: missingBlobDetail(blob.id) };
      this.setPart(tag.item, tag.part, content);
      if (!tag.last) continue;
      let size = 0;
      for (const c of [tag.item.content, ...(tag.item.before ?? [])]) if (c.kind === 'bytes') size += c.bytes.length;
      this.queue.push(tag.item, size);
      if (this.queue.overBound) await this.queue.room();
    }
  }

  close(): Promise<void> {
    return this.reader.close();
  }

  /**
   * Hands on every answer while `listing` (the git process naming the changes) runs, then the
   * rest; a listing that failed (and was not stopped on purpose) is an error naming `what`.
   */
  async drain(
    listing: Promise<{ code: number | null; stderr: string }>,
    what: string,
    stopped: () => boolean,
    whenListed: () => void = () => undefined,
  ): Promise<void> {
    const pump = this.pump();
    pump.catch(() => undefined); // awaited below: git dying while the listing runs is no unhandled rejection
    const exited = await listing;
    whenListed();
    this.endRequests();
    if (exited.code !== 0 && !stopped()) {
      this.abort();
      await pump.catch(() => undefined);
      throw new GitError(`${what} failed: ${firstLine(exited.stderr)}`, exited.stderr, exited.code);
    }
    await pump;
    await this.close();
  }
}
