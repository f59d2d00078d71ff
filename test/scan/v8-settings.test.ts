// A scan sets V8 flags for the whole process (src/scan/v8-settings.ts): a long scan bounds heap
// growth, and every scan but a hook's staged run raises the optimisation budget. Starting a worker
// thread puts node's V8 options back, so the pool sets them again once each worker is online.
// Without that, the main thread's young generation grew to 32 MB during signalwire/docs' history.
import { Worker } from 'node:worker_threads';
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { boundHeapGrowth, reapplyV8Settings } from '../../src/scan/v8-settings.js';

const youngGeneration = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.physical_space_size;

/** physical size of the young generation after allocating objects that survive a while */
function youngGenerationAfterChurn(): number {
  const keep: { a: number; b: string }[] = [];
  for (let i = 0; i < 3e6; i++) {
    keep.push({ a: i, b: `x${i}` });
    if (keep.length > 200_000) keep.splice(0, 100_000);
  }
  return youngGeneration();
}

describe('heap bounds with worker threads', () => {
  it('the young generation keeps its size once the bounds are set again after a worker starts', async () => {
    boundHeapGrowth();
    const worker = new Worker('setTimeout(() => {}, 60_000)', { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 2 } });
    await new Promise<void>((resolve) => worker.once('online', () => resolve()));
    reapplyV8Settings();
    try {
      const before = youngGeneration();
      // without the bounds set again it doubles up to 32 MB
      expect(youngGenerationAfterChurn()).toBeLessThanOrEqual(Math.max(before, 8 * 2 ** 20));
    } finally {
      await worker.terminate();
    }
  });
});
