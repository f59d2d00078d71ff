// Each command is a source plus the steps its findings go through. Sources are loaded on
// demand: `swlint staged` in a hook pays only for its own.
import type { Engine, LocatedFinding } from '../engine/engine.js';
import type { EngineSpec } from '../engine/spec.js';
import { MAX_TEXT_BYTES } from '../sources/file-checks.js';
import { COMMIT_HEADER_PATH, COMMIT_MESSAGE_PATH, TAG_MESSAGE_PATH, isMessagePath, shownPath, treePath, type Content, type Source } from '../sources/source.js';
import type { WorkingTreeListing } from '../sources/worktree.js';
import type { RunOptions } from '../options.js';
import type { CommitInfo, Mode, Skipped } from '../types.js';
import { boundHeapGrowth, holdMainYoungGeneration, raiseOptimisationBudget } from './v8-settings.js';
import { prestartWorkers, runPipeline, type FindingSink, type PipelineOutcome } from './pipeline.js';
import type { ScanPool } from './pool.js';
import { ProgressLine } from '../progress.js';
import { EarliestCommit, FindingList, HeadHoldings, RangeFindings, markStillPresent } from './provenance.js';

export interface ModeContext {
  options: RunOptions;
  engine: Engine;
  engineSpec: EngineSpec;
  /**
   * true when a root-relative path is excluded by the configuration's allowlist.paths (`listed`: the path is one the run lists,
   * recorded as allowlisted when it is; `message`: a message's or note's pseudo-path, which only patterns naming such paths match)
   */
  allowlisted: (root: string, rel: string, listed?: boolean, message?: boolean) => boolean;
  /** diff, staged: the files the trusted baseline has entries for (root-relative) */
  baselinedFiles?: ReadonlySet<string>;
  /**
   * diff, staged: whether a file renamed from `from` to `to` leaves behind, with its old path,
   * what kept its findings unreported or lower (`before`: its version at `from`); see
   * PipelineOptions.suppressedBefore
   */
  judgedApart?: (from: string, to: string, before: Content) => boolean;
  /** Date.now() after which the scan stops (--timeout) */
  deadline?: number;
  /** `scan`: its files are listed (under `root`) and about to be scanned; work meant to run alongside the scan starts here */
  onListed?: (root: string, listing: WorkingTreeListing) => void;
  /** `scan`: where the listing sends the files the ignore rules leave out, when it walks for them anyway (ListOptions.ignoredSink) */
  ignoredSink?: (root: string) => (rel: string) => void;
}

export interface ModeResult {
  root: string;
  findings: LocatedFinding[];
  skipped: Skipped[];
  files: number;
  bytes: number;
  commits: number;
  suppressedInline: number;
  errors: PipelineOutcome['errors'];
  warnings: string[];
  incomplete?: boolean;
  /** `scan` of one directory in a repository: whether git tracks a file (WorkingTreeListing.isTracked) */
  isTracked?: (file: string) => boolean;
  /** history: the later commits that wrote a .env finding's file again, earliest first (EarliestCommit.laterVersions) */
  laterVersions?: (f: LocatedFinding) => CommitInfo[];
}

const maxBytes = (options: RunOptions) => Math.min(options.maxFileSize, MAX_TEXT_BYTES);

/**
 * A working tree's listing still running after this long starts the workers `--jobs N` asks
 * for (prestartWorkers). Started at once, they cost a scan of one file 0.1 s of CPU and 40 ms;
 * the bench tree's listing takes 0.3 s, most of it still ahead then.
 */
const PRESTART_AFTER_MS = 40;

/** Scans a source with the mode's engine and returns what a run reports (helpers such as --no-ignore's extra files). */
export async function scanExtra(ctx: ModeContext, source: Source): Promise<ModeResult> {
  const list = new FindingList();
  return finish(source, list, await scanSource(ctx, source, list, false), list.findings);
}

export async function runMode(ctx: ModeContext): Promise<ModeResult> {
  const { options } = ctx;
  // the audits can be long: bound the garbage V8 lets build up, from before the listing or the
  // walk starts; a hook's staged or diff scan is short. Fewer, later optimisations for all but a
  // hook's staged run (src/scan/v8-settings.ts)
  if (options.mode === 'scan' || options.mode === 'history') boundHeapGrowth();
  if (options.mode === 'scan') holdMainYoungGeneration();
  if (options.mode !== 'staged') raiseOptimisationBudget();
  switch (options.mode) {
    case 'scan': {
      if (options.paths.length === 1 && options.paths[0] === '-') {
        // scan -: standard input, one item
        const { stdinSource } = await import('../sources/stdin.js');
        const source = stdinSource({ cwd: options.cwd, name: options.stdinFilename, maxBytes: maxBytes(options) });
        const list = new FindingList();
        return finish(source, list, await scanSource(ctx, source, list, false), list.findings);
      }
      const { wholeListing, worktreeSource } = await import('../sources/worktree.js');
      // --jobs N: the workers boot while a listing that takes a while runs (git walking a large
      // tree); a listing done sooner (a small tree, a file) never starts them
      let prestarted: ScanPool | null = null;
      const timer = setTimeout(() => (prestarted = prestartWorkers(pipelineSettings(ctx))), PRESTART_AFTER_MS);
      const source = await worktreeSource(options.paths, options.cwd, {
        recurseSubmodules: options.recurseSubmodules,
        ...(ctx.ignoredSink ? { ignoredSink: ctx.ignoredSink } : {}),
      })
        .catch(async (e: unknown) => {
          await (prestarted as ScanPool | null)?.terminate();
          throw e;
        })
        .finally(() => clearTimeout(timer));
      // the whole listing: a repository's untracked files are still being listed while its tracked ones are scanned
      wholeListing(source.listing).then(
        (whole) => ctx.onListed?.(source.root, whole),
        () => undefined, // the scan, which awaits the same listing, reports the failure
      );
      const list = new FindingList();
      const result = finish(source, list, await scanSource(ctx, source, list, false, prestarted), list.findings);
      return source.listing.isTracked ? { ...result, isTracked: source.listing.isTracked } : result;
    }
    case 'staged': {
      const { stagedSource } = await import('../sources/staged.js');
      const source = await stagedSource({ cwd: options.cwd, maxBytes: maxBytes(options) });
      const list = new FindingList();
      return finish(source, list, await scanSource(ctx, source, list, true), list.findings);
    }
    case 'diff': {
      const { diffSource } = await import('../sources/diff.js');
      const source = await diffSource({ cwd: options.cwd, base: options.base ?? '', head: options.head ?? 'HEAD', maxBytes: maxBytes(options) });
      const list = new RangeFindings();
      const outcome = await scanSource(ctx, source, list, true);
      const findings = list.findings();
      const { treeBlobs } = await import('../sources/git/repo.js');
      const head = findings.length ? headVersions(ctx, source.root, await treeBlobs(source.root, source.headCommit)) : null;
      await markStillPresent(findings, head, new HeadHoldings(), new Set(), (paths) => head!.scan(paths));
      fixGoneFromHead(ctx.engine, findings);
      return finish(source, list, outcome, findings);
    }
    case 'history': {
      const { historySource } = await import('../sources/history.js');
      const source = await historySource({ ...options, path: options.paths[0], maxBytes: maxBytes(options) });
      const earliest = new EarliestCommit(source);
      const outcome = await scanSource(ctx, source, earliest, false);
      const { findings, standsFor } = earliest.result();
      // HEAD's tree as the walk listed it: provenance judges against the one snapshot
      const head = source.head && findings.length ? headVersions(ctx, source.root, source.head.tree, (id) => source.isMissing(id)) : null;
      // a walk stopped early (--timeout) did not scan every HEAD version it handed
      const handed = outcome.incomplete ? new Set<string>() : source.headPathsHanded;
      await markStillPresent(findings, source.head, earliest.atHead, handed, (paths) => head!.scan(paths), standsFor);
      if (source.head) await fixDotenvAtHead(ctx.engine, source.root, source.head.tree, findings);
      fixGoneFromHead(ctx.engine, findings);
      return { ...finish(source, earliest, outcome, findings), laterVersions: (f) => earliest.laterVersions(f) };
    }
  }
}

/**
 * history and diff: a value HEAD no longer holds, or one in a commit or tag message, needs no
 * change to the code (the fix said how to read the literal from the environment): the fix says
 * where the value still is and what is left to do (the rule's historyOnlyFix: rotate, revoke).
 */
function fixGoneFromHead(engine: Engine, findings: LocatedFinding[]): void {
  for (const f of findings) {
    if (f.stillPresent !== false) continue;
    const rest = engine.contentRules.find((r) => r.id === f.ruleId)?.historyOnlyFix;
    if (!rest) continue;
    const where = !isMessagePath(f.file)
      ? 'HEAD no longer holds it, but git history does'
      : f.file === TAG_MESSAGE_PATH
        ? 'it is in a tag message, which git keeps'
        : f.file === COMMIT_MESSAGE_PATH
          ? 'it is in a commit message, which git history keeps'
          : f.file === COMMIT_HEADER_PATH
            ? "it is in a commit's header (its author, committer or another field), which git history keeps"
            : 'it is in a git note, which git keeps';
    f.fix = `Nothing to change in the code: ${where}. ${rest}`;
  }
}

/**
 * history: a `.env` file ever committed is fixed from where HEAD stands, not from the commit that
 * added it: `git rm --cached` only while HEAD still tracks it, an ignore line only when HEAD's
 * `.gitignore` files do not already cover it.
 */
async function fixDotenvAtHead(engine: Engine, root: string, tree: Map<string, string>, findings: LocatedFinding[]): Promise<void> {
  const dotenv = findings.filter((f) => f.ruleId === 'dotenv-committed');
  if (dotenv.length === 0) return;
  const { ignoredInTree } = await import('../sources/git/tree-ignores.js');
  const ignored = await ignoredInTree(
    root,
    tree,
    dotenv.map((f) => treePath(f.file)),
  );
  for (const f of dotenv) {
    const p = treePath(f.file);
    const facts = { path: f.file, tracked: true, ignored: false, inRepo: true, head: { tracked: tree.has(p), ignored: ignored.has(p) } };
    const again = engine.checkFile(facts).find((g) => g.ruleId === f.ruleId);
    if (again) f.fix = again.fix;
  }
}

/**
 * Each semi-space of the scan workers' young generation at the start, in MB (src/scan/pool.ts,
 * WorkerHeap; V8 starts it at 1 MB). A working tree's peak stays far under 200 MB with 4 (156-162
 * MiB on the 1 GB bench tree). History's blobs in flight took the room until it held two large
 * blobs instead of three (src/sources/history.ts, LARGE_BLOBS_HELD): with 4, signalwire/docs'
 * history took 0.94 of the wall and 0.88 of the CPU it took with 1 MB (4 paired runs), the synthetic
 * history the same (8 pairs), but its peak reached 189-199 MiB against 181-188; with 3 the same
 * speed (1.01 of 4's wall, 4 pairs) at 185-190 MiB; 8 was no faster, at 213 MiB
 * (bench/BENCHMARKS.head.md, round 20).
 */
const YOUNG_START_MB: Partial<Record<Mode, number>> = { scan: 4, history: 3 };

/** What the pipeline is told of the run's settings. */
function pipelineSettings(ctx: ModeContext) {
  const youngStartMb = YOUNG_START_MB[ctx.options.mode];
  return {
    engineSpec: ctx.engineSpec,
    maxFileSize: ctx.options.maxFileSize,
    jobs: ctx.options.jobs,
    jobsGiven: ctx.options.jobsGiven === true,
    ...(youngStartMb ? { workerYoungStartMb: youngStartMb } : {}),
    // a working tree's files are read by the scan, not handed over by git: this thread can scan some of them
    ...(ctx.options.mode === 'scan' ? { scansFilesHere: true } : {}),
    ...(ctx.deadline !== undefined ? { deadline: ctx.deadline } : {}),
  };
}

function scanSource(ctx: ModeContext, source: Source, sink: FindingSink, gate: boolean, prestarted: ScanPool | null = null): Promise<PipelineOutcome> {
  return runPipeline(source, {
    engine: ctx.engine,
    ...pipelineSettings(ctx),
    prestarted,
    gate,
    allowlisted: (rel, message) => ctx.allowlisted(source.root, rel, true, message),
    // a baseline names a file as reports show it (`./(commit message)` for a file so named: shownPath)
    suppressedBefore: (from, to, before) =>
      ctx.allowlisted(source.root, from, false) ||
      (ctx.baselinedFiles?.has(shownPath({ path: from })) ?? false) ||
      (ctx.judgedApart?.(from, to, before) ?? false),
    sink,
    progress: ctx.options.progress ? new ProgressLine(`swlint ${ctx.options.mode}`) : null,
  });
}

/** What HEAD's versions of some paths hold (HeadHoldings): one more (small) pass of the same pipeline. */
function headVersions(
  ctx: ModeContext,
  root: string,
  tree: Map<string, string>,
  /** a partial clone's absent blobs: not read (git would die asking for one) */
  isMissing: (id: string) => boolean = () => false,
): { tree: Map<string, string>; scan: (paths: string[]) => Promise<HeadHoldings | null> } {
  return {
    tree,
    scan: async (paths) => {
      const { treeSource } = await import('../sources/tree.js');
      const source = treeSource(root, tree, paths, maxBytes(ctx.options), isMissing);
      const held = new HeadHoldings();
      const outcome = await runPipeline(source, {
        engine: ctx.engine,
        engineSpec: ctx.engineSpec,
        maxFileSize: ctx.options.maxFileSize,
        jobs: 1,
        deadline: ctx.deadline,
        // a gate's unscanned content is a finding too (swlint-unscanned): HEAD's version of that
        // path, if it still cannot be scanned, holds it still
        gate: ctx.options.mode === 'diff',
        sink: held,
      });
      return outcome.incomplete ? null : held;
    },
  };
}

function finish(source: Source, _sink: FindingSink, outcome: PipelineOutcome, findings: LocatedFinding[]): ModeResult {
  return {
    root: source.root,
    findings,
    skipped: dedupeSkipped(outcome.skipped),
    files: outcome.files,
    bytes: outcome.bytes,
    commits: source.commits.length,
    suppressedInline: outcome.suppressedInline,
    errors: outcome.errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    warnings: source.warnings,
    ...(outcome.incomplete ? { incomplete: true } : {}),
  };
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
