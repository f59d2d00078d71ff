// Bytes → text, with the encodings repositories actually contain, and the binary decision.
// Binary is decided by content alone — a known file signature, or a sample dense with NUL and
// control bytes — never by the file's name or its .gitattributes: a text file named `*.dat`
// is text, and a text file with a stray NUL byte is still scanned. Offsets in the decoded
// string are what line/column numbers are computed from.

import { ASCII_HIDING_CODE_PAGES } from './code-pages.js';
import { isAscii } from 'node:buffer';
import { bufferView } from '../io/buffer-view.js';

export type Decoded = { ok: true; text: string; encoding: string } | { ok: false; reason: 'binary'; format: string };

const SNIFF_BYTES = 8192;
const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const utf16le = new TextDecoder('utf-16le', { fatal: false, ignoreBOM: true });

/** File signatures of formats that hold no text to scan: images, audio, video, archives, fonts, executables, databases. */
const SIGNATURES: readonly [format: string, offset: number, bytes: readonly number[]][] = [
  ['png', 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['jpeg', 0, [0xff, 0xd8, 0xff]],
  ['gif', 0, [0x47, 0x49, 0x46, 0x38]],
  ['webp/wav/avi (RIFF)', 0, [0x52, 0x49, 0x46, 0x46]],
  ['bmp', 0, [0x42, 0x4d]],
  ['ico', 0, [0x00, 0x00, 0x01, 0x00]],
  ['tiff', 0, [0x49, 0x49, 0x2a, 0x00]],
  ['tiff', 0, [0x4d, 0x4d, 0x00, 0x2a]],
  ['mp4/mov/heic (ISO media)', 4, [0x66, 0x74, 0x79, 0x70]],
  ['mp3 (ID3)', 0, [0x49, 0x44, 0x33]],
  ['ogg', 0, [0x4f, 0x67, 0x67, 0x53]],
  ['flac', 0, [0x66, 0x4c, 0x61, 0x43]],
  ['webm/mkv', 0, [0x1a, 0x45, 0xdf, 0xa3]],
  ['zip/jar/docx', 0, [0x50, 0x4b, 0x03, 0x04]],
  ['zip (empty)', 0, [0x50, 0x4b, 0x05, 0x06]],
  ['gzip', 0, [0x1f, 0x8b]],
  ['bzip2', 0, [0x42, 0x5a, 0x68]],
  ['xz', 0, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['zstd', 0, [0x28, 0xb5, 0x2f, 0xfd]],
  // a skippable frame first, as pzstd writes its files
  ['zstd', 0, [0x50, 0x2a, 0x4d, 0x18]],
  ['lz4', 0, [0x04, 0x22, 0x4d, 0x18]],
  ['lzip', 0, [0x4c, 0x5a, 0x49, 0x50]],
  ['7z', 0, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
  ['rar', 0, [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07]],
  ['pdf', 0, [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['woff', 0, [0x77, 0x4f, 0x46, 0x46]],
  ['woff2', 0, [0x77, 0x4f, 0x46, 0x32]],
  ['truetype font', 0, [0x00, 0x01, 0x00, 0x00, 0x00]],
  ['opentype font', 0, [0x4f, 0x54, 0x54, 0x4f]],
  ['elf executable', 0, [0x7f, 0x45, 0x4c, 0x46]],
  ['mach-o executable', 0, [0xcf, 0xfa, 0xed, 0xfe]],
  ['mach-o executable', 0, [0xce, 0xfa, 0xed, 0xfe]],
  ['java class / mach-o fat', 0, [0xca, 0xfe, 0xba, 0xbe]],
  ['windows executable', 0, [0x4d, 0x5a, 0x90, 0x00]],
  ['wasm', 0, [0x00, 0x61, 0x73, 0x6d]],
  ['sqlite', 0, [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x20, 0x33, 0x00]],
  ['ole2 (doc/xls/msi)', 0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]],
  ['python bytecode', 2, [0x0d, 0x0a]],
];

/**
 * For each value of a first byte, the signatures that may match (in SIGNATURES' order): those
 * starting with that byte, and those at another offset. A text's first byte rules out all but
 * one or two, where each file was compared with all 35 (formatOf was 2 % of the CPU of a
 * scan of signalwire/docs' small file versions, `node --cpu-prof`).
 */
const SIGNATURES_BY_FIRST_BYTE: readonly (typeof SIGNATURES)[number][][] = signaturesByFirstByte();

/** One pass over SIGNATURES (256 filters over it were 6 ms of `swlint staged`'s start, `node --cpu-prof`). */
function signaturesByFirstByte(): (typeof SIGNATURES)[number][][] {
  const byFirst: (typeof SIGNATURES)[number][][] = [];
  for (let b = 0; b < 256; b++) byFirst.push([]);
  for (const entry of SIGNATURES) {
    if (entry[1] !== 0) for (const list of byFirst) list.push(entry);
    else byFirst[entry[2][0]!]!.push(entry);
  }
  return byFirst;
}

/** Whether every byte is printable ASCII: a signature a text file could start with. */
function isPrintable(bytes: readonly number[]): boolean {
  return bytes.every((b) => b >= 0x20 && b <= 0x7e);
}

/**
 * Whether `buf` starts with `format`'s signature (one of SIGNATURES' names), whatever else it
 * holds: where the file is known to be read as that format (an archive's entry, a PDF taken for
 * text), not the test for what a file is (formatOf).
 */
export function hasSignature(buf: Uint8Array, format: string): boolean {
  return (SIGNATURES_OF.get(format) ?? []).some(([, offset, bytes]) => buf.length >= offset + bytes.length && bytes.every((b, i) => buf[offset + i] === b));
}
/** SIGNATURES by format name (hasSignature is asked of every text a scan reads) */
const SIGNATURES_OF = new Map<string, (typeof SIGNATURES)[number][]>();
for (const entry of SIGNATURES) SIGNATURES_OF.set(entry[0], [...(SIGNATURES_OF.get(entry[0]) ?? []), entry]);

/** The format a file's signature names (SIGNATURES), as decode() tells it: null for none. */
export function formatOf(buf: Uint8Array): string | null {
  if (buf.length === 0) return null;
  for (const [format, offset, bytes] of SIGNATURES_BY_FIRST_BYTE[buf[0]!]!) {
    if (buf.length < offset + bytes.length) continue;
    let ok = true;
    for (let i = 0; i < bytes.length && ok; i++) ok = buf[offset + i] === bytes[i];
    // python bytecode: a 2-byte magic then \r\n; require the known magic range to avoid matching text
    if (ok && format === 'python bytecode') ok = buf[1]! < 0x10 && buf[0]! >= 0x0a && buf.length > 16 && buf[3] === 0x0a;
    // `BM` alone starts text too (`BMW …`, `BM25 …`): a bitmap's four reserved bytes after its size are zero
    if (ok && format === 'bmp') ok = buf.length >= 14 && buf[6] === 0 && buf[7] === 0 && buf[8] === 0 && buf[9] === 0;
    // a signature text can start with (`ID3 tags`, `RIFF`, `OTTO:`, `GIF89a is…`) counts only with a
    // NUL byte in the sample: the formats hold binary fields early, a text file holds none. A
    // bzip2 file's first block magic says it as surely, and a small one often holds no NUL byte
    if (ok && isPrintable(bytes) && !isBzip2(buf) && buf.subarray(0, SNIFF_BYTES).indexOf(0) < 0) ok = false;
    if (ok) return format;
  }
  return null;
}

/** `BZh`, the block size (`1`-`9`), then the magic of a first block (π) or of the stream's end (√π): what `bzip2` writes. */
function isBzip2(b: Uint8Array): boolean {
  if (b.length < 10 || b[0] !== 0x42 || b[1] !== 0x5a || b[2] !== 0x68 || b[3]! < 0x31 || b[3]! > 0x39) return false;
  const magic = Buffer.from(b.buffer, b.byteOffset + 4, 6).toString('hex');
  return magic === '314159265359' || magic === '177245385090';
}

/**
 * What the first bytes say about text without a byte-order mark: UTF-8 when there is no NUL;
 * otherwise UTF-16 when one byte of each pair is almost always NUL, binary when NUL and other
 * control bytes make more than a tenth of the sample, UTF-8 (a stray NUL or two is text).
 */
function sniff(buf: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | 'binary' {
  const n = Math.min(buf.length, SNIFF_BYTES);
  // the common case, answered natively: no NUL at all (random binary data of 8 KB holds a
  // NUL with near certainty, and known formats were caught by their signature)
  if (buf.subarray(0, n).indexOf(0) < 0) return 'utf-8';
  let controls = 0;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i++) {
    const c = buf[i]!;
    if (c === 0) {
      if (i & 1) oddNul++;
      else evenNul++;
      controls++;
    } else if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 11 && c !== 27) controls++;
  }
  if (controls === 0) return 'utf-8';
  const pairs = n >> 1;
  if (pairs >= 2 && oddNul >= pairs * 0.9 && evenNul <= pairs * 0.1) return 'utf-16le';
  if (pairs >= 2 && evenNul >= pairs * 0.9 && oddNul <= pairs * 0.1) return 'utf-16be';
  return controls * 10 > n ? 'binary' : 'utf-8';
}

/** `plainUtf8`: isPlainUtf8(buf) is known to be true (the scan asked first): the bytes need not be sniffed again ('ascii': and they are ASCII). */
export function decode(buf: Uint8Array, plainUtf8: boolean | 'ascii' = false): Decoded {
  if (plainUtf8) return { ok: true, text: plainUtf8 === 'ascii' ? decodeAscii(buf) : decodeUtf8(buf), encoding: 'utf-8' };
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { ok: true, text: utf8.decode(buf.subarray(3)), encoding: 'utf-8-bom' };
  if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xfe && buf[2] === 0 && buf[3] === 0)
    return { ok: true, text: utf32(buf.subarray(4), true), encoding: 'utf-32le' };
  if (buf.length >= 4 && buf[0] === 0 && buf[1] === 0 && buf[2] === 0xfe && buf[3] === 0xff)
    return { ok: true, text: utf32(buf.subarray(4), false), encoding: 'utf-32be' };
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { ok: true, text: utf16le.decode(buf.subarray(2)), encoding: 'utf-16le' };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { ok: true, text: utf16be(buf.subarray(2)), encoding: 'utf-16be' };
  const format = formatOf(buf);
  if (format) return { ok: false, reason: 'binary', format };
  const kind = sniff(buf);
  if (kind === 'binary') return { ok: false, reason: 'binary', format: 'unknown' };
  if (kind === 'utf-16le') return { ok: true, text: utf16le.decode(buf), encoding: 'utf-16le' };
  if (kind === 'utf-16be') return { ok: true, text: utf16be(buf), encoding: 'utf-16be' };
  return { ok: true, text: utf8.decode(buf), encoding: 'utf-8' };
}

function utf16be(buf: Uint8Array): string {
  // copy (swap16 works in place) and drop a trailing odd byte
  const body = Buffer.from(buf.subarray(0, buf.length & ~1));
  body.swap16();
  return utf16le.decode(body);
}

/** UTF-32 (after its byte-order mark): a code point that is none (a surrogate, past U+10FFFF) is U+FFFD, a trailing partial unit dropped. */
function utf32(buf: Uint8Array, littleEndian: boolean): string {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const parts: string[] = [];
  const units: number[] = [];
  for (let i = 0; i + 4 <= buf.length; i += 4) {
    const cp = view.getUint32(i, littleEndian);
    units.push(cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? 0xfffd : cp);
    if (units.length === 8192) parts.push(String.fromCodePoint(...units.splice(0)));
  }
  parts.push(String.fromCodePoint(...units));
  return parts.join('');
}

/**
 * True when decode() would read `buf` as UTF-8 without a BOM: then the ASCII keywords of the
 * prefilter can be looked for in the bytes themselves, before (or instead of) decoding.
 */
export function isPlainUtf8(buf: Uint8Array): boolean {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return false;
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) return false;
  return formatOf(buf) === null && sniff(buf) === 'utf-8';
}

/** `buf` read as UTF-8 without a byte-order mark (what decode gives for plain UTF-8). */
export function decodeUtf8(buf: Uint8Array): string {
  return utf8.decode(buf);
}

/**
 * Below this many bytes node copies a latin1 read into an ordinary string; from about a megabyte
 * it makes an external one, which a worker's garbage collector frees late (peak RSS +90 MB on
 * signalwire/docs' history): those are decoded as UTF-8.
 */
const LATIN1_COPIED_BELOW = 1_000_000;

/**
 * The text of bytes known to be ASCII (what decodeUtf8 gives for them): read as latin1, a copy,
 * about twice as fast as the UTF-8 decoder for a file of a few KB.
 */
export function decodeAscii(buf: Uint8Array): string {
  if (buf.length >= LATIN1_COPIED_BELOW) return utf8.decode(buf);
  return bufferView(buf).toString('latin1');
}

/**
 * Any bytes as Latin-1, one character a byte. From LATIN1_COPIED_BELOW on, read in pieces below
 * it and joined: V8 then makes the one flat string in its own heap, where node would make an
 * external string in memory of the C allocator, freed only when a collection gets to it (and
 * then raising glibc's mmap threshold: src/io/page-memory.ts).
 */
export function latin1Text(buf: Uint8Array): string {
  const b = bufferView(buf);
  if (b.length < LATIN1_COPIED_BELOW) return b.toString('latin1');
  const parts: string[] = [];
  for (let at = 0; at < b.length; at += LATIN1_COPIED_BELOW - 1) parts.push(b.toString('latin1', at, Math.min(b.length, at + LATIN1_COPIED_BELOW - 1)));
  return parts.join('');
}

/**
 * Binary formats that keep the program's strings as they were written: executables and
 * libraries (a .NET assembly's string heap is UTF-16LE, an ELF's or Mach-O's is ASCII), Java
 * classes, Python bytecode, SQLite and OLE2 databases, WebAssembly data, and binary data of no
 * known format. A build output committed with a token compiled in (bin/Debug/App.dll) holds it
 * as plainly as the source did. Compressed formats (images, archives, PDFs, fonts, media) are
 * not among them: their bytes hold no readable text, unless they are text behind a signature
 * (holdsText).
 */
const FORMATS_WITH_STRINGS: ReadonlySet<string> = new Set([
  'windows executable',
  'elf executable',
  'mach-o executable',
  'java class / mach-o fat',
  'python bytecode',
  'sqlite',
  'ole2 (doc/xls/msi)',
  'wasm',
  'unknown',
]);

/** Shorter runs of printable bytes are noise, not strings (`strings` uses 4; the shortest value a rule reads is longer). */
const MIN_STRING = 6;
/** a byte of a string: printable ASCII or a tab */
const PRINTABLE = '[\\x20-\\x7e\\t]';

/**
 * A run of MIN_STRING or more printable bytes, or of printable characters in UTF-32LE or
 * UTF-16LE (each printable byte followed by its NULs). Big-endian strings are the same runs one
 * or three bytes later, but for the last character (rawStrings adds it). One regular expression over the bytes read as Latin-1: V8
 * runs it at several hundred MB/s, where a loop of byte tests in JavaScript took 17 ns a byte
 * (`--cpu-prof`, the bench tree's SQLite files); alternatives for big-endian strings, starting
 * at NUL bytes, made it twice as slow on a binary's zeroed pages.
 */
const STRING_RUN = new RegExp(`${PRINTABLE}{${MIN_STRING},}|(?:${PRINTABLE}\\x00\\x00\\x00){${MIN_STRING},}|(?:${PRINTABLE}\\x00){${MIN_STRING},}`, 'g');
/** A wide string starting at a narrow run's last character (a wide string right after a narrow one, or after a printable length byte). */
const WIDE_AFTER = new RegExp(`^\\x00(?:${PRINTABLE}\\x00){${MIN_STRING - 1}}`);

/** What binaryStrings read: the text the rules scan, and which string each shortened copy is of. */
export interface BinaryStrings {
  /** the strings, one a line in the order they occur; then the shortened copies of their first words, one a line */
  text: string;
  /** how many lines are strings (the copies follow) */
  strings: number;
  /** for each copy, the 0-based line of its string; copies come in pairs, without 1 and 2 characters */
  copyOf: number[];
  /** for each copy, how many characters of its string precede it */
  copyDrop: number[];
}

/** Bytes of each of the three samples holdsText takes: the head, the middle and the end. */
const TEXT_SAMPLE = 512;
/** Printable bytes at the end of a file that make it text whatever the rest holds: a line appended to it. */
const TEXT_TAIL = 32;

const isTextByte = (b: number) => (b >= 0x20 && b <= 0x7e) || b === 9 || b === 10 || b === 13;

/** Whether `buf[from, to)` is text: three quarters printable bytes, or printable characters between NULs (UTF-16, UTF-32). */
function isTextSample(buf: Uint8Array, from: number, to: number): boolean {
  let text = 0;
  let nul = 0;
  for (let i = from; i < to; i++) {
    const b = buf[i]!;
    if (isTextByte(b)) text++;
    else if (b === 0) nul++;
  }
  const n = to - from;
  return text * 4 >= n * 3 || (text * 5 >= n && (text + nul) * 10 >= n * 9);
}

/**
 * Whether a file whose signature names a compressed format (an image, an archive, a PDF, a
 * font) holds text where the format holds compressed bytes: its head, middle and end are text
 * (isTextSample), or it ends in TEXT_TAIL printable bytes. A signature is a few bytes anyone
 * can write in front of a text (`PK\x03\x04` and a line break before `SIGNALWIRE_API_TOKEN=…`),
 * or a text can follow a real image: programs that read the file as text still find the value.
 * Compressed bytes are about 37 % printable, and end in 32 printable bytes by chance once in
 * 10^14; metadata at an image's head (XMP, EXIF) is not what its middle holds. A real archive or
 * image costs a look at 1.5 KB. Text between compressed bytes is not looked for: that would be
 * reading every image (`strings` on an image reads about 150 MB/s).
 */
function holdsText(buf: Uint8Array): boolean {
  const n = buf.length;
  let end = n;
  while (end > 0 && n - end < TEXT_TAIL && isTextByte(buf[end - 1]!)) end--;
  if (n - end >= TEXT_TAIL) return true;
  if (n <= 3 * TEXT_SAMPLE) return isTextSample(buf, 0, n);
  const middle = (n - TEXT_SAMPLE) >> 1;
  return isTextSample(buf, 0, TEXT_SAMPLE) && isTextSample(buf, middle, middle + TEXT_SAMPLE) && isTextSample(buf, n - TEXT_SAMPLE, n);
}

/**
 * The printable strings of a binary whose format keeps them (FORMATS_WITH_STRINGS) or that holds
 * text behind a compressed format's signature (holdsText): rawStrings. Null for a format that
 * holds none.
 */
export function binaryStrings(buf: Uint8Array, format: string): BinaryStrings | null {
  return FORMATS_WITH_STRINGS.has(format) || holdsText(buf) ? rawStrings(buf) : null;
}

/**
 * The printable strings of any bytes, ASCII, UTF-16 and UTF-32 alike (what `strings -a`,
 * `strings -el`, `-eb`, `-eL` and `-eB` print together), in the order they occur. Formats store
 * a string after its length or type, often a printable byte (Python's marshal `z2` before a
 * 50-character string, a Java class's length `2`), and a value glued to it would not start a
 * word: after all the strings come copies of each one's first word without its first one and
 * two characters. Linear in the size.
 */
export function rawStrings(buf: Uint8Array): BinaryStrings {
  const lines: string[] = [];
  const latin1 = latin1Text(buf);
  STRING_RUN.lastIndex = 0;
  for (let m = STRING_RUN.exec(latin1); m; m = STRING_RUN.exec(latin1)) {
    let run = m[0];
    if (run.charCodeAt(1) === 0) {
      // big-endian (NULs before the run): its last character, when no NUL follows it
      const end = m.index + run.length;
      const last = latin1.charCodeAt(end);
      if (m.index > 0 && latin1.charCodeAt(m.index - 1) === 0 && last !== 10 && last !== 13 && isTextByte(last)) {
        run += latin1[end];
        STRING_RUN.lastIndex = end + 1;
      }
      lines.push(run.replace(/\x00/g, ''));
      continue;
    }
    const end = m.index + run.length;
    if (latin1.charCodeAt(end) === 0 && WIDE_AFTER.test(latin1.slice(end, end + 2 * MIN_STRING - 1))) {
      // leave the last character to the wide string it starts
      run = run.slice(0, -1);
      STRING_RUN.lastIndex = end - 1;
      if (run.length < MIN_STRING) continue;
    }
    lines.push(run);
  }
  const strings = lines.length;
  const copyOf: number[] = [];
  const copyDrop: number[] = [];
  for (let k = 0; k < strings; k++) {
    // only the first word can be glued to a length byte: text strings (a database's rows) are not copied whole
    const run = lines[k]!;
    const space = run.indexOf(' ');
    const word = space < 0 ? run : run.slice(0, space);
    if (word.length <= MIN_STRING + 2) continue;
    lines.push(word.slice(1), word.slice(2));
    copyOf.push(k, k);
    copyDrop.push(1, 2);
  }
  // glued copies hold at most as many characters as the strings themselves: a binary made of glue points (`xAB` repeated) is not copied 120 times over
  const budget = { left: lines.reduce((n, l) => n + l.length, 0) };
  for (let k = 0; k < strings && budget.left > 0; k++) gluedCopies(lines, k, copyOf, copyDrop, budget);
  return { text: lines.join('\n'), strings, copyOf, copyDrop };
}

/** The fewest characters from a glue point to its word's end worth a copy: the shortest value with a prefix of its own. */
const MIN_GLUED = 20;
/** The most characters a glued copy holds: more than any such value but a client token. */
const MAX_GLUED = 120;
/** A lower-case letter, a digit or `_`, then two capitals: where a value with an upper-case prefix (`PT…`, `PSK_…`) starts inside a word. */
const GLUE_POINT = /[a-z0-9_](?=[A-Z][A-Z_])/g;

/**
 * A database packs a row's fields back to back, and the bytes of a record's header or of the
 * next cell are often printable (SQLite's serial type of a 50-character text is `q`, a payload
 * length of 57 is `9`): `signalwire_tokenPT…9` is one string. So each word also gets copies from
 * every GLUE_POINT on, whole and without its last one and two characters.
 */
function gluedCopies(lines: string[], k: number, copyOf: number[], copyDrop: number[], budget: { left: number }): void {
  const run = lines[k]!;
  GLUE_POINT.lastIndex = 0;
  for (let m = GLUE_POINT.exec(run); m; m = GLUE_POINT.exec(run)) {
    const from = m.index + 1;
    // the word's end, looked for no further than a copy reaches: a long word costs linearly
    const limit = Math.min(run.length, from + MAX_GLUED);
    let last = from;
    while (last < limit && run.charCodeAt(last) !== 32) last++;
    if (last - from < MIN_GLUED) continue;
    for (let cut = 0; cut <= 2 && last - cut - from >= MIN_GLUED; cut++) {
      if ((budget.left -= last - cut - from) < 0) return;
      lines.push(run.slice(from, last - cut));
      copyOf.push(k);
      copyDrop.push(from);
    }
  }
}

/**
 * What plain UTF-8 bytes may hide from their decoded text: a NUL (UTF-16 or UTF-32 text among
 * them: decode looks at the first 8 KB only, and takes a few NULs for stray ones), and runs of
 * characters whose UTF-16 code units spell printable bytes (wideRunsInUtf8: wideReadings reads
 * them). Native passes (memchr, SIMD), about 40 ms a GB for ASCII.
 */
export function mayHide(buf: Uint8Array): { nul: boolean; nonAscii: boolean; wide: WideRun[] } {
  const b = bufferView(buf);
  const nonAscii = !isAscii(b);
  return { nul: b.indexOf(0) >= 0, nonAscii, wide: nonAscii ? wideRunsInUtf8(b) : [] };
}

/** Whether a byte is one a string's bytes can be (PRINTABLE): a tab or 0x20–0x7e. */
const isStringByte = (b: number) => b === 9 || (b >= 0x20 && b <= 0x7e);

/** Whether a UTF-16 code unit is two such bytes: a character that spells two bytes of a string. */
const spellsTwo = (unit: number) => isStringByte(unit >> 8) && isStringByte(unit & 0xff);

/**
 * The fewest such characters in a row that wideReadings reads: a string of seven bytes or more
 * takes at least three whole code units (a shorter one holds nothing a rule reports).
 */
const MIN_WIDE_RUN = 3;

/**
 * A run of characters that spell printable bytes as UTF-16, with the character on each side of
 * it (a string may start or end in half of one: `…=PT…` paired with the line break after it).
 */
export interface WideRun {
  /** the characters */
  chars: string;
  /** where the first is: its character offset in the text, or (wideRunsInUtf8) its byte offset in the plain UTF-8 bytes */
  at: number;
}

/** Whether `b[i…i+3)` is the UTF-8 of a character that spells two printable bytes (U+0909 to U+7E7E: three bytes). */
function spellsTwoAt(b: Uint8Array, i: number): boolean {
  if (i + 3 > b.length) return false;
  const b0 = b[i]!;
  const b1 = b[i + 1]!;
  const b2 = b[i + 2]!;
  if ((b0 & 0xf0) !== 0xe0 || (b1 & 0xc0) !== 0x80 || (b2 & 0xc0) !== 0x80) return false;
  return spellsTwo(((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f));
}

/** The first byte of the three-byte UTF-8 of U+09xx and of U+20xx–U+7Exx: where such a character can start. */
const SPELLING_LEADS = [0xe0, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7];

/**
 * wideReadings' runs in plain UTF-8 bytes, found without decoding them: each lead byte such a
 * character can have is searched for natively (memchr), and only its hits are looked at. Text
 * outside ASCII is mostly dashes, quotes, arrows and box-drawing trees, whose code units hold a
 * control byte or a NUL: none is read, and the text is not decoded for it (signalwire/docs'
 * history: see the commit that made it so).
 */
export function wideRunsInUtf8(b: Buffer): WideRun[] {
  const starts: number[] = [];
  for (const lead of SPELLING_LEADS) for (let i = b.indexOf(lead); i >= 0; i = b.indexOf(lead, i + 1)) if (spellsTwoAt(b, i)) starts.push(i);
  if (starts.length < MIN_WIDE_RUN) return [];
  starts.sort((x, y) => x - y);
  const runs: WideRun[] = [];
  for (let k = 0; k < starts.length;) {
    let end = k + 1;
    while (end < starts.length && starts[end] === starts[end - 1]! + 3) end++;
    if (end - k >= MIN_WIDE_RUN) {
      let from = starts[k]!;
      if (from > 0) for (from--; from > 0 && (b[from]! & 0xc0) === 0x80;) from--; // the character before
      let to = starts[end - 1]! + 3;
      if (to < b.length) to += b[to]! < 0x80 ? 1 : b[to]! < 0xe0 ? 2 : b[to]! < 0xf0 ? 3 : 4; // the character after
      runs.push({ chars: b.toString('utf8', from, Math.min(to, b.length)), at: from });
    }
    k = end;
  }
  return runs;
}

/** wideReadings' runs in a text (one decoded from another encoding than plain UTF-8). */
export function wideRunsInText(text: string): WideRun[] {
  const runs: WideRun[] = [];
  for (let i = 0; i < text.length;) {
    if (!spellsTwo(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length && spellsTwo(text.charCodeAt(end))) end++;
    if (end - i >= MIN_WIDE_RUN) {
      const from = Math.max(0, i - 1);
      runs.push({ chars: text.slice(from, Math.min(text.length, end + 1)), at: from });
    }
    i = end;
  }
  return runs;
}

/** A run of MIN_STRING or more printable bytes. */
const NARROW_RUN = new RegExp(`${PRINTABLE}{${MIN_STRING},}`, 'g');

/** What wideReadings read: the strings, and where each starts. */
export interface WideReadings {
  /** the strings, one a line */
  text: string;
  /** for each line, its run (an index into the runs read) */
  run: number[];
  /** for each line, the offset of its first byte in its run's UTF-16 encoding (LE or BE): the character is at half of it */
  at: number[];
}

/**
 * The printable ASCII that runs of a text's characters spell as UTF-16 code units, little- and
 * big-endian: the strings of those characters written as UTF-16 (rawStrings' narrow runs). A
 * file of ASCII that git was told is UTF-16 (`.gitattributes` `working-tree-encoding=UTF-16LE`)
 * is stored as the UTF-8 of characters such as 䥓䝎: every mode but `scan` reads those, and every
 * checkout writes the ASCII back. So is ASCII after a UTF-16 byte-order mark decoded as UTF-16.
 * Only the runs are written out (wideRunsInUtf8, wideRunsInText), never the whole text: a large
 * specification with a few lines of Chinese in it costs those lines. Null when they spell no string.
 */
export function wideReadings(runs: readonly WideRun[]): WideReadings | null {
  const lines: string[] = [];
  const run: number[] = [];
  const at: number[] = [];
  runs.forEach((r, k) => {
    const bytes = Buffer.from(r.chars, 'utf16le');
    for (const order of ['le', 'be']) {
      if (order === 'be') bytes.swap16();
      const latin1 = bytes.toString('latin1');
      NARROW_RUN.lastIndex = 0;
      for (let m = NARROW_RUN.exec(latin1); m; m = NARROW_RUN.exec(latin1)) {
        lines.push(m[0]);
        run.push(k);
        at.push(m.index);
      }
    }
  });
  return lines.length ? { text: lines.join('\n'), run, at } : null;
}

/**
 * Whether UTF-8 bytes may be ASCII stored through a code page that does not keep it
 * (src/scan/code-pages.ts): C1 controls (EBCDIC's digits and line breaks) or Braille patterns, a
 * few of them at least. Other texts hold neither, and are not read again.
 */
export function mayBeRecoded(b: Uint8Array): boolean {
  let seen = 0;
  for (let at = b.indexOf(0xc2); at >= 0 && at + 1 < b.length; at = b.indexOf(0xc2, at + 1))
    if (b[at + 1]! >= 0x80 && b[at + 1]! <= 0x9f && ++seen >= RECODED_MARKS) return true;
  for (let at = b.indexOf(0xe2); at >= 0 && at + 1 < b.length; at = b.indexOf(0xe2, at + 1))
    if (b[at + 1]! >= 0xa0 && b[at + 1]! <= 0xa3 && ++seen >= RECODED_MARKS) return true;
  return false;
}

/** how many C1 controls or Braille patterns make a text worth reading back through the code pages */
const RECODED_MARKS = 4;

/** A text read back through a code page: the ASCII each character was (NUL where none), one character for each of the text's. */
export interface RecodedReading {
  codePage: string;
  text: string;
}

let inverses: { codePage: string; ascii: Map<number, number>; marks: Set<number> }[] | null = null;

/**
 * The ASCII the text spells through the code pages that do not keep ASCII and explain it best
 * (the fewest characters they have no byte for; at least a fifth of the text's characters outside
 * ASCII are the page's): what a checkout would write where `.gitattributes` declares that
 * `working-tree-encoding`. Pages that explain it equally well but differ in a few national
 * letters give one reading each (distinct readings only): which one git used is not written down.
 */
export function recodedReadings(text: string): RecodedReading[] {
  inverses ??= ASCII_HIDING_CODE_PAGES.map(([codePage, chars]) => {
    const ascii = new Map<number, number>();
    const bytes = [9, 10, 13];
    for (let b = 0x20; b < 0x7f; b++) bytes.push(b);
    bytes.forEach((b, k) => ascii.set(chars.charCodeAt(k), b));
    const marks = new Set([...ascii.keys()].filter((c) => c >= 0x80));
    return { codePage, ascii, marks };
  });
  // the text's characters counted once, then each page judged on the distinct ones: a bundle of
  // a megabyte with a spinner's Braille frames in it is read once, not once for every page
  const counts = new Map<number, number>();
  let outside = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c >= 0x80) outside++;
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best: (typeof inverses)[number][] = [];
  let fewest = Infinity;
  for (const page of inverses) {
    let marked = 0;
    let unmapped = 0;
    for (const [c, n] of counts) {
      if (page.marks.has(c)) marked += n;
      else if (!page.ascii.has(c)) unmapped += n;
    }
    if (marked < RECODED_MARKS || marked * 5 < outside || unmapped > fewest) continue;
    if (unmapped < fewest) best = [];
    fewest = unmapped;
    best.push(page);
  }
  const out = new Map<string, RecodedReading>();
  for (const page of best) {
    const codes = new Uint8Array(text.length);
    for (let k = 0; k < text.length; k++) codes[k] = page.ascii.get(text.charCodeAt(k)) ?? 0;
    const read = latin1Text(codes);
    if (!out.has(read)) out.set(read, { codePage: page.codePage, text: read });
  }
  return [...out.values()];
}
