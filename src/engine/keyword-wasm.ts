// The keyword automaton's inner loop as a tiny WebAssembly function (hand-assembled below, no
// toolchain, no dependency): one table load per byte. `node bench/keyword-loop.mjs` measured it
// 0-15 % faster than the same loop in JavaScript on 300 MB of a real repository's objects
// (BENCHMARKS.md, round 2 of issue 10); test/engine/keyword-automaton.test.ts holds the two equal.
// Used for tables of up to 256 states; anything it cannot do (more states, more hits than its
// buffer holds, inputs over MAX_WASM_INPUT, no WebAssembly) falls back to JS.
//
// Memory layout: [0, 65536) transition table (state << 8 | byte → state), [65536, 65792)
// accepting flags, then the hit buffer (end offset, state: two i32 per hit), then the input.

const TABLE = 0;
const ACCEPTING = 65536;
const HITS = ACCEPTING + 256;
const MAX_HITS = 32768;
const INPUT = 65536 * 10; // past HITS + MAX_HITS * 8, page-aligned
const PAGE = 65536;
/** larger inputs go to the JS loop: a WebAssembly memory never shrinks, and one large file must not hold its size for the rest of the scan */
export const MAX_WASM_INPUT = 4 * 1024 * 1024;

// (func (param $i i32) (param $end i32) (param $hits i32) (param $max i32) (result i32)
//   (local $s i32) (local $n i32)
//   block loop
//     i >= end → break
//     s = table[(s << 8) | mem[i]]; if accepting[s]: if n < max: store (i, s) at hits + 8n; n++
//     i++
//   end end  n)
// one instruction a line, as written by hand: the formatter would put each byte on a line of its own
// prettier-ignore
const CODE = [
  0x01, 0x02, 0x7f, // locals: 2 × i32 ($s = 4, $n = 5)
  0x02, 0x40, // block
  0x03, 0x40, // loop
  0x20, 0x00, 0x20, 0x01, 0x4f, 0x0d, 0x01, // i >= end → br_if 1
  0x20, 0x04, 0x41, 0x08, 0x74, // s << 8
  0x20, 0x00, 0x2d, 0x00, 0x00, // mem[i]
  0x72, // or
  0x2d, 0x00, TABLE, // table[…]
  0x22, 0x04, // local.tee $s
  0x2d, 0x00, 0x80, 0x80, 0x04, // accepting[s] (offset 65536)
  0x04, 0x40, // if
  0x20, 0x05, 0x20, 0x03, 0x49, // n < max
  0x04, 0x40, // if
  0x20, 0x02, 0x20, 0x05, 0x41, 0x03, 0x74, 0x6a, 0x20, 0x00, 0x36, 0x02, 0x00, // store i at hits + 8n
  0x20, 0x02, 0x20, 0x05, 0x41, 0x03, 0x74, 0x6a, 0x20, 0x04, 0x36, 0x02, 0x04, // store s at hits + 8n + 4
  0x0b, // end if
  0x20, 0x05, 0x41, 0x01, 0x6a, 0x21, 0x05, // n++
  0x0b, // end if
  0x20, 0x00, 0x41, 0x01, 0x6a, 0x21, 0x00, // i++
  0x0c, 0x00, // br 0 (loop)
  0x0b, // end loop
  0x0b, // end block
  0x20, 0x05, // n
  0x0b, // end func
];

function section(id: number, body: number[]): number[] {
  return [id, ...leb(body.length), ...body];
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

const name = (s: string) => [s.length, ...Buffer.from(s)];

function moduleBytes(): Uint8Array<ArrayBuffer> {
  // prettier-ignore
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x01, 0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f]),
    ...section(3, [0x01, 0x00]),
    ...section(5, [0x01, 0x00, ...leb(INPUT / PAGE + 1)]),
    ...section(7, [0x02, ...name('mem'), 0x02, 0x00, ...name('scan'), 0x00, 0x00]),
    ...section(10, [0x01, ...leb(CODE.length), ...CODE]),
  ]);
}

export type HitRunner = (bytes: Uint8Array, hits: number[]) => boolean;

/**
 * A runner for a table of at most 256 states, or null when WebAssembly is unavailable.
 * The runner appends (end offset, state) pairs to `hits` and returns false when there were
 * more hits than its buffer holds, or the input is over MAX_WASM_INPUT (the caller then runs
 * the JS loop instead).
 */
export function wasmRunner(table: Uint8Array, accepting: Uint8Array): HitRunner | null {
  if (table.length > 65536 || accepting.length > 256 || typeof WebAssembly !== 'object') return null;
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes()), {});
  } catch {
    return null;
  }
  const memory = instance.exports.mem as WebAssembly.Memory;
  const scan = instance.exports.scan as (i: number, end: number, hits: number, max: number) => number;
  new Uint8Array(memory.buffer, TABLE, table.length).set(table);
  new Uint8Array(memory.buffer, ACCEPTING, accepting.length).set(accepting);
  return (bytes, hits) => {
    if (bytes.length > MAX_WASM_INPUT) return false;
    const need = INPUT + bytes.length;
    if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
    new Uint8Array(memory.buffer, INPUT, bytes.length).set(bytes);
    const n = scan(INPUT, INPUT + bytes.length, HITS, MAX_HITS);
    if (n > MAX_HITS) return false;
    const out = new Int32Array(memory.buffer, HITS, n * 2);
    for (let k = 0; k < n * 2; k += 2) hits.push(out[k]! - INPUT, out[k + 1]!);
    return true;
  };
}
