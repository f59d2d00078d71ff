// `swlint history`: every blob reachable from the selected refs, each (blob, path) pair
// scanned once, each finding attributed to the first commit that put that secret in that
// path. Two git processes run side by side for the whole walk:
//   git log --raw -z (no patches, oldest first)  → (commit, path, blob) in order
//   git cat-file --batch                           ← each blob id the first time it is seen
// Blob contents stream through one at a time; what stays in memory is one entry per
// (blob, path) pair seen, one per commit, and the findings.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isDotenvName } from '../detect/language.js';
import type { LocatedFinding } from '../engine/engine.js';
import type { ModeContext, ModeResult } from '../run.js';
import type { CommitInfo, Skipped } from '../types.js';
import { decode, hasBinaryExtension, isPlainUtf8 } from './decode.js';
import { BlobReader, COMMIT_FORMAT, GitError, firstLine, listUnignoredFiles, openRepository, parseCommitHeader, resolveCommit, spawnGit, treeBlobs, type Repository } from './git.js';
import { RecordSplitter } from './records.js';
import { ProgressLine } from '../progress.js';

interface Sighting {
  path: string;
  /** position of the commit in oldest-first walk order */
  ordinal: number;
}

interface BlobState {
  /** sightings waiting for the content to arrive */
  waiting: Sighting[];
  inFlight: boolean;
  /** counted in summary.files / bytes already */
  counted: boolean;
  /** binary, too large or missing: no path can yield findings */
  unreadable: boolean;
}

interface Introduced {
  finding: LocatedFinding;
  ordinal: number;
}

const isDeletedId = (id: string) => /^0+$/.test(id);

export async function scanHistory(ctx: ModeContext): Promise<ModeResult> {
  const { options } = ctx;
  const repo = await openRepository(path.resolve(options.cwd, options.paths[0] ?? '.'), 'swlint history');
  if (repo.shallow) {
    ctx.warnings.push('history is incomplete: this is a shallow clone, so older commits are missing and files are attributed to the oldest fetched commit; run `git fetch --unshallow` (in GitHub Actions: `fetch-depth: 0` on actions/checkout) and scan again');
  }
  const result = await historyOf(ctx, repo, '');
  if (options.recurseSubmodules) await addSubmoduleHistories(ctx, repo.root, '', result);
  return result;
}

/**
 * --recurse-submodules: the history of each checked-out submodule, its paths prefixed with
 * where it sits (nested submodules too). One not checked out is reported as skipped.
 */
async function addSubmoduleHistories(ctx: ModeContext, root: string, prefix: string, into: ModeResult): Promise<void> {
  const listed = await listUnignoredFiles(root).catch(() => []);
  for (const f of listed) {
    if (!f.submodule || into.incomplete) continue;
    const abs = path.join(root, f.path);
    const sub = await openRepository(abs, 'swlint history').catch(() => null);
    const real = await fs.realpath(abs).catch(() => abs);
    if (!sub || sub.root !== real) {
      into.skipped.push({ file: prefix + f.path, reason: 'submodule', detail: 'not checked out: run `git submodule update --init` to scan its history' });
      continue;
    }
    const r = await historyOf(ctx, sub, `${prefix}${f.path}/`);
    into.findings.push(...r.findings);
    into.skipped.push(...r.skipped);
    into.files += r.files;
    into.bytes += r.bytes;
    into.commits += r.commits;
    if (r.incomplete) into.incomplete = true;
    await addSubmoduleHistories(ctx, sub.root, `${prefix}${f.path}/`, into);
  }
}

/** The history of one repository; every path handed on is `prefix` + the path in that repository. */
async function historyOf(ctx: ModeContext, repo: Repository, prefix: string): Promise<ModeResult> {
  const { options, engine } = ctx;
  const [revisions, ownHeadTree] = await Promise.all([
    selectRevisions(repo, options),
    repo.hasHead ? treeBlobs(repo.root, 'HEAD') : Promise.resolve(new Map<string, string>()),
  ]);
  const headTree = prefix ? new Map([...ownHeadTree].map(([p, id]) => [prefix + p, id])) : ownHeadTree;
  let timedOut = false;

  const commits: CommitInfo[] = [];
  const blobs = new Map<string, BlobState>();
  /** "blob path" pairs already handed to the scanner */
  const pairs = new Set<string>();
  const introduced = new Map<string, Introduced>();
  /** HEAD's blobs that were scanned at their HEAD path, and the fingerprints found in them */
  const headPathsScanned = new Set<string>();
  const headFingerprints = new Set<string>();
  const skipped: Skipped[] = [];
  const stats = { files: 0, bytes: 0, requested: 0, answered: 0, walkDone: false };
  const progress = options.progress ? new Progress() : null;

  const record = (found: LocatedFinding[], ordinal: number) => {
    for (const f of found) {
      const prev = introduced.get(f.fingerprint);
      if (!prev || ordinal < prev.ordinal) introduced.set(f.fingerprint, { finding: f, ordinal });
    }
  };

  const reader = new BlobReader<string>(repo.root, options.maxFileSize, (blob, id) => {
    stats.answered++;
    if (timedOut) return;
    const state = blobs.get(id)!;
    const sightings = state.waiting;
    state.waiting = [];
    state.inFlight = false;
    if (!state.counted && blob.kind === 'content') {
      state.counted = true;
      stats.files++;
      stats.bytes += blob.size;
    }
    if (blob.kind !== 'content') {
      state.unreadable = true;
      const why = blob.kind === 'too-large' ? { reason: 'too-large', detail: `${blob.size} bytes > --max-file-size ${options.maxFileSize}` } : { reason: 'missing-object', detail: `git cannot read blob ${id}: it is missing or corrupt` };
      for (const s of sightings) skipped.push({ file: s.path, ...why });
      return;
    }
    // plain UTF-8 with none of any rule's keywords (by path too) cannot hold a finding: skip decoding it
    const keywords = isPlainUtf8(blob.data) ? engine.keywordsInUtf8(blob.data) : undefined;
    if (keywords && sightings.every((s) => !engine.needsText(keywords, blob.data, s.path))) {
      for (const s of sightings) if (headTree.get(s.path) === id) headPathsScanned.add(s.path);
      progress?.update(stats, commits.length);
      return;
    }
    const decoded = decode(blob.data);
    if (!decoded.ok) {
      state.unreadable = true;
      for (const s of sightings) skipped.push({ file: s.path, reason: 'binary' });
      return;
    }
    for (const s of sightings) {
      const found = engine.scanChunk({ path: s.path, text: decoded.text, commit: commits[s.ordinal]! }, keywords);
      record(found, s.ordinal);
      if (headTree.get(s.path) === id) {
        headPathsScanned.add(s.path);
        for (const f of found) headFingerprints.add(f.fingerprint);
      }
    }
    progress?.update(stats, commits.length);
  });

  const onEntry = (meta: string, rawPath: string) => {
    const filePath = prefix + rawPath;
    // ":<modes> <ids> <status>"; a merge's combined entry has one colon, mode and id per parent more
    const parents = meta.length - meta.replace(/^:+/, '').length;
    const fields = meta.slice(parents).split(' ');
    const mode = fields[parents] ?? '';
    const id = fields[2 * parents + 1] ?? '';
    const ordinal = commits.length - 1;
    if (timedOut) return;
    if (mode === '160000' && !options.recurseSubmodules) {
      skipped.push({ file: prefix + rawPath, reason: 'submodule', detail: 'its history is not scanned: pass --recurse-submodules to include it' });
      return;
    }
    // deletions, symlinks (120000) and submodules (160000) add no text
    if (isDeletedId(id) || !mode.startsWith('100') || ordinal < 0) return;
    // a pair seen before adds nothing: the walk is oldest first, so its first sighting is its origin
    const key = `${id} ${filePath}`;
    if (pairs.has(key)) return;
    pairs.add(key);
    if (ctx.allowlisted(path.join(repo.root, rawPath))) return;
    if (isDotenvName(filePath.slice(filePath.lastIndexOf('/') + 1))) {
      record(engine.checkFile({ path: filePath, tracked: true, ignored: false, inRepo: true }, commits[ordinal]!), ordinal);
    }
    if (hasBinaryExtension(filePath)) {
      skipped.push({ file: filePath, reason: 'binary' });
      return;
    }
    let state = blobs.get(id);
    if (!state) {
      state = { waiting: [], inFlight: false, counted: false, unreadable: false };
      blobs.set(id, state);
    }
    if (state.unreadable) return;
    state.waiting.push({ path: filePath, ordinal });
    if (!state.inFlight) {
      // first sighting, or the blob is back at a new path (a rename or copy): the path changes the findings
      state.inFlight = true;
      stats.requested++;
      reader.read(id, id);
    }
  };

  const walk = new RawLogParser((header) => {
    commits.push(parseCommitHeader(header));
    progress?.update(stats, commits.length);
  }, onEntry);
  const log = spawnGit(repo.root, [
    'log', '--reverse', '--topo-order', '--no-show-signature', '-z', COMMIT_FORMAT,
    '--raw', '--no-abbrev', '--no-renames', '--diff-merges=combined', '--root', '--no-ext-diff', '--no-textconv',
    ...(options.since ? [`--since=${options.since}`] : []),
    ...revisions,
  ]);
  log.child.stdout.on('data', (d: Buffer) => walk.push(d));
  // --timeout: stop both git processes; what was scanned so far is the (incomplete) result
  const timer = ctx.deadline === undefined ? null : setTimeout(() => {
    timedOut = true;
    log.child.kill();
    reader.abort();
  }, Math.max(0, ctx.deadline - Date.now()));
  let exited: { code: number | null; stderr: string };
  try {
    exited = await log.done;
  } catch (e) {
    if (timer) clearTimeout(timer);
    await reader.close().catch(() => undefined);
    throw e;
  }
  walk.end();
  stats.walkDone = true;
  if (exited.code !== 0 && !timedOut) {
    if (timer) clearTimeout(timer);
    await reader.close().catch(() => undefined);
    progress?.clear();
    throw new GitError(`git log failed: ${firstLine(exited.stderr)}`, exited.stderr, exited.code);
  }
  try {
    await reader.close();
  } finally {
    if (timer) clearTimeout(timer);
    progress?.clear();
  }

  const findings = [...introduced.values()].map((i) => i.finding);
  await markStillPresent(ctx, repo.root, repo.hasHead ? 'HEAD' : null, findings, { tree: headTree, scanned: headPathsScanned, fingerprints: headFingerprints });
  return { root: repo.root, findings, skipped: dedupeSkipped(skipped), files: stats.files, bytes: stats.bytes, commits: commits.length, ...(timedOut ? { incomplete: true } : {}) };
}

/** The `git log` revision arguments for --branch / --range (all refs by default), as resolved ids. */
async function selectRevisions(repo: Repository, options: ModeContext['options']): Promise<string[]> {
  const revisions: string[] = [];
  const resolve = async (ref: string, what: string) => {
    const id = await resolveCommit(repo.root, ref);
    if (!id) throw new GitError(`unknown ref "${ref}" in ${what}: name a branch, tag or commit of this repository (see \`git branch -a\` and \`git tag\`)`, '', null);
    return id;
  };
  if (options.branch) revisions.push(await resolve(options.branch, '--branch'));
  if (options.range) {
    const m = /^(.*?)\.\.(.*)$/.exec(options.range);
    if (!m || m[2]!.startsWith('.')) throw new GitError(`--range must look like A..B (got "${options.range}")`, '', null);
    revisions.push(await resolve(m[2] || 'HEAD', '--range'), `^${await resolve(m[1] || 'HEAD', '--range')}`);
  }
  // --all: branches, tags, remotes, stash and HEAD; in an empty repository it walks nothing
  return revisions.length ? revisions : ['--all'];
}

/**
 * Splits `git log -z --raw` output into commit headers and (meta, path) entries. Tokens are
 * NUL-separated; a header token starts with \x01, an entry is ":<meta>" then its path.
 */
export class RawLogParser {
  private meta: string | null = null;
  private readonly tokens = new RecordSplitter(0, (token) => this.token(token));

  constructor(private readonly onCommit: (header: string) => void, private readonly onEntry: (meta: string, path: string) => void) {}

  push(chunk: Buffer): void {
    this.tokens.push(chunk);
  }

  end(): void {
    this.tokens.end();
  }

  private token(token: Buffer): void {
    if (this.meta !== null) {
      const meta = this.meta;
      this.meta = null;
      this.onEntry(meta, token.toString('utf8'));
      return;
    }
    // a newline separates a commit header from its first entry
    let start = 0;
    while (start < token.length && token[start] === 10) start++;
    if (start === token.length) return;
    if (token[start] === 0x01) this.onCommit(token.subarray(start).toString('utf8'));
    else if (token[start] === 0x3a) this.meta = token.subarray(start).toString('latin1');
  }
}

interface KnownTree {
  tree: Map<string, string>;
  /** paths whose blob in `tree` was already scanned at that path */
  scanned: Set<string>;
  /** the fingerprints those scans found */
  fingerprints: Set<string>;
}

/**
 * Sets `stillPresent` on each finding: is the same secret (same fingerprint) in that path
 * in the tree of `commit`? For dotenv-committed: is the path still tracked there. Reads only
 * the blobs of finding paths that `known` has not scanned already, with one cat-file.
 */
export async function markStillPresent(ctx: ModeContext, root: string, commit: string | null, findings: LocatedFinding[], known?: KnownTree): Promise<void> {
  if (findings.length === 0) return;
  if (!commit) {
    for (const f of findings) f.stillPresent = false;
    return;
  }
  const tree = known?.tree ?? (await treeBlobs(root, commit));
  const scanned = known?.scanned ?? new Set<string>();
  const fingerprints = known?.fingerprints ?? new Set<string>();
  const toRead = new Set<string>();
  for (const f of findings) if (f.ruleId !== 'dotenv-committed' && tree.has(f.file) && !scanned.has(f.file)) toRead.add(f.file);
  if (toRead.size) {
    const reader = new BlobReader<string>(root, ctx.options.maxFileSize, (blob, filePath) => {
      if (blob.kind !== 'content') return;
      const decoded = decode(blob.data);
      if (!decoded.ok) return;
      for (const f of ctx.engine.scanChunk({ path: filePath, text: decoded.text })) fingerprints.add(f.fingerprint);
    });
    for (const p of toRead) reader.read(tree.get(p)!, p);
    await reader.close();
  }
  for (const f of findings) f.stillPresent = f.ruleId === 'dotenv-committed' ? tree.has(f.file) : fingerprints.has(f.fingerprint);
}

/** Progress on stderr (TTY only): commits walked, blobs scanned, MB/s, ETA once the walk is done. */
class Progress {
  private readonly started = Date.now();
  private last = 0;
  // the shared line: Ctrl-C clears it (src/progress.ts)
  private readonly line = new ProgressLine('swlint history');

  update(stats: { bytes: number; requested: number; answered: number; walkDone: boolean }, commits: number): void {
    const now = Date.now();
    if (now - this.last < 200) return;
    this.last = now;
    const seconds = (now - this.started) / 1000;
    const mb = stats.bytes / 1e6;
    const rate = seconds > 0 ? mb / seconds : 0;
    let eta = '';
    if (stats.walkDone && stats.answered > 0) {
      const left = ((stats.requested - stats.answered) * seconds) / stats.answered;
      eta = `, ETA ${Math.ceil(left)} s`;
    }
    this.line.update(`${commits} commits, ${stats.answered}/${stats.requested} blobs, ${mb.toFixed(1)} MB, ${rate.toFixed(1)} MB/s${eta}`, true);
  }

  clear(): void {
    this.line.clear();
  }
}

/** One skipped entry per file and reason (a binary file changed in 20 commits is one entry). */
export function dedupeSkipped(skipped: Skipped[]): Skipped[] {
  const seen = new Map<string, Skipped>();
  for (const s of skipped) {
    const key = `${s.file}\0${s.reason}`;
    if (!seen.has(key)) seen.set(key, s);
  }
  return [...seen.values()];
}
