// The one scanning loop, for every source: items come in (src/sources/source.ts), content is
// scanned (src/scan/unit.ts) on worker threads or, for small jobs, here; facts go to the
// repository rules; findings go to a sink with the commit they were seen in. Counting, skips
// and the --timeout deadline are handled here, once.
import type { Engine, LocatedFinding, RuleError } from '../engine/engine.js';
import type { EngineSpec } from '../engine/spec.js';
import { shownPath, type BlobItem, type Content, type Sighting, type Source, type SourceItem } from '../sources/source.js';
import type { CommitInfo, Skipped } from '../types.js';
import { ScanPool, poolAvailable, type WorkerHeap } from './pool.js';
import { scanUnit, type UnitResult, type WorkUnit } from './unit.js';
import type { ProgressLine } from '../progress.js';
import { nodePerfHooks } from '../io/lazy-builtins.js';

/** Where findings go: a list, or a provenance step that keeps the earliest sighting of each. */
export interface FindingSink {
  add(findings: LocatedFinding[], sighting: Sighting, commit: CommitInfo | null): void;
  /**
   * A sighting marked `atHead`: what HEAD's version of its path holds (UnitResult: PathResult.holds),
   * for stillPresent (src/scan/provenance.ts); `complete: false` and no keys when the version
   * could not be scanned (too large, missing, a binary without strings): not known.
   */
  holds?(sighting: Sighting, holds: { keys: readonly string[]; complete: boolean }): void;
}

/** A version scanned whole that held no value. */
const HOLDS_NOTHING = Object.freeze({ keys: Object.freeze([]) as readonly string[], complete: true });
/** A version that could not be scanned: what it holds is not known. */
const HOLDS_UNKNOWN = Object.freeze({ keys: Object.freeze([]) as readonly string[], complete: false });

export interface PipelineOptions {
  engine: Engine;
  /** how to build the same engine in a worker */
  engineSpec: EngineSpec;
  maxFileSize: number;
  jobs: number;
  /** --jobs was given: for a large source, workers start with the pipeline, whatever the cost model would say */
  jobsGiven?: boolean;
  /** each semi-space of a worker's young generation from the start, in MB (src/scan/pool.ts, WorkerHeap) */
  workerYoungStartMb?: number;
  /** this thread scans working-tree files too, with one worker fewer (src/scan/pool.ts, WorkerHeap); never with a deadline */
  scansFilesHere?: boolean;
  /**
   * Workers started while the source was being made (prestartWorkers): the pipeline takes them
   * when it would start workers at once, and stops them otherwise.
   */
  prestarted?: ScanPool | null;
  /** Date.now() after which the scan stops, workers and git included (--timeout) */
  deadline?: number;
  /** staged/diff: content that could not be scanned is a finding (swlint-unscanned), not only a skip */
  gate: boolean;
  /** paths the configuration's allowlist excludes */
  allowlisted?: (path: string, message?: boolean) => boolean;
  /**
   * diff, staged: whether a file's version `before` at `from`, which the change renames to `to`,
   * had findings that went unreported or were judged lower there than they are at `to` (the
   * trusted allowlist, .swlintignore, the baseline's files, a fingerprint accepted, which names the
   * path; documentation or a test moved into code). Such a file is judged whole at its new path,
   * as if added: moving a token out of `fixtures/` or a baselined file exposes it anew.
   */
  suppressedBefore?: (from: string, to: string, before: Content) => boolean;
  sink: FindingSink;
  /** a progress line on stderr (TTY only: src/progress.ts), labelled `swlint <mode>` */
  progress?: ProgressLine | null;
}

export interface PipelineOutcome {
  skipped: Skipped[];
  /** text contents scanned, and their bytes */
  files: number;
  bytes: number;
  /** findings inline ignores hid */
  suppressedInline: number;
  errors: RuleError[];
  /** the deadline stopped the scan */
  incomplete: boolean;
}

export const UNSCANNED_RULE = 'swlint-unscanned';

/**
 * The rules that failed on a content's text (RuleError): what they would have found there is not
 * known, so a gate reports the content as not scanned. Named by id only: an error's message may
 * quote the text.
 */
function ruleFailure(r: UnitResult): { reason: string; detail: string } | null {
  const ids = [...new Set(r.results.flatMap((p) => p.errors.map((e) => e.ruleId)))].sort();
  if (ids.length === 0) return null;
  const named = ids.map((id) => `\`${id}\``).join(', ');
  return {
    reason: 'rule-failed',
    detail: `rule${ids.length === 1 ? '' : 's'} ${named} failed on it, and what ${ids.length === 1 ? 'it' : 'they'} would have found is not known`,
  };
}

/**
 * A large source's units are scanned on the main thread, and judged in windows of this many
 * bytes: workers take over only after a window in which this thread was busy at least
 * BUSY_FOR_WORKERS of the time (WorkerCostModel). Bytes, not units: a history's commit messages
 * come first and all at once, and would make any count of units look busy.
 */
const WINDOW_BYTES = 8 * 1024 * 1024;
/**
 * Working-tree files: a window also ends after this many, whatever their bytes. A file costs its
 * system calls whatever its size: on a tree of 300,000 files of 94 bytes, 8 MB was 85,000 files
 * and 5.4 s of this thread alone before the first judgment (13.5 s in all, against 6.8 s with
 * `--jobs 2`).
 */
const WINDOW_FILES = 1000;
const BUSY_FOR_WORKERS = 0.9;
/**
 * Working-tree files: workers take over when this thread would still need this many seconds for
 * the rest. Two workers cost about 0.5 s of CPU to start; on signalwire/docs' working tree
 * (4,001 files, 47 MB) they made the scan slower: 0.98-1.21 s against 0.74-0.80 s on one thread.
 */
const WORK_LEFT_FOR_WORKERS = 0.5;
/**
 * The first window's rate includes compiling the engine (3,000 files of the 1 GB bench tree named
 * on the command line: 0.17-0.22 ms a file in the first window, 0.075-0.10 in the next ones), so
 * on its own it decides only when the work left is this many times WORK_LEFT_FOR_WORKERS: a tree
 * far larger starts its workers as soon, one near the bound waits for a window at the true rate.
 */
const FIRST_WINDOW_MARGIN = 2;
/** bytes scanned on the main thread between two turns of the event loop */
const YIELD_BYTES = 256 * 1024;

export async function runPipeline(source: Source, opts: PipelineOptions): Promise<PipelineOutcome> {
  const out: PipelineOutcome = { skipped: [], files: 0, bytes: 0, suppressedInline: 0, errors: [], incomplete: false };
  const pending = new Map<number, Sighting[]>();
  /** change sources: the object id of each pending unit's content (src/sources/source.ts, BlobItem.version) */
  const versions = new Map<number, string>();
  let nextId = 0;
  const commitOf = (s: Sighting): CommitInfo | null => (s.commit === null ? null : source.commits.info(s.commit));

  const onResult = (r: UnitResult) => {
    const sightings = pending.get(r.id)!;
    pending.delete(r.id);
    const version = versions.get(r.id);
    versions.delete(r.id);
    // files: contents of files; a commit or tag message is scanned but is no file
    if (r.scannedBytes !== null && !sightings[0]!.message) {
      out.files++;
      out.bytes += r.scannedBytes;
    }
    for (const s of r.skipped) out.skipped.push(s);
    opts.progress?.update(
      `${source.commits.length ? `${source.commits.length} commits, ` : ''}${out.files} file${source.commits.length ? ' version' : ''}s, ${(out.bytes / 1e6).toFixed(1)} MB`,
    );
    if (opts.sink.holds && sightings.some((s) => s.atHead)) {
      sightings.forEach((s, k) => {
        if (!s.atHead) return;
        // no result for a path: nothing was found in text scanned whole, or nothing was scanned
        opts.sink.holds!(s, r.results[k]?.holds ?? (r.scannedBytes !== null && r.unscanned === null ? HOLDS_NOTHING : HOLDS_UNKNOWN));
      });
    }
    r.results.forEach((res, k) => {
      const s = sightings[k]!;
      out.suppressedInline += res.suppressed;
      for (const e of res.errors) out.errors.push(e);
      if (res.findings.length) opts.sink.add(res.findings, s, commitOf(s));
    });
    // a gate: a rule that failed left the content not fully judged, as unscanned as content not read
    const unscanned = r.unscanned ?? (opts.gate ? ruleFailure(r) : null);
    if (unscanned && opts.gate) {
      for (const s of sightings) {
        const facts = { path: shownPath(s), tracked: true, ignored: false, inRepo: true, unscanned: version ? { ...unscanned, version } : unscanned };
        const found = opts.engine.checkFile(facts, commitOf(s)).filter((f) => f.ruleId === UNSCANNED_RULE);
        if (found.length) opts.sink.add(found, s, commitOf(s));
        // HEAD's version holds its own unscanned content (stillPresent of that finding)
        if (found.length && s.atHead) opts.sink.holds?.(s, { keys: found.map((f) => f.fingerprint), complete: false });
      }
    }
  };

  // workers: always under --timeout (a worker can be stopped mid-rule, the main thread cannot);
  // for a large source with --jobs given, from the start: they boot (0.15 s) while this thread
  // handles the listing's file facts, where waiting for 200 units first started them 0.2 s later
  // on the bench tree; otherwise for large sources, once the scan and not the source proves the
  // bottleneck (WorkerCostModel): a small or git-bound history stays on this thread
  const available = poolAvailable();
  const eager = workersAskedFor(opts) && source.large;
  const atOnce = available && (opts.deadline !== undefined || eager);
  if (opts.prestarted && !atOnce) await opts.prestarted.terminate();
  const delivery = { onResult, engine: opts.engine, ...(source.expectedContent !== undefined ? { expectedUnits: source.expectedContent } : {}) };
  let pool = atOnce ? (opts.prestarted?.deliverTo(delivery) ?? new ScanPool(opts.engineSpec, workerHeap(opts), delivery)) : null;
  const costModel = available && !eager && opts.jobs > 1 && source.large ? new WorkerCostModel(source.expectedContent) : null;
  let sinceYield = 0;
  /** units this thread scanned before workers started (the cost model's): not the pool's to share out */
  let scannedBeforePool = 0;
  let timer: NodeJS.Timeout | null = null;
  let stop: (() => void) | null = null;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  if (opts.deadline !== undefined) {
    timer = setTimeout(
      () => {
        out.incomplete = true;
        source.abort();
        stop!();
      },
      Math.max(0, opts.deadline - Date.now()),
    );
  }

  const consume = async () => {
    for await (const item of source.items() as AsyncIterable<SourceItem>) {
      if (out.incomplete) break;
      if (item.kind === 'skip') {
        out.skipped.push(item.skipped);
        continue;
      }
      if (item.kind === 'facts') {
        if (opts.allowlisted?.(item.facts.path)) continue;
        const commit = item.commit === null ? null : source.commits.info(item.commit);
        const found = opts.engine.checkFile(item.facts, commit).filter((f) => f.ruleId !== UNSCANNED_RULE);
        if (found.length) opts.sink.add(found, { path: item.facts.path, commit: item.commit, ...(item.kept ? { kept: true as const } : {}) }, commit);
        continue;
      }
      // the list as it is unless a path is allowlisted: a filtered copy per item was 215,000 arrays on signalwire/docs
      const allowlisted = opts.allowlisted;
      const sightings =
        allowlisted && item.sightings.some((s) => allowlisted(s.path, s.message))
          ? item.sightings.filter((s) => !allowlisted(s.path, s.message))
          : item.sightings;
      if (sightings.length === 0) {
        // not scanned: the source may reuse the bytes' memory now (history's blob ring)
        if (item.content.kind === 'bytes') item.content.release?.();
        continue;
      }
      const id = nextId++;
      pending.set(id, sightings);
      if (item.version) versions.set(id, item.version);
      // the release of the bytes (history's large blobs) stays on this thread: a function cannot go to a worker
      const { content, release } = splitRelease(item.content);
      const unit: WorkUnit = {
        id,
        content,
        paths: sightings.map(shownPath),
        maxFileSize: opts.maxFileSize,
        ...(opts.sink.holds && sightings.some((s) => s.atHead) ? { presence: sightings.map((s) => s.atHead === true) } : {}),
        ...(item.before ? { before: beforeToJudge(item, opts.suppressedBefore) } : {}),
      };
      if (!pool && costModel?.workersPay()) {
        // the pool sizes its batches by the units still to come, so that the last ones are small
        // and no thread waits long at the end for another's last batch: those scanned here are not
        // to come (with the whole count, the 1 GB tree's last batch kept this thread idle 0.25 s)
        const toCome = delivery.expectedUnits === undefined ? {} : { expectedUnits: Math.max(0, delivery.expectedUnits - scannedBeforePool) };
        pool = new ScanPool(opts.engineSpec, workerHeap(opts), { ...delivery, ...toCome });
      }
      if (pool) {
        const full = pool.submit(unit, release);
        if (full) await full;
      } else {
        const result = scanUnit(opts.engine, unit);
        scannedBeforePool++;
        // a working-tree file's size is known once it is read
        const size = item.content.kind === 'file' ? (result.scannedBytes ?? 0) : sizeOf(item.content);
        costModel?.scanned(size, item.content.kind === 'file');
        onResult(result);
        release?.();
        // scanning here holds the event loop: git's output is not read and git stops at a full
        // pipe. Letting I/O run every YIELD_BYTES keeps git reading ahead while this thread
        // scans (--jobs 1 on signalwire/docs spent 5.7 s of 57 idle, waiting for git). Files
        // count by the bytes read: counted as none, a working tree scanned here never let the
        // event loop turn, and the young generation, held from an observer the loop calls
        // (src/scan/v8-settings.ts), grew to 32 MB (the 1 GB tree with --jobs 1: 134 MB peak
        // against 100)
        if ((sinceYield += size) >= YIELD_BYTES) {
          sinceYield = 0;
          const resumed = costModel?.pause();
          await new Promise<void>((resolve) => setImmediate(resolve));
          resumed?.();
        }
      }
    }
    await pool?.drain();
  };
  try {
    await Promise.race([consume(), stopped]);
  } catch (e) {
    source.abort();
    throw e;
  } finally {
    if (timer) clearTimeout(timer);
    if (out.incomplete) source.abort();
    await pool?.terminate();
    opts.progress?.clear();
  }
  return out;
}

/**
 * Workers for a pipeline not yet made, started where its source takes a while to list (a working
 * tree: git ls-files walks every directory) and --jobs asks for them: they boot meanwhile, 0.25 s
 * on the bench tree. runPipeline takes them, or stops them for a source too small for workers.
 */
export function prestartWorkers(
  opts: Pick<PipelineOptions, 'engineSpec' | 'jobs' | 'jobsGiven' | 'maxFileSize' | 'workerYoungStartMb' | 'scansFilesHere' | 'deadline'>,
): ScanPool | null {
  return workersAskedFor(opts) && poolAvailable() ? new ScanPool(opts.engineSpec, workerHeap(opts)) : null;
}

function workerHeap(opts: Pick<PipelineOptions, 'jobs' | 'maxFileSize' | 'workerYoungStartMb' | 'scansFilesHere' | 'deadline'>): WorkerHeap {
  return {
    jobs: opts.jobs,
    maxFileSize: opts.maxFileSize,
    ...(opts.workerYoungStartMb ? { youngStartMb: opts.workerYoungStartMb } : {}),
    ...(opts.scansFilesHere && opts.deadline === undefined ? { scansFilesHere: true } : {}),
  };
}

/** `--jobs N` was given with N over 1: worker threads asked for, whatever they would cost. */
function workersAskedFor(opts: Pick<PipelineOptions, 'jobs' | 'jobsGiven'>): boolean {
  return opts.jobsGiven === true && opts.jobs > 1;
}

/**
 * Whether worker threads would shorten the scan, judged from how busy this thread was while it
 * scanned alone: workers take scanning off it, not the source's reading. In a window where it
 * waited for the source (git inflating blobs) more than a tenth of the time, more scanning
 * threads would wait too, and starting them costs CPU both cores need: about 0.5 s for one
 * worker on the 5,000-commit synthetic history, whose main thread is busy 43-82 % of each
 * window, where signalwire/docs' is 96-100 % once past its first commits (measured with
 * `performance.eventLoopUtilization()` per window; `npm run bench`, history sections). Files
 * the scan reads itself are judged by the work left instead (WORK_LEFT_FOR_WORKERS).
 */
export class WorkerCostModel {
  private units = 0;
  private totalBytes = 0;
  /** bytes, units and start of the current window */
  private bytes = 0;
  private windowUnits = 0;
  private windowStart: number;
  /** whether the units were read by the scan itself (working-tree files) */
  private readByScanner = false;
  private pay = false;
  private firstWindow = true;

  /**
   * `expectedUnits`: how many units the source will hand in all, when it knows. `clock`: this
   * thread's time (a test passes its own).
   */
  constructor(
    private readonly expectedUnits: number | undefined,
    private readonly clock: CostClock = threadClock(),
  ) {
    this.windowStart = clock.now();
  }

  /**
   * A unit scanned on this thread. `readByScanner`: its bytes were read by the scan (working-tree
   * files), not handed over by the source: workers read in parallel too, so what decides is how
   * much work is left, not whether this thread waited.
   */
  scanned(bytes: number, readByScanner: boolean): void {
    this.units++;
    this.windowUnits++;
    this.bytes += bytes;
    this.totalBytes += bytes;
    if (readByScanner) this.readByScanner = true;
  }

  /**
   * The event loop's turn between two units: what runs then (git's output, other listings) is not
   * the scan's cost. Returns what to call once the turn is over.
   */
  pause(): () => void {
    const from = this.clock.now();
    return () => {
      this.windowStart += this.clock.now() - from;
    };
  }

  workersPay(): boolean {
    if (this.pay) return true;
    if (this.bytes < WINDOW_BYTES && !(this.readByScanner && this.windowUnits >= WINDOW_FILES)) return false;
    const now = this.clock.now();
    const msPerUnit = Math.max(1, now - this.windowStart) / this.windowUnits;
    // the window's units were this much larger than the average unit so far (1: no bytes to tell)
    const windowSize = this.bytes > 0 && this.totalBytes > 0 ? this.bytes / this.windowUnits / (this.totalBytes / this.units) : 1;
    this.bytes = 0;
    this.windowUnits = 0;
    this.windowStart = now;
    const busy = this.clock.busySinceLastCall();
    const first = this.firstWindow;
    this.firstWindow = false;
    if (this.readByScanner) return (this.pay = this.secondsLeft(msPerUnit / windowSize) >= WORK_LEFT_FOR_WORKERS * (first ? FIRST_WINDOW_MARGIN : 1));
    return (this.pay = busy >= BUSY_FOR_WORKERS);
  }

  /** this thread's time for the units still to come, at `msPerUnit` milliseconds for a unit of the average size (unknown: a long time) */
  private secondsLeft(msPerUnit: number): number {
    if (this.expectedUnits === undefined) return Infinity;
    return (Math.max(0, this.expectedUnits - this.units) * msPerUnit) / 1000;
  }
}

/** What the cost model reads of time. */
export interface CostClock {
  /** milliseconds, monotonic */
  now(): number;
  /** the share of the time this thread was busy since the previous call (since its creation for the first) */
  busySinceLastCall(): number;
}

/** This thread's clock and event loop utilization. */
function threadClock(): CostClock {
  const { performance } = nodePerfHooks();
  let since = performance.eventLoopUtilization();
  return {
    now: () => performance.now(),
    busySinceLastCall: () => {
      const window = performance.eventLoopUtilization(since);
      since = performance.eventLoopUtilization();
      return window.utilization;
    },
  };
}

function splitRelease(c: Content): { content: Content; release?: () => void } {
  return c.kind === 'bytes' && c.release ? { content: { kind: 'bytes', bytes: c.bytes }, release: c.release } : { content: c };
}

function sizeOf(c: WorkUnit['content']): number {
  return c.kind === 'bytes' ? c.bytes.length : 0;
}

/**
 * The versions a change is judged against. One the change renamed away from a path whose
 * findings went unreported (suppressedBefore) is left out: what the file holds counts as added,
 * as if the file were new (all of them left out: it is judged whole).
 */
function beforeToJudge(item: BlobItem, suppressedBefore: PipelineOptions['suppressedBefore']): Content[] {
  const from = item.fromPaths;
  if (!from || !suppressedBefore) return item.before!;
  return item.before!.filter((content, k) => {
    const path = from[k];
    return !(path && item.sightings.some((s) => suppressedBefore(path, s.path, content)));
  });
}
