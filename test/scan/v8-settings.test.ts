// A scan sets V8 flags for the whole process (src/scan/v8-settings.ts): a long scan bounds heap
// growth, and every scan but a hook's staged run raises the optimisation budget. In a working
// tree's scan the main thread's young generation is held at MAIN_SEMI_SPACE_MB: grown to it from
// node's 1 MB (at which a listing of 300,000 files was collected 1,586 times), no further. Starting a worker thread
// puts node's V8 options back, so the pool sets them again once each worker is online; without
// that, the main thread's young generation grew to 32 MB during signalwire/docs' history.
//
// Each case runs in a fresh node process (the settings module bundled for it): this one's young
// generation has grown while the test runner loaded, and the flags are process-wide.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { MAIN_SEMI_SPACE_MB } from '../../src/scan/v8-settings.js';
import { tempDir } from '../helpers/temp.js';

const MB = 2 ** 20;
const settings = fileURLToPath(new URL('../../src/scan/v8-settings.ts', import.meta.url));

interface Young {
  /** what the young generation holds between two collections */
  usable: number;
}

/**
 * Runs `steps` in a fresh node process: `bound` sets the heap bounds (a long scan), `hold` holds
 * the main thread's young generation (a working tree's scan), `churn` allocates objects
 * that survive a while (turning the event loop between rounds, as a scan does), `worker` starts a
 * worker thread and sets the flags again once it is online (as the pool does), `measure` records
 * the young generation.
 */
function inFreshProcess(steps: ('bound' | 'hold' | 'reapply-off' | 'churn' | 'worker' | 'measure')[]): Young[] {
  const dir = tempDir();
  const bundle = path.join(dir, 'settings.mjs');
  buildSync({ entryPoints: [settings], bundle: true, format: 'esm', platform: 'node', outfile: bundle, logLevel: 'silent' });
  const driver = path.join(dir, 'driver.mjs');
  writeFileSync(
    driver,
    `import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { boundHeapGrowth, holdMainYoungGeneration, reapplyV8Settings } from './settings.mjs';
const out = [];
const workers = [];
let reapply = true;
const young = () => { const s = v8.getHeapSpaceStatistics().find((x) => x.space_name === 'new_space'); return { usable: s.space_used_size + s.space_available_size }; };
async function churn() {
  const keep = [];
  for (let r = 0; r < 400; r++) {
    for (let i = 0; i < 10000; i++) { keep.push({ a: i, b: 'x' + i }); if (keep.length > 200000) keep.splice(0, 100000); }
    await new Promise((resolve) => setImmediate(resolve));
  }
}
for (const step of ${JSON.stringify(steps)}) {
  if (step === 'bound') boundHeapGrowth();
  if (step === 'hold') holdMainYoungGeneration();
  if (step === 'reapply-off') reapply = false;
  if (step === 'churn') await churn();
  if (step === 'measure') out.push(young());
  if (step === 'worker') {
    const w = new Worker('setTimeout(() => {}, 60000)', { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 2 } });
    await new Promise((resolve) => w.once('online', resolve));
    if (reapply) reapplyV8Settings();
    workers.push(w);
  }
}
await Promise.all(workers.map((w) => w.terminate()));
process.stdout.write(JSON.stringify(out));
`,
  );
  return JSON.parse(execFileSync(process.execPath, [driver], { encoding: 'utf8' })) as Young[];
}

describe('the main thread young generation under a long scan', () => {
  it('a working tree scan: grows from node 1 MB to MAIN_SEMI_SPACE_MB and no further, also once a worker has started', () => {
    const [start, grown, afterWorker] = inFreshProcess(['measure', 'bound', 'hold', 'churn', 'measure', 'worker', 'churn', 'measure']);
    expect(start!.usable).toBeLessThan(2 * MB);
    expect(grown!.usable).toBeGreaterThanOrEqual(MAIN_SEMI_SPACE_MB * 0.95 * MB);
    // one doubling past the mark at most (a collection is reported to the observer a moment
    // after it). What it can hold, not the memory it has committed: V8 commits and releases
    // the pages of its second semi-space as it goes, so that figure moves from run to run
    expect(grown!.usable).toBeLessThanOrEqual(2 * MAIN_SEMI_SPACE_MB * MB);
    expect(afterWorker!.usable).toBeLessThanOrEqual(2 * MAIN_SEMI_SPACE_MB * MB);
  });

  it('without the settings applied again after a worker starts, it would grow past that (what the pool prevents)', () => {
    const [afterWorker] = inFreshProcess(['bound', 'hold', 'churn', 'reapply-off', 'worker', 'churn', 'churn', 'measure']);
    // node's own bound, 16 MB: committed, this measured 5-28 MB in eight runs of the same code
    expect(afterWorker!.usable).toBeGreaterThan(2 * MAIN_SEMI_SPACE_MB * MB);
  });

  it('a history: the young generation keeps the size it had (the bounds alone)', () => {
    const [start, after] = inFreshProcess(['measure', 'bound', 'churn', 'worker', 'churn', 'measure']);
    expect(after!.usable).toBeLessThanOrEqual(Math.max(start!.usable, 2 * MB));
  });
});
