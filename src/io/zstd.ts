// Bounded zstd decoding for the compressed content swlint reads (a `.zst` file, a `.tar.zst`, a
// zstd entry inside an archive). The decoder is fzstd: pure JavaScript, no dependencies, MIT, by
// the author of fflate, about 400,000 downloads a month; node 20's zlib has no zstd. It is
// required on first use only: a run that meets no zstd file never loads it.
//
// fzstd allocates a frame's window as its header declares it, and moves the whole window once
// for every block it decodes (0.25 ms a block for a 4 MB window: a file of one-byte blocks would
// take minutes). So every frame's header and block headers are read here first: a window larger
// than the bound, or more window moves than MAX_WINDOW_MOVES, is 'over' before fzstd runs, and
// its output is counted block by block and stopped at the bound.
import { fzstdPackage } from './lazy-builtins.js';
import { u32 } from './little-endian.js';

const ZSTD_MAGIC = 0xfd2fb528;
/**
 * Bytes of window fzstd may move over a whole file: 4 GB, about 0.3 s. A real file's blocks
 * hold up to 128 KB each: 5 MB out of an 8 MB window (zstd -19 on a stream) moves 320 MB.
 */
const MAX_WINDOW_MOVES = 2 ** 32;

interface Frame {
  start: number;
  /** the end of its last block (and checksum): past the data when the frame is cut short */
  end: number;
  window: number;
  blocks: number;
  /** its last block was seen (a frame cut short has none) */
  last: boolean;
}

/** The frames of a zstd file, read from their headers (RFC 8878, 3.1); skippable frames are passed over. Null when the bytes are no zstd data. */
function framesOf(b: Uint8Array): Frame[] | null {
  const frames: Frame[] = [];
  let at = 0;
  while (at + 4 <= b.length) {
    const magic = u32(b, at);
    if (magic >>> 4 === 0x184d2a5) {
      if (at + 8 > b.length) break;
      at += 8 + u32(b, at + 4);
      continue;
    }
    // bytes after the last frame (zeros a tool padded with) are left, as by `zstd -d`
    if (magic !== ZSTD_MAGIC || at + 6 > b.length) break;
    const fhd = b[at + 4]!;
    if (fhd & 8) return null;
    const single = (fhd >> 5) & 1;
    const sizeBytes = fhd >> 6 ? 1 << (fhd >> 6) : single;
    let p = at + 5;
    let window = 0;
    if (!single) {
      const wd = b[p++]!;
      const base = 2 ** (10 + (wd >> 3));
      window = base + (base / 8) * (wd & 7);
    }
    p += [0, 1, 2, 4][fhd & 3]!;
    let contentSize = 0;
    for (let k = 0; k < sizeBytes; k++) contentSize += (b[p + k] ?? 0) * 2 ** (8 * k);
    if (fhd >> 6 === 1) contentSize += 256;
    p += sizeBytes;
    // a single-segment frame's window is its whole content
    if (single) window = contentSize;
    let blocks = 0;
    let last = false;
    for (;;) {
      if (p + 3 > b.length) break;
      const head = b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16);
      const type = (head >> 1) & 3;
      if (type === 3) return null;
      p += 3 + (type === 1 ? 1 : head >>> 3);
      blocks++;
      if (head & 1) {
        if ((fhd >> 2) & 1) p += 4;
        last = true;
        break;
      }
    }
    frames.push({ start: at, end: p, window, blocks, last });
    at = p;
  }
  return frames.length ? frames : null;
}

/** Thrown from fzstd's output callback at the bound (fzstd's own errors are Error objects). */
const OVER = Symbol('over');

/**
 * `data` decoded, at most `max` bytes; a frame cut short gives the blocks it holds whole, as a
 * streaming reader of the file would see them, and corrupt data what came before it: `end` says
 * whether every frame was read to its end. 'over' when it decodes past `max` (or its
 * windows would take more memory or work than the bound allows), null when it is no zstd data.
 */
export function zstdWithin(data: Uint8Array, max: number): { out: Buffer; end: 'whole' | 'cut short' | 'corrupt' } | 'over' | null {
  const frames = framesOf(data);
  if (!frames) return null;
  let moves = 0;
  for (const f of frames) {
    if (f.window > max) return 'over';
    moves += f.window * f.blocks;
  }
  if (moves > MAX_WINDOW_MOVES) return 'over';
  const { Decompress } = fzstdPackage();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let end: 'whole' | 'cut short' | 'corrupt' = 'whole';
  for (const f of frames) {
    if (!f.last || f.end > data.length) end = 'cut short';
    const d = new Decompress((chunk) => {
      total += chunk.length;
      if (total > max) throw OVER;
      chunks.push(chunk);
    });
    try {
      // a frame cut short is not pushed as final: it keeps the blocks it holds whole instead of failing
      d.push(data.subarray(f.start, Math.min(f.end, data.length)), f.end <= data.length);
    } catch (e) {
      if (e === OVER) return 'over';
      // corrupt from here on: what came before is what a reader gets
      end = 'corrupt';
      break;
    }
  }
  return { out: Buffer.concat(chunks), end };
}
