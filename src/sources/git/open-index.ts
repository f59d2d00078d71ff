// What history's two typed-array hash tables share (src/sources/git/blob-path-table.ts,
// src/sources/git/path-table.ts): entries numbered from 0 in typed arrays that double when
// full, and an open-addressing index (linear probing, a power of two in size) of entry numbers.

import { int32sOf } from '../../io/page-memory.js';

/** Index slot value for "empty". */
export const EMPTY = -1;

/** `into`, holding `from` at its start. */
export function grown<T extends Int32Array | Uint32Array | Uint8Array | Float64Array>(from: T, into: T): T {
  into.set(from);
  return into;
}

/** An index of `size` slots (a power of two) holding entries 0 … count-1, each at the first free slot from its hash. */
export function buildIndex(size: number, count: number, hashOf: (entry: number) => number): Int32Array<ArrayBuffer> {
  const index = int32sOf(size).fill(EMPTY);
  const mask = size - 1;
  for (let e = 0; e < count; e++) {
    let slot = hashOf(e) & mask;
    while (index[slot] !== EMPTY) slot = (slot + 1) & mask;
    index[slot] = e;
  }
  return index;
}
