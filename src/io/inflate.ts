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
