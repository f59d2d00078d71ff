// `swlint diff BASE [HEAD]`: every commit in BASE..HEAD with what it changes, and its message.
// One `git log --raw -z` stream gives, per commit, each changed path with its new blob id and
// the blob ids before (one per parent; for a merge only paths that differ from every parent);
// one `git cat-file --batch` reads them. The pipeline decides which lines each commit added.
import { ChangeReader } from './changes.js';
import { COMMIT_FORMAT, RawLogParser } from './git/log.js';
import { GitError, git, spawnGit } from './git/process.js';
import { missingObjects } from './git/promisor.js';
import { openRepository, resolveCommit } from './git/repo.js';
import { CommitTable, takeCommit } from './git/commit-table.js';
import { ItemQueue } from './queue.js';
import type { Source, SourceItem } from './source.js';

export interface DiffOptions {
  cwd: string;
  base: string;
  head: string;
  maxBytes: number;
}

export interface DiffSource extends Source {
  /** the resolved HEAD commit (provenance asks what it still holds) */
  readonly headCommit: string;
}

export async function diffSource(opts: DiffOptions): Promise<DiffSource> {
  const repo = await openRepository(opts.cwd, 'swlint diff');
  const { base: baseRef, head: headRef } = opts;
  const base = await resolveCommit(repo.root, baseRef);
  if (!base) {
    if (repo.shallow) {
      throw new GitError(
        `BASE ${baseRef} is not in this shallow clone: fetch more history (\`git fetch --deepen=200 origin\`, or \`git fetch --unshallow\`); in GitHub Actions set \`fetch-depth: 0\` on actions/checkout`,
        '',
        null,
      );
    }
    throw new GitError(`unknown revision "${baseRef}": BASE must name a commit in this repository (check it with \`git rev-parse ${baseRef}\`)`, '', null);
  }
  const head = await resolveCommit(repo.root, headRef);
  if (!head)
    throw new GitError(`unknown revision "${headRef}": HEAD must name a commit in this repository (check it with \`git rev-parse ${headRef}\`)`, '', null);
  const warnings: string[] = [];
  if (repo.shallow && base !== head) {
    const mb = await git(repo.root, ['merge-base', base, head]);
    if (mb.code !== 0)
      warnings.push(
        `shallow clone: ${baseRef} and ${headRef} share no fetched ancestor, so commits older than the range may be scanned too; fetch more history (\`git fetch --deepen=200 origin\`, or \`fetch-depth: 0\` on actions/checkout)`,
      );
  }
  const commits = new CommitTable();
  const queue = new ItemQueue<SourceItem>(8 * 1024 * 1024);
  const changes = new ChangeReader(repo.root, opts.maxBytes, queue);
  let stopped = false;
  let log: ReturnType<typeof spawnGit> | null = null;
  const run = async () => {
    if (base === head) return changes.close();
    // a partial clone: what it lacks is never asked of git (every version a commit of the range
    // changes, or had before, is reachable from HEAD); a full clone pays one directory listing
    changes.missing = await missingObjects(repo.root, repo.gitDir, [head]);
    // git would fetch (and, forbidden, die) to compare the contents of renamed files there: only
    // exact renames are followed, a file renamed and edited in one commit is judged as a new file
    if (changes.missing?.size)
      warnings.push(
        'partial clone: files this clone lacks are reported as swlint-unscanned, never fetched, and only exact renames are followed (a file renamed with edits counts as a new file): scan a full clone (in GitHub Actions: actions/checkout without `filter:`)',
      );
    const parser = new RawLogParser(
      (header) => takeCommit(header, commits, queue, true),
      (meta, p, from, parentPaths) => changes.add(meta, p, from, commits.length - 1, parentPaths),
      true,
    );
    const renames = changes.missing?.size ? '-M100%' : '-M';
    // resolved ids, never the user's strings, reach the command line: a ref cannot become an option
    log = spawnGit(repo.root, [
      'log',
      '--reverse',
      '--topo-order',
      '--no-show-signature',
      '--no-mailmap',
      '-z',
      COMMIT_FORMAT,
      '--raw',
      '--no-abbrev',
      renames,
      '--diff-merges=combined',
      // a merge's entry names the file's path in each parent: one renamed out of an allowlisted
      // folder by the merge itself is judged whole, as a commit's rename is
      '--combined-all-paths',
      '--root',
      '--no-ext-diff',
      '--no-textconv',
      head,
      `^${base}`,
    ]);
    log.child.stdout.on('data', (d: Buffer) => parser.push(d));
    await changes.drain(
      log.done,
      `git log ${baseRef}..${headRef}`,
      () => stopped,
      () => parser.end(),
    );
  };
  run().then(
    () => queue.end(),
    (e: unknown) => {
      changes.abort();
      queue.fail(e);
    },
  );
  return {
    root: repo.root,
    headCommit: head,
    commits,
    large: false,
    warnings,
    items: () => queue,
    abort: () => {
      stopped = true;
      log?.child.kill();
      changes.abort();
      queue.end();
    },
  };
}
