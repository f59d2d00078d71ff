// Files on disk as a source: for each file, facts for the repository rules and its content, read by
// whoever scans it (a worker thread reads its own files). The working tree lists its files and
// hands them here; `scan --no-ignore` hands the ignored ones the same way.
import { lstatSync } from 'node:fs';
import type { RepoFileFacts, Skipped } from '../types.js';
import { isDotenvPath } from '../detect/language.js';
import { NO_COMMITS, type Source, type SourceItem } from './source.js';
import { FileFlag, absoluteUnder, rootPrefix, type FileList } from './file-list.js';

/** Trees with fewer files than this are scanned on the main thread: starting workers costs more. */
export const LARGE_TREE = 200;

/**
 * `files`: paths relative to `root`. `later`: more files and skips, handed on after `files` once
 * listed (a repository's untracked files).
 */
export function filesSource(
  root: string,
  files: FileList,
  skipped: readonly Skipped[] = [],
  later?: Promise<{ files: FileList; skipped: readonly Skipped[] }>,
): Source {
  const prefix = rootPrefix(root);
  // one async next() over a plain generator per part: async generators (two, through yield*)
  // cost several promises per item, and a file is two items (48,700 files on the bench tree)
  const items = (): AsyncIterable<SourceItem> => ({
    [Symbol.asyncIterator]() {
      let current = part(files, skipped);
      let rest = later;
      return {
        async next(): Promise<IteratorResult<SourceItem>> {
          for (;;) {
            const r = current.next();
            if (!r.done || !rest) return r;
            const more = await rest;
            rest = undefined;
            current = part(more.files, more.skipped);
          }
        },
      };
    },
  });
  function* part(files: FileList, skipped: readonly Skipped[]): Generator<SourceItem> {
    for (const s of skipped) yield { kind: 'skip', skipped: s };
    // file by file: the first files reach the workers at once, and the facts (48,700 on the bench
    // tree, 0.12 s of this thread) are checked while they scan, not before
    for (let i = 0; i < files.length; i++) {
      const rel = files.rel(i);
      const regular = files.has(i, FileFlag.regular);
      // made now, and gone once the file is read: the listing keeps no absolute paths (src/sources/file-list.ts)
      const abs = absoluteUnder(root, prefix, rel);
      const absBytes = files.rawName(i);
      const facts: RepoFileFacts = {
        path: rel,
        tracked: files.has(i, FileFlag.tracked),
        ignored: files.has(i, FileFlag.ignored),
        inRepo: files.has(i, FileFlag.inRepo),
      };
      // only the rules about .env files ask, and only of a file git does not list as regular
      if (!regular && isDotenvPath(rel) && isSymlink(absBytes ?? abs)) facts.symlink = true;
      yield { kind: 'facts', facts, commit: null };
      const content = { kind: 'file' as const, abs, ...(regular ? { regular: true as const } : {}), ...(absBytes ? { absBytes } : {}) };
      yield { kind: 'blob', content, sightings: [{ path: rel, commit: null }] };
    }
  }
  // expectedContent: the files known now (the untracked ones listed later are usually few)
  return { root, commits: NO_COMMITS, large: files.length >= LARGE_TREE, expectedContent: files.length, warnings: [], items, abort: () => undefined };
}

function isSymlink(abs: string | Buffer): boolean {
  try {
    return lstatSync(abs).isSymbolicLink();
  } catch {
    return false;
  }
}
