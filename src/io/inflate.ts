// Bounded inflation for the compressed content swlint reads (archive entries, gzip files, PDF
// streams, base64 of gzip): never more than `max` bytes out, so a decompression bomb stops there.
import { nodeZlib } from './lazy-builtins.js';

/**
 * `data` inflated (`gzip`: a gzip member, `zlib`: a zlib stream, `raw`: bare deflate), at most
 * `max` bytes; a truncated stream gives what it holds (Z_SYNC_FLUSH), as a reader of the file
 * would see it. 'over' when it inflates past `max`, null when it is not what it claims (corrupt).
 */
export function inflateWithin(data: Uint8Array, max: number, format: 'gzip' | 'zlib' | 'raw'): Buffer | 'over' | null {
  if (max <= 0) return 'over';
  const zlib = nodeZlib();
  const opts = { maxOutputLength: max, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  try {
    return format === 'gzip' ? zlib.gunzipSync(data, opts) : format === 'zlib' ? zlib.inflateSync(data, opts) : zlib.inflateRawSync(data, opts);
  } catch (e) {
    return e instanceof RangeError ? 'over' : null;
  }
}

/** What a deflate stream held, and whether it was read to its end. */
export interface Inflated {
  out: Buffer;
  /** bytes of the input the stream took (its end, when whole; everything given, when cut short) */
  consumed: number;
  /** 'whole': read to the stream's end; 'cut short': the input ends first; 'corrupt': invalid data (out: what came before it) */
  end: 'whole' | 'cut short' | 'corrupt';
}

/**
 * Bare deflate `data`, at most `max` bytes out, saying whether the stream was read to its end:
 * a file cut short or damaged gives what comes before the damage (what `gunzip` writes before
 * its error), and says so, where inflateWithin gives a truncated stream's output as if whole.
 * 'over' when it inflates past `max`. `salvage` false: invalid data gives nothing, without the
 * search for what came before it (bytes that are likely no stream at all).
 */
export function inflateRawChecked(data: Uint8Array, max: number, salvage = true): Inflated | 'over' {
  if (max <= 0) return 'over';
  const zlib = nodeZlib();
  const run = (input: Uint8Array, finish: number) =>
    zlib.inflateRawSync(input, { maxOutputLength: max, finishFlush: finish, info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
  try {
    const r = run(data, zlib.constants.Z_FINISH);
    return { out: r.buffer, consumed: r.engine.bytesWritten, end: 'whole' };
  } catch (e) {
    if (e instanceof RangeError) return 'over';
    if ((e as { code?: string }).code === 'Z_BUF_ERROR') {
      try {
        return { out: run(data, zlib.constants.Z_SYNC_FLUSH).buffer, consumed: data.length, end: 'cut short' };
      } catch (e2) {
        if (e2 instanceof RangeError) return 'over';
      }
    }
  }
  if (!salvage) return { out: Buffer.alloc(0), consumed: data.length, end: 'corrupt' };
  // invalid data: the longest prefix that inflates without an error holds what came before the
  // damage (an error, once met, is met by every longer prefix); about 2·log2(n) inflations
  let lo = 0;
  let hi = data.length;
  let out: Buffer = Buffer.alloc(0);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      out = run(data.subarray(0, mid), zlib.constants.Z_SYNC_FLUSH).buffer;
      lo = mid;
    } catch (e) {
      if (e instanceof RangeError) return 'over';
      hi = mid - 1;
    }
  }
  return { out, consumed: data.length, end: 'corrupt' };
}
