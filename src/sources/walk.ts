// The walk of a directory that is not in a git repository, on fast-glob: fast-glob walks (in
// parallel, never following a symlink, so never out of the root or into a loop) and swlint
// decides, as each directory is read, which of its entries git would ignore. The decision sits
// in the directory reader fast-glob is given (its `fs.readdir`): an ignored directory is never
// entered, so a .gitignore'd node_modules costs one readdir of its parent, as in git itself,
// and the files kept are collected there.
// Semantics (test/e2e/scan.test.ts, test/robustness/files.test.ts): every .gitignore on the
// way down applies, the deepest with a matching rule (ignore or `!` re-include) decides, and a
// file inside an ignored directory stays ignored; a directory holding `.git` below the root is
// a repository of its own, listed by git; a directory that cannot be read is reported.
import { promises as fs, readdir, type Dirent } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';
import type { Skipped } from '../types.js';
import { errnoReason } from './file-checks.js';

interface Scope {
  dir: string;
  ig: Ignore;
}

export interface WalkResult {
  /** absolute paths of the files (and symlinks, which the reader skips) to scan */
  files: string[];
  /** directories below the root holding `.git`: the caller lists each with git */
  repositories: string[];
  /** directories that could not be read */
  skipped: Skipped[];
  /** the bytes of each file whose name is not UTF-8 (its string in `files` shows U+FFFD), by that string */
  rawPaths: Map<string, Buffer>;
}

const toPosix = (p: string) => p.split(path.sep).join('/');

/** The .gitignore of `dir` as a matcher, or null when it has none (or it cannot be read). */
export async function loadGitignore(dir: string): Promise<Ignore | null> {
  try {
    return ignore().add(await fs.readFile(path.join(dir, '.gitignore'), 'utf8'));
  } catch {
    return null;
  }
}

/** git's precedence: the deepest .gitignore with a matching rule (ignore or `!` re-include) decides. */
function isIgnored(scopes: readonly Scope[], abs: string, isDir: boolean): boolean {
  for (let k = scopes.length - 1; k >= 0; k--) {
    const s = scopes[k]!;
    const rel = toPosix(path.relative(s.dir, abs));
    const verdict = s.ig.test(isDir ? rel + '/' : rel);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}

type ReaddirCallback = (error: NodeJS.ErrnoException | null, entries: Dirent[]) => void;

/** Lists the files below `root` that no .gitignore excludes. */
export async function walkOutsideGit(root: string): Promise<WalkResult> {
  const files: string[] = [];
  const repositories: string[] = [];
  const skipped: Skipped[] = [];
  const rawPaths = new Map<string, Buffer>();
  /** the .gitignore scopes in force inside each directory read so far (its own included) */
  const scopes = new Map<string, Scope[]>();
  const entriesOf = async (dir: string, entries: Dirent[]): Promise<Dirent[]> => {
    const inherited = dir === root ? [] : (scopes.get(path.dirname(dir)) ?? []);
    if (dir !== root && entries.some((e) => e.name === '.git')) {
      repositories.push(dir);
      return [];
    }
    const own = entries.some((e) => e.name === '.gitignore' && e.isFile()) ? await loadGitignore(dir) : null;
    const active = own ? [...inherited, { dir, ig: own }] : inherited;
    scopes.set(dir, active);
    const kept = entries.filter((e) => e.name !== '.git' && !isIgnored(active, path.join(dir, e.name), e.isDirectory()));
    // the files are taken here, not from fast-glob's answer: its glob matching drops names with a newline
    for (const e of kept) if (!e.isDirectory()) files.push(path.join(dir, e.name));
    // a name that is not UTF-8 reads as U+FFFD where its bytes were, which opens no file: its bytes are kept
    if (kept.some((e) => !e.isDirectory() && e.name.includes('\uFFFD'))) await keepRawNames(dir, rawPaths);
    return kept;
  };
  // fast-glob's directory reader: what git would not list is never handed to fast-glob
  const readdirFiltered = (dir: string, _options: unknown, callback: ReaddirCallback) => {
    // a directory that cannot be read is reported and the walk goes on (fast-glob would stop,
    // or with suppressErrors say nothing)
    const unreadable = (e: unknown) => {
      skipped.push({ file: dir, reason: errnoReason(e) });
      callback(null, []);
    };
    readdir(dir, { withFileTypes: true }, (error, entries) => {
      if (error) unreadable(error);
      else entriesOf(dir, entries).then((kept) => callback(null, kept), unreadable);
    });
  };
  await fg.glob('**', {
    cwd: root,
    dot: true,
    onlyDirectories: true,
    followSymbolicLinks: false,
    suppressErrors: true,
    // fast-glob types its adapter as fs.readdir with every overload; it calls only (dir, { withFileTypes }, callback)
    fs: { readdir: readdirFiltered as unknown as typeof readdir },
  });
  return { files, repositories, skipped, rawPaths };
}

async function keepRawNames(dir: string, rawPaths: Map<string, Buffer>): Promise<void> {
  const names = await fs.readdir(dir, { encoding: 'buffer' }).catch(() => [] as Buffer[]);
  for (const name of names) if (!isUtf8(name)) rawPaths.set(path.join(dir, name.toString('utf8')), bytesUnder(dir, name));
}

/** The absolute path of `name` (bytes, not UTF-8) in the directory `dir`, as bytes: what fs opens it by. */
export function bytesUnder(dir: string, name: Buffer): Buffer {
  return Buffer.concat([Buffer.from(dir.endsWith(path.sep) ? dir : dir + path.sep), name]);
}
