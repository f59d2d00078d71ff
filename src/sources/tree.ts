// The blobs of some paths in one commit's tree: what provenance reads to say whether a secret
// is still present at HEAD.
import { BlobReader, missingBlobDetail } from './git/blob-reader.js';
import { ItemQueue } from './queue.js';
import { NO_COMMITS, type BlobItem, type Source, type SourceItem } from './source.js';

/**
 * `tree`: the commit's tree, path → blob id (src/sources/git/repo.ts treeBlobs), listed once by
 * the caller. Each path is handed on with its content, or why it could not be read (too large,
 * missing): the scan says so. `isMissing`: blobs a partial clone lacks, never asked for (git
 * would die asking).
 */
export function treeSource(
  root: string,
  tree: ReadonlyMap<string, string>,
  paths: Iterable<string>,
  maxBytes: number,
  isMissing: (id: string) => boolean = () => false,
): Source {
  const queue = new ItemQueue<SourceItem>(8 * 1024 * 1024);
  const reader = new BlobReader<BlobItem>(root, maxBytes);
  for (const p of new Set(paths)) {
    const id = tree.get(p);
    if (!id) continue;
    // version: a gate's unscanned content is keyed on it (swlint-unscanned), as the range's scan keyed it
    const item: BlobItem = {
      kind: 'blob',
      version: id,
      content: { kind: 'missing', detail: missingBlobDetail(id) },
      sightings: [{ path: p, commit: null, atHead: true }],
    };
    if (isMissing(id)) queue.push(item, 0);
    else reader.read(id, item);
  }
  reader.endRequests();
  const run = async () => {
    for (let a = reader.take() ?? (await reader.next()); a; a = reader.take() ?? (await reader.next())) {
      const { blob, tag } = a;
      if (blob.kind === 'content') tag.content = { kind: 'bytes', bytes: blob.data, ...(blob.release ? { release: blob.release } : {}) };
      else if (blob.kind === 'too-large') tag.content = { kind: 'too-large', size: blob.size };
      queue.push(tag, blob.kind === 'content' ? blob.data.length : 0);
      if (queue.overBound) await queue.room();
    }
    await reader.close();
  };
  run().then(
    () => queue.end(),
    (e: unknown) => {
      reader.abort();
      queue.fail(e);
    },
  );
  return {
    root,
    commits: NO_COMMITS,
    large: false,
    warnings: [],
    items: () => queue,
    abort: () => {
      reader.abort();
      queue.end();
    },
  };
}
