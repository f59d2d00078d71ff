// `swlint staged` reads the trusted files (config, baseline and .swlintignore from HEAD, README
// "Trust model") and the staged blobs through one `git cat-file --batch`: a pre-commit hook
// starts one git process fewer (bench/BENCHMARKS.head.md, "Staged latency, round 2"). The
// trusted files are requested first, by name (`HEAD:<path>`), and pulled as they come: the
// config is needed before the scan starts, so this batch is not --buffer'ed. The staged blobs
// are requested after them by ChangeReader (src/sources/changes.ts), which pulls the rest, in
// request order. What is read, and from which tree, is what gitTreeReader reads on its own.
// The bundled bin starts that `cat-file` itself, before the CLI loads (offerEarlyBatch); run any
// other way, readTrustedFiles starts it.
import path from 'node:path';
import { readBlobs, UnreadableFileError } from '../config/file-reader.js';
import type { EarlyBatch } from './git/hardened.js';
import type { BatchTag } from './changes.js';
import { BlobReader } from './git/blob-reader.js';
import { GitError, firstLine } from './git/process.js';

interface Batch {
  reader: BlobReader<BatchTag>;
  maxBytes: number;
  /** settles once the trusted files' answers were all pulled */
  pulled: Promise<unknown>;
}

/** Started by readTrustedFiles, by repository root; taken once by takeStagedBatch. */
const batches = new Map<string, Batch>();

/** The `cat-file --batch` the bin started (src/bin.ts), until a run in its directory takes it. */
let offered: EarlyBatch | null = null;

export function offerEarlyBatch(batch: EarlyBatch): void {
  offered = batch;
}

function takeEarlyBatch(cwd: string): EarlyBatch | undefined {
  const batch = offered;
  if (!batch || path.resolve(batch.cwd) !== path.resolve(cwd)) return undefined;
  offered = null;
  return batch;
}

/**
 * `<commit>:<rel>` for each of `rels` → its text, or null when the tree has no file there (as
 * readBlobs answers), read through a `cat-file --batch` that stagedSource then takes over: the
 * one the bin started in `cwd`, the run's directory, when there is one (offerEarlyBatch).
 * `maxBytes`: the staged blobs' size limit (a trusted file over it is read on its own).
 */
export function readTrustedFiles(root: string, cwd: string, commit: string, maxBytes: number, rels: readonly string[]): Promise<Map<string, string | null>> {
  // an answer is split at spaces ("<name> missing"): a name with white space is read on its own
  const named = rels.filter((rel) => !/\s/.test(rel));
  const apart = rels.filter((rel) => /\s/.test(rel));
  if (!named.length) return readBlobs(root, commit, rels);
  batches.get(root)?.reader.abort(); // one an earlier run in this process left untaken
  const early = takeEarlyBatch(cwd);
  const reader = new BlobReader<BatchTag>(root, maxBytes, { buffered: false, ...(early ? { early } : {}) });
  for (const rel of named) reader.read(`${commit}:${rel}`, null);
  const pulled = pull(root, commit, reader, named, apart);
  pulled.catch(() => undefined); // the config loader reports it
  batches.set(root, { reader, maxBytes, pulled });
  return pulled;
}

async function pull(root: string, commit: string, reader: BlobReader<BatchTag>, named: string[], apart: string[]): Promise<Map<string, string | null>> {
  const separately = apart.length ? readBlobs(root, commit, apart) : null;
  const out = new Map<string, string | null>();
  const again: string[] = [];
  for (const rel of named) {
    let answer;
    try {
      answer = await reader.next();
    } catch (e) {
      reader.abort();
      const why = e instanceof GitError && e.stderr ? firstLine(e.stderr) : e instanceof Error ? e.message : String(e);
      throw new UnreadableFileError(`cannot read ${commit.slice(0, 12)}:${rel} from git: ${why}`);
    }
    if (!answer) throw new UnreadableFileError(`cannot read ${commit.slice(0, 12)}:${rel} from git: its answer was cut short`);
    const { blob } = answer;
    if (blob.kind === 'content') out.set(rel, blob.data.toString('utf8'));
    else if (blob.kind === 'missing') out.set(rel, null);
    // over the staged blobs' size limit, or no blob (a directory by that name): as readBlobs says
    else again.push(rel);
  }
  // idle until stagedSource takes it: a run that fails before then (a config error) still exits
  reader.hold(false);
  for (const [rel, text] of again.length ? await readBlobs(root, commit, again) : []) out.set(rel, text);
  for (const [rel, text] of (await separately) ?? []) out.set(rel, text);
  return out;
}

/**
 * The batch readTrustedFiles started in `root`, its trusted answers all pulled, for the staged
 * blobs; null when there is none to share (no HEAD: the config came from the working tree).
 */
export async function takeStagedBatch(root: string, maxBytes: number): Promise<BlobReader<BatchTag> | null> {
  const batch = batches.get(root);
  if (!batch) return null;
  batches.delete(root);
  const usable = await batch.pulled.then(
    () => batch.maxBytes === maxBytes,
    () => false,
  );
  if (!usable) {
    batch.reader.abort();
    return null;
  }
  batch.reader.hold(true);
  return batch.reader;
}
