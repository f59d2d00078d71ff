// Where configuration, baseline and allowlists are read from. `scan` and `history` read the
// working tree; `diff` reads BASE's tree and `staged` HEAD's (git objects), so that the change
// under review cannot carry its own suppressions (README "Trust model").
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { git } from '../sources/git.js';

export class UnreadableFileError extends Error {}

export interface FileReader {
  /** what is read, for messages: "the working tree", "BASE (1a2b3c4d5e6f)" */
  readonly where: string;
  /** the text of the file at absolute path `abs`; null when there is none; UnreadableFileError when it cannot be read */
  read(abs: string): Promise<string | null>;
}

/** Errors that mean "there is no such file" rather than "there is one and it cannot be read". */
const ABSENT = new Set(['ENOENT', 'ENOTDIR']);

/** The filesystem (working tree, or anything outside a repository). */
export const fsReader: FileReader = {
  where: 'the working tree',
  async read(abs) {
    try {
      return await fs.readFile(abs, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (ABSENT.has(code)) return null;
      const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : code || 'read error';
      throw new UnreadableFileError(`cannot read ${abs} (${why}): fix it or remove it`);
    }
  },
};

/**
 * The tree of `commit` in the repository at `root`. Paths outside `root` are not in the tree:
 * they are read from the filesystem (a CI job's own config, outside the checkout, is trusted).
 */
export function gitTreeReader(root: string, commit: string, label: string): FileReader {
  return {
    where: `${label} (${commit.slice(0, 12)})`,
    async read(abs) {
      const rel = path.relative(root, abs);
      if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return fsReader.read(abs);
      const spec = `${commit}:${rel.split(path.sep).join('/')}`;
      // --batch: "<id> <type> <size>" then the content, or "<spec> missing"; never an error exit
      const r = await git(root, ['cat-file', '--batch'], spec + '\n');
      if (r.code !== 0) throw new UnreadableFileError(`cannot read ${spec} from git: ${r.stderr.trim().split('\n')[0]}`);
      const out = r.stdout;
      const lf = out.indexOf(10);
      const header = out.subarray(0, lf < 0 ? out.length : lf).toString('utf8').split(' ');
      if (header[1] !== 'blob') return null; // missing, or a directory (tree) by that name
      return out.subarray(lf + 1, lf + 1 + Number(header[2])).toString('utf8');
    },
  };
}

/** A reader with nothing in it: defaults apply (used when the trusted commit cannot be named; the mode then fails with its own message). */
export const emptyReader: FileReader = { where: 'nothing', read: async () => null };
