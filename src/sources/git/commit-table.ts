// The commits a walk has met, a small record each. A history keeps every commit it walks (a
// finding names its commit, and provenance orders commits by date), and as objects each one held
// its header string through the fields sliced from it: about 550 bytes of the main thread's heap
// a commit, 27 of the 43 MB in use late in a 50,376-commit history (a heap snapshot). Here a
// commit's fields sit as UTF-8 in one growing arena and its date in a typed array: the record is
// its bytes plus 16, outside the heap, and a commit is made an object again only when a finding
// asks for it.
import type { CommitInfo } from '../../types.js';
import type { ItemQueue } from '../queue.js';
import { COMMIT_HEADER_PATH, COMMIT_MESSAGE_PATH, type BlobItem, type CommitLog, type Content, type SourceItem } from '../source.js';
import type { BlobRead } from './blob-reader.js';
import { BlobPathTable } from './blob-path-table.js';
import { parseCommitHeader } from './log.js';
import { grown } from './open-index.js';
import { bytesOf, float64sOf, int32sOf } from '../../io/page-memory.js';

/** Between two fields of a record: git's `-z` output cannot hold it inside one. */
const FIELD_END = 0;
const FIELD_END_CHAR = String.fromCharCode(FIELD_END);

export class CommitTable implements CommitLog {
  /** the records, back to back (a Buffer: written and read as UTF-8 in place) */
  private arena = Buffer.allocUnsafeSlow(64 * 1024);
  private used = 0;
  /** per commit: where its record starts in the arena, how many bytes, its committer date */
  private starts = new Int32Array(1024);
  private lengths = new Int32Array(1024);
  private dates = new Float64Array(1024);
  private count = 0;
  /** commit id → its ordering date (see add), for its children: 36 bytes a commit */
  private readonly ordering = new BlobPathTable();

  get length(): number {
    return this.count;
  }

  /**
   * Keeps a commit; returns its ordinal (0, 1, 2, … in the order added). With `parents` (their
   * ids, each added before its children), the date kept is the committer date raised to the
   * latest of its parents' (git's corrected commit date): along one line of ancestry it never
   * goes back, so a commit dated before its parent (a rebase, a skewed clock) never comes
   * "before" the commit that brought what it inherited, while unrelated branches still compare
   * by when they were committed.
   */
  add(info: CommitInfo, committedAt: number, parents?: readonly string[]): number {
    const n = this.count++;
    if (n === this.starts.length) {
      this.starts = grown(this.starts, int32sOf(n * 2));
      this.lengths = grown(this.lengths, int32sOf(n * 2));
      this.dates = grown(this.dates, float64sOf(n * 2));
    }
    const fields = [info.sha, info.author, info.email, info.date, info.message];
    // UTF-8 takes at most three bytes per UTF-16 unit, and each field one byte more for its end
    const room = fields.reduce((sum, f) => sum + f.length * 3 + 1, 0);
    if (this.used + room > this.arena.length) this.arena = grown(this.arena, bytesOf(Math.max(this.arena.length * 2, this.used + room)));
    let at = this.used;
    for (const f of fields) {
      at += this.arena.write(f, at, 'utf8');
      this.arena[at++] = FIELD_END;
    }
    this.starts[n] = this.used;
    this.lengths[n] = at - this.used;
    let date = committedAt;
    if (parents) {
      for (const p of parents) date = Math.max(date, this.ordering.get(p, 0) ?? -Infinity);
      this.ordering.set(info.sha, 0, date);
    }
    this.dates[n] = date;
    this.used = at;
    return n;
  }

  info(ordinal: number): CommitInfo | null {
    if (!(ordinal >= 0 && ordinal < this.count)) return null;
    const start = this.starts[ordinal]!;
    const [sha = '', author = '', email = '', date = '', message = ''] = this.arena
      .toString('utf8', start, start + this.lengths[ordinal]! - 1)
      .split(FIELD_END_CHAR);
    return { sha, author, email, date, message };
  }

  /** the ordering date (see add), seconds since the epoch */
  committedAt(ordinal: number): number {
    return ordinal >= 0 && ordinal < this.count ? this.dates[ordinal]! : 0;
  }
}

/**
 * One commit header of a walk's `git log` (history, diff): the commit kept in `commits`, and its
 * message queued to be scanned (a secret in a message is a leak too). `added`: the message is
 * part of the change under review (diff), every line of it new, so that an ignore comment in it
 * is judged like one in a file the change adds. `queueMessage` false: the caller scans the
 * message from the commit object itself (commitObjectItems).
 */
export function takeCommit(
  header: string,
  commits: CommitTable,
  queue: ItemQueue<SourceItem>,
  added = false,
  queueMessage = true,
): { parents: number; sha: string; ordinal: number } {
  const c = parseCommitHeader(header);
  const ordinal = commits.add(c.info, c.committedAt, c.parents);
  if (queueMessage && c.body.trim()) {
    queue.push(
      {
        kind: 'blob',
        content: { kind: 'bytes', bytes: Buffer.from(c.body, 'utf8') },
        sightings: [{ path: COMMIT_MESSAGE_PATH, commit: ordinal, message: true }],
        ...(added ? { before: [] } : {}),
      },
      c.body.length,
    );
  }
  return { parents: c.parents.length, sha: c.info.sha, ordinal };
}

/**
 * The items a commit read as git stores it (`git cat-file --batch`) is scanned as. `git log`'s
 * %B is not what the object holds: it stops at a NUL byte, re-encodes the message from the
 * charset its `encoding` header names (ASCII bytes declared as EBCDIC come out as other
 * characters), and leaves out the author, the committer and any other header line. So the
 * header (at COMMIT_HEADER_PATH, lines numbered as `git cat-file commit` prints them) and the
 * message's own bytes (at COMMIT_MESSAGE_PATH) are both scanned. `added`: every line is new
 * (diff: the commit is part of the change under review).
 */
export function commitObjectItems(commit: number, read: BlobRead, added: boolean): BlobItem[] {
  const item = (path: string, content: Content): BlobItem => ({
    kind: 'blob',
    content,
    sightings: [{ path, commit, message: true }],
    ...(added ? { before: [] } : {}),
  });
  if (read.kind !== 'content') {
    const content: Content =
      read.kind === 'too-large' ? { kind: 'too-large', size: read.size } : { kind: 'missing', detail: `git cannot read commit ${read.id}` };
    return [item(COMMIT_MESSAGE_PATH, content)];
  }
  const bytes = read.data;
  const end = bytes.indexOf('\n\n');
  const header = end < 0 ? bytes : bytes.subarray(0, end + 1);
  const message = end < 0 ? bytes.subarray(bytes.length) : bytes.subarray(end + 2);
  const items = [item(COMMIT_HEADER_PATH, { kind: 'bytes', bytes: header })];
  // an empty message, or one of blanks only, holds nothing (as from %B)
  if (message.some((b) => b !== 0x20 && b !== 0x0a && b !== 0x09 && b !== 0x0d)) items.push(item(COMMIT_MESSAGE_PATH, { kind: 'bytes', bytes: message }));
  return items;
}
