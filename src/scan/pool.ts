// Worker threads for the pipeline: units are sent in batches (one message per unit would cost
// more than small files take to scan), handed out on demand with at most IN_FLIGHT batches per
// worker, so a worker that drew large files does not hold the others up and memory stays
// bounded by the batches in flight. terminate() stops every worker at once, whatever rule it is
// running: that is what makes --timeout a hard bound.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Engine } from '../engine/engine.js';
import { engineFromSpec, type EngineSpec } from '../engine/spec.js';
import { scanUnit, type UnitResult, type WorkUnit } from './unit.js';

const BATCH_UNITS = 64;
const BATCH_BYTES = 1024 * 1024;
const IN_FLIGHT = 3;

const workerUrl = new URL('./worker.js', import.meta.url);

/** Workers need the compiled worker module next to this one (absent when run from TypeScript sources). */
export function poolAvailable(): boolean {
  return workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl));
}

/**
 * A small heap keeps the process's memory bounded: old generation for a few copies of the
 * largest file (bytes, text, lower-cased text), at least 32 MB. A worker that needs more (a
 * pathological file) dies, and its batches are scanned on the main thread, whose heap is not capped.
 */
function workerLimits(maxFileSize: number): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } {
  return { maxOldGenerationSizeMb: Math.max(32, Math.ceil((Math.min(maxFileSize, 256 * 2 ** 20) * 5) / 2 ** 20) + 8), maxYoungGenerationSizeMb: 2 };
}

interface Slot {
  worker: Worker;
  inFlight: Map<number, WorkUnit[]>;
}

export class ScanPool {
  private readonly slots: Slot[] = [];
  private batch: WorkUnit[] = [];
  private batchBytes = 0;
  private nextBatch = 0;
  private readonly waiting: WorkUnit[][] = [];
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  private local: Engine | null = null;
  private terminated = false;

  constructor(
    private readonly spec: EngineSpec,
    jobs: number,
    private readonly maxFileSize: number,
    private readonly onResult: (r: UnitResult) => void,
  ) {
    for (let k = 0; k < Math.max(1, jobs); k++) this.slots.push(this.start());
  }

  private start(): Slot {
    const slot: Slot = { worker: new Worker(workerUrl, { workerData: this.spec, resourceLimits: workerLimits(this.maxFileSize) }), inFlight: new Map() };
    slot.worker.on('message', (m: { id: number; results: UnitResult[] }) => {
      slot.inFlight.delete(m.id);
      for (const r of m.results) this.onResult(r);
      this.dispatch();
      this.notify();
    });
    slot.worker.on('error', (err: Error & { code?: string }) => {
      if (this.terminated) return;
      if (err.code !== 'ERR_WORKER_OUT_OF_MEMORY') return this.fail(err);
      // over its memory limit (a pathological file): its batches are scanned here, and a fresh worker takes its place
      try {
        const units = [...slot.inFlight.values()].flat();
        slot.inFlight.clear();
        this.local ??= engineFromSpec(this.spec);
        for (const u of units) this.onResult(scanUnit(this.local, u));
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

  /** Queues a unit; resolves when there is room for more (backpressure). */
  async submit(unit: WorkUnit, size: number): Promise<void> {
    this.batch.push(unit);
    this.batchBytes += size;
    if (this.batch.length >= BATCH_UNITS || this.batchBytes >= BATCH_BYTES) this.flush();
    while (!this.failure && !this.terminated && this.waiting.length > this.slots.length) await this.sleep();
    if (this.failure) throw this.failure;
  }

  /** Resolves once every unit submitted has a result. */
  async drain(): Promise<void> {
    this.flush();
    while (!this.failure && !this.terminated && (this.waiting.length > 0 || this.slots.some((s) => s.inFlight.size > 0))) await this.sleep();
    if (this.failure) throw this.failure;
  }

  /** Stops every worker now (--timeout): results not yet received never arrive. */
  async terminate(): Promise<void> {
    this.terminated = true;
    this.notify();
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    this.waiting.push(this.batch);
    this.batch = [];
    this.batchBytes = 0;
    this.dispatch();
  }

  private dispatch(): void {
    if (this.terminated) return;
    for (const slot of this.slots) {
      while (slot.inFlight.size < IN_FLIGHT && this.waiting.length > 0) {
        const units = this.waiting.shift()!;
        const id = this.nextBatch++;
        slot.inFlight.set(id, units);
        // copied, not transferred: a worker that runs out of memory hands its units back to this thread
        slot.worker.postMessage({ id, units });
      }
    }
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
