// The git questions swlint fix asks: one function each. Paths are literal (no pathspec magic)
// and relative to the repository's top level.
import { git, GitError } from '../sources/git/process.js';

const LITERAL = ['--literal-pathspecs'];
const nulList = (b: Buffer) => b.toString('utf8').split('\0').filter(Boolean);

async function ask(top: string, args: string[], what: string): Promise<Buffer> {
  const r = await git(top, [...LITERAL, ...args]);
  if (r.code !== 0) throw new GitError(`git ${what} failed: ${r.stderr.trim().split('\n')[0] ?? ''}`, r.stderr, r.code);
  return r.stdout;
}

/** Which of `paths` git tracks (are in the index). */
export async function trackedOf(top: string, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  return new Set(nulList(await ask(top, ['ls-files', '-z', '--', ...paths], 'ls-files')));
}

/** Which of `paths` differ in the working tree from the index (what `git diff` would show). */
export async function unstagedOf(top: string, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  return new Set(nulList(await ask(top, ['diff', '--no-ext-diff', '--no-textconv', '--name-only', '-z', '--', ...paths], 'diff')));
}

/** Whether .gitignore rules (not the index) ignore `path`. */
export async function isIgnored(top: string, path: string): Promise<boolean> {
  const r = await git(top, ['check-ignore', '-q', '--no-index', '--', path]);
  if (r.code === 0) return true;
  if (r.code === 1) return false;
  throw new GitError(`git check-ignore failed: ${r.stderr.trim().split('\n')[0] ?? ''}`, r.stderr, r.code);
}

/** `git rm --cached`: stop tracking `path`, keep the file. */
export async function untrack(top: string, path: string): Promise<void> {
  await ask(top, ['rm', '--cached', '-q', '--', path], 'rm --cached');
}

/** The files as HEAD has them (absent: no HEAD, or not in it); one git process for all. */
export async function headVersions(top: string, paths: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const wanted = paths.filter((p) => !p.includes('\n'));
  if (wanted.length === 0) return out;
  const r = await git(top, ['cat-file', '--batch'], wanted.map((p) => `HEAD:${p}\n`).join(''));
  if (r.code !== 0) return out;
  const buf = r.stdout;
  let at = 0;
  for (const p of wanted) {
    const nl = buf.indexOf(10, at);
    if (nl < 0) break;
    const header = buf.subarray(at, nl).toString('utf8');
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) {
      at = nl + 1; // "<name> missing" or "ambiguous"
      continue;
    }
    const size = Number(m[2]);
    if (m[1] === 'blob') out.set(p, buf.subarray(nl + 1, nl + 1 + size).toString('utf8'));
    at = nl + 1 + size + 1;
  }
  return out;
}

/**
 * The environment variable names tracked files already read, with how often: `git grep` over
 * the usual lookups of every language swlint fix writes (SignalWire-looking names only).
 */
export async function environmentReads(top: string): Promise<Map<string, number>> {
  const name = '[A-Z_]*(SIGNALWIRE|SWIRE|SW)_[A-Z0-9_]*';
  const pattern = `(process\\.env\\.|env\\[["']|environ\\[["']|environ\\.get\\(["']|getenv\\(["']|Getenv\\("|fetch\\(["']|GetEnvironmentVariable\\("|secrets\\.|\\$\\{|\\$)${name}`;
  const r = await git(top, ['grep', '-I', '-h', '-o', '-E', '--no-color', '-e', pattern]);
  const counts = new Map<string, number>();
  if (r.code !== 0) return counts; // 1: nothing found; otherwise the names are a preference, not a need
  for (const m of r.stdout.toString('utf8').matchAll(/[A-Z_]*(?:SIGNALWIRE|SWIRE|SW)_[A-Z0-9_]*/g)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  return counts;
}

/** Tracked files matching `glob` (at any depth: `*.java`) that hold one of `words` as a whole word. */
export async function filesWithWords(top: string, words: string[], glob: string): Promise<string[]> {
  if (words.length === 0) return [];
  const r = await git(top, ['grep', '-l', '-z', '-w', '-I', '--no-color', ...words.flatMap((w) => ['-e', w]), '--', glob]);
  if (r.code === 1) return [];
  if (r.code !== 0) throw new GitError(`git grep failed: ${r.stderr.trim().split('\n')[0] ?? ''}`, r.stderr, r.code);
  return nulList(r.stdout);
}
