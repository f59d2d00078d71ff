// Dotenv files git ignores that still reach users. Bundlers (Vite, Next.js, Create React App,
// Expo, …) read `.env`, `.env.local`, `.env.production` at build time, ignored or not, and inline
// every variable with a public prefix into the JavaScript they ship: a token under a `VITE_` name
// in a gitignored `.env.local` is public the moment the app is built. So `scan` also reads the
// ignored dotenv files of the tree, for signalwire-public-env-exposure only (a plain secret in an
// ignored .env is where it belongs).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import type { ContentRule, RepoFileFacts, Rule } from '../types.js';
import { gitRecords } from '../sources/git/process.js';
import { gitToplevel, ignoredPaths, trackedPaths } from '../sources/git/repo.js';
import { Engine, type EngineOptions, type LocatedFinding } from '../engine/engine.js';
import { fileNameOf, isDotenvName } from '../detect/language.js';
import { scanExtra, type ModeContext, type ModeResult } from './modes.js';
import { filesSource } from '../sources/files.js';
import { FileFlag, FileList, directoriesBelow } from '../sources/file-list.js';

export const EXPOSURE_RULE = 'signalwire-public-env-exposure';

/** directories that never hold an app's own dotenv files, and can be huge */
const NOT_AN_APP = new Set(['.git', 'node_modules', 'vendor', '.venv', 'venv', '__pycache__', '.cache', 'target', 'Pods']);
const MAX_DEPTH = 8;
/** dotenv files are small; a large one is not read here (the normal scan reports size skips) */
const MAX_DOTENV_BYTES = 1 << 20;

/**
 * The files of the scanned tree that the dotenv steps look among (relative to the scan root,
 * forward slashes, sorted), with the walk's limits: at most MAX_DEPTH directories down, none of
 * them NOT_AN_APP, no symbolic links followed.
 */
export interface TreeFiles {
  named(want: (name: string) => boolean): Promise<string[]>;
}

/** A tree outside git (or not listed whole by it): its directories are read. */
export function walkedTree(root: string): TreeFiles {
  return { named: (want) => filesUnder(root, want) };
}

/**
 * A tree git listed: the scan's own listing (tracked and unignored files, nested repositories and
 * recursed submodules included) plus the files git ignores (`ignoredAtRoot`: ignoredFiles(root),
 * and the same asked of each nested repository), so no directory is read a second time. Walking
 * the bench tree's 27,000 directories for its dotenv files cost 8 % of the scan's CPU and wall,
 * alongside the workers (5 paired runs, bench/BENCHMARKS.head.md round 9). A root git did not
 * list whole (outside a repository) is walked.
 */
export function listedTree(
  root: string,
  listing: { files: { paths(): readonly string[] }; gitDirs: readonly string[] },
  ignoredAtRoot: Promise<IgnoredFiles>,
): TreeFiles {
  if (!listing.gitDirs.includes(root)) return walkedTree(root);
  const ignored = Promise.all([
    ignoredAtRoot.then((i) => i.named),
    ...directoriesBelow(root, listing.gitDirs).map(async ({ dir, rel: under }) =>
      (await gitIgnoredFiles(dir, { all: false, allowlisted: () => false })).named.map((rel) => `${under}/${rel}`),
    ),
  ]).then((lists) => lists.flat());
  return {
    named: async (want) => {
      const out = new Set<string>();
      // the name first: it rules out nearly every path, and the directories' test costs more
      const add = (rel: string) => {
        if (want(fileNameOf(rel)) && withinWalk(rel)) out.add(rel);
      };
      for (const rel of listing.files.paths()) add(rel);
      for (const rel of await ignored) add(rel);
      return [...out].sort();
    },
  };
}

/** Would the walk reach `rel`: within MAX_DEPTH directories, none of them one that never holds an app's files. */
function withinWalk(rel: string): boolean {
  let depth = 0;
  for (let start = 0, slash = rel.indexOf('/'); slash >= 0; start = slash + 1, slash = rel.indexOf('/', start)) {
    if (++depth > MAX_DEPTH || NOT_AN_APP.has(rel.slice(start, slash))) return false;
  }
  return true;
}

/** directories read at once by filesUnder: the size of libuv's thread pool, which reads them */
const READS_AT_ONCE = 4;

/**
 * Files under `root` whose name `want` accepts (relative, forward slashes), sorted. Directories
 * are read READS_AT_ONCE at a time, not one after another (on the bench tree, 27,000
 * directories: 0.65 s one at a time, 0.3 s so, mostly waiting for the reads), and the ones still
 * to read wait as paths: reading every subdirectory at once held the whole tree's entries and
 * raised the scan's peak RSS by 24 MiB.
 */
async function filesUnder(root: string, want: (name: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  // depth first (the last pushed is read next): few directories wait at a time
  const waiting: { dir: string; rel: string; depth: number }[] = [{ dir: root, rel: '', depth: 0 }];
  let reading = 0;
  return new Promise((resolve, reject) => {
    const readMore = () => {
      while (reading < READS_AT_ONCE && waiting.length) {
        const { dir, rel, depth } = waiting.pop()!;
        reading++;
        fs.readdir(dir, { withFileTypes: true })
          .catch(() => [])
          .then((entries) => {
            for (const e of entries) {
              const childRel = rel ? `${rel}/${e.name}` : e.name;
              // no symlinks: the scanned tree must not lead us elsewhere
              if (e.isDirectory() && depth < MAX_DEPTH && !NOT_AN_APP.has(e.name))
                waiting.push({ dir: path.join(dir, e.name), rel: childRel, depth: depth + 1 });
              else if (e.isFile() && want(e.name)) out.push(childRel);
            }
            reading--;
            readMore();
          })
          .catch(reject);
      }
      if (reading === 0 && waiting.length === 0) resolve(out.sort());
    };
    readMore();
  });
}

/**
 * Findings of signalwire-public-env-exposure in the dotenv files under `root` that the scan left
 * out because they are ignored: the files the scan did read already gave theirs (`found`, matched
 * by fingerprint), files the config allowlists are left alone. Nothing when the rule is not running.
 */
export async function scanIgnoredDotenv(
  root: string,
  /** the tree's dotenv files (TreeFiles), found once for this and shippedDotenvFacts */
  dotenvs: readonly string[],
  found: readonly LocatedFinding[],
  allowlisted: (abs: string) => boolean,
  rules: readonly Rule[],
  options: EngineOptions,
): Promise<LocatedFinding[]> {
  const rule = rules.find((r): r is ContentRule => r.kind === 'content' && r.id === EXPOSURE_RULE);
  if (!rule) return [];
  const seen = new Set(found.map((f) => f.fingerprint));
  const engine = new Engine([rule], options);
  const out: LocatedFinding[] = [];
  for (const rel of dotenvs) {
    const abs = path.join(root, rel);
    if (allowlisted(abs)) continue;
    const stat = await fs.lstat(abs).catch(() => null);
    if (!stat?.isFile() || stat.size > MAX_DOTENV_BYTES) continue;
    const text = await fs.readFile(abs, 'utf8').catch(() => null);
    if (text === null) continue;
    for (const f of engine.scanChunk({ path: rel, text }))
      if (!seen.has(f.fingerprint)) out.push({ ...f, message: `${f.message} (in a git-ignored file that the bundler still reads)` });
  }
  return out;
}

// ---- dotenv-shipped: ignored by git, shipped anyway -------------------------------------

const BUILD_FILE = /^(?:(?:docker|container)file(?:\..+)?|.+\.(?:docker|container)file)$/i;
// COPY . <dest>, ADD ./ <dest>, with flags (--chown=…) before the source
const COPY_ALL = /^\s*(?:COPY|ADD)\s+(?:--\S+\s+)*\.\/?\s/im;

const dirOf = (rel: string) => (rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '');
const within = (dir: string, rel: string) => dir === '' || rel.startsWith(dir + '/');
const relTo = (dir: string, rel: string) => (dir === '' ? rel : rel.slice(dir.length + 1));

async function readText(file: string): Promise<string | null> {
  const stat = await fs.lstat(file).catch(() => null);
  if (!stat?.isFile() || stat.size > MAX_DOTENV_BYTES) return null;
  return fs.readFile(file, 'utf8').catch(() => null);
}

/** Is `rel` ignored by the ignore file at `dir/name` (absent: not ignored)? */
async function ignoredBy(root: string, dir: string, name: string, rel: string): Promise<boolean | null> {
  const text = await readText(path.join(root, dir, name));
  if (text === null) return null;
  return ignore().add(text).ignores(relTo(dir, rel));
}

/** Which of the dotenv files git ignores, and which it tracks: git inside a repository, the .gitignore files outside. */
async function gitFacts(root: string, rels: string[]): Promise<{ ignored: Set<string>; tracked: Set<string>; inRepo: boolean }> {
  if (await gitToplevel(root).catch(() => null)) {
    const [ignored, tracked] = await Promise.all([ignoredPaths(root, rels), trackedPaths(root, rels)]);
    return { ignored, tracked, inRepo: true };
  }
  const ignored = new Set<string>();
  for (const rel of rels) {
    // every .gitignore from the root down to the file's directory, the deepest one deciding last
    const dirs = [''];
    for (const part of dirOf(rel).split('/').filter(Boolean)) dirs.push(dirs[dirs.length - 1] ? `${dirs[dirs.length - 1]}/${part}` : part);
    let verdict = false;
    for (const d of dirs) {
      const text = await readText(path.join(root, d, '.gitignore'));
      if (text === null) continue;
      const r = ignore().add(text).test(relTo(d, rel));
      if (r.ignored) verdict = true;
      else if (r.unignored) verdict = false;
    }
    if (verdict) ignored.add(rel);
  }
  return { ignored, tracked: new Set(), inRepo: false };
}

/** Does a Docker build whose context is a directory above the file copy it in? */
async function shippedByDocker(root: string, rel: string, buildFiles: string[]): Promise<boolean> {
  for (const bf of buildFiles) {
    const context = dirOf(bf);
    if (!within(context, rel)) continue;
    const text = await readText(path.join(root, bf));
    if (text === null || !COPY_ALL.test(text)) continue;
    if (!(await ignoredBy(root, context, '.dockerignore', rel))) return true;
  }
  return false;
}

/** Would `npm pack` in the nearest package above the file include it? */
async function shippedByNpm(root: string, rel: string, manifests: string[]): Promise<boolean> {
  const nearest = manifests.filter((m) => within(dirOf(m), rel)).sort((a, b) => b.length - a.length)[0];
  if (!nearest) return false;
  const dir = dirOf(nearest);
  let manifest: unknown;
  try {
    manifest = JSON.parse((await readText(path.join(root, nearest))) ?? 'null');
  } catch {
    return false;
  }
  const files = manifest && typeof manifest === 'object' ? (manifest as { files?: unknown }).files : undefined;
  if (Array.isArray(files) && files.every((f) => typeof f === 'string')) {
    // a "files" entry names a file, a directory (all below it) or a glob
    const patterns = (files as string[]).flatMap((f) => [f.replace(/^\.?\//, ''), `${f.replace(/^\.?\//, '').replace(/\/$/, '')}/**`]);
    const picomatch = (await import('picomatch')).default;
    if (picomatch(patterns, { dot: true })(relTo(dir, rel))) return true;
    return false;
  }
  // without "files", an .npmignore replaces .gitignore for npm
  const npmIgnored = await ignoredBy(root, dir, '.npmignore', rel);
  return npmIgnored === false;
}

/**
 * Facts for dotenv-shipped: every dotenv file under `root` that git ignores (and does not
 * track), with what ships it anyway. Only files with a shipper are returned.
 */
export async function shippedDotenvFacts(
  root: string,
  tree: TreeFiles,
  dotenvs: readonly string[],
  allowlisted: (abs: string) => boolean,
): Promise<RepoFileFacts[]> {
  const rels = dotenvs.filter((r) => !allowlisted(path.join(root, r)));
  if (rels.length === 0) return [];
  const { ignored, tracked, inRepo } = await gitFacts(root, rels);
  const candidates = rels.filter((r) => ignored.has(r) && !tracked.has(r));
  if (candidates.length === 0) return [];
  const buildFiles = await tree.named((n) => BUILD_FILE.test(n));
  const manifests = await tree.named((n) => n === 'package.json');
  const out: RepoFileFacts[] = [];
  for (const rel of candidates) {
    const shippedBy: ('docker' | 'npm')[] = [];
    if (await shippedByDocker(root, rel, buildFiles)) shippedBy.push('docker');
    if (await shippedByNpm(root, rel, manifests)) shippedBy.push('npm');
    if (shippedBy.length) out.push({ path: rel, tracked: false, ignored: true, inRepo, shippedBy });
  }
  return out;
}

// ---- --no-ignore: the files .gitignore leaves out ------------------------------------------

/** The names the dotenv steps look for among ignored files (TreeFiles.named): dotenv files, Docker build files, npm manifests. */
const lookedFor = (name: string) => isDotenvName(name) || BUILD_FILE.test(name) || name === 'package.json';

/** What the ignore rules leave out of a scan, kept in proportion to what is asked of it. */
export interface IgnoredFiles {
  /** how many files they leave out (not counting the ones the config allowlists) */
  count: number;
  /** every one of those (relative, sorted), when asked for (`scan --no-ignore`); else null */
  all: string[] | null;
  /** the ones whose names the dotenv steps look for (relative, sorted), allowlisted or not */
  named: string[];
}

/** What ignoredFiles keeps: every path (`all`) or only a count and the looked-for names; `allowlisted`: paths left out of both. */
export interface IgnoredKeep {
  all: boolean;
  allowlisted: (rel: string) => boolean;
}

/** A collector for ignoredFiles: each ignored path (relative, forward slashes) goes through `add`. */
export function ignoredCollector(keep: IgnoredKeep): { add: (rel: string) => void; done: () => IgnoredFiles } {
  const out: IgnoredFiles = { count: 0, all: keep.all ? [] : null, named: [] };
  return {
    add: (rel) => {
      if (lookedFor(fileNameOf(rel))) out.named.push(rel);
      if (keep.allowlisted(rel)) return;
      out.count++;
      out.all?.push(rel);
    },
    done: () => {
      out.all?.sort();
      out.named.sort();
      return out;
    },
  };
}

/**
 * The files under `root` that the ignore rules leave out of a scan: git answers inside a
 * repository (`ls-files --others --ignored --exclude-standard`), the .gitignore files outside
 * one. `.git/` is never listed. Without `keep.all`, only a count and a few names are kept: an
 * installed node_modules is most of them (100,000 files held 24 MB and 0.14 s more, sorted, in
 * a scan that needed their number), and memory must not grow with it. A scan of one directory in
 * a repository gets them from its own listing instead (ignoredCollector fed by
 * src/sources/git/repo.ts listUntrackedSplit, wired in src/run.ts): one walk of the directories.
 */
export async function ignoredFiles(root: string, keep: IgnoredKeep): Promise<IgnoredFiles> {
  if (await gitToplevel(root).catch(() => null)) return gitIgnoredFiles(root, keep);
  const found = ignoredCollector(keep);
  const walk = async (dir: string, rel: string, rules: { base: string; ig: ReturnType<typeof ignore> }[], ignoredAbove: boolean): Promise<void> => {
    const own = await readText(path.join(dir, '.gitignore'));
    const here = own === null ? rules : [...rules, { base: rel, ig: ignore().add(own) }];
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.name === '.git') continue;
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      const probe = e.isDirectory() ? `${childRel}/` : childRel;
      let ignored = ignoredAbove;
      for (const r of here) {
        const t = r.ig.test(relTo(r.base, probe));
        if (t.ignored) ignored = true;
        else if (t.unignored) ignored = false;
      }
      if (e.isDirectory()) await walk(path.join(dir, e.name), childRel, here, ignored);
      else if (e.isFile() && ignored) found.add(childRel);
    }
  };
  await walk(root, '', [], false);
  return found.done();
}

/** ignoredFiles inside a repository: git's list, read as it comes (never held whole unless `keep.all`). */
async function gitIgnoredFiles(dir: string, keep: IgnoredKeep): Promise<IgnoredFiles> {
  const found = ignoredCollector(keep);
  const { code } = await gitRecords(dir, ['ls-files', '-z', '--others', '--ignored', '--exclude-standard'], (buf, start, end) =>
    found.add(buf.toString('utf8', start, end)),
  );
  if (code !== 0) return ignoredCollector(keep).done();
  return found.done();
}

/**
 * `scan`: with --no-ignore, scans the ignored files too (content rules, and the repository rules
 * with `ignored: true`); without it, `skipped` gets one entry saying how many were left out, so
 * that unscanned is never silently clean. `listed`: ignoredFiles(result.root, …) when started
 * earlier, with `all` as --no-ignore says.
 */
export async function addIgnoredFiles(
  ctx: ModeContext,
  result: ModeResult,
  listed: Promise<IgnoredFiles> = ignoredFiles(result.root, { all: ctx.options.noIgnore === true, allowlisted: (rel) => ctx.allowlisted(result.root, rel) }),
): Promise<void> {
  const keep = { all: true, allowlisted: (rel: string) => ctx.allowlisted(result.root, rel) };
  const ignored = await listed.then((l) => (ctx.options.noIgnore && !l.all ? ignoredFiles(result.root, keep) : l));
  if (ignored.count === 0) return;
  if (!ctx.options.noIgnore || !ignored.all) {
    result.skipped.push({
      file: '.',
      reason: 'ignored',
      detail: `${ignored.count} file${ignored.count === 1 ? '' : 's'} that .gitignore excludes (scan them with --no-ignore)`,
    });
    return;
  }
  const files = ignored.all;
  const inRepo = (await gitToplevel(result.root).catch(() => null)) !== null;
  // the same pipeline as the rest of the tree: repository rules see them as ignored files
  const list = new FileList();
  for (const rel of files) list.push(rel, FileFlag.ignored | (inRepo ? FileFlag.inRepo : 0));
  const source = filesSource(result.root, list);
  const extra = await scanExtra(ctx, source);
  for (const f of extra.findings) result.findings.push(f);
  for (const sk of extra.skipped) result.skipped.push(sk);
  for (const e of extra.errors) result.errors.push(e);
  result.files += extra.files;
  result.bytes += extra.bytes;
  result.suppressedInline += extra.suppressedInline;
  if (extra.incomplete) result.incomplete = true;
}
