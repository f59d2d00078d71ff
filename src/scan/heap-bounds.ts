// V8 settings for a long scan (`swlint history`, `swlint scan` of a large tree), set before it starts. V8 lets the
// old generation grow to a multiple of what was live after the last full collection before it
// collects again (up to 4x for a small heap), and grows the young generation up to 32 MB
// (two 16 MB semi-spaces) when many objects survive. A history walk keeps objects alive for a
// second or so (blob requests waiting for git, units waiting for a worker), so they are promoted
// and die in the old generation: on signalwire/docs the main thread's heap reached 115 MB with
// 23 MB live. Flags are process-wide (the workers share them).
import { nodeV8 } from '../io/lazy-builtins.js';

/** the old generation may grow by this many percent over the live size before a full collection */
export const HEAP_GROWING_PERCENT = 25;

let applied = false;

function setFlags(): void {
  nodeV8().setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  // the young generation keeps the size it has (1-2 MB at start-up) instead of doubling
  nodeV8().setFlagsFromString('--semi-space-growth-factor=1');
}

export function boundHeapGrowth(): void {
  if (applied) return;
  applied = true;
  setFlags();
}

/**
 * Sets the flags again once a worker thread is running: node applies its V8 options anew when
 * a worker's isolate starts, which put both flags back to V8's defaults, and the main thread's
 * young generation then grew to 32 MB (signalwire/docs history: 30 of its 33 MB physical were
 * the young generation, 3 MB of it in use; `v8.getHeapSpaceStatistics()` sampled every 50 ms).
 */
export function reapplyHeapBounds(): void {
  if (applied) setFlags();
}
