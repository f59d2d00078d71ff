// The blobs of some paths in one commit's tree: what provenance reads to say whether a secret
// is still present at HEAD.
import { BlobReader } from './git/blob-reader.js';
import { treeBlobs } from './git/repo.js';
import { ItemQueue } from './queue.js';
import type { BlobItem, Source, SourceItem } from './source.js';

export async function treeSource(root: string, commit: string, paths: Iterable<string>, maxBytes: number): Promise<Source & { tree: Map<string, string> }> {
  const tree = await treeBlobs(root, commit);
  const queue = new ItemQueue<SourceItem>(8 * 1024 * 1024);
  const reader = new BlobReader<BlobItem>(root, maxBytes);
  for (const p of new Set(paths)) {
    const id = tree.get(p);
    if (id) reader.read(id, { kind: 'blob', content: { kind: 'missing', detail: '' }, sightings: [{ path: p, commit: null }] });
  }
  reader.endRequests();
  const run = async () => {
    for (let a = await reader.next(); a; a = await reader.next()) {
      if (a.blob.kind !== 'content') continue;
      a.tag.content = { kind: 'bytes', bytes: a.blob.data, ...(a.blob.release ? { release: a.blob.release } : {}) };
      queue.push(a.tag, a.blob.data.length);
      await queue.room();
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
    tree,
    commits: [],
    large: false,
    warnings: [],
    items: () => queue,
    abort: () => {
      reader.abort();
      queue.end();
    },
  };
}
