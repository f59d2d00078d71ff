// `swlint staged`: what `git commit` would record now. The staged blobs (the index, not the
// working tree: a token staged and then edited away in the file still blocks), findings only
// on lines added relative to HEAD, and .env files the commit would add. Two git processes:
// `git diff --cached -p -U0` for paths, blob ids and added lines, `git cat-file --batch` for
// the blobs.
import type { ModeContext, ModeResult } from '../run.js';
import { AddedLineScanner, PATCH_ARGS, PatchParser } from './diff.js';
import { dedupeSkipped } from './history.js';
import { GitError, firstLine, openRepository, spawnGit } from './git.js';

export async function scanStaged(ctx: ModeContext): Promise<ModeResult> {
  const repo = await openRepository(ctx.options.cwd, 'swlint staged');
  if (repo.bare) {
    throw new GitError(`${repo.root} is a bare repository, which has no staging area: run \`swlint staged\` in a clone with a work tree, or scan the commits with \`swlint history\``, '', null);
  }
  const scanner = new AddedLineScanner(ctx, repo.root);
  const parser = new PatchParser((file) => scanner.add(file, null));
  // with no commit yet, --cached compares the index with the empty tree: everything staged is added
  const diff = spawnGit(repo.root, ['diff', '--cached', ...PATCH_ARGS]);
  diff.child.stdout.on('data', (d: Buffer) => parser.push(d));
  const cancel = scanner.stopAtDeadline(diff.child);
  try {
    const exited = await diff.done;
    parser.end();
    if (exited.code !== 0 && !scanner.timedOut) {
      await scanner.close().catch(() => undefined);
      throw new GitError(`git diff --cached failed: ${firstLine(exited.stderr)}`, exited.stderr, exited.code);
    }
    await scanner.close();
  } finally {
    cancel();
  }
  return { root: repo.root, findings: scanner.findings, skipped: dedupeSkipped(scanner.skipped), files: scanner.files, bytes: scanner.bytes, commits: 0, ...(scanner.timedOut ? { incomplete: true } : {}) };
}
