// The working tree: which files to scan under each PATH and the facts the .env rules
// need. Inside a git repository git itself answers (tracked files plus untracked files
// no ignore rule covers: nested .gitignore, info/exclude, core.excludesFile). Outside one,
// fast-glob walks and the same .gitignore semantics come from the `ignore` package (walk.ts).
import { promises as fs, lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { gitToplevel, ignoredPaths, insideGitDirectory, listUnignoredFiles, listUnignoredFilesApart, trackedPaths } from './git/repo.js';
import type { Source } from './source.js';
import { LARGE_TREE, filesSource } from './files.js';
import { isDotenvPath } from '../detect/language.js';
import { bytesUnder, loadGitignore, walkOutsideGit } from './walk.js';
import type { Skipped } from '../types.js';
import { UsageError } from '../errors.js';
import { FileFlag, FileList, absoluteUnder, directoriesBelow, rootPrefix } from './file-list.js';

export interface WorkingTreeListing {
  root: string;
  /** paths relative to `root` */
  files: FileList;
  skipped: Skipped[];
  /**
   * The directories git listed (absolute): the top one, nested repositories, checked-out
   * submodules under --recurse-submodules. Under them, git's listing and its list of ignored
   * files name every file, so nothing needs to read their directories again.
   */
  gitDirs: string[];
  /**
   * One directory of a repository: `files` are its tracked files, handed on while git still reads
   * the directories for untracked ones, which come here (with the nested repositories among them).
   */
  untracked?: Promise<ListingPart>;
  /**
   * With `ListOptions.ignoredSink`: whether every file under `root` that the ignore rules leave
   * out went to the sink, from git's walk for the untracked files (settles with `untracked`).
   */
  ignoredNamed?: Promise<boolean>;
  /**
   * One directory of a repository: whether git tracks `rel` (relative to `root`), from the
   * listing (the inventory asks for the files with findings; a git process after the scan cost
   * the bench tree 0.1 s of its end).
   */
  isTracked?: (rel: string) => boolean;
}

export interface ListingPart {
  /** paths relative to the directory listed (the listing's root, once finishListing has run) */
  files: FileList;
  skipped: Skipped[];
  gitDirs: string[];
}

/** The whole listing: the tracked files and the untracked ones, once git has listed them too. */
export async function wholeListing(listing: WorkingTreeListing): Promise<WorkingTreeListing> {
  if (!listing.untracked) return listing;
  const rest = await listing.untracked;
  return {
    root: listing.root,
    files: listing.files.concat(rest.files),
    skipped: [...listing.skipped, ...rest.skipped],
    gitDirs: [...listing.gitDirs, ...rest.gitDirs.filter((d) => !listing.gitDirs.includes(d))],
    ...(listing.ignoredNamed ? { ignoredNamed: listing.ignoredNamed } : {}),
    ...(listing.isTracked ? { isTracked: listing.isTracked } : {}),
  };
}

const toPosix = path.sep === '/' ? (p: string) => p : (p: string) => p.split(path.sep).join('/');

/**
 * `abs` relative to `root`, forward slashes: path.relative's answer, by slicing for a path under
 * `root`. path.relative and path.resolve were 110 ms of the main thread's CPU for the bench
 * tree's 48,700 files (`node --cpu-prof`), before any worker starts. `prefix`: rootPrefix(root).
 */
function relativeTo(root: string, prefix: string, abs: string): string {
  return abs.startsWith(prefix) ? toPosix(abs.slice(prefix.length)) : toPosix(path.relative(root, abs));
}

export interface ListOptions {
  /** descend into checked-out submodules (default: report each as skipped) */
  recurseSubmodules?: boolean;
  /**
   * Where the files the ignore rules leave out under the scan's root go, named by the same walk
   * of the directories that lists the untracked files (one directory in a repository): see
   * `WorkingTreeListing.ignoredNamed`.
   */
  ignoredSink?: (root: string) => (rel: string) => void;
}

/** Lists every file to scan; `paths` are as the user typed them, resolved against `cwd`. */
export async function listWorkingTree(paths: string[], cwd: string, opts: ListOptions = {}): Promise<WorkingTreeListing> {
  const targets = (paths.length ? paths : ['.']).map((p) => path.resolve(cwd, p));
  const stats = await Promise.all(targets.map((t) => fs.stat(t).catch(() => null)));
  const missing = targets.filter((_, i) => !stats[i]);
  if (missing.length)
    throw new UsageError(`no such file or directory: ${missing.map((m) => path.relative(cwd, m) || '.').join(', ')} (check the path, or leave it out)`);
  // a bare repository (or .git itself) has no working tree: its files are git's objects and refs,
  // whose contents a plain read cannot see; a clean report there would be a scan of nothing
  for (let i = 0; i < targets.length; i++)
    if (stats[i]!.isDirectory() && (await insideGitDirectory(targets[i]!)))
      throw new UsageError(
        `${path.relative(cwd, targets[i]!) || '.'} is a git directory (a bare repository, or .git), which has no working tree to scan: scan its commits with \`swlint history\``,
      );
  const root = targets.length === 1 && stats[0]?.isDirectory() ? targets[0]! : cwd;
  // one directory in a repository (the usual `scan`): its tracked files are handed on while git
  // still reads the directories for untracked ones
  if (targets.length === 1 && stats[0]!.isDirectory() && (await gitToplevel(root))) {
    const lists = listUnignoredFilesApart(root, opts.ignoredSink?.(root));
    const untracked = lists.untracked.then(async (listed) => finishListing(root, await describeListed(root, listed, opts)));
    // awaited by whoever scans the rest; a listing or scan that fails first must not leave it unhandled
    untracked.catch(() => undefined);
    const tracked = finishListing(root, await describeListed(root, await lists.tracked, opts));
    return { root, ...tracked, untracked, isTracked: trackedAtRoot(root, tracked), ...(lists.ignoredNamed ? { ignoredNamed: lists.ignoredNamed } : {}) };
  }
  const files = new FileList();
  // a directory given twice, or inside another argument: each file once (by its path from the root)
  const seen = targets.length > 1 ? new Set<string>() : null;
  const skipped: Skipped[] = [];
  const gitDirs: string[] = [];
  const prefix = rootPrefix(root);
  const add = (rel: string, flags: number, rawName?: Buffer) => {
    if (seen?.has(rel)) return;
    seen?.add(rel);
    files.push(rel, flags, rawName);
  };
  // files named on the command line are described together: git is asked once per directory
  const explicit = await describeExplicitFiles(targets.filter((_, i) => !stats[i]!.isDirectory()));
  for (let i = 0; i < targets.length; i++) {
    const target = targets[i]!;
    if (!stats[i]!.isDirectory()) {
      add(relativeTo(root, prefix, target), explicit.get(target)!);
      continue;
    }
    const listed = await listDirectory(target, opts);
    const targetPrefix = rootPrefix(target);
    for (const d of listed.gitDirs) if (!gitDirs.includes(d)) gitDirs.push(d);
    for (let k = 0; k < listed.files.length; k++) {
      const rel = target === root ? listed.files.rel(k) : relativeTo(root, prefix, absoluteUnder(target, targetPrefix, listed.files.rel(k)));
      add(rel, listed.files.flagsOf(k), listed.files.rawName(k));
    }
    for (const s of listed.skipped) if (!skipped.some((k) => k.file === s.file && k.reason === s.reason)) skipped.push(s);
  }
  return { root, ...finishListing(root, { files, skipped, gitDirs }) };
}

/**
 * Whether the repository at `root` tracks `rel`, for the inventory, from the listing (a git process
 * after the scan cost the bench tree 0.1 s of its end): a file it tracks, and not one of a nested
 * repository's or a submodule's, which its index does not list. Asked only of files with findings.
 */
function trackedAtRoot(root: string, tracked: ListingPart): (rel: string) => boolean {
  let set: Set<string> | null = null;
  const nested = directoriesBelow(root, tracked.gitDirs).map((d) => `${d.rel}/`);
  return (rel) => {
    if (!set) {
      set = new Set();
      const { files } = tracked;
      for (let k = 0; k < files.length; k++) if (files.has(k, FileFlag.tracked)) set.add(files.rel(k));
    }
    return set.has(rel) && !nested.some((n) => rel.startsWith(n));
  };
}

/** Sorted by path (relative to the scan's root already); skips named relative to the root. */
function finishListing(root: string, listed: ListingPart): ListingPart {
  listed.files.sortByPath();
  for (const s of listed.skipped) s.file = toPosix(path.relative(root, s.file)) || '.';
  return listed;
}

/** The working tree as a source: facts about every listed file, then each file to read. */
export async function worktreeSource(paths: string[], cwd: string, opts: ListOptions = {}): Promise<Source & { listing: WorkingTreeListing }> {
  let listing = await listWorkingTree(paths, cwd, opts);
  // whether the tree is large (worth the workers) is known from its tracked files, or once it is all listed
  if (listing.untracked && listing.files.length < LARGE_TREE) listing = await wholeListing(listing);
  return { ...filesSource(listing.root, listing.files, listing.skipped, listing.untracked), listing };
}

async function listDirectory(dir: string, opts: ListOptions): Promise<ListingPart> {
  const top = await gitToplevel(dir);
  return top ? listWithGit(dir, opts) : walk(dir, opts);
}

async function listWithGit(dir: string, opts: ListOptions): Promise<ListingPart> {
  return describeListed(dir, await listUnignoredFiles(dir), opts);
}

/** What git listed in `dir`, as files to scan and skips (nested repositories and submodules listed in turn); `gitDirs` starts with `dir`. */
async function describeListed(dir: string, listed: FileList, opts: ListOptions): Promise<ListingPart> {
  const files = new FileList();
  const skipped: Skipped[] = [];
  const gitDirs = [dir];
  let notCheckedOut = 0;
  for (let k = 0; k < listed.length; k++) {
    const rel = listed.rel(k);
    const flags = listed.flagsOf(k);
    if (rel.endsWith('/')) {
      // an untracked nested repository: list it with its own ignore rules
      const abs = path.resolve(dir, rel);
      const nested = await listDirectory(abs, opts).catch(() => ({ files: new FileList(), skipped: [{ file: abs, reason: 'unreadable' }], gitDirs: [] }));
      files.append(nested.files, rel);
      skipped.push(...nested.skipped);
      gitDirs.push(...nested.gitDirs);
      continue;
    }
    if (flags & FileFlag.notCheckedOut) {
      notCheckedOut++;
      continue;
    }
    if (flags & FileFlag.submodule) {
      const skip = await submodule(absoluteUnder(dir, rootPrefix(dir), rel), rel, opts, files, skipped, gitDirs);
      if (skip) skipped.push(skip);
      continue;
    }
    const raw = listed.rawName(k);
    files.push(rel, FileFlag.inRepo | (flags & (FileFlag.tracked | FileFlag.regular)), raw ? bytesUnder(dir, raw) : undefined);
  }
  // a tracked .env that .gitignore also covers needs only untracking (the rule's fix says so);
  // asked of git only when there is one, which is rare
  const trackedEnv: number[] = [];
  for (let k = 0; k < files.length; k++) if (files.has(k, FileFlag.tracked) && isDotenvPath(files.rel(k))) trackedEnv.push(k);
  if (trackedEnv.length) {
    const ignored = await ignoredPaths(
      dir,
      trackedEnv.map((k) => files.rel(k)),
    ).catch(() => new Set<string>());
    for (const k of trackedEnv) if (ignored.has(files.rel(k))) files.setFlag(k, FileFlag.ignored);
  }
  if (notCheckedOut) {
    skipped.push({
      file: dir,
      reason: 'sparse-checkout',
      detail: `${notCheckedOut} tracked file${notCheckedOut === 1 ? ' is' : 's are'} outside the sparse checkout, so not in the working tree; \`swlint history\` scans them`,
    });
  }
  return { files, skipped, gitDirs };
}

/**
 * A submodule: listed with its own repository's rules under --recurse-submodules when it is
 * checked out; otherwise one skipped entry says why it was not scanned.
 */
async function submodule(abs: string, rel: string, opts: ListOptions, files: FileList, skipped: Skipped[], gitDirs: string[]): Promise<Skipped | null> {
  if (!opts.recurseSubmodules) return { file: abs, reason: 'submodule', detail: 'not scanned: pass --recurse-submodules to scan it' };
  const checkedOut = await fs.stat(path.join(abs, '.git')).then(
    () => true,
    () => false,
  );
  const top = checkedOut ? await gitToplevel(abs) : null;
  const real = await fs.realpath(abs).catch(() => abs);
  if (!top || path.resolve(top) !== real) return { file: abs, reason: 'submodule', detail: 'not checked out: run `git submodule update --init` to scan it' };
  const nested = await listWithGit(abs, opts);
  files.append(nested.files, `${rel}/`);
  skipped.push(...nested.skipped);
  gitDirs.push(...nested.gitDirs);
  return null;
}

/**
 * Files named on the command line are scanned even when ignored (lint-staged and pre-commit's
 * `--all-files` pass lists of thousands). Their facts come from git in one call per question
 * and repository: asked per directory, 100 files in 100 directories started 300 git processes
 * and took 2.9 s.
 */
async function describeExplicitFiles(abs: string[]): Promise<Map<string, number>> {
  /** each file's FileFlag bits */
  const described = new Map<string, number>();
  const byDir = new Map<string, string[]>();
  for (const file of abs) {
    const dir = path.dirname(file);
    const list = byDir.get(dir);
    if (list) list.push(file);
    else byDir.set(dir, [file]);
  }
  // the questions for git, by the directory it answers them in (a repository's top level), with
  // each file's path from there
  const asks = new Map<string, { file: string; rel: string }[]>();
  const tops: string[] = [];
  // asked synchronously: a thread-pool round trip for each of thousands of directories, one after
  // the other, left the main thread idle for most of 0.4 s (3,000 named files of the bench tree)
  const holdsGit = new Map<string, boolean>(); // directories share their parents
  for (const [dir, files] of byDir) {
    const real = realpathOrSame(dir);
    let top = knownTopOf(real, tops, holdsGit);
    if (!top) {
      const found = await gitToplevel(dir);
      if (!found) {
        for (const file of files) described.set(file, (await ignoredOutsideRepo(file)) ? FileFlag.ignored : 0);
        continue;
      }
      tops.push(path.resolve(found));
      top = knownTopOf(real, [path.resolve(found)], holdsGit) ?? dir; // not found below it: asked where it is, as git answered
    }
    const prefix = top === dir ? '' : toPosix(path.relative(top, real));
    const list = asks.get(top) ?? [];
    for (const file of files) list.push({ file, rel: prefix ? `${prefix}/${path.basename(file)}` : path.basename(file) });
    asks.set(top, list);
  }
  await Promise.all(
    [...asks].map(async ([dir, list]) => {
      const rels = list.map((f) => f.rel);
      const [ignored, tracked] = await Promise.all([ignoredPaths(dir, rels), trackedPaths(dir, rels)]);
      for (const { file, rel } of list)
        described.set(file, FileFlag.inRepo | (tracked.has(rel) ? FileFlag.tracked : 0) | (ignored.has(rel) ? FileFlag.ignored : 0));
    }),
  );
  return described;
}

/**
 * The deepest of the repositories' top levels found so far that holds the real directory `real`
 * with nothing between them that would make it another repository's: a `.git` entry (a nested
 * repository, a submodule, a linked worktree) or a git directory itself.
 */
function knownTopOf(real: string, tops: string[], holdsGit: Map<string, boolean>): string | null {
  let best: string | null = null;
  for (const t of tops) if ((real === t || real.startsWith(t + path.sep)) && (!best || t.length > best.length)) best = t;
  if (!best) return null;
  for (let d = real; d !== best; d = path.dirname(d)) {
    if (path.basename(d) === '.git') return null;
    let holds = holdsGit.get(d);
    if (holds === undefined) holdsGit.set(d, (holds = lstatSync(path.join(d, '.git'), { throwIfNoEntry: false }) !== undefined));
    if (holds) return null;
  }
  return best;
}

function realpathOrSame(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/** Outside a repository: is `file` matched by a .gitignore in its directory or any parent? */
async function ignoredOutsideRepo(file: string): Promise<boolean> {
  let dir = path.dirname(file);
  for (;;) {
    const verdict = (await loadGitignore(dir))?.test(toPosix(path.relative(dir, file)));
    if (verdict?.ignored) return true;
    if (verdict?.unignored) return false;
    const parent = path.dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}

/** A directory that is not in a repository: fast-glob's walk with every .gitignore applied (src/sources/walk.ts). */
async function walk(root: string, opts: ListOptions): Promise<ListingPart> {
  const found = await walkOutsideGit(root);
  const prefix = rootPrefix(root);
  const files = new FileList();
  for (const abs of found.files) files.push(relativeTo(root, prefix, abs), 0, found.rawPaths.get(abs));
  const skipped = [...found.skipped];
  const gitDirs: string[] = [];
  // a repository inside: listed by git with its own rules; a git failure there is an error (issue 9.13), never a quieter walk
  for (const dir of found.repositories) {
    const nested = await listDirectory(dir, opts);
    files.append(nested.files, `${relativeTo(root, prefix, dir)}/`);
    skipped.push(...nested.skipped);
    gitDirs.push(...nested.gitDirs);
  }
  return { files, skipped, gitDirs };
}
