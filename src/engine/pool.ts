// Scans working-tree files on worker threads: `jobs` workers, each reading and scanning the
// batches of files it is handed (src/engine/batch.ts). Batches are handed out on demand (at most
// three in flight per worker), so a worker that drew large files does not hold the others up,
// and memory stays bounded by the batches in flight whatever the size of the tree.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Skipped } from '../types.js';
import type { ReadTarget } from '../sources/read.js';
import type { LocatedFinding, RuleError } from './engine.js';
import { engineFromSpec, type EngineSpec } from './spec.js';
import { scanBatch } from './batch.js';
import type { Engine } from './engine.js';

export interface WorkerInit {
  spec: EngineSpec;
  maxFileSize: number;
}

export interface BatchRequest {
  id: number;
  targets: ReadTarget[];
}

export interface BatchResult {
  id: number;
  findings: LocatedFinding[];
  skipped: Skipped[];
  files: number;
  bytes: number;
  errors: RuleError[];
  suppressedInline: number;
}

export type PoolResult = Omit<BatchResult, 'id'>;

const BATCH_FILES = 64;
const IN_FLIGHT = 3;

/**
 * A small heap keeps the process's memory bounded whatever the tree's size: old generation for
 * a few copies of the largest file (text, lower-cased copy), at least 32 MB. A worker that needs
 * more (a pathological file) dies and hands its batches back to the main thread.
 */
function workerLimits(maxFileSize: number): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } {
  return { maxOldGenerationSizeMb: Math.max(32, Math.ceil((maxFileSize * 5) / 2 ** 20) + 8), maxYoungGenerationSizeMb: 2 };
}

const workerUrl = new URL('./scan-worker.js', import.meta.url);

/** Workers need the compiled worker module next to this one (absent when run from TypeScript sources). */
export function poolAvailable(): boolean {
  return workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl));
}

export async function scanInPool(targets: readonly ReadTarget[], spec: EngineSpec, opts: { jobs: number; maxFileSize: number }): Promise<PoolResult> {
  const result: PoolResult = { findings: [], skipped: [], files: 0, bytes: 0, errors: [], suppressedInline: 0 };
  const batches: ReadTarget[][] = [];
  for (let i = 0; i < targets.length; i += BATCH_FILES) batches.push(targets.slice(i, i + BATCH_FILES));
  // (the main thread could be the jobs-th scanner, one isolate less; measured: its uncapped heap,
  // already grown by the listing, then grows further and the peak RSS is higher, not lower)
  const count = Math.max(1, Math.min(opts.jobs, batches.length));
  const init: WorkerInit = { spec, maxFileSize: opts.maxFileSize };
  const workers: Worker[] = [];
  const add = (r: BatchResult) => {
    for (const f of r.findings) result.findings.push(f);
    for (const s of r.skipped) result.skipped.push(s);
    for (const e of r.errors) result.errors.push(e);
    result.files += r.files;
    result.bytes += r.bytes;
    result.suppressedInline += r.suppressedInline;
  };
  let local: Engine | null = null;
  const scanHere = (id: number) => {
    local ??= engineFromSpec(spec);
    add(scanBatch(local, { id, targets: batches[id]! }, opts.maxFileSize));
  };
  let next = 0;
  let pending = batches.length;
  let alive = count;
  try {
    await new Promise<void>((resolve, reject) => {
      if (pending === 0) return resolve();
      const done = () => {
        if (--pending === 0) resolve();
      };
      for (let k = 0; k < count; k++) {
        const w = new Worker(workerUrl, { workerData: init, resourceLimits: workerLimits(opts.maxFileSize) });
        const inFlight = new Set<number>();
        const send = () => {
          if (next >= batches.length) return;
          const id = next++;
          inFlight.add(id);
          const req: BatchRequest = { id, targets: batches[id]! };
          w.postMessage(req);
        };
        workers.push(w);
        w.on('message', (r: BatchResult) => {
          inFlight.delete(r.id);
          add(r);
          send();
          done();
        });
        w.on('error', (err: Error & { code?: string }) => {
          if (err.code !== 'ERR_WORKER_OUT_OF_MEMORY') return reject(err);
          // out of its memory limit (a pathological file): its batches are scanned here, on the
          // main thread, whose heap is not capped; the other workers go on with the rest
          try {
            alive--;
            for (const id of inFlight) {
              scanHere(id);
              done();
            }
            inFlight.clear();
            // no worker left: the main thread finishes the job
            while (alive === 0 && next < batches.length) {
              scanHere(next++);
              done();
            }
          } catch (e) {
            reject(e);
          }
        });
        w.on('exit', () => {
          if (inFlight.size > 0 && pending > 0) reject(new Error('scan worker exited before finishing'));
        });
        for (let j = 0; j < IN_FLIGHT; j++) send();
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return result;
}
