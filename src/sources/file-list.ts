// Listed files, kept as a path and a few flags each, in parallel arrays: git's listing of a
// directory and the working tree's listing made from it. The working tree's lives for the whole
// scan (the inventory and the dotenv steps read it afterwards), and an object with its absolute
// path per file held about 230 bytes of every file to the end of the run (a tree of 300,000 small
// files: 68 MB of the main thread's 81 MB live, heap snapshot); git's, an object per file too,
// made the scan's peak while it was described. A file's absolute path is made when it is handed
// on to be read (absoluteUnder), and is garbage once it is.
import path from 'node:path';

/** What the listing knows of a file, beside its path: FileFlag bits. */
export const FileFlag = {
  /** git tracks it */
  tracked: 1,
  /** git's ignore rules cover it (a tracked .env that .gitignore names; --no-ignore's files) */
  ignored: 2,
  /** it is in a git repository */
  inRepo: 4,
  /** git's index lists it as a regular file: opened without an lstat first */
  regular: 8,
  /** git's listing only: a submodule (gitlink, mode 160000), a directory holding another repository */
  submodule: 16,
  /** git's listing only: tracked, but outside a sparse checkout (skip-worktree), so not in the working tree */
  notCheckedOut: 32,
} as const;

/** One listed file as a plain object: what iterating a FileList gives (tests; nothing on a scan's path). */
export interface ListedFileView {
  /** relative to the listing's root, forward slashes */
  rel: string;
  tracked: boolean;
  ignored: boolean;
  inRepo: boolean;
  regular: boolean;
  /** the name as bytes, when git's name for the file is not UTF-8 (`rel` then shows U+FFFD): see FileList.rawName */
  rawName?: Buffer;
}

/**
 * Files by path and FileFlag bits. git's listing of a directory (src/sources/git/repo.ts) is one,
 * its paths relative to that directory; the working tree's listing is another, relative to the
 * scan's root.
 */
export class FileList {
  /** each file's path, relative to the listing's root, forward slashes */
  private rels: string[] = [];
  private flags: number[] = [];
  /** by index: the names as bytes of the few files whose names are not UTF-8 (rawName) */
  private rawPaths: Map<number, Buffer> | null = null;

  get length(): number {
    return this.rels.length;
  }

  push(rel: string, flags: number, rawName?: Buffer): void {
    if (rawName) (this.rawPaths ??= new Map()).set(this.rels.length, rawName);
    this.rels.push(rel);
    this.flags.push(flags);
  }

  rel(i: number): string {
    return this.rels[i]!;
  }

  /** the file's FileFlag bits */
  flagsOf(i: number): number {
    return this.flags[i]!;
  }

  has(i: number, flag: number): boolean {
    return (this.flags[i]! & flag) !== 0;
  }

  setFlag(i: number, flag: number): void {
    this.flags[i]! |= flag;
  }

  replaceFlags(i: number, flags: number): void {
    this.flags[i] = flags;
  }

  /**
   * The file's name as bytes, when it is not UTF-8 (git keeps names as bytes; `rel` then shows
   * U+FFFD where they were): relative to its directory in git's listing, absolute in the working
   * tree's, where the file is opened by these.
   */
  rawName(i: number): Buffer | undefined {
    return this.rawPaths?.get(i);
  }

  /** the paths, in order */
  paths(): readonly string[] {
    return this.rels;
  }

  /** Appends `other`'s files, their paths behind `prefix` (a nested repository's or a submodule's path, ending in `/`). */
  append(other: FileList, prefix = ''): void {
    const at = this.rels.length;
    for (let i = 0; i < other.rels.length; i++) {
      this.rels.push(prefix + other.rels[i]!);
      this.flags.push(other.flags[i]!);
    }
    if (other.rawPaths) for (const [i, raw] of other.rawPaths) (this.rawPaths ??= new Map()).set(at + i, raw);
  }

  /** `this` then `other`: `this` itself when `other` is empty (a clean checkout has no untracked files), else a new list (neither changes). */
  concat(other: FileList): FileList {
    if (other.length === 0) return this;
    const both = new FileList();
    both.append(this);
    both.append(other);
    return both;
  }

  /** Sorts by path (code unit order); git lists in byte order, which is this order for ASCII names, so usually nothing moves. */
  sortByPath(): void {
    let sorted = true;
    for (let i = 1; i < this.rels.length && sorted; i++) if (this.rels[i - 1]! > this.rels[i]!) sorted = false;
    if (sorted) return;
    const order = this.rels.map((_, i) => i).sort((a, b) => (this.rels[a]! < this.rels[b]! ? -1 : this.rels[a]! > this.rels[b]! ? 1 : 0));
    const raw = this.rawPaths;
    this.rels = order.map((i) => this.rels[i]!);
    this.flags = order.map((i) => this.flags[i]!);
    this.rawPaths = null;
    if (raw) order.forEach((from, to) => raw.has(from) && (this.rawPaths ??= new Map()).set(to, raw.get(from)!));
  }

  view(i: number): ListedFileView {
    const rawName = this.rawName(i);
    return {
      rel: this.rels[i]!,
      tracked: this.has(i, FileFlag.tracked),
      ignored: this.has(i, FileFlag.ignored),
      inRepo: this.has(i, FileFlag.inRepo),
      regular: this.has(i, FileFlag.regular),
      ...(rawName ? { rawName } : {}),
    };
  }

  *[Symbol.iterator](): Generator<ListedFileView> {
    for (let i = 0; i < this.rels.length; i++) yield this.view(i);
  }
}

/**
 * The absolute path of `rel` (as a listing names it: relative to `root`, forward slashes): a
 * concatenation with `prefix` (`root` and a separator) for a path under the root, as every file
 * of a one-directory scan is; path.resolve otherwise (several PATHs, Windows).
 */
export function absoluteUnder(root: string, prefix: string, rel: string): string {
  return path.sep === '/' && !rel.startsWith('../') && rel !== '..' ? prefix + rel : path.resolve(root, rel);
}

/** `root` ending in a separator: absoluteUnder's `prefix`. */
export function rootPrefix(root: string): string {
  return root.endsWith(path.sep) ? root : root + path.sep;
}

/** Those of `dirs` (absolute: a listing's gitDirs) below `root`, each with its path from there (forward slashes). */
export function directoriesBelow(root: string, dirs: readonly string[]): { dir: string; rel: string }[] {
  const prefix = rootPrefix(root);
  return dirs.filter((d) => d.startsWith(prefix)).map((dir) => ({ dir, rel: dir.slice(prefix.length).split(path.sep).join('/') }));
}
