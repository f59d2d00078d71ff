// What every source hands the scanning pipeline (src/scan/pipeline.ts): items, in any number,
// each either content to scan with where it was seen, facts about a file for the repository
// rules, or something that was not scanned and why. Sources know git and the file system; they
// know nothing of rules, the engine or how results are reported.
import type { CommitInfo, RepoFileFacts, Skipped } from '../types.js';

/** The bytes to scan, or why the source could not hand them over. */
export type Content =
  /** a working-tree file: read by whoever scans it (a worker thread reads its own files) */
  | {
      kind: 'file';
      abs: string;
      /** git's index lists a regular file here: it is opened without an lstat first (src/sources/read-sync.ts) */
      regular?: true;
      /** `abs` as bytes, for a name that is not UTF-8 (git keeps names as bytes): opened by these */
      absBytes?: Uint8Array;
    }
  /**
   * `release`, when given: the scan is done with the bytes, the source may reuse their memory
   * (history's large blobs); never called, they are garbage collected
   */
  | { kind: 'bytes'; bytes: Uint8Array; release?: () => void }
  /** the source did not read it: larger than it was asked to read */
  | { kind: 'too-large'; size: number }
  /** git could not produce it */
  | { kind: 'missing'; detail: string };

/** One place a piece of content was seen: a path, in a commit (git modes). */
export interface Sighting {
  /** repository- or root-relative path, forward slashes */
  path: string;
  /** index into the source's commits; null outside git history */
  commit: number | null;
  /** history: this (path, content) is what HEAD holds at that path (the scan says what it holds: FindingSink.holds) */
  atHead?: boolean;
  /**
   * history with --range/--since: the version a walked commit changed, when that version
   * predates the walk. Scanned only so that its secrets are not blamed on the commit that
   * merely edited another line of the file (src/scan/provenance.ts).
   */
  beforeWalk?: boolean;
  /**
   * diff: the version HEAD holds, judged against BASE's and the merge base's (src/sources/diff.ts):
   * a finding here that no commit of the range reported was kept by a merge
   */
  kept?: true;
  /** a commit's or annotated tag's message or a git note, at its pseudo-path (COMMIT_MESSAGE_PATH, TAG_MESSAGE_PATH, notePath): no file */
  message?: true;
}

export interface BlobItem {
  kind: 'blob';
  content: Content;
  /** every place this same content is judged at (findings depend on the path); at least one */
  sightings: Sighting[];
  /**
   * Change sources (diff, staged): the content before the change, one per parent; only lines
   * new relative to every one of them are reported. Absent: the whole content counts. An empty
   * list: the file is new, every line is added.
   */
  before?: Content[];
  /**
   * change sources: for each entry of `before`, the path it had there when that is another path
   * (the change renamed the file; null: the same path)
   */
  fromPaths?: (string | null)[];
  /** change sources: the git object id of `content` (what a swlint-unscanned finding is keyed on) */
  version?: string;
}

export interface FactsItem {
  kind: 'facts';
  facts: RepoFileFacts;
  commit: number | null;
  /** as Sighting.kept */
  kept?: true;
}

export interface SkipItem {
  kind: 'skip';
  skipped: Skipped;
}

export type SourceItem = BlobItem | FactsItem | SkipItem;

/** The commits a source walked (git modes), by ordinal: items refer to them by index. */
export interface CommitLog {
  readonly length: number;
  /** the commit as findings report it; null for an ordinal never given */
  info(ordinal: number): CommitInfo | null;
  /**
   * committer date in seconds, never earlier than an ancestor's (src/sources/git/commit-table.ts):
   * which of two commits came first (0 for an ordinal never given)
   */
  committedAt(ordinal: number): number;
}

/** The commits of a source outside git history: none. */
export const NO_COMMITS: CommitLog = { length: 0, info: () => null, committedAt: () => 0 };

export interface Source {
  /** the directory every path is relative to */
  readonly root: string;
  /** the commits walked so far, in walk order (oldest first); items refer to them by index */
  readonly commits: CommitLog;
  /** the items; the iteration ends when the source is done (or aborted) */
  items(): AsyncIterable<SourceItem>;
  /** --timeout: stop producing now (kill git, stop reading) */
  abort(): void;
  /** many items expected: worth starting worker threads for */
  readonly large: boolean;
  /** how many contents the source will hand, when it knows beforehand (a working tree's file count) */
  readonly expectedContent?: number;
  /** things the user should know that are not findings (shallow clone, …) */
  readonly warnings: string[];
}

/** Commit messages are scanned as content at this pseudo-path (a message has no file). */
export const COMMIT_MESSAGE_PATH = '(commit message)';
/**
 * diff: a commit's header as git stores it (author, committer, `encoding`, a merged tag's
 * `mergetag`, any other line git keeps there), scanned at this pseudo-path.
 */
export const COMMIT_HEADER_PATH = '(commit header)';
/** An annotated tag's message, likewise (history: the finding's commit is the tag). */
export const TAG_MESSAGE_PATH = '(tag message)';
/**
 * A git note (history: a blob in the tree of a commit that only refs/notes/* reach) is scanned at
 * `(note on <id>)`, the id of the object it annotates: the tree's own path for it is that id,
 * fanned out (`d7/810c…`), which read as a file of that name.
 */
export const notePath = (annotated: string): string => `(note on ${annotated})`;
const NOTE_PATH = /^\(note on (?:[0-9a-f]{40}|[0-9a-f]{64})\)$/;
/** The object a note annotates, from its path in a notes tree (`d7/810c…`, any fan-out), or null for any other path there. */
export function annotatedBy(treePath: string): string | null {
  if (!/^(?:[0-9a-f]{2}\/)*[0-9a-f]+$/.test(treePath)) return null;
  const id = treePath.replaceAll('/', '');
  return id.length === 40 || id.length === 64 ? id : null;
}
/** Whether `p` is a message's or a note's pseudo-path as reports show it (a file of that name is shown as `./` and its name: shownPath). */
export const isMessagePath = (p: string): boolean =>
  p === COMMIT_MESSAGE_PATH || p === COMMIT_HEADER_PATH || p === TAG_MESSAGE_PATH || (p.charCodeAt(0) === 40 /* ( */ && NOTE_PATH.test(p));

/**
 * The path findings and reports give a sighting: its own, but a file at the top of the
 * repository named like a message's pseudo-path is `./(commit message)`, so that its findings
 * never share a fingerprint, a stillPresent answer or a baseline entry with a message's. Git
 * never writes a path starting with `./`, so the two cannot be confused either way.
 */
export const shownPath = (s: Pick<Sighting, 'path' | 'message'>): string => (!s.message && isMessagePath(s.path) ? `./${s.path}` : s.path);

/** A shown path's path in git's trees (shownPath undone). */
export const treePath = (shown: string): string => (shown.startsWith('./') && isMessagePath(shown.slice(2)) ? shown.slice(2) : shown);
