// Stand-in text: the text of UTF-8 bytes with an ASCII character in place of each character
// outside ASCII, for the rules to read, and the check that says when the real text must be read
// instead. Why and how it was measured: standInText below.
import { isAscii, isUtf8 } from 'node:buffer';
import type { ChunkResult } from '../engine/engine.js';
import { decodeAscii } from './decode.js';
import { bufferView } from '../io/buffer-view.js';
import { bytesOf } from '../io/page-memory.js';

/**
 * Valid UTF-8 text with ASCII stand-ins for its characters outside ASCII, and where they are.
 * Each character keeps its width in UTF-16 code units (a character outside the BMP becomes two
 * stand-ins), so every offset, line and column is the real text's.
 */
export interface StandInText {
  text: string;
  /** offsets of the stand-ins, ascending */
  standIns: number[];
  /**
   * The text's offset of the byte at `byteOffset`, a byte outside every character of several
   * bytes (an ASCII byte, or the end): where the byte pass's findings in the bytes are in the text.
   */
  textOffset(byteOffset: number): number;
}

/**
 * The stand-in for a space outside ASCII (NO-BREAK SPACE, the U+2000 spaces, IDEOGRAPHIC SPACE,
 * U+FEFF): a vertical tab, which `\s` matches as it matches them, and which ends no line.
 */
export const SPACE_STAND_IN = '\v';
/** The stand-in for any other character outside ASCII: like them, neither a word character, a space nor a line end. */
export const CHAR_STAND_IN = '\x1a';
const SPACE_STAND_IN_BYTE = SPACE_STAND_IN.charCodeAt(0);
const CHAR_STAND_IN_BYTE = CHAR_STAND_IN.charCodeAt(0);
/** how JSON writes each stand-in (a control character: as a `\u` escape) */
const STAND_INS_IN_JSON = [SPACE_STAND_IN, CHAR_STAND_IN].map((c) => JSON.stringify(c).slice(1, -1));

/** Characters JavaScript's `\s` matches outside ASCII, besides the line separators (which have no stand-in). */
function isUnicodeSpace(code: number): boolean {
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** runs of ASCII shorter than this are copied byte by byte, longer ones by Buffer.copy */
const SHORT_COPY = 48;
/** bytes that isAscii answers for at once: a block holding no character outside ASCII is copied whole */
const ASCII_BLOCK = 4096;
/** the stand-in bytes are written here, reused: a fresh buffer per blob costs the host its pages */
let scratch = Buffer.allocUnsafeSlow(1 << 16);
/** larger texts get a buffer of their own, dropped after use: a worker does not keep a rare large file's size for good */
const SCRATCH_KEPT_UP_TO = 8 << 20;

/**
 * The text of `bytes` with ASCII stand-ins for its characters outside ASCII, or null when it
 * has none (the decoder then gives a one-byte string itself), is not valid UTF-8, or holds a
 * line or paragraph separator (which end lines for a regex, and which no ASCII character
 * replaces without making a new line).
 *
 * Why: one character above U+00FF makes V8 keep the whole decoded text two bytes a character.
 * A documentation page of 1.9 MB with 700 typographic quotes and dashes decoded in 20 ms; its
 * stand-in text takes 10 ms, and half the memory for every rule's pass over it (measured on
 * signalwire/docs' OpenAPI file, bench/BENCHMARKS.head.md, round 19). The rules treat every
 * character outside ASCII alike (not a word character, not a line end; a space when `\s` says
 * so), so their matches are the real text's; where a finding touches a stand-in, the pipeline
 * scans the real text again (src/scan/unit.ts).
 */
export function standInText(bytes: Uint8Array): StandInText | null {
  const b = bufferView(bytes);
  const n = b.length;
  if (isAscii(b) || !isUtf8(b)) return null;
  if (n > SCRATCH_KEPT_UP_TO) return fill(b, bytesOf(n));
  // outgrown once, to the largest size kept: a scratch outgrown step by step left each old one to be
  // freed, a block of megabytes that raised glibc's mmap threshold (src/io/page-memory.ts); pages
  // of the new one are only touched as far as the largest text
  if (scratch.length < n) scratch = Buffer.allocUnsafeSlow(SCRATCH_KEPT_UP_TO);
  return fill(b, scratch);
}

/** standInText's copy of `b` into `into` (at least as long). */
function fill(b: Buffer, into: Buffer): StandInText | null {
  const n = b.length;
  const standIns: number[] = [];
  /** after each character outside ASCII: its end in the bytes, then in the text (flat pairs) */
  const ends: number[] = [];
  let out = 0; // bytes written to `into`
  let copied = 0; // bytes of b copied or replaced
  for (let block = 0; block < n; block += ASCII_BLOCK) {
    const end = Math.min(n, block + ASCII_BLOCK);
    // a character read in the previous block may reach into this one
    const from = Math.max(block, copied);
    if (from >= end || isAscii(b.subarray(from, end))) continue;
    for (let i = from; i < end; i++) {
      const lead = b[i]!;
      if (lead < 0x80) continue;
      // the ASCII since the last such character: short runs byte by byte (a native copy per
      // typographic quote cost more than the bytes: a page of them took 2.3 times as long)
      if (i - copied < SHORT_COPY) for (let j = copied; j < i; j++) into[out++] = b[j]!;
      else out += b.copy(into, out, copied, i);
      // isUtf8 vouched for the sequence: its length follows from the lead byte alone
      const length = lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
      const code =
        length === 2
          ? ((lead & 0x1f) << 6) | (b[i + 1]! & 0x3f)
          : length === 3
            ? ((lead & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f)
            : 0x10000;
      if (code === 0x2028 || code === 0x2029) return null;
      const standIn = isUnicodeSpace(code) ? SPACE_STAND_IN_BYTE : CHAR_STAND_IN_BYTE;
      standIns.push(out);
      into[out++] = standIn;
      if (length === 4) {
        // a surrogate pair in the real text
        standIns.push(out);
        into[out++] = standIn;
      }
      i += length - 1;
      copied = i + 1;
      ends.push(copied, out);
    }
  }
  out += b.copy(into, out, copied, n);
  return { text: decodeAscii(into.subarray(0, out)), standIns, textOffset: (byteOffset) => textOffsetOf(ends, byteOffset) };
}

/** textOffset: the last character outside ASCII that ends at or before `byteOffset` says how far the text is behind the bytes there. */
function textOffsetOf(ends: readonly number[], byteOffset: number): number {
  let lo = 0;
  let hi = ends.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[2 * mid]! <= byteOffset) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? byteOffset : byteOffset - ends[2 * lo - 2]! + ends[2 * lo - 1]!;
}

/**
 * Whether the real text could give a different result: a finding (or one an inline ignore
 * covers) whose lines, or the line above them (where an ignore comment may be), hold a
 * stand-in, or any of whose fields (message, fix, snippet, example…) does. A rule's verdict on a
 * value holding a character outside ASCII (a placeholder's `…`, an ignore comment's `—`) is only
 * right on the real text.
 */
export function touchesStandIn(result: ChunkResult, standIns: readonly number[]): boolean {
  const covered = result.suppressedInline.map((s) => s.finding);
  const all = covered.length ? result.findings.concat(covered) : result.findings;
  if (all.length === 0) return false;
  // every field at once, those added later too
  const shown = JSON.stringify(all);
  if (STAND_INS_IN_JSON.some((escaped) => shown.includes(escaped))) return true;
  // the engine's index of the same text (offsets and lines are the real text's)
  const lines = standIns.map((at) => result.lineIndex.position(at).line);
  const anyWithin = (from: number, to: number) => {
    // lines ascend with the offsets: the first stand-in line at or after `from`
    let lo = 0;
    let hi = lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lines[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < lines.length && lines[lo]! <= to;
  };
  return (
    result.findings.some((f) => anyWithin(f.line - 1, f.endLine)) ||
    result.suppressedInline.some((s) => anyWithin(Math.min(s.directiveLine, s.finding.line) - 1, s.finding.endLine))
  );
}
