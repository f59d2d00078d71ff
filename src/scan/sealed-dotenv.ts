// The .env findings (dotenv-not-ignored, dotenv-committed, dotenv-shipped) are about a file's
// name and where git has it, not its content; a file whose every value is encrypted (sops,
// dotenvx: src/detect/sealed.ts) is the one kind of .env file meant to be committed. Few runs
// have a .env finding at all, so its content is read here, once per finding, and not by the
// sources, which hand file facts on before any content is read.
// fs.promises, read where used: node:fs/promises required at start-up was 5 ms of `swlint staged`
// (`node --cpu-prof`), which reads no .env here unless one is reported
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { LocatedFinding } from '../engine/engine.js';
import type { CommitInfo, Mode } from '../types.js';
import { isSealedDotenv } from '../detect/sealed.js';
import { treePath } from '../sources/source.js';
import { readBlobs } from '../config/file-reader.js';
import { git } from '../sources/git/process.js';
import { OPEN_FLAGS } from '../sources/file-checks.js';
import { UNSCANNED_RULE } from './pipeline.js';

const DOTENV_RULES = new Set(['dotenv-not-ignored', 'dotenv-committed', 'dotenv-shipped']);
/** an encrypted .env file is small: a larger one is judged by its name alone */
const MAX_READ = 1024 * 1024;

export const isDotenvFinding = (f: LocatedFinding): boolean => DOTENV_RULES.has(f.ruleId);

/** The content a .env finding is about, or null when it cannot be read (the finding stays). */
type Reader = (f: LocatedFinding) => Promise<string | null>;

/**
 * Where each mode's .env finding has its content: the working tree's file (`scan`; never through a
 * symbolic link, never a FIFO), the index (`staged`), the commit that added it (`diff`, `history`).
 */
export function dotenvReader(mode: Mode, root: string): Reader {
  if (mode === 'scan')
    return async (f) => {
      const abs = path.join(root, f.file);
      const st = await fs.lstat(abs).catch(() => null);
      if (!st?.isFile() || st.size > MAX_READ) return null;
      // opened as every read of the tree is (OPEN_FLAGS): a file swapped for a link or a FIFO since is not read
      const handle = await fs.open(abs, OPEN_FLAGS).catch(() => null);
      if (!handle) return null;
      try {
        const opened = await handle.stat();
        return opened.isFile() && opened.size <= MAX_READ ? await handle.readFile('utf8') : null;
      } catch {
        return null;
      } finally {
        await handle.close();
      }
    };
  return async (f) => {
    const at = mode === 'staged' ? '' : f.commit?.sha;
    if (at === undefined) return null;
    // the trusted config's reader of a commit's (or, with no commit, the index's) files
    const text = (await readBlobs(root, at, [treePath(f.file)]).catch(() => null))?.get(treePath(f.file)) ?? null;
    return text !== null && text.length <= MAX_READ ? text : null;
  };
}

/** The versions of a .env finding's file just before the change it is at, each null where the file was not; null: no change (scan, history). */
type BeforeReader = (f: LocatedFinding) => Promise<(string | null)[] | null>;

/**
 * `staged` and `diff` hand on a .env file each time a change writes it, not only when it is added:
 * the versions before are HEAD's (`staged`) or the commit's parents' (`diff`).
 */
export function dotenvBeforeReader(mode: Mode, root: string): BeforeReader | undefined {
  if (mode !== 'staged' && mode !== 'diff') return undefined;
  return async (f) => {
    const sha = f.commit?.sha;
    let parents: string[] = ['HEAD'];
    if (mode === 'diff') {
      if (!sha) return null;
      const listed = await git(root, ['rev-list', '--parents', '-n', '1', sha]).catch(() => null);
      if (!listed || listed.code !== 0) return null;
      parents = listed.stdout.toString('utf8').trim().split(' ').slice(1);
    }
    const file = treePath(f.file);
    return Promise.all(parents.map((p) => fileAt(root, p, file)));
  };
}

/** The text of `file` in `commit`'s tree when it is a regular file there (a symbolic link named .env is no .env file), else null. */
async function fileAt(root: string, commit: string, file: string): Promise<string | null> {
  const listed = await git(root, ['ls-tree', '-z', commit, '--', `:(literal)${file}`]).catch(() => null);
  if (!listed || listed.code !== 0 || !listed.stdout.toString('latin1').startsWith('100')) return null;
  return (await readBlobs(root, commit, [file]).catch(() => null))?.get(file) ?? null;
}

/**
 * `findings` without the .env findings whose file is encrypted throughout. A file in which a
 * credential was found is not: what looks like ciphertext (`ENC[AES256_GCM,data:PT…`,
 * `"encrypted:PT…"`) holds it in clear, and the markers are a few characters anyone can write.
 * In a gate (`before`), a change to a .env file that was in clear before it adds no .env finding:
 * only one that adds the file, or decrypts a sealed one, commits a .env in clear anew. In history
 * (`later`), a .env encrypted where it was first found and written in clear by a later commit is
 * reported at that commit.
 */
export async function withoutSealedDotenv(
  findings: LocatedFinding[],
  read: Reader,
  before?: BeforeReader,
  /** history: the later commits that wrote the finding's file (ModeResult.laterVersions) */
  later?: (f: LocatedFinding) => CommitInfo[],
): Promise<LocatedFinding[]> {
  const holdsCredential = new Set(findings.filter((f) => !isDotenvFinding(f) && f.ruleId !== UNSCANNED_RULE).map((f) => f.file));
  const dropped = new Set<LocatedFinding>();
  const moved = new Map<LocatedFinding, LocatedFinding>();
  for (const f of findings) {
    if (!isDotenvFinding(f)) continue;
    const was = (await before?.(f))?.filter((t): t is string => t !== null);
    if (was?.length && !was.some(isSealedDotenv)) {
      dropped.add(f);
      continue;
    }
    if (holdsCredential.has(f.file)) continue;
    const text = await read(f);
    if (text === null || !isSealedDotenv(text)) continue;
    // history: a later commit that wrote the file in clear (or so that it cannot be read) put a .env in clear: the finding is that commit's
    let plain: LocatedFinding | null = null;
    for (const commit of later?.(f) ?? []) {
      const at = { ...f, commit };
      const version = await read(at);
      if (version === null || !isSealedDotenv(version)) {
        plain = at;
        break;
      }
    }
    if (plain) moved.set(f, plain);
    else dropped.add(f);
  }
  return dropped.size || moved.size ? findings.filter((f) => !dropped.has(f)).map((f) => moved.get(f) ?? f) : findings;
}
