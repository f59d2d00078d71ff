// Where configuration, baseline and allowlists are read from. `scan` and `history` read the
// working tree; `diff` reads BASE's tree and `staged` HEAD's (git objects), so that the change
// under review cannot carry its own suppressions (README "Trust model").
import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';
import { hookGit } from '../sources/git/process.js';

export class UnreadableFileError extends Error {}

export interface FileReader {
  /** what is read, for messages: "the working tree", "BASE (1a2b3c4d5e6f)" */
  readonly where: string;
  /**
   * the text of the file at absolute path `abs`; null when there is none; UnreadableFileError when
   * it cannot be read. `named`: the user named it (--config, --baseline), so a pipe or FIFO is read
   * as a shell would (`--config <(…)`); one found by the lookup must be a regular file.
   */
  read(abs: string, named?: boolean): Promise<string | null>;
}

/** Errors that mean "there is no such file" rather than "there is one and it cannot be read". */
const ABSENT = new Set(['ENOENT', 'ENOTDIR']);

/** The filesystem (working tree, or anything outside a repository). */
export const fsReader: FileReader = {
  where: 'the working tree',
  async read(abs, named = false) {
    let handle: fs.FileHandle | undefined;
    try {
      // O_NONBLOCK: a FIFO the scanned tree puts where the lookup looks must not wait for a writer
      handle = await fs.open(abs, named ? 'r' : fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
      if (!named) {
        const st = await handle.stat();
        if (st.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
        // a FIFO never ends without a writer, a device may never end: neither is a settings file
        if (!st.isFile()) throw new UnreadableFileError(`cannot read ${abs} (it is not a regular file): replace it with a file or remove it`);
      }
      return await handle.readFile('utf8');
    } catch (e) {
      if (e instanceof UnreadableFileError) throw e;
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (ABSENT.has(code)) return null;
      const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : code || 'read error';
      throw new UnreadableFileError(`cannot read ${abs} (${why}): fix it or remove it`);
    } finally {
      await handle?.close();
    }
  },
};

/**
 * The tree of `commit` in the repository at `root`. Paths outside `root` are not in the tree:
 * they are read from the filesystem (a CI job's own config, outside the checkout, is trusted).
 * `likely`: absolute paths read in one `git cat-file --batch` up front (the config lookup's
 * candidates), so that a pre-commit hook starts one git process for them, not one each.
 */
export function gitTreeReader(
  root: string,
  commit: string,
  label: string,
  likely: readonly string[] = [],
  /** reads the likely paths (default: a `cat-file --batch` of their own; staged shares the staged blobs' one) */
  prefetch: (rels: readonly string[]) => Promise<Map<string, string | null>> = (rels) => readBlobs(root, commit, rels),
): FileReader {
  const relative = (abs: string): string | null => {
    const rel = path.relative(root, abs);
    return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? null : rel.split(path.sep).join('/');
  };
  const inTree = likely.map(relative).filter((r): r is string => r !== null);
  const prefetched = inTree.length ? prefetch(inTree) : Promise.resolve(new Map<string, string | null>());
  return {
    where: commit === label ? label : `${label} (${commit.slice(0, 12)})`,
    async read(abs, named) {
      const rel = relative(abs);
      if (rel === null) return fsReader.read(abs, named);
      const known = await prefetched;
      if (known.has(rel)) return known.get(rel)!;
      return (await readBlobs(root, commit, [rel])).get(rel)!;
    },
  };
}

/** `<commit>:<path>` for each path → its text, or null when the tree has no file there. */
export async function readBlobs(root: string, commit: string, rels: readonly string[]): Promise<Map<string, string | null>> {
  // --batch answers "<id> <type> <size>\n<content>\n" or "<spec> missing\n", in request order
  const r = await hookGit(root, ['cat-file', '--batch'], rels.map((rel) => `${commit}:${rel}\n`).join(''));
  if (r.code !== 0) throw new UnreadableFileError(`cannot read ${commit.slice(0, 12)}:${rels[0]} from git: ${r.stderr.trim().split('\n')[0]}`);
  const out = new Map<string, string | null>();
  const data = r.stdout;
  let at = 0;
  for (const rel of rels) {
    const lf = data.indexOf(10, at);
    if (lf < 0) throw new UnreadableFileError(`cannot read ${commit.slice(0, 12)}:${rel} from git: its answer was cut short`);
    const header = data.subarray(at, lf).toString('utf8').split(' ');
    at = lf + 1;
    if (header.at(-1) === 'missing' || header.length !== 3) {
      out.set(rel, null);
      continue;
    }
    const size = Number(header[2]);
    // a directory (tree) by that name is no file
    out.set(rel, header[1] === 'blob' ? data.subarray(at, at + size).toString('utf8') : null);
    at += size + 1;
  }
  return out;
}

/** A reader with nothing in it: defaults apply (used when the trusted commit cannot be named; the mode then fails with its own message). */
export const emptyReader: FileReader = { where: 'nothing', read: async () => null };
