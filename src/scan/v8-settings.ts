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
// 23 MB live.
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
import { nodeV8 } from '../io/lazy-builtins.js';

/** the old generation may grow by this many percent over the live size before a full collection */
export const HEAP_GROWING_PERCENT = 25;

/** bytes of bytecode a function runs between two of V8's tier-up checks: 8 times node 20's 67,584 */
export const OPTIMISATION_BUDGET = 8 * 67_584;

const applied = { heapBounds: false, optimisationBudget: false };

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
    // the young generation keeps the size it has (1-2 MB at start-up) instead of doubling
    v8.setFlagsFromString('--semi-space-growth-factor=1');
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
export const raiseOptimisationBudget = (): void => apply('optimisationBudget');
