// The git questions swlint fix asks: one function each. Paths are literal (no pathspec magic)
// and relative to the repository's top level.
import { firstLine, git, GitError } from '../sources/git/process.js';

const LITERAL = ['--literal-pathspecs'];
const nulList = (b: Buffer) => b.toString('utf8').split('\0').filter(Boolean);

async function ask(top: string, args: string[], what: string): Promise<Buffer> {
  const r = await git(top, [...(await repositoryFiltersOff(top)), ...LITERAL, ...args]);
  if (r.code !== 0) throw new GitError(`git ${what} failed: ${r.stderr.trim().split('\n')[0] ?? ''}`, r.stderr, r.code);
  return r.stdout;
}

/** The settings by which a filter driver runs a program (`required` is set false too: git fails on a required driver switched off). */
const FILTER_PROGRAMS = ['clean', 'smudge', 'process'];
/** Config scopes the repository itself controls (the files its config includes count as the including file's). */
const REPOSITORY_SCOPES = new Set(['local', 'worktree']);
const filtersOff = new Map<string, Promise<string[]>>();

/**
 * `-c` settings that switch off every filter driver (`filter.<name>.clean`, `.smudge`,
 * `.process`) the repository's own config defines: `git diff` and `git rm --cached` compare a
 * working-tree file with the index through the driver its attributes name, and a driver is a
 * program. The user's global and system drivers (git-lfs) stay. Asked once per repository.
 */
function repositoryFiltersOff(top: string): Promise<string[]> {
  let found = filtersOff.get(top);
  if (!found) filtersOff.set(top, (found = askRepositoryFilters(top)));
  return found;
}

async function askRepositoryFilters(top: string): Promise<string[]> {
  const list = (scoped: boolean) => git(top, ['config', '-z', ...(scoped ? ['--show-scope'] : []), '--name-only', '--get-regexp', '^filter\\.']);
  let r = await list(true);
  // git before 2.26 has no --show-scope: then every driver is switched off, the user's own too
  const scoped = !(r.code === 129 || /--show-scope/.test(r.stderr));
  if (!scoped) r = await list(false);
  if (r.code === 1) return []; // no filter.* setting anywhere
  if (r.code !== 0) throw new GitError(`git config failed: ${firstLine(r.stderr)}`, r.stderr, r.code);
  const fields = r.stdout.toString('utf8').split('\0');
  const names = new Set<string>();
  for (let i = 0; i < fields.length; i += scoped ? 2 : 1) {
    const scope = scoped ? fields[i] : 'local';
    const key = scoped ? fields[i + 1] : fields[i];
    if (!key || !scope || !REPOSITORY_SCOPES.has(scope)) continue;
    const name = key.slice('filter.'.length, key.lastIndexOf('.'));
    if (!name) continue;
    // -c splits at the first "=": a driver so named cannot be switched off by it
    if (name.includes('=') || /[\0-\x1f\x7f]/.test(name))
      throw new GitError(
        'this repository\'s git config defines a filter driver whose name swlint cannot switch off (it holds "=" or a control character): remove it from .git/config (`git config --remove-section`) and run swlint fix again',
        '',
        null,
      );
    names.add(name);
  }
  return [...names].flatMap((name) => [...FILTER_PROGRAMS.flatMap((k) => ['-c', `filter.${name}.${k}=`]), '-c', `filter.${name}.required=false`]);
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
