// `swlint diff BASE [HEAD]`: every commit in BASE..HEAD with what it changes, and its message.
// One `git log --raw -z` stream gives, per commit, each changed path with its new blob id and
// the blob ids before (one per parent; for a merge only paths that differ from every parent);
// one `git cat-file --batch` reads them. The pipeline decides which lines each commit added.
// A range with a merge is also judged as a whole (keptByMerges): HEAD's versions against BASE's
// and the merge base's, for what a merge kept that no commit added.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ChangeReader, type ChangedPath } from './changes.js';
import { COMMIT_FORMAT, RawLogParser, parseRawMeta } from './git/log.js';
import { GitError, firstLine, git, spawnGit } from './git/process.js';
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
  if (repo.shallow && base !== head) await rangeWithinClone(repo.root, base, head, baseRef, headRef);
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
    // the last merge commit of the range (topological order), by ordinal: -1 while there is none
    let lastMerge = -1;
    const parser = new RawLogParser(
      (header) => {
        // the message is scanned from the commit object, with its header (ChangeReader.addCommit)
        const taken = takeCommit(header, commits, queue, true, false);
        changes.addCommit(taken.sha, taken.ordinal);
        if (taken.parents > 1) lastMerge = taken.ordinal;
      },
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
      // a submodule the change moves is listed whatever its .gitmodules entry (the change's own) says: `ignore = all` hides it from diffs
      '--ignore-submodules=none',
      head,
      `^${base}`,
    ]);
    log.child.stdout.on('data', (d: Buffer) => parser.push(d));
    const listed = log.done.then(async (exited) => {
      parser.end();
      if (exited.code === 0 && lastMerge >= 0 && !stopped) await keptByMerges(repo.root, base, head, renames, changes, lastMerge, () => stopped);
      return exited;
    });
    await changes.drain(listed, `git log ${baseRef}..${headRef}`, () => stopped);
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

/**
 * In a shallow clone, the commits of BASE..HEAD at the clone's edge have no parents in it: git
 * lists each as a root commit (its whole tree added), and the commits of the range behind it
 * (a token added, then removed at the edge) are not there at all. Such a range cannot be
 * judged: exit 2 with how to fetch the rest, as when BASE itself is missing.
 */
async function rangeWithinClone(root: string, base: string, head: string, baseRef: string, headRef: string): Promise<void> {
  const where = await git(root, ['rev-parse', '--git-path', 'shallow']);
  const file = path.resolve(root, where.stdout.toString('utf8').trim());
  let edge: Set<string>;
  try {
    edge = new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean));
  } catch {
    return; // no shallow file: git says shallow only while it has one
  }
  const range = await git(root, ['rev-list', head, `^${base}`]);
  if (range.code !== 0) throw new GitError(`git rev-list ${baseRef}..${headRef} failed: ${firstLine(range.stderr)}`, range.stderr, range.code);
  const cut = range.stdout
    .toString('utf8')
    .split('\n')
    .find((id) => edge.has(id));
  if (cut)
    throw new GitError(
      `${baseRef}..${headRef} reaches past this shallow clone's edge (the parents of commit ${cut.slice(0, 12)} were not fetched), so commits of the range are missing: fetch more history (\`git fetch --deepen=200 origin\`, or \`git fetch --unshallow\`); in GitHub Actions set \`fetch-depth: 0\` on actions/checkout`,
      '',
      null,
    );
}

/**
 * A merge keeps a version of a file from either side; the version it keeps may hold lines that
 * no commit of the range added and that BASE's side had deleted (a token main removed, kept by
 * resolving a conflict with the branch's side), or a version of history BASE had left behind
 * (a merge with an older commit of main). Each commit of the range judges them old. So, when the
 * range has a merge, each path whose HEAD version differs from BASE's and from every merge base's
 * is judged again: that version against those (each at the path it had there, a rename away from
 * an allowlisted file judged whole as in a commit). Findings here that no commit of the range
 * reported are attributed to `mergeCommit`, the range's last merge (src/scan/provenance.ts,
 * RangeFindings); they carry Sighting.kept.
 */
async function keptByMerges(
  root: string,
  base: string,
  head: string,
  renames: string,
  changes: ChangeReader,
  mergeCommit: number,
  stopped: () => boolean,
): Promise<void> {
  const found = await git(root, ['merge-base', '--all', base, head]);
  // exit 1, no merge base: every commit HEAD reaches is in the range, and the log lists a root commit's files whole
  if (found.code === 1 && found.stdout.length === 0) return;
  if (found.code !== 0)
    throw new GitError(`git merge-base ${base.slice(0, 12)} ${head.slice(0, 12)} failed: ${firstLine(found.stderr)}`, found.stderr, found.code);
  const mergeBases = found.stdout
    .toString('utf8')
    .split('\n')
    .filter((id) => id !== '' && id !== base);
  const [fromBase, ...fromMergeBases] = await Promise.all([base, ...mergeBases].map((from) => changedSince(root, from, head, renames)));
  if (stopped()) return;
  for (const [path, change] of fromBase!) {
    const others = fromMergeBases.map((listing) => listing.get(path));
    // HEAD's version of the file is a merge base's: the range's commits judged every change to it
    if (others.some((o) => o === undefined)) continue;
    changes.addChange(
      {
        ...change,
        created: change.created || others.some((o) => o!.created),
        parents: [...change.parents, ...others.flatMap((o) => o!.parents)],
      },
      mergeCommit,
      true,
    );
  }
}

/** The paths HEAD (`head`) changes relative to `from`, each with its version there (at the path it had, for a rename). */
async function changedSince(root: string, from: string, head: string, renames: string): Promise<Map<string, ChangedPath>> {
  const r = await git(root, [
    'diff-tree',
    '-r',
    '-z',
    '--raw',
    '--no-abbrev',
    renames,
    '--no-ext-diff',
    '--no-textconv',
    '--ignore-submodules=none',
    from,
    head,
  ]);
  if (r.code !== 0) throw new GitError(`git diff-tree ${from.slice(0, 12)} ${head.slice(0, 12)} failed: ${firstLine(r.stderr)}`, r.stderr, r.code);
  const out = new Map<string, ChangedPath>();
  const parser = new RawLogParser(
    () => undefined,
    (meta, path, fromPath) => {
      const e = parseRawMeta(meta);
      out.set(path, {
        path,
        mode: e.mode,
        id: e.id,
        created: /^[ACR]/.test(e.status),
        copied: false,
        parents: [{ id: e.parentIds[0] ?? '', mode: e.parentModes[0] ?? '', path: fromPath ?? path }],
      });
    },
  );
  parser.push(r.stdout);
  parser.end();
  return out;
}
