/** A small deterministic generator (mulberry32): property tests see the same values on every run. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` lowercase hex digits that depend only on `seed`: the same synthetic values on every run. */
export function seededHex(seed: number, n: number): string {
  let s = '';
  let x = seed * 2654435761;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    s += '0123456789abcdef'[x >>> 28];
  }
  return s;
}
