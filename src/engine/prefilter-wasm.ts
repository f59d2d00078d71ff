// The first pass over every byte of content, as one SIMD WebAssembly loop (16 bytes a step):
//  - a Teddy-style fingerprint filter (Hyperscan's multi-literal matcher, as in ripgrep): for
//    the bytes at i … i+3, case folded (| 0x20), two 16-entry nibble tables each give the set
//    of buckets (8 bits) whose fingerprints have that byte there; where the four sets share a
//    bucket, i is a candidate. The caller checks candidates exactly (a byte compare);
//  - the base64 runs of at least MIN_BASE64 bytes (base64 bytes classified by a nibble-table
//    pair, a per-block bitmask, the run carried from block to block), for the encoded-content
//    check of src/detect/decoders.ts.
// It writes records (position, tag) the caller reads back: a candidate block (tag: the 16-bit
// mask of its candidate positions) or a long base64 run (its start, and RUN_TAG plus its length).
//
// Memory is fixed (SEGMENT bytes of input at a time, never grown): any input size, no memory
// kept after a large file. The source below is assembled at load by src/engine/wat.ts, with
// every offset taken from the constants here. `node bench/keyword-loop.mjs` times it against
// the JavaScript automaton; test/engine/keyword-automaton.test.ts holds both equal.

import { assemble } from './wat.js';
import { MIN_BASE64, isBase64Byte } from '../detect/decoders.js';

/** how many leading bytes of a fingerprint the filter compares */
export const FINGERPRINT = 4;
/** a base64-run record's tag is this plus the run's length (candidate masks are below it) */
export const RUN_TAG = 0x10000;

/** input bytes scanned per call: a multiple of 16 */
const SEGMENT = 256 * 1024;
/** nibble tables: low and high nibble for each of the FINGERPRINT bytes (16 bytes each) */
const TABLES = 0;
const TABLE_BYTES = 16 * 2 * FINGERPRINT;
/** the base64 classes of a byte's low and high nibble (base64Tables) */
const BASE64_TABLES = TABLES + TABLE_BYTES;
/** the base64 run carried from one segment to the next: its length (its start follows from it); then the key mask (KeyBitmap.mask) */
const STATE = BASE64_TABLES + 32;
const KEY_MASK = STATE + 8;
/** records: at most one per 16-byte block and one per base64 run (each at least MIN_BASE64 + 1 bytes apart), plus the run carried in */
const OUT = STATE + 16;
const OUT_BYTES = 8 * (SEGMENT / 16 + Math.ceil(SEGMENT / (MIN_BASE64 + 1)) + 2);
/** the key bitmap (KeyBitmap): one bit per hash of a candidate's first bytes */
const KEYS = Math.ceil((OUT + OUT_BYTES) / 16) * 16;
/** bits of a key's hash, the bitmap's index */
const KEY_HASH_BITS = 20;
const KEY_BYTES = (1 << KEY_HASH_BITS) / 8;
/** Fibonacci hashing's multiplier (2^32 / golden ratio): a key's hash is the top KEY_HASH_BITS bits of its product */
const KEY_HASH_MULTIPLIER = 0x9e3779b1;
/** the input: a segment, 16 bytes of look-ahead (the next segment's first bytes, or zeros), 16 of zeros */
const INPUT = KEYS + KEY_BYTES;
const PAGES = Math.ceil((INPUT + SEGMENT + 32) / 65536);

/** the lines that and the bucket sets of fingerprint byte j (the bytes at p + j) into $c */
const fingerprintByte = (j: number) => `
        local.get $lo${j}
        ${j === 0 ? 'local.get $v' : `local.get $p v128.load offset=${j} align=1`}
        local.get $case v128.or local.tee $f
        local.get $nibble v128.and i8x16.swizzle
        local.get $hi${j}
        local.get $f i32.const 4 i8x16.shr_u i8x16.swizzle
        v128.and${j === 0 ? '' : ' local.get $c v128.and'}
        local.set $c`;

const SOURCE = `
(module
  (memory (export "mem") ${PAGES})
  ;; scan(n, base, last): the n bytes at INPUT, which are at offset base of the whole input;
  ;; last: no segment follows (a base64 run reaching the end is reported). Returns the record count.
  (func (export "scan") (param $n i32) (param $base i32) (param $last i32) (result i32)
    (local $p i32) (local $end i32) (local $out i32) (local $z i32) (local $run i32)
    (local $m i32) (local $k i32) (local $kept i32) (local $idx i32) (local $length i32)
    (local $lo0 v128) (local $hi0 v128) (local $lo1 v128) (local $hi1 v128)
    (local $lo2 v128) (local $hi2 v128) (local $lo3 v128) (local $hi3 v128)
    (local $b64lo v128) (local $b64hi v128)
    (local $v v128) (local $f v128) (local $c v128) (local $zero v128) (local $case v128) (local $nibble v128)
    ${Array.from(
      { length: FINGERPRINT },
      (_, j) => `i32.const 0 v128.load offset=${TABLES + 32 * j} local.set $lo${j}
    i32.const 0 v128.load offset=${TABLES + 32 * j + 16} local.set $hi${j}`,
    ).join('\n    ')}
    i32.const 0 v128.load offset=${BASE64_TABLES} local.set $b64lo
    i32.const 0 v128.load offset=${BASE64_TABLES + 16} local.set $b64hi
    i32.const 0 i32.load offset=${STATE} local.set $run
    i32.const 0x20 i8x16.splat local.set $case
    i32.const 0x0f i8x16.splat local.set $nibble
    i32.const ${OUT} local.set $out
    i32.const ${INPUT} local.tee $p
    local.get $n i32.add local.set $end
    block $done
      loop $next
        local.get $p local.get $end i32.ge_u br_if $done
        ;; v: the block's bytes, read once for the filter's first byte and the base64 classes
        local.get $p v128.load align=1 local.set $v
        ;; the filter: lo_j[f & 15] & hi_j[f >> 4] for the folded bytes f at p + j, and-ed over j
        ${Array.from({ length: FINGERPRINT }, (_, j) => fingerprintByte(j)).join('')}
        ;; most blocks hold no candidate: one test of the whole vector before the mask is made
        local.get $c v128.any_true
        if
          ;; m: the block's candidates; kept: those whose first bytes, folded and masked to the
          ;; key's width, hash to a bit set in KEYS (any fingerprint's key does; most cross-bucket ones do not)
          local.get $c local.get $zero i8x16.ne i8x16.bitmask local.set $m
          i32.const 0 local.set $kept
          block $checked
            loop $check
              local.get $m i32.eqz br_if $checked
              local.get $m i32.ctz local.set $k
              local.get $p local.get $k i32.add i32.load align=1
              i32.const 0x20202020 i32.or
              i32.const 0 i32.load offset=${KEY_MASK} i32.and
              i32.const ${KEY_HASH_MULTIPLIER} i32.mul
              i32.const ${32 - KEY_HASH_BITS} i32.shr_u local.tee $idx
              i32.const 3 i32.shr_u i32.load8_u offset=${KEYS}
              local.get $idx i32.const 7 i32.and i32.shr_u i32.const 1 i32.and
              if
                local.get $kept i32.const 1 local.get $k i32.shl i32.or local.set $kept
              end
              local.get $m local.get $m i32.const 1 i32.sub i32.and local.set $m
              br $check
            end
          end
          local.get $kept
          if
            local.get $out
            local.get $p i32.const ${INPUT} i32.sub local.get $base i32.add
            i32.store
            local.get $out local.get $kept i32.store offset=4
            local.get $out i32.const 8 i32.add local.set $out
          end
        end
        ;; z: the positions that hold no base64 byte (b64lo[v & 15] & b64hi[v >> 4] is 0)
        local.get $b64lo
        local.get $v
        local.get $nibble v128.and i8x16.swizzle
        local.get $b64hi
        local.get $v i32.const 4 i8x16.shr_u i8x16.swizzle
        v128.and local.get $zero i8x16.eq i8x16.bitmask local.tee $z
        i32.eqz
        if
          local.get $run i32.const 16 i32.add local.set $run
        else
          ;; the base64 bytes at the bottom of the block end the run carried in, which began
          ;; run bytes before the block (its start is worked out here, not kept block by block)
          local.get $z i32.ctz local.get $run i32.add local.tee $length
          i32.const ${MIN_BASE64} i32.ge_u
          if
            local.get $out local.get $p i32.const ${INPUT} i32.sub local.get $base i32.add local.get $run i32.sub i32.store
            local.get $out local.get $length i32.const ${RUN_TAG} i32.add i32.store offset=4
            local.get $out i32.const 8 i32.add local.set $out
          end
          ;; those at the top start the next one
          local.get $z i32.const 16 i32.shl i32.clz local.set $run
        end
        local.get $p i32.const 16 i32.add local.set $p
        br $next
      end
    end
    local.get $last
    if
      local.get $run i32.const ${MIN_BASE64} i32.ge_u
      if
        ;; the run reaches the end of the segment's last block
        local.get $out local.get $p i32.const ${INPUT} i32.sub local.get $base i32.add local.get $run i32.sub i32.store
        local.get $out local.get $run i32.const ${RUN_TAG} i32.add i32.store offset=4
        local.get $out i32.const 8 i32.add local.set $out
      end
      i32.const 0 local.set $run
    end
    i32.const 0 local.get $run i32.store offset=${STATE}
    local.get $out i32.const ${OUT} i32.sub i32.const 3 i32.shr_u
  )
)
`;

/** The module's text, for the assembler's test (it is compared with wabt's assembly of the same text). */
export const PREFILTER_WAT = SOURCE;

/**
 * The filter's nibble tables for fingerprints (folded bytes) and their buckets (0-7): a
 * fingerprint shorter than FINGERPRINT lets any byte pass for its bucket where it has none.
 */
export function nibbleTables(fingerprints: readonly { bytes: readonly number[]; bucket: number }[]): Uint8Array {
  const tables = new Uint8Array(TABLE_BYTES);
  for (const { bytes, bucket } of fingerprints) {
    for (let j = 0; j < FINGERPRINT; j++) {
      const lo = tables.subarray(32 * j, 32 * j + 16);
      const hi = tables.subarray(32 * j + 16, 32 * j + 32);
      if (j < bytes.length) {
        lo[bytes[j]! & 15]! |= 1 << bucket;
        hi[bytes[j]! >> 4]! |= 1 << bucket;
      } else {
        for (let x = 0; x < 16; x++) {
          lo[x]! |= 1 << bucket;
          hi[x]! |= 1 << bucket;
        }
      }
    }
  }
  return tables;
}

/** The base64 bytes (letters, digits, + / _ -) as a nibble-table pair: a class bit per high nibble, set in the low table for that class's low nibbles. */
function base64Tables(isBase64: (b: number) => boolean): Uint8Array {
  const tables = new Uint8Array(32);
  for (let b = 0; b < 128; b++) {
    if (!isBase64(b)) continue;
    tables[b & 15]! |= 1 << (b >> 4);
    tables[16 + (b >> 4)]! |= 1 << (b >> 4);
  }
  return tables;
}

/**
 * The keys the filter's candidates are looked up by (their first bytes folded, `mask` keeping
 * the key's width): a candidate whose key hashes to no bit set here is dropped in the loop.
 * Before, every candidate went to JavaScript to be looked up: on the bench tree 4,100 a MB,
 * three in four with a key no fingerprint has.
 */
export interface KeyBitmap {
  keys: readonly number[];
  mask: number;
}

/** The bit of `key` in the bitmap (the loop's hash, the same in JavaScript). */
function keyHash(key: number): number {
  return Math.imul(key, KEY_HASH_MULTIPLIER) >>> (32 - KEY_HASH_BITS);
}

/** Called for each record in input order: a candidate block (pos, mask < RUN_TAG) or a base64 run (its start, RUN_TAG + its length). */
export type RecordVisitor = (pos: number, tag: number) => void;
export type PrefilterRunner = (bytes: Uint8Array, visit: RecordVisitor) => void;

let compiled: WebAssembly.Module | null | undefined;

/** A runner with these nibble tables and candidate keys, or null when WebAssembly SIMD is unavailable. */
export function prefilterRunner(tables: Uint8Array, keys: KeyBitmap): PrefilterRunner | null {
  if (compiled === undefined) {
    try {
      compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(assemble(SOURCE)) : null;
    } catch {
      compiled = null; // no SIMD (an old engine, or --no-experimental-wasm-simd)
    }
  }
  if (!compiled) return null;
  const instance = new WebAssembly.Instance(compiled, {});
  const memory = new Uint8Array((instance.exports.mem as WebAssembly.Memory).buffer);
  const scan = instance.exports.scan as (n: number, base: number, last: number) => number;
  memory.set(tables, TABLES);
  memory.set(base64Tables(isBase64Byte), BASE64_TABLES);
  new DataView(memory.buffer).setUint32(KEY_MASK, keys.mask >>> 0, true);
  for (const key of keys.keys) {
    const bit = keyHash(key & keys.mask);
    memory[KEYS + (bit >>> 3)]! |= 1 << (bit & 7);
  }
  const records = new Int32Array(memory.buffer, OUT, OUT_BYTES / 4);
  return (bytes, visit) => {
    memory.fill(0, STATE, STATE + 4); // the base64 run carried in (not the key mask)
    for (let base = 0; base < bytes.length || base === 0; base += SEGMENT) {
      const n = Math.min(SEGMENT, bytes.length - base);
      const last = base + SEGMENT >= bytes.length;
      // the segment and its look-ahead, then zeros: past the input nothing is base64 or a fingerprint's whole
      const copy = bytes.subarray(base, base + n + 16);
      memory.set(copy, INPUT);
      memory.fill(0, INPUT + copy.length, INPUT + copy.length + 32);
      const count = scan(n, base, last ? 1 : 0);
      for (let r = 0; r < 2 * count; r += 2) visit(records[r]!, records[r + 1]!);
      if (last) break;
    }
  };
}
