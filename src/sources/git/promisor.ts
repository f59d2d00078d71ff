// Partial clones (`git clone --filter=blob:none`): git dies, rather than answering "missing",
// when `cat-file` is asked for an object a promisor pack promises and the clone lacks (it tries
// the promisor remote, which swlint forbids, then gives up on the whole process). So in a
// partial clone the objects a walk will ask for are first sorted, without fetching, by one
// `git rev-list --objects --missing=print`, and those absent are never requested. A repository
// with no promisor pack pays nothing: one directory listing, no git process.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { GitError, firstLine, streamGit } from './process.js';
import { RecordSplitter } from './records.js';
import { commonGitDir } from './repo.js';

/**
 * Whether `gitDir` (an absolute git directory; a linked worktree's names its common directory
 * in `commondir`) holds a promisor pack, the only kind of repository where git dies on a
 * missing object.
 */
export async function hasPromisorPacks(gitDir: string): Promise<boolean> {
  const packs = await fs.readdir(path.join(await commonGitDir(gitDir), 'objects', 'pack')).catch(() => [] as string[]);
  return packs.some((f) => f.endsWith('.promisor'));
}

/**
 * The ids of the objects reachable from `revisions` that the clone lacks, or null when the
 * repository is no partial clone (nothing to ask). One git process, which fetches nothing
 * (`--missing=print` turns lazy fetching off, and the transports are forbidden anyway); ids
 * only (`--no-object-names`: a path is no line of its own that could read as an id).
 */
export async function missingObjects(root: string, gitDir: string, revisions: string[]): Promise<Set<string> | null> {
  if (!(await hasPromisorPacks(gitDir))) return null;
  const missing = new Set<string>();
  const lines = new RecordSplitter(10, (buf, start, end) => {
    if (buf[start] === 0x3f) missing.add(buf.toString('latin1', start + 1, end)); // "?<id>"
  });
  const proc = streamGit(root, (chunk) => lines.push(chunk), ['rev-list', '--objects', '--missing=print', '--no-object-names', ...revisions]);
  proc.child.stdin.end();
  const exited = await proc.done;
  lines.end();
  if (exited.code !== 0) throw new GitError(`git rev-list failed: ${firstLine(exited.stderr)}`, exited.stderr, exited.code);
  return missing;
}
