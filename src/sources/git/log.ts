// Parsing what `git log` prints: commit headers, `--raw -z` entries, quoted paths.
import type { CommitInfo } from '../../types.js';
import { RecordSplitter } from './records.js';

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

/** Marks a commit header in `git log` output; a patch or raw line never starts with it. */
export const COMMIT_MARK = '\x01';
/**
 * Hash, parent hashes, committer date (seconds), author date, then author, email, subject and the
 * whole message. The fields git writes itself come first: a name, an email or a subject may hold
 * the separator (a commit object takes any byte but NUL and LF there), and read first it would
 * shift the parents and dates after it (a merge taken for a plain commit, a date for a parent).
 */
export const COMMIT_FORMAT = `--format=${COMMIT_MARK}%H%x1f%P%x1f%ct%x1f%aI%x1f%an%x1f%ae%x1f%s%x1f%B`;

/** One commit as `git log` described it. */
export interface CommitRecord {
  info: CommitInfo;
  /** committer date, seconds since the epoch: which of two commits came first */
  committedAt: number;
  /** the parents' hashes (none for a root commit, or at a shallow clone's edge) */
  parents: string[];
  /** the whole commit message (scanned: a secret in a message is a leak too) */
  body: string;
}

/** A header written with COMMIT_FORMAT → the commit object of the contract, plus ordering and message. */
export function parseCommitHeader(header: string): CommitRecord {
  // a separator inside the name, email or subject misplaces only those (the rest joins the body, which ends with the whole message)
  const [sha = '', parents = '', committed = '0', date = '', author = '', email = '', subject = '', ...body] = header.slice(COMMIT_MARK.length).split('\x1f');
  return {
    info: { sha, author, email, date, message: subject },
    committedAt: Number(committed) || 0,
    parents: parents ? parents.split(' ') : [],
    body: body.join('\x1f').replace(/\n+$/, ''),
  };
}

/** One `--raw` entry: `:<modes> <ids> <status>` and its path (and, for a rename or copy, the path it came from). */
export interface RawEntry {
  /** how many parents the entry compares with (a merge's combined entry: one per parent) */
  parents: number;
  /** the parents' modes and blob ids, then the result's */
  parentModes: string[];
  parentIds: string[];
  mode: string;
  id: string;
  status: string;
  path: string;
  /** rename or copy: the path in the parent */
  fromPath: string | null;
}

/** A raw entry's object id of nothing (all zeros): the path is absent on that side (deleted, or not yet there). */
export const isNullId = (id: string): boolean => /^0+$/.test(id);
/** A raw entry's mode of content read as text: a regular file (any 100xxx mode) or a symbolic link, whose target is text (not a submodule, 160000). */
export const isTextMode = (mode: string): boolean => mode.startsWith('100') || mode === '120000';

/** Parses the meta part of a raw entry (":100644 100644 <id> <id> M", or "::…" for a combined one). */
export function parseRawMeta(meta: string): Omit<RawEntry, 'path' | 'fromPath'> {
  const parents = meta.length - meta.replace(/^:+/, '').length;
  const fields = meta.slice(parents).split(' ');
  return {
    parents,
    parentModes: fields.slice(0, parents),
    mode: fields[parents] ?? '',
    parentIds: fields.slice(parents + 1, 2 * parents + 1),
    id: fields[2 * parents + 1] ?? '',
    status: fields[2 * parents + 2] ?? '',
  };
}

/**
 * Splits `git log -z --raw` output into commit headers and raw entries. Tokens are
 * NUL-separated; a header token starts with \x01, an entry is ":<meta>" then its path (two
 * paths for a rename or copy). With `combinedAllPaths` (the log was run with
 * `--combined-all-paths`), a merge's combined entry ("::<meta>") names the path in each parent
 * before its own, and `onEntry` gets those as `parentPaths`.
 */
export class RawLogParser {
  private meta: string | null = null;
  private from: string | null = null;
  /** a combined entry's paths in its parents, while they are read */
  private parentPaths: string[] | null = null;
  private readonly tokens = new RecordSplitter(0, (buf, start, end) => this.token(buf, start, end));

  constructor(
    private readonly onCommit: (header: string) => void,
    private readonly onEntry: (meta: string, path: string, fromPath: string | null, parentPaths?: string[]) => void,
    private readonly combinedAllPaths = false,
  ) {}

  push(chunk: Buffer): void {
    this.tokens.push(chunk);
  }

  end(): void {
    this.tokens.end();
  }

  private token(buf: Buffer, at: number, end: number): void {
    if (this.meta !== null) {
      const meta = this.meta;
      const path = buf.toString('utf8', at, end);
      // a two-way rename or copy (status R/C) names the source path first
      if (this.from === null && meta.startsWith(':') && !meta.startsWith('::') && /\s[RC]\d*$/.test(meta)) {
        this.from = path;
        return;
      }
      if (this.combinedAllPaths && meta.startsWith('::')) {
        const paths = (this.parentPaths ??= []);
        if (paths.length < meta.length - meta.replace(/^:+/, '').length) {
          paths.push(path);
          return;
        }
      }
      const from = this.from;
      const parentPaths = this.parentPaths;
      this.meta = null;
      this.from = null;
      this.parentPaths = null;
      if (parentPaths) this.onEntry(meta, path, from, parentPaths);
      else this.onEntry(meta, path, from);
      return;
    }
    // a newline separates a commit header from its first entry
    let start = at;
    while (start < end && buf[start] === 10) start++;
    if (start === end) return;
    if (buf[start] === 0x01) this.onCommit(buf.toString('utf8', start, end));
    else if (buf[start] === 0x3a) this.meta = buf.toString('latin1', start, end);
  }
}
