// V8 settings for a scan, set before it starts. Flags are process-wide (the workers share them),
// and are set once the CLI's bundle has been compiled: V8 checks a code cache against the flags
// it was made under, and src/bin.ts compiles the bundle with default flags.
//
// Heap growth, for a long scan (`swlint history`, `swlint scan` of a large tree). V8 lets the
// old generation grow to a multiple of what was live after the last full collection before it
// collects again (up to 4x for a small heap), and grows the young generation up to 32 MB
// (two 16 MB semi-spaces) when many objects survive. A history walk keeps objects alive for a
// second or so (blob requests waiting for git, units waiting for a worker), so they are promoted
// and die in the old generation: on signalwire/docs the main thread's heap reached 115 MB with
// 23 MB live. A working tree's scan keeps the main thread's young generation at MAIN_SEMI_SPACE_MB.
//
// Optimisation, for every scan but a hook's `swlint staged`. V8 hands a function to its
// optimising compiler once it has run at least three interrupt budgets of bytecode (66 KB each
// in node 20). In a 1.3 s history of 5,000 commits that optimised 107 functions, 0.68 s of
// compiler-thread time on a machine of two cores where git and the scan want both; with eight times
// the budget, 34 functions. Paired runs (bench/BENCHMARKS.head.md, round 16): the synthetic history
// 8 % faster, a scan of this repository 6 %, the 1 GB tree and signalwire/docs' history the same
// within the host's noise, the 5.2 MB pathological file 2 % slower. `swlint staged` optimises about
// 6 functions and would only pay for loading node:v8; and the build makes the code cache from a
// staged run, which must see V8's own flags (a cache made under others is rejected).
import { nodePerfHooks, nodeV8 } from '../io/lazy-builtins.js';

/** the old generation may grow by this many percent over the live size before a full collection */
export const HEAP_GROWING_PERCENT = 25;

/** bytes of bytecode a function runs between two of V8's tier-up checks: 8 times node 20's 67,584 */
export const OPTIMISATION_BUDGET = 8 * 67_584;

/**
 * In a working tree's scan the main thread's young generation is kept at this many MB (its
 * semi-space: what it can allocate between two collections): grown to it, and grown back when
 * V8 has shrunk it. At node's 1-2 MB the main thread is collected every few milliseconds, and
 * each collection looks through the old generation, where the listing is: 1,586 collections and
 * 1.37 s of pauses for a 300,000-file tree, 415 and 0.67 s at 4 MB (`node --trace-gc`). Paired
 * against 1-2 MB (`npm run bench` trees): the 300,000 small files wall 0.957 and CPU 0.969 (6
 * pairs); the 1 GB tree the same within the noise (0.997, 10 pairs). Left to grow (node's
 * default), it reached 32 MB and cost 35 MiB of peak memory.
 */
export const MAIN_SEMI_SPACE_MB = 4;

const applied = { heapBounds: false, optimisationBudget: false };

/** the young generation's growth factor now: V8's own while the main thread's is below MAIN_SEMI_SPACE_MB, none from there on */
let youngGrowth = 1;

/** the growth factor the main thread's young generation wants now: 2 (V8's own) below MAIN_SEMI_SPACE_MB, 1 from there on */
function wantedYoungGrowth(): number {
  const young = nodeV8()
    .getHeapSpaceStatistics()
    .find((s) => s.space_name === 'new_space');
  // what it can hold between two collections (V8 keeps a few pages of it for itself)
  return young && young.space_used_size + young.space_available_size < MAIN_SEMI_SPACE_MB * 0.95 * 2 ** 20 ? 2 : 1;
}

/**
 * Sets the flags this process has applied; again once a worker thread is running: node applies
 * its V8 options anew when a worker's isolate starts, which put the heap flags back to V8's
 * defaults, and the main thread's young generation then grew to 32 MB (signalwire/docs history:
 * 30 of its 33 MB physical were the young generation, 3 MB of it in use;
 * `v8.getHeapSpaceStatistics()` sampled every 50 ms).
 */
export function reapplyV8Settings(): void {
  const v8 = nodeV8();
  if (applied.heapBounds) {
    v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    // the young generation keeps the size it has instead of doubling, unless the main thread's
    // is below MAIN_SEMI_SPACE_MB (a worker's is bounded by its resource limits: src/scan/pool.ts)
    v8.setFlagsFromString(`--semi-space-growth-factor=${youngGrowth}`);
  }
  if (applied.optimisationBudget) v8.setFlagsFromString(`--interrupt-budget=${OPTIMISATION_BUDGET}`);
}

/** which settings this process has set (they are never unset: V8's flags are process-wide) */
export function appliedV8Settings(): Readonly<typeof applied> {
  return applied;
}

function apply(setting: keyof typeof applied): void {
  if (applied[setting]) return;
  applied[setting] = true;
  reapplyV8Settings();
}

export const boundHeapGrowth = (): void => apply('heapBounds');

/** whether holdMainYoungGeneration has been called */
let holding = false;

/**
 * For a working tree's scan (after boundHeapGrowth): holds the main thread's young generation at
 * MAIN_SEMI_SPACE_MB. Not for a history, whose main thread holds no large listing: there it made
 * no difference in time and raised the peak (signalwire/docs 4 MiB, the synthetic history 7 MiB).
 */
export function holdMainYoungGeneration(): void {
  if (holding) return;
  holding = true;
  youngGrowth = wantedYoungGrowth();
  reapplyV8Settings();
  keepYoungGeneration();
}

/**
 * Holds the main thread's young generation at MAIN_SEMI_SPACE_MB. V8 grows it (by the growth
 * factor) or shrinks it (while little is allocated) only at a collection, so the factor is set
 * again after each. node reports collections to an observer when the event loop turns, so a
 * growth can come before the observer hears of the last one: sampled every 5 ms, the young
 * generation stayed at 4 MB in 5 of 6 scans of the bench trees and reached 8 MB in one (16 MB
 * of memory instead of 8). A thread that allocated for long without letting the event loop turn
 * could take it further, up to node's own bound (16 MB); a scan lets it turn every 256 KB
 * (src/scan/pipeline.ts, YIELD_BYTES).
 */
function keepYoungGeneration(): void {
  const { PerformanceObserver } = nodePerfHooks();
  new PerformanceObserver(() => {
    const wanted = wantedYoungGrowth();
    if (wanted === youngGrowth) return;
    youngGrowth = wanted;
    reapplyV8Settings();
  }).observe({ entryTypes: ['gc'] });
}
export const raiseOptimisationBudget = (): void => apply('optimisationBudget');
