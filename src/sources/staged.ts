// `swlint staged`: what `git commit` would record now. The staged blobs (the index, not the
// working tree: a token staged and then edited away in the file still blocks), judged on the
// lines they add relative to HEAD, and .env files the commit would add. Two git processes
// besides the repository questions: `git diff-index --cached --raw` (or, before the first
// commit, `git ls-files --stage`) for paths and blob ids, `git cat-file --batch` for the contents
// (the one the trusted config was read through, src/sources/staged-batch.ts).
import path from 'node:path';
import { ChangeReader } from './changes.js';
import { RawLogParser } from './git/log.js';
import { STAGED_CHANGES_QUESTION, type StagedQuestions } from './git/hardened.js';
import { GitError, hookGit, hookRun, type GitRun } from './git/process.js';
import { answeredRevParse, openRepository, type Repository } from './git/repo.js';
import { RecordSplitter } from './git/records.js';
import { ItemQueue } from './queue.js';
import { offerEarlyBatch, takeStagedBatch } from './staged-batch.js';
import { NO_COMMITS, type Source, type SourceItem } from './source.js';

/** `diff-index --cached` started by prefetchStaged, by the directory it ran in. */
const early = new Map<string, Promise<GitRun>>();
const listings = new Map<string, Promise<GitRun>>();

/**
 * What the commit would change: asked once per repository and run. diff-index names paths from
 * the top level wherever it runs, so prefetchStaged's listing, started in `cwd` before the
 * repository's facts were known, is that listing (with HEAD; without, it failed and is not used).
 */
function listIndex(repo: Repository, cwd: string): Promise<GitRun> {
  let listing = listings.get(repo.root);
  if (!listing) {
    const prefetched = early.get(path.resolve(cwd));
    listing = !repo.hasHead ? hookGit(repo.root, ['ls-files', '--stage', '-z']) : (prefetched ?? hookGit(repo.root, STAGED_CHANGES_QUESTION));
    listings.set(repo.root, listing);
  }
  return listing;
}

/**
 * Starts the repository questions and the index listing, both at once, while the CLI is still
 * loading the engine and reading the config: the git processes run on another core meanwhile
 * (bench/BENCHMARKS.head.md, "Staged latency"). `started`: the same two calls, started by the
 * bin before the CLI loaded (src/bin.ts), taken as they are when they ran in this directory.
 * Errors are left for stagedSource, which asks the same cached questions.
 */
export function prefetchStaged(cwd: string, started?: StagedQuestions | null): void {
  const dir = path.resolve(cwd);
  if (early.has(dir)) return;
  const fromBin = started && path.resolve(started.cwd) === dir ? started : null;
  // settled by whoever asks next (stagedSource); a failure meanwhile is not an unhandled one
  const asked = (answer: Promise<GitRun>) => {
    answer.catch(() => undefined);
    return answer;
  };
  if (fromBin) answeredRevParse(dir, asked(fromBin.repository.then((r) => hookRun(dir, r))));
  if (fromBin?.batch) offerEarlyBatch(fromBin.batch);
  openRepository(dir, 'swlint staged').catch(() => undefined);
  early.set(dir, asked(fromBin ? fromBin.changes.then((r) => hookRun(dir, r)) : hookGit(dir, STAGED_CHANGES_QUESTION)));
}

export async function stagedSource(opts: { cwd: string; maxBytes: number }): Promise<Source> {
  const repo = await openRepository(opts.cwd, 'swlint staged');
  if (repo.bare) {
    throw new GitError(
      `${repo.root} is a bare repository, which has no staging area: run \`swlint staged\` in a clone with a work tree, or scan the commits with \`swlint history\``,
      '',
      null,
    );
  }
  const queue = new ItemQueue<SourceItem>(8 * 1024 * 1024);
  // the `cat-file --batch` the trusted config was read through, when there is one (src/sources/staged-batch.ts)
  const shared = await takeStagedBatch(repo.root, opts.maxBytes);
  const changes = new ChangeReader(repo.root, opts.maxBytes, queue, shared ?? undefined);
  let stopped = false;
  // with no commit yet everything staged is added. The listing is one short git call: a hook's
  // change is small, and even a first commit of 50k files lists in a few MB
  const what = `git ${repo.hasHead ? 'diff-index --cached' : 'ls-files --stage'}`;
  const listed = listIndex(repo, opts.cwd).then(({ stdout, stderr, code }) => {
    if (code === 0 && !stopped) addEntries(changes, stdout, repo.hasHead);
    return { code, stderr };
  });
  changes
    .drain(listed, what, () => stopped)
    .then(
      () => queue.end(),
      (e: unknown) => {
        changes.abort();
        queue.fail(e);
      },
    );
  return {
    root: repo.root,
    commits: NO_COMMITS,
    large: false,
    warnings: [],
    items: () => queue,
    abort: () => {
      stopped = true;
      changes.abort();
      queue.end();
    },
  };
}

/** The listing's entries → change requests: `--raw` entries, or (no HEAD) `ls-files --stage` lines as added files. */
function addEntries(changes: ChangeReader, stdout: Buffer, raw: boolean): void {
  if (raw) {
    const parser = new RawLogParser(
      () => undefined,
      (meta, p, from) => changes.add(meta, p, from, null),
    );
    parser.push(stdout);
    parser.end();
    return;
  }
  // "<mode> <id> <stage>\t<path>": as a raw entry adding the file
  const split = new RecordSplitter(0, (buf, start, end) => {
    const s = buf.toString('utf8', start, end);
    const tab = s.indexOf('\t');
    const [mode = '', id = ''] = s.slice(0, tab).split(' ');
    if (tab > 0) changes.add(`:000000 ${mode} ${'0'.repeat(id.length)} ${id} A`, s.slice(tab + 1), null, null);
  });
  split.push(stdout);
  split.end();
}
