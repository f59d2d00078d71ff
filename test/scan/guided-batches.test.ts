// The pool's batches shrink as a working tree's end nears (src/scan/pool.ts, guidedBatchUnits), so
// that no thread is left waiting on a worker that still holds several full batches of files.
import { describe, expect, it } from 'vitest';
import { guidedBatchUnits } from '../../src/scan/pool.js';

/** The batch sizes a pool fills for `expected` units scanned by `threads` threads. */
function batches(expected: number, threads: number, handed = expected): number[] {
  const out: number[] = [];
  let queued = 0;
  let current = 0;
  while (queued < handed) {
    current++;
    queued++;
    if (current >= guidedBatchUnits(expected, queued, threads) || queued === handed) {
      out.push(current);
      current = 0;
    }
  }
  return out;
}

describe('guided batch sizes', () => {
  it('full batches of 64 files through most of a large tree, then smaller ones down to single files', () => {
    const sizes = batches(48_700, 2);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(48_700);
    expect(sizes.slice(0, 700).every((n) => n === 64)).toBe(true);
    // never larger than the one before once the end nears, and the last ones are single files
    const tail = sizes.slice(sizes.findIndex((n) => n < 64));
    expect(tail.every((n, i) => i === 0 || n <= tail[i - 1]!)).toBe(true);
    expect(sizes.slice(-3)).toEqual([1, 1, 1]);
    // no more than the last few hundred files go in small batches
    expect(tail.reduce((a, b) => a + b, 0)).toBeLessThan(600);
  });

  it('a source that does not say how many (history) gets full batches to the end', () => {
    expect(guidedBatchUnits(undefined, 10, 2)).toBe(64);
    expect(guidedBatchUnits(undefined, 1_000_000, 3)).toBe(64);
  });

  it('more units than the source said (untracked files listed later): full batches again, not single files', () => {
    const sizes = batches(1_000, 2, 3_000);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(3_000);
    expect(sizes.slice(-10).every((n) => n === 64 || n === sizes[sizes.length - 1])).toBe(true);
    expect(sizes.filter((n) => n === 64).length).toBeGreaterThan(30);
  });
});
