// Worker threads for the pipeline: units are sent in batches (one message per unit would cost
// more than small files take to scan), handed out on demand with at most two or three batches
// per worker (IN_FLIGHT_BYTES, IN_FLIGHT_FILES), so a worker that drew large files does not hold
// the others up and memory stays bounded by the batches in flight. A batch's bytes travel in
// shared memory (src/scan/shared-batch.ts).
// terminate() stops every worker at once, whatever rule it is running: that is what makes
// --timeout a hard bound.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { nodeV8, nodeWorkers } from '../io/lazy-builtins.js';
import type { Engine } from '../engine/engine.js';
import { engineFromSpec, type EngineSpec } from '../engine/spec.js';
import { unpackResults, type BatchResults } from './result-wire.js';
import { SharedBatchMemory, unitBytes } from './shared-batch.js';
import { reapplyV8Settings } from './v8-settings.js';
import { scanUnit, type UnitResult, type WorkUnit } from './unit.js';

const BATCH_UNITS = 64;
const BATCH_BYTES = 1024 * 1024;
/**
 * Batches sent to a worker and not yet answered. Batches of bytes (history, diff, staged): the
 * one it scans and one waiting, so that it never waits for this thread; three kept a ninth 1 MB
 * batch buffer alive for nothing, and two took 6 MiB off signalwire/docs' history peak with 3
 * large blobs held (192 against 198 MiB, same wall time, 4 paired runs; bench/BENCHMARKS.head.md
 * round 7). Batches of working-tree files, which a worker reads itself: three, as before (two
 * gave the 1 GB tree 8-12 MiB more in paired runs).
 */
const IN_FLIGHT_BYTES = 2;
const IN_FLIGHT_FILES = 3;
/**
 * Bytes of batches waiting or in flight, per worker, above which submit() waits: counting
 * batches alone let a run of multi-megabyte files hold 9 batches of 5 MB each.
 */
const HELD_BYTES_PER_WORKER = 2 * BATCH_BYTES;

interface Batch {
  units: WorkUnit[];
  bytes: number;
  /** the sources' releases of bytes that the batch still uses (not copied into `memory`) */
  releases: (() => void)[];
  /** the batch's bytes (null when it carries none), released when its results are in */
  memory: SharedArrayBuffer | null;
}

/** How many batches like `batch` a worker may have unanswered: working-tree files, or bytes. */
function inFlightLimit(batch: Batch): number {
  return batch.units.some((u) => u.content.kind === 'file') ? IN_FLIGHT_FILES : IN_FLIGHT_BYTES;
}

const workerUrl = new URL('./worker.js', import.meta.url);

/** Workers need the compiled worker module next to this one (absent when run from TypeScript sources). */
export function poolAvailable(): boolean {
  return workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl));
}

/**
 * A small heap keeps the process's memory bounded: old generation for a few copies of the
 * largest file (bytes, text, lower-cased text), at least 32 MB. A worker that needs more (a
 * pathological file) dies, and its batches are scanned on the main thread, whose heap is not capped.
 * The young generation: 8 MB rather than 2 MB, so that fewer of a scan's short-lived objects
 * (a version's text, its candidates) are still alive at a scavenge and copied into the old
 * generation. On signalwire/docs' history: wall 0.84-1.07 of the 2 MB code, median 0.96, over 9
 * pairs, with the same peak RSS (193-202 against 191-202 MiB); 16 MB was no faster
 * (bench/BENCHMARKS.head.md, rounds 11 and 12). `youngStartMb`: see WorkerHeap.
 */
function workerLimits(maxFileSize: number, youngStartMb?: number): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } {
  return {
    maxOldGenerationSizeMb: Math.max(32, Math.ceil((Math.min(maxFileSize, 256 * 2 ** 20) * 5) / 2 ** 20) + 8),
    // two semi-spaces and the young large-object space, each as large as a semi-space
    maxYoungGenerationSizeMb: youngStartMb ? 4 * youngStartMb : 8,
  };
}

/** How the pool's workers are made. */
export interface WorkerHeap {
  jobs: number;
  maxFileSize: number;
  /**
   * Each semi-space of a worker's young generation from the start, in MB. V8 starts it at 1 MB
   * and, under the long-scan bounds (src/scan/v8-settings.ts: semi-space growth off, for the main
   * thread's sake), keeps it there: a worker of the 1 GB bench tree collected 230-320 times.
   * With 4 MB: 70-78 times, wall 0.96 in 4 paired runs, peak RSS 156-162 against 137-144 MiB
   * (bench/BENCHMARKS.head.md, round 13); history's workers start with 3 MB since round 20 (src/scan/modes.ts).
   * Set process-wide before the workers start: V8 reads it when an isolate is made.
   */
  youngStartMb?: number;
  /**
   * This thread is one of the `jobs` scanning threads for working-tree files: the pool starts one
   * worker fewer, and a batch of files that finds every worker with its share is scanned here, a
   * slice of SLICE_MS at a time, with a turn of the event loop between slices so that the workers'
   * answers are taken and they are sent more. Files only: a batch of bytes scanned here would
   * hold up the git process that hands them (history: 13 % slower, round 7 of
   * bench/BENCHMARKS.head.md). Paired runs with `--jobs 2` (round 22): the 1 GB bench tree 0.95
   * of the wall and of the CPU, peak RSS 141 against 159 MiB (14 pairs); signalwire/docs' working
   * tree 0.95 of the wall, 0.90 of the CPU (12 pairs). Not under --timeout: a worker can be
   * stopped mid-rule, this thread cannot.
   */
  scansFilesHere?: boolean;
}

/** How long this thread scans files in one go before it lets the event loop turn (scansFilesHere). */
const SLICE_MS = 2;

/** What a pool hands its results to, and the engine the pipeline scans with on this thread (the workers' is built from the same spec). */
export interface Delivery {
  onResult: (r: UnitResult) => void;
  engine: Engine;
  /** how many units the source will submit, when it knows (a working tree's file count: Source.expectedContent) */
  expectedUnits?: number;
}

/**
 * Batches get smaller as the source's end nears (guided self-scheduling): a batch takes at most
 * this share of the units still to come per scanning thread. With batches of 64 files to the
 * end, the last three a worker held kept it busy while this thread, done, waited: on the 1 GB
 * bench tree this thread sat idle 236-255 ms in a run's last 1.2 s, and 19-51 ms with guided
 * batches (`node --cpu-prof`, 3 runs each); the wall's noise hides the 0.1 s this saves.
 */
const GUIDED_SHARE = 4;

/**
 * How many units a batch may take when `queued` of the `expected` units have been queued and
 * `threads` threads scan them: BATCH_UNITS until the end nears, then a GUIDED_SHARE-th of each
 * thread's share of what is left, down to one. Full batches when the source did not say how
 * many (history) or has handed more than it said (untracked files listed later).
 */
export function guidedBatchUnits(expected: number | undefined, queued: number, threads: number): number {
  const left = expected === undefined ? 0 : expected - queued;
  if (left <= 0) return BATCH_UNITS;
  return Math.min(BATCH_UNITS, Math.ceil(left / (GUIDED_SHARE * Math.max(1, threads))));
}

interface Slot {
  worker: Worker;
  inFlight: Map<number, Batch>;
}

export class ScanPool {
  private readonly slots: Slot[] = [];
  private batch: WorkUnit[] = [];
  private batchReleases: (() => void)[] = [];
  private batchBytes = 0;
  private nextBatch = 0;
  private readonly waiting: Batch[] = [];
  /** bytes of the batches waiting or in flight */
  private held = 0;
  /** every batch waiting or in flight can hold a reused buffer */
  private readonly memory: SharedBatchMemory;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  /** the pipeline's engine, for what this thread scans (a dead worker's batches, files: scansFilesHere); set with the delivery */
  private local: Engine | null = null;
  private terminated = false;
  /** WorkerHeap.scansFilesHere */
  private readonly scansFilesHere: boolean;
  /** every worker first started is running (node has applied its V8 options for it: src/scan/v8-settings.ts) */
  private isOnline = false;

  private readonly maxFileSize: number;
  private readonly youngStartMb: number | undefined;
  /** Delivery.expectedUnits, and the units queued so far (batchUnits) */
  private expectedUnits: number | undefined;
  private queued = 0;

  private onResult: (r: UnitResult) => void = () => {
    throw new Error('scan pool: results before deliverTo()');
  };

  /** `delivery`: where results go; a pool started before its pipeline (prestarted) is told later (deliverTo) */
  constructor(
    private readonly spec: EngineSpec,
    heap: WorkerHeap,
    delivery?: Delivery,
  ) {
    if (delivery) this.deliverTo(delivery);
    this.maxFileSize = heap.maxFileSize;
    this.youngStartMb = heap.youngStartMb;
    this.scansFilesHere = heap.scansFilesHere === true;
    for (let k = 0; k < Math.max(1, heap.jobs - (this.scansFilesHere ? 1 : 0)); k++) this.slots.push(this.start());
    void Promise.all(this.slots.map((s) => new Promise((resolve) => s.worker.once('online', resolve)))).then(() => {
      this.isOnline = true;
      this.notify();
    });
    this.memory = new SharedBatchMemory(BATCH_BYTES, this.slots.length * (IN_FLIGHT_BYTES + 1) + 1);
  }

  /** Where the results go, for a pool started before its pipeline: set before the first submit. */
  deliverTo({ onResult, engine, expectedUnits }: Delivery): this {
    this.onResult = onResult;
    this.local = engine;
    this.expectedUnits = expectedUnits;
    return this;
  }

  /** The units the batch being filled may take (guidedBatchUnits). */
  private batchUnits(): number {
    return guidedBatchUnits(this.expectedUnits, this.queued, this.slots.length + (this.scansFilesHere ? 1 : 0));
  }

  private start(): Slot {
    // 0: V8's own start; set either way, so that a pool of another kind in this process does not inherit it
    nodeV8().setFlagsFromString(`--min-semi-space-size=${this.youngStartMb ?? 0}`);
    const slot: Slot = {
      worker: new (nodeWorkers().Worker)(workerUrl, { workerData: this.spec, resourceLimits: workerLimits(this.maxFileSize, this.youngStartMb) }),
      inFlight: new Map(),
    };
    // a worker's start puts node's V8 options back: the scan's settings are set again
    slot.worker.once('online', reapplyV8Settings);
    slot.worker.on('message', (m: BatchResults & { id: number }) => {
      this.settled(slot.inFlight.get(m.id));
      slot.inFlight.delete(m.id);
      for (const r of unpackResults(m)) this.onResult(r);
      this.dispatch();
      this.notify();
    });
    slot.worker.on('error', (err: Error & { code?: string }) => {
      if (this.terminated) return;
      if (err.code !== 'ERR_WORKER_OUT_OF_MEMORY') return this.fail(err);
      // over its memory limit (a pathological file): its batches are scanned here, and a fresh worker takes its place
      try {
        const batches = [...slot.inFlight.values()];
        slot.inFlight.clear();
        const local = this.localEngine();
        for (const b of batches) {
          for (const u of b.units) this.onResult(scanUnit(local, u));
          this.settled(b);
        }
        this.slots[this.slots.indexOf(slot)] = this.start();
        this.dispatch();
        this.notify();
      } catch (e) {
        this.fail(e);
      }
    });
    slot.worker.on('exit', () => {
      if (!this.terminated && slot.inFlight.size > 0 && this.slots.includes(slot)) this.fail(new Error('scan worker exited before finishing'));
    });
    return slot;
  }

  /**
   * Queues a unit. Returns what to wait for before submitting more (backpressure, or a worker
   * still booting), or undefined when there is room at once: no promise per unit (history
   * submits 215,000 on signalwire/docs).
   */
  submit(unit: WorkUnit, release?: () => void): Promise<void> | undefined {
    // no working-tree file is handed on while a worker boots: node puts its V8 options back
    // meanwhile, and what this thread allocated then (the listing's facts) grew its young
    // generation for the rest of the run; nothing is lost, a file waits for a worker to read it.
    // Bytes (history) are not held back: reading them keeps git busy meanwhile
    if (this.waitsForOnline(unit)) return this.submitOnline(unit, release);
    this.enqueue(unit, release);
    if (this.failure) throw this.failure;
    return this.overHeld() || this.filesForHere() ? this.room() : undefined;
  }

  private async submitOnline(unit: WorkUnit, release?: () => void): Promise<void> {
    while (this.waitsForOnline(unit)) await this.sleep();
    this.enqueue(unit, release);
    await this.room();
  }

  /** A working-tree file waits until every worker is online (submit), unless the pool failed or stopped. */
  private waitsForOnline(unit: WorkUnit): boolean {
    return unit.content.kind === 'file' && !this.isOnline && !this.failure && !this.terminated;
  }

  private enqueue(unit: WorkUnit, release?: () => void): void {
    const size = unitBytes(unit);
    // batches fit the reused buffers: a unit that would overflow one starts the next batch
    if (this.batch.length > 0 && this.batchBytes + size > BATCH_BYTES) this.flush();
    this.batch.push(unit);
    this.queued++;
    if (release) this.batchReleases.push(release);
    this.batchBytes += size;
    if (this.batch.length >= this.batchUnits() || this.batchBytes >= BATCH_BYTES) this.flush();
  }

  /** More batches wait or are held than the workers may have: the submitter waits. */
  private overHeld(): boolean {
    return !this.failure && !this.terminated && (this.waiting.length > this.slots.length || this.held > HELD_BYTES_PER_WORKER * this.slots.length);
  }

  private async room(): Promise<void> {
    for (;;) {
      if (this.filesForHere()) await this.scanSliceHere();
      else if (this.overHeld()) await this.sleep();
      else break;
    }
    if (this.failure) throw this.failure;
  }

  /** Resolves once every unit submitted has a result. */
  async drain(): Promise<void> {
    this.flush();
    while (!this.failure && !this.terminated && (this.waiting.length > 0 || this.slots.some((s) => s.inFlight.size > 0))) {
      if (this.filesForHere()) await this.scanSliceHere();
      else await this.sleep();
    }
    if (this.failure) throw this.failure;
  }

  /** A batch of working-tree files waits that no worker can take now, and this thread scans files (scansFilesHere). */
  private filesForHere(): boolean {
    const next = this.waiting[0];
    return this.scansFilesHere && !this.failure && !this.terminated && next !== undefined && next.units.every((u) => u.content.kind === 'file');
  }

  /** Scans the first waiting batch's files here for SLICE_MS, then lets the event loop turn. */
  private async scanSliceHere(): Promise<void> {
    const batch = this.waiting[0]!;
    const local = this.localEngine();
    const until = performance.now() + SLICE_MS;
    do this.onResult(scanUnit(local, batch.units.shift()!));
    while (batch.units.length > 0 && performance.now() < until);
    if (batch.units.length === 0) {
      this.waiting.shift();
      this.settled(batch);
    }
    // the workers' answers (and what they are sent next) and the source's reads, between slices
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** Stops every worker now (--timeout): results not yet received never arrive. */
  async terminate(): Promise<void> {
    this.terminated = true;
    this.notify();
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    const { memory, copied } = this.memory.pack(this.batch);
    // copied into the batch's memory: the sources' buffers are free now, else once the results are in
    if (copied) for (const r of this.batchReleases) r();
    this.waiting.push({ units: this.batch, bytes: this.batchBytes, memory, releases: copied ? [] : this.batchReleases });
    this.held += this.batchBytes;
    this.batchReleases = [];
    this.batch = [];
    this.batchBytes = 0;
    this.dispatch();
  }

  private dispatch(): void {
    if (this.terminated) return;
    for (const slot of this.slots) {
      while (this.waiting.length > 0 && slot.inFlight.size < inFlightLimit(this.waiting[0]!)) {
        const batch = this.waiting.shift()!;
        const id = this.nextBatch++;
        slot.inFlight.set(id, batch);
        // the bytes are shared, the rest is copied: a worker that runs out of memory hands its units back to this thread
        slot.worker.postMessage({ id, units: batch.units });
      }
    }
  }

  /** A batch has its results: its bytes are no longer held. */
  private settled(batch: Batch | undefined): void {
    if (!batch) return;
    this.held -= batch.bytes;
    this.memory.release(batch.memory);
    for (const r of batch.releases) r();
  }

  /** The engine this thread scans with: the pipeline's, given with the delivery (one built from the spec without it). */
  private localEngine(): Engine {
    return (this.local ??= engineFromSpec(this.spec));
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private fail(e: unknown): void {
    this.failure ??= e instanceof Error ? e : new Error(String(e));
    this.notify();
  }
}
