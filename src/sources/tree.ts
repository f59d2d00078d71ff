// The blobs of some paths in one commit's tree: what provenance reads to say whether a secret
// is still present at HEAD.
import { BlobReader } from './git/blob-reader.js';
import { ItemQueue } from './queue.js';
import { NO_COMMITS, type BlobItem, type Source, type SourceItem } from './source.js';

/** `tree`: the commit's tree, path → blob id (src/sources/git/repo.ts treeBlobs), listed once by the caller. */
export function treeSource(root: string, tree: ReadonlyMap<string, string>, paths: Iterable<string>, maxBytes: number): Source {
  const queue = new ItemQueue<SourceItem>(8 * 1024 * 1024);
  const reader = new BlobReader<BlobItem>(root, maxBytes);
  for (const p of new Set(paths)) {
    const id = tree.get(p);
    if (id) reader.read(id, { kind: 'blob', content: { kind: 'missing', detail: '' }, sightings: [{ path: p, commit: null }] });
  }
  reader.endRequests();
  const run = async () => {
    for (let a = reader.take() ?? (await reader.next()); a; a = reader.take() ?? (await reader.next())) {
      // a version too large to read (or absent) is handed on as such: in a gate it is still
      // unscanned content (swlint-unscanned), which provenance must see to call it still present
      if (a.blob.kind === 'content') a.tag.content = { kind: 'bytes', bytes: a.blob.data, ...(a.blob.release ? { release: a.blob.release } : {}) };
      else a.tag.content = a.blob.kind === 'too-large' ? { kind: 'too-large', size: a.blob.size } : { kind: 'missing', detail: '' };
      queue.push(a.tag, a.blob.kind === 'content' ? a.blob.data.length : 0);
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
