// Which tree a run takes its suppressions from (README "Trust model"): `diff` from BASE,
// `staged` from HEAD (the index's parent; the working tree before the first commit), the
// other modes from the working tree. Config, baseline and allowlists are all read through
// the reader this returns.
import { realpathSync } from 'node:fs';
import type { RunOptions } from '../options.js';
import { emptyReader, fsReader, gitTreeReader, type FileReader } from '../config/file-reader.js';
import { openRepository, resolveCommit } from '../sources/git/repo.js';
import path from 'node:path';
import type { LocatedFinding } from '../engine/engine.js';
import type { Rule } from '../types.js';
import { SUPPRESSION_RULE, suppressionChanges } from './suppression-changes.js';
import { DEFAULT_BASELINE } from '../baseline.js';
import { IGNORE_FILE } from '../config/ignore-file.js';
import { readLimit } from '../sources/file-checks.js';
import { readTrustedFiles } from '../sources/staged-batch.js';

export interface TrustedSource {
  reader: FileReader;
  /** the repository's top level when the reader is a git tree (config lookup stops there) */
  root: string | null;
  /** the directory config lookup starts from */
  startDir: string;
  /** the directory relative --config / --baseline paths are resolved against (its real path in git modes) */
  cwd: string;
}

export async function trustedSource(options: RunOptions, startDir: string): Promise<TrustedSource> {
  if (options.mode !== 'diff' && options.mode !== 'staged') return { reader: fsReader, root: null, startDir, cwd: options.cwd };
  const repo = await openRepository(options.cwd, `swlint ${options.mode}`);
  // git reports the real path; the cwd may reach it through a symlink. The same realpath(3) as
  // fs/promises', called synchronously: loading fs/promises (and readline with it) was 1.4 ms of
  // a pre-commit hook's start (bench/BENCHMARKS.head.md, round 15)
  const start = realOrSame(startDir);
  const cwd = realOrSame(options.cwd);
  const likely = lookupCandidates(start, repo.root);
  if (options.mode === 'staged') {
    if (!repo.hasHead) return { reader: fsReader, root: repo.root, startDir: start, cwd };
    // hasHead: HEAD names a commit; read its tree by name (no rev-parse), through the staged blobs' `cat-file`
    // (src/sources/staged-batch.ts): the hook starts no git process of its own for the config
    const limit = readLimit(options.maxFileSize);
    const viaBatch = (rels: readonly string[]) => readTrustedFiles(repo.root, options.cwd, 'HEAD', limit, rels);
    return { reader: gitTreeReader(repo.root, 'HEAD', 'HEAD', likely, viaBatch), root: repo.root, startDir: start, cwd };
  }
  const base = await resolveCommit(repo.root, options.base ?? '');
  // an unknown BASE: the diff itself fails with the message that says what to do
  return { reader: base ? gitTreeReader(repo.root, base, 'BASE', likely) : emptyReader, root: repo.root, startDir: start, cwd };
}

/** What the config lookup and the default baseline will read: from `start` up to `root`. */
function lookupCandidates(start: string, root: string): string[] {
  const out = [path.join(root, DEFAULT_BASELINE), path.join(root, IGNORE_FILE)];
  for (let dir = start; ; dir = path.dirname(dir)) {
    out.push(path.join(dir, '.swlintrc.json'), path.join(dir, 'package.json'));
    if (dir === root || path.dirname(dir) === dir || path.relative(root, dir).startsWith('..')) break;
  }
  return out;
}

/**
 * diff: the suppression changes the range makes (src/trust/suppression-changes.ts), for
 * run() to add to the mode's findings. Empty in the other modes.
 */
export async function trustFindings(options: RunOptions, trusted: TrustedSource, rules: readonly Rule[]): Promise<LocatedFinding[]> {
  if (options.mode !== 'diff' || !trusted.root) return [];
  const root = trusted.root;
  const inRepo = (file: string | undefined) => {
    if (!file) return undefined;
    const rel = path.relative(root, path.resolve(trusted.cwd, file));
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : undefined;
  };
  return suppressionChanges({
    root,
    base: options.base ?? '',
    head: options.head ?? 'HEAD',
    configPath: inRepo(options.config),
    baselinePaths: (options.baselines ?? []).map(inRepo).filter((p): p is string => p !== undefined),
    rule: rules.find((r) => r.id === SUPPRESSION_RULE),
  });
}

function realOrSame(dir: string): string {
  try {
    return realpathSync.native(dir);
  } catch {
    return dir;
  }
}
