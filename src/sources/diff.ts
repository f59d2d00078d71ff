// `swlint diff BASE [HEAD]`: every commit in BASE..HEAD, the lines each one adds. One
// `git log -p -U0` stream gives, per commit and file, the post-image blob id and the added
// line numbers; one `git cat-file --batch` reads those blobs, and the engine scans each
// whole blob (rules need the surrounding lines) but reports only on the added lines.
// Also home of the -U0 patch parser that `swlint staged` shares.
import path from 'node:path';
import { ProgressLine } from '../progress.js';
import { isDotenvName } from '../detect/language.js';
import type { LocatedFinding } from '../engine/engine.js';
import type { ModeContext, ModeResult } from '../run.js';
import type { CommitInfo, Skipped } from '../types.js';
import { decode } from './decode.js';
import { BlobReader, COMMIT_FORMAT, COMMIT_MARK, GitError, firstLine, git, openRepository, parseCommitHeader, resolveCommit, spawnGit, unquotePath } from './git.js';
import { dedupeSkipped, markStillPresent } from './history.js';
import { RecordSplitter } from './records.js';

/** What one file section of a patch says. */
export interface FilePatch {
  /** path in the post-image (repository-relative); for a deletion, the deleted path */
  path: string;
  /** the path is new in this change: added, or the target of a rename or copy */
  created: boolean;
  deleted: boolean;
  binary: boolean;
  /** post-image blob id; null when the patch shows none (pure rename, mode change, deletion) */
  blob: string | null;
  /** post-image mode when the patch shows it (symlinks 120000 and submodules 160000 are not text) */
  mode: string | null;
  /** 1-based post-image lines this change adds (for a merge: lines new relative to every parent) */
  added: Set<number>;
}

/** Options every patch-producing git command here needs: full ids, no context, no user diff programs. */
export const PATCH_ARGS = [
  '-p', '-U0', '--full-index', '-M', '--no-color', '--no-ext-diff', '--no-textconv',
  '--src-prefix=a/', '--dst-prefix=b/', '--no-relative', '--submodule=short', '--ignore-submodules=none',
];

/**
 * Parses a `-p -U0` patch stream (two-way or combined) line by line. Calls `onFile` as each
 * file section ends and `onCommit` at each commit header line (git log output).
 */
export class PatchParser {
  private file: FilePatch | null = null;
  private inHunk = false;
  /** parents of the current section: 1 for `diff --git`, N for `diff --cc` */
  private parents = 1;
  private nextLine = 0;
  private readonly lines = new RecordSplitter(10, (line) => this.line(line));

  constructor(private readonly onFile: (file: FilePatch) => void, private readonly onCommit: (header: string) => void = () => undefined) {}

  push(chunk: Buffer): void {
    this.lines.push(chunk);
  }

  end(): void {
    this.lines.end();
    this.flush();
  }

  private line(line: Buffer): void {
    const first = line[0];
    if (this.inHunk && (first === 0x2b || first === 0x2d || first === 0x20)) {
      // the first `parents` characters say, per parent, whether the line is added (+), removed (-) or kept
      let inResult = true;
      let addedToAll = true;
      for (let i = 0; i < this.parents; i++) {
        const c = line[i];
        if (c === 0x2d) inResult = false;
        else if (c !== 0x2b) addedToAll = false;
      }
      if (inResult) {
        if (addedToAll) this.file!.added.add(this.nextLine);
        this.nextLine++;
      }
      return;
    }
    if (this.inHunk && first === 0x5c) return; // "\ No newline at end of file"
    const text = line.toString('utf8');
    if (text.startsWith(COMMIT_MARK)) {
      this.flush();
      this.onCommit(text);
      return;
    }
    if (text.startsWith('diff --git ') || text.startsWith('diff --cc ') || text.startsWith('diff --combined ')) {
      this.flush();
      const combined = !text.startsWith('diff --git ');
      this.parents = 1;
      // the header names the path when no `+++` line will (binary, mode-only, pure rename)
      const headerPath = combined ? unquotePath(text.slice(text.indexOf(' ', 5) + 1)) : symmetricHeaderPath(text.slice('diff --git '.length));
      this.file = { path: headerPath ?? '', created: false, deleted: false, binary: false, blob: null, mode: null, added: new Set() };
      return;
    }
    const file = this.file;
    if (!file) return;
    if (text.startsWith('@@')) {
      const m = /^(@{2,}) (.*?) @{2,}/.exec(text);
      if (!m) return;
      this.parents = m[1]!.length - 1;
      const plus = m[2]!.split(' ').find((r) => r.startsWith('+'));
      this.nextLine = plus ? Number(plus.slice(1).split(',')[0]) : 0;
      // a hunk that adds nothing starts "after" line N; its next line (if any) is N+1
      if (plus && plus.includes(',') && Number(plus.split(',')[1]) === 0) this.nextLine++;
      this.inHunk = true;
      return;
    }
    this.inHunk = false;
    if (text.startsWith('+++ ')) {
      const target = stripTrailingTab(text.slice(4));
      if (target === '/dev/null') file.deleted = true;
      else file.path = stripPrefix(unquotePath(target), 'b/');
    } else if (text.startsWith('--- ')) {
      if (stripTrailingTab(text.slice(4)) === '/dev/null') file.created = true;
    } else if (text.startsWith('rename to ') || text.startsWith('copy to ')) {
      file.path = unquotePath(text.slice(text.indexOf(' to ') + 4));
      file.created = true;
    } else if (text.startsWith('new file mode ')) {
      file.created = true;
      file.mode = text.slice('new file mode '.length);
    } else if (text.startsWith('deleted file mode ')) {
      file.deleted = true;
    } else if (text.startsWith('new mode ')) {
      file.mode = text.slice('new mode '.length);
    } else if (text.startsWith('index ')) {
      // "index <old>..<new> [mode]" or, combined, "index <p1>,<p2>..<new>"
      const [range, mode] = text.slice(6).split(' ');
      const id = range?.split('..')[1];
      if (id && !/^0+$/.test(id)) file.blob = id;
      if (mode) file.mode = mode;
    } else if (text.startsWith('Binary files ')) {
      file.binary = true;
    }
  }

  private flush(): void {
    if (this.file) this.onFile(this.file);
    this.file = null;
    this.inHunk = false;
  }
}

function stripTrailingTab(s: string): string {
  // git appends a TAB to ---/+++ names that contain a space
  return s.endsWith('\t') ? s.slice(0, -1) : s;
}

function stripPrefix(s: string, prefix: string): string {
  return s.startsWith(prefix) ? s.slice(prefix.length) : s;
}

/** `a/X b/X` (X possibly quoted) → X when both halves name the same path; else null. */
function symmetricHeaderPath(rest: string): string | null {
  if (rest.startsWith('"')) {
    const end = rest.indexOf('" ', 1);
    const a = end > 0 ? unquotePath(rest.slice(0, end + 1)) : null;
    return a ? stripPrefix(a, 'a/') : null;
  }
  if ((rest.length - 1) % 2 !== 0) return null;
  const half = (rest.length - 1) / 2;
  const a = rest.slice(0, half);
  const b = rest.slice(half + 1);
  return a.startsWith('a/') && b === 'b/' + a.slice(2) ? a.slice(2) : null;
}

/** True when a section's post-image is a text blob worth reading (not a symlink or submodule). */
export function isScannableBlob(file: FilePatch): file is FilePatch & { blob: string } {
  return file.blob !== null && !file.deleted && !file.binary && file.added.size > 0 && (file.mode === null || file.mode.startsWith('100'));
}

interface PendingChunk {
  path: string;
  lines: Set<number>;
  commit: CommitInfo | null;
}

/**
 * Reads the post-image blobs of `files` as they are found and scans their added lines.
 * Shared by diff and staged: the only difference is where the sections come from.
 */
export class AddedLineScanner {
  readonly findings: LocatedFinding[] = [];
  readonly skipped: Skipped[] = [];
  files = 0;
  bytes = 0;
  /** --timeout fired: nothing more is read or scanned */
  timedOut = false;
  private readonly reader: BlobReader<PendingChunk>;

  constructor(private readonly ctx: ModeContext, private readonly root: string) {
    this.reader = new BlobReader<PendingChunk>(root, ctx.options.maxFileSize, (blob, pending) => {
      if (this.timedOut) return;
      if (blob.kind === 'missing') {
        this.skipped.push({ file: pending.path, reason: 'missing-object', detail: `git cannot read blob ${blob.id}: it is missing or corrupt` });
        return;
      }
      if (blob.kind === 'too-large') {
        this.skipped.push({ file: pending.path, reason: 'too-large', detail: `${blob.size} bytes > --max-file-size ${ctx.options.maxFileSize}` });
        return;
      }
      this.files++;
      this.bytes += blob.size;
      const decoded = decode(blob.data);
      if (!decoded.ok) {
        this.skipped.push({ file: pending.path, reason: 'binary' });
        return;
      }
      const chunk = { path: pending.path, text: decoded.text, lines: pending.lines, ...(pending.commit ? { commit: pending.commit } : {}) };
      this.findings.push(...ctx.engine.scanChunk(chunk));
    });
  }

  add(file: FilePatch, commit: CommitInfo | null): void {
    if (this.timedOut) return;
    if (this.ctx.allowlisted(path.join(this.root, file.path))) return;
    if (file.created && !file.deleted && isDotenvName(file.path.slice(file.path.lastIndexOf('/') + 1))) {
      this.findings.push(...this.ctx.engine.checkFile({ path: file.path, tracked: true, ignored: false, inRepo: true }, commit));
    }
    if (file.binary && !file.deleted) this.skipped.push({ file: file.path, reason: 'binary' });
    if (isScannableBlob(file)) this.reader.read(file.blob, { path: file.path, lines: file.added, commit });
  }

  close(): Promise<void> {
    return this.reader.close();
  }

  /**
   * --timeout: once the deadline passes, stop reading and kill `producer` (the git process
   * writing the patch). Returns a function that cancels the timer.
   */
  stopAtDeadline(producer: { kill(): boolean }): () => void {
    const deadline = this.ctx.deadline;
    if (deadline === undefined) return () => undefined;
    const timer = setTimeout(() => {
      this.timedOut = true;
      producer.kill();
      this.reader.abort();
    }, Math.max(0, deadline - Date.now()));
    return () => clearTimeout(timer);
  }
}

export async function scanDiff(ctx: ModeContext): Promise<ModeResult> {
  const { options } = ctx;
  const repo = await openRepository(options.cwd, 'swlint diff');
  const baseRef = options.base ?? '';
  const headRef = options.head ?? 'HEAD';
  const base = await resolveCommit(repo.root, baseRef);
  if (!base) {
    if (repo.shallow) {
      throw new GitError(
        `BASE ${baseRef} is not in this shallow clone: fetch more history (\`git fetch --deepen=200 origin\`, or \`git fetch --unshallow\`); in GitHub Actions set \`fetch-depth: 0\` on actions/checkout`,
        '', null);
    }
    throw new GitError(`unknown revision "${baseRef}": BASE must name a commit in this repository (check it with \`git rev-parse ${baseRef}\`)`, '', null);
  }
  const head = await resolveCommit(repo.root, headRef);
  if (!head) throw new GitError(`unknown revision "${headRef}": HEAD must name a commit in this repository (check it with \`git rev-parse ${headRef}\`)`, '', null);
  if (base === head) return { root: repo.root, findings: [], skipped: [], files: 0, bytes: 0, commits: 0 };
  if (repo.shallow) {
    const mb = await git(repo.root, ['merge-base', base, head]);
    if (mb.code !== 0) ctx.warnings.push(`shallow clone: ${baseRef} and ${headRef} share no fetched ancestor, so commits older than the range may be scanned too; fetch more history (\`git fetch --deepen=200 origin\`, or \`fetch-depth: 0\` on actions/checkout)`);
  }

  const scanner = new AddedLineScanner(ctx, repo.root);
  let commit: CommitInfo | null = null;
  let commits = 0;
  const progress = options.progress ? new ProgressLine('swlint diff') : null;
  const parser = new PatchParser((file) => scanner.add(file, commit), (header) => {
    commit = parseCommitHeader(header);
    commits++;
    progress?.update(`${commits} commits, ${scanner.files} file versions, ${(scanner.bytes / 1e6).toFixed(1)} MB of added lines`);
  });
  // resolved ids, never the user's strings, reach the command line: a ref cannot become an option
  const log = spawnGit(repo.root, ['log', '--reverse', '--topo-order', '--no-show-signature', '--no-mailmap', COMMIT_FORMAT, ...PATCH_ARGS, '--cc', head, `^${base}`]);
  log.child.stdout.on('data', (d: Buffer) => parser.push(d));
  const cancel = scanner.stopAtDeadline(log.child);
  try {
    const exited = await log.done;
    parser.end();
    if (exited.code !== 0 && !scanner.timedOut) {
      await scanner.close().catch(() => undefined);
      throw new GitError(`git log ${baseRef}..${headRef} failed: ${firstLine(exited.stderr)}`, exited.stderr, exited.code);
    }
    await scanner.close();
  } finally {
    cancel();
    progress?.clear();
  }
  await markStillPresent(ctx, repo.root, head, scanner.findings);
  return { root: repo.root, findings: scanner.findings, skipped: dedupeSkipped(scanner.skipped), files: scanner.files, bytes: scanner.bytes, commits, ...(scanner.timedOut ? { incomplete: true } : {}) };
}
