// The contents of a compressed file a repository holds: gzip (`.gz`, `.tgz`), zstd (`.zst`,
// `.tar.zst`), zip (`.zip`, `.jar`, `.whl`, `.docx`, `.xlsx` …) and the tar archives inside
// them, and a PDF's compressed streams. Formats no reader here opens (xz, bzip2, 7z, rar, lz4,
// lzip: UNOPENED_FORMATS) are recognised by their signature, as a file or inside an archive, and
// named, so that a gate never passes them as clean. A token zipped into a committed archive is as exposed as in the file it was made
// from, and a gate that only saw compressed bytes would pass it as clean. Decompression is bounded by the bytes it yields
// (a decompression bomb stops at the bound and says so), by the depth of archives inside
// archives, and reads nothing but the buffer: no program, no file, no link is followed.
import { lowerBound } from '../engine/locate.js';
import { inflateRawChecked, inflateWithin } from '../io/inflate.js';
import { u16, u32 } from '../io/little-endian.js';
import { zstdWithin } from '../io/zstd.js';
import { formatOf, hasSignature, latin1Text, rawStrings, type BinaryStrings } from './decode.js';

/** Archives inside archives read: a `.tgz` (gzip, then tar) holding a `.jar` (zip) is three. */
const MAX_DEPTH = 3;
/** An entry's name as a message shows it: printable ASCII, this long at most (names come from the scanned repository). */
const MAX_NAME = 120;

/** The formats (decode.ts signatures) whose contents are read. */
export const ARCHIVE_FORMATS: ReadonlySet<string> = new Set(['gzip', 'zstd', 'zip/jar/docx', 'pdf']);

/**
 * Compressed formats (decode.ts signatures) whose contents are not read: no well-kept decoder
 * for them can be bounded and run synchronously without a native build (xz's on npm are
 * asynchronous streams or native bindings; bzip2's grow their output without a bound or pull in
 * dependencies), and 7z and rar archives, which usually hold LZMA or their own methods.
 */
export const UNOPENED_FORMATS: readonly string[] = ['xz', 'bzip2', '7z', 'rar', 'lz4', 'lzip'];

export interface ArchiveRead {
  /** the strings of every entry read (rawStrings), one a line, then their shortened copies */
  strings: BinaryStrings;
  /** for each line of strings (not the copies): the entry it is in */
  entryOf: (line: number) => string;
  /** entries read */
  entries: number;
  /**
   * what was not read, or not to its end: zip entries encrypted or compressed with a method
   * other than stored, deflate and zstd; data cut short or corrupt (a gzip or zstd file, an
   * entry, a tar's last file), whose part before the damage was read. `entry` '' is the file itself.
   */
  unread: Unread[];
  /** the contents pass the bound: what lies past it was not read */
  overBound: boolean;
  /** entries in a format not opened (UNOPENED_FORMATS): each one's name (`''`: the file itself) and format */
  unopened: { entry: string; format: string }[];
}

export interface Unread {
  entry: string;
  why: 'encrypted' | 'cut short' | 'corrupt' | { method: string };
}

interface Piece {
  name: string;
  bytes: Uint8Array;
}

interface Reading {
  pieces: Piece[];
  /** bytes the pieces may still take */
  budget: number;
  unread: Unread[];
  overBound: boolean;
  unopened: { entry: string; format: string }[];
}

/**
 * What a gzip or zip file holds, at most `bound` bytes of it uncompressed over all its entries
 * and the archives inside them; null for another format, or for bytes that are no archive of
 * that format after all (a signature in front of something else).
 */
export function readArchive(buf: Uint8Array, format: string, bound: number): ArchiveRead | null {
  if (!ARCHIVE_FORMATS.has(format)) return null;
  const r: Reading = { pieces: [], budget: bound, unread: [], overBound: false, unopened: [] };
  const ok =
    format === 'gzip' ? readGzip(buf, '', r, 1) : format === 'zstd' ? readZstd(buf, '', r, 1) : format === 'pdf' ? readPdf(buf, r) : readZip(buf, '', r, 1);
  if (!ok) return null;
  return { ...stringsOf(r.pieces), entries: r.pieces.length, unread: r.unread, overBound: r.overBound, unopened: r.unopened };
}

/** The strings of each piece, one text: every piece's strings, then every piece's copies (rawStrings' layout). */
function stringsOf(pieces: Piece[]): Pick<ArchiveRead, 'strings' | 'entryOf'> {
  const strings: string[] = [];
  const copies: string[] = [];
  const copyOf: number[] = [];
  const copyDrop: number[] = [];
  const starts: number[] = [];
  let count = 0;
  for (const p of pieces) {
    const s = rawStrings(p.bytes);
    starts.push(count);
    // the strings end at the s.strings-th line break: sliced, not split into a string a line (a piece may hold a million)
    let cut = -1;
    for (let k = 0; k < s.strings && cut < s.text.length; k++) {
      const next = s.text.indexOf('\n', cut + 1);
      cut = next < 0 ? s.text.length : next;
    }
    if (s.strings) strings.push(s.text.slice(0, cut));
    if (cut + 1 < s.text.length) copies.push(s.text.slice(cut + 1));
    for (const c of s.copyOf) copyOf.push(c + count);
    for (const d of s.copyDrop) copyDrop.push(d);
    count += s.strings;
  }
  // the last piece starting at or before the line (0-based; the first piece starts at line 0)
  const entryOf = (line: number) => pieces[Math.max(0, lowerBound(starts, line + 1) - 1)]?.name ?? '';
  return { strings: { text: strings.concat(copies).join('\n'), strings: count, copyOf, copyDrop }, entryOf };
}

/** An entry's name as reports show it: printable ASCII (anything else as `?`), bounded. */
function shownName(raw: Uint8Array): string {
  let s = '';
  for (let k = 0; k < raw.length && s.length < MAX_NAME; k++) s += raw[k]! >= 0x20 && raw[k]! <= 0x7e ? String.fromCharCode(raw[k]!) : '?';
  return raw.length > MAX_NAME ? `${s}…` : s;
}

/** Takes an entry's bytes: an archive inside is read in turn, anything else is a piece. */
function take(name: string, bytes: Uint8Array, r: Reading, depth: number): void {
  if (depth < MAX_DEPTH) {
    if (hasSignature(bytes, 'gzip') && readGzip(bytes, name, r, depth + 1)) return;
    if (hasSignature(bytes, 'zstd') && readZstd(bytes, name, r, depth + 1)) return;
    if (hasSignature(bytes, 'zip/jar/docx') && readZip(bytes, name, r, depth + 1)) return;
    if (isTar(bytes) && readTar(bytes, name, r, depth + 1)) return;
  }
  // an xz or 7z file inside a zip: its strings are read as any entry's, and it is named as not opened
  const format = formatOf(bytes);
  if (format && UNOPENED_FORMATS.includes(format)) r.unopened.push({ entry: name, format });
  r.pieces.push({ name, bytes });
}

const joined = (outer: string, inner: string) => (outer ? `${outer}!/${inner}` : inner);

/** Inflates within the budget; null when the data is not what it claims (corrupt) or passes the budget (overBound set). */
function inflate(data: Uint8Array, r: Reading, format: 'gzip' | 'zlib' | 'raw'): Buffer | null {
  const out = inflateWithin(data, r.budget, format);
  if (out === 'over') r.overBound = true;
  if (!out || out === 'over') return null;
  r.budget -= out.length;
  return out;
}

/**
 * The file a compressed file holds, named for it without its extension: `.tgz`/`.tzst` hold a
 * `.tar`, `.gz`/`.zst` the name before them (the file itself, named '', keeps its name).
 */
function innerName(name: string, extension: RegExp): string {
  return name.replace(extension, (m) => (m.toLowerCase().startsWith('.t') ? '.tar' : '')) || name;
}

/**
 * A zstd file (RFC 8878): its frames, decoded within the budget (zstdWithin); a frame cut short
 * gives the blocks it holds whole. False when no frame could be decoded.
 */
function readZstd(buf: Uint8Array, name: string, r: Reading, depth: number): boolean {
  const inner = innerName(name, /\.(?:tzst|tzstd|zst|zstd)$/i);
  const read = zstdWithin(buf, r.budget);
  if (read === 'over') {
    r.overBound = true;
    return true;
  }
  if (!read) return false;
  r.budget -= read.out.length;
  if (read.end !== 'whole') r.unread.push({ entry: name, why: read.end });
  if (read.out.length) take(inner, read.out, r, depth);
  return true;
}

/**
 * A gzip file (RFC 1952): its members, one after the other, as `gunzip` reads them. Zeros after
 * the last member (a tool's padding) and bytes that start no member are left, as `gunzip` leaves
 * them; a member cut short or corrupt gives what came before the damage, and is noted as unread.
 * False when the file starts with no gzip header.
 */
function readGzip(buf: Uint8Array, name: string, r: Reading, depth: number): boolean {
  const inner = innerName(name, /\.t?gz$/i);
  const parts: Buffer[] = [];
  for (let at = 0; at < buf.length;) {
    const start = gzipBody(buf.subarray(at));
    if (start < 0) {
      if (at === 0) return false;
      break;
    }
    const read = inflateRawChecked(buf.subarray(at + start), r.budget);
    if (read === 'over') {
      r.overBound = true;
      return true;
    }
    r.budget -= read.out.length;
    parts.push(read.out);
    if (read.end !== 'whole') {
      r.unread.push({ entry: name, why: read.end });
      break;
    }
    // past the member's deflate data, its CRC and size
    at += start + read.consumed + 8;
  }
  const out = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  if (out.length) take(inner, out, r, depth);
  return true;
}

/** Where a gzip member's deflate data starts, past its header's optional fields; -1 when the header is no gzip header. */
function gzipBody(b: Uint8Array): number {
  if (b.length < 18 || b[0] !== 0x1f || b[1] !== 0x8b || b[2] !== 8) return -1;
  const flags = b[3]!;
  let at = 10;
  if (flags & 4) at += 2 + (b[at]! | (b[at + 1]! << 8));
  for (const bit of [8, 16]) {
    if (!(flags & bit)) continue;
    while (at < b.length && b[at] !== 0) at++;
    at++;
  }
  if (flags & 2) at += 2;
  return at < b.length ? at : -1;
}

/**
 * A zip file (APPNOTE): every entry a local header starts, whether or not the central directory
 * lists it (readers that stream the file, as Java's does, read local headers); the central
 * directory gives the sizes a local header leaves to a data descriptor.
 */
function readZip(buf: Uint8Array, name: string, r: Reading, depth: number): boolean {
  const listed = centralDirectory(buf);
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const sig = Buffer.from([0x50, 0x4b, 3, 4]);
  let any = false;
  for (let at = b.indexOf(sig); at >= 0 && at + 30 <= b.length; at = b.indexOf(sig, at + 4)) {
    const inDirectory = listed.get(at);
    const flags = u16(b, at + 6);
    const method = u16(b, at + 8);
    let size = u32(b, at + 18);
    const nameLen = u16(b, at + 26);
    const start = at + 30 + nameLen + u16(b, at + 28);
    if (start > b.length) continue;
    const entry = joined(name, shownName(b.subarray(at + 30, at + 30 + nameLen)));
    if (inDirectory && (flags & 8 || size === 0xffffffff)) size = inDirectory.size;
    // a stray signature inside compressed data is no entry: only listed ones are counted as unread
    const counted = inDirectory !== undefined || listed.size === 0;
    const unread = (why: Unread['why']) => {
      if (counted) r.unread.push({ entry, why });
    };
    // bit 0: encrypted (ZipCrypto, or WinZip's AES, which also says method 99); bit 6: strong encryption
    if (flags & 0x41 || method === 99) {
      unread('encrypted');
      continue;
    }
    if (method !== 0 && method !== 8 && !ZSTD_METHODS.has(method)) {
      unread({ method: ZIP_METHODS.get(method) ?? `method ${method}` });
      continue;
    }
    any = true;
    if (entry.endsWith('/') && size === 0) continue;
    if (method === 0) {
      if (flags & 8 && !inDirectory) {
        unread('cut short');
        continue;
      }
      const data = b.subarray(start, Math.min(b.length, start + size));
      if (data.length > r.budget) {
        r.overBound = true;
        continue;
      }
      r.budget -= data.length;
      if (data.length < size) unread('cut short');
      take(entry, data, r, depth);
      continue;
    }
    // deflate and zstd stop at their stream's end: the data is read to the end of the file when the size is left to a descriptor
    const data = flags & 8 && !inDirectory ? b.subarray(start) : b.subarray(start, Math.min(b.length, start + size));
    if (ZSTD_METHODS.has(method)) {
      const read = zstdWithin(data, r.budget);
      if (read === 'over') r.overBound = true;
      else if (!read) unread('corrupt');
      else {
        r.budget -= read.out.length;
        if (read.end !== 'whole') unread(read.end);
        take(entry, read.out, r, depth);
      }
      continue;
    }
    // an entry no directory lists whose data is invalid is likely a stray signature: not searched for what came before
    const read = inflateRawChecked(data, r.budget, counted);
    if (read === 'over') {
      r.overBound = true;
      continue;
    }
    r.budget -= read.out.length;
    if (read.end !== 'whole') unread(read.end);
    if (read.out.length) take(entry, read.out, r, depth);
  }
  return any || listed.size > 0;
}

/** zstd in a zip: method 93 (APPNOTE 6.3.8), and 20, the id it had before (6.3.7), which some tools still write. */
const ZSTD_METHODS: ReadonlySet<number> = new Set([93, 20]);

/** Zip compression methods not read (APPNOTE 4.4.5), by name: what a message says of an entry compressed with one. */
const ZIP_METHODS = new Map<number, string>([
  [1, 'shrink'],
  [2, 'reduce'],
  [3, 'reduce'],
  [4, 'reduce'],
  [5, 'reduce'],
  [6, 'implode'],
  [9, 'deflate64'],
  [10, 'PKWARE implode'],
  [12, 'bzip2'],
  [14, 'LZMA'],
  [16, 'IBM z/OS CMPSC'],
  [18, 'IBM TERSE'],
  [19, 'IBM LZ77'],
  [95, 'xz'],
  [96, 'JPEG'],
  [97, 'WavPack'],
  [98, 'PPMd'],
]);

/** The central directory's entries by their local header's offset, with their compressed size (empty when there is none). */
function centralDirectory(b: Uint8Array): Map<number, { size: number }> {
  const out = new Map<number, { size: number }>();
  // the end record is in the last 22 + 65,535 bytes (its comment is at most that long)
  let end = -1;
  for (let at = b.length - 22; at >= 0 && at >= b.length - 22 - 0xffff; at--) {
    if (b[at] === 0x50 && b[at + 1] === 0x4b && b[at + 2] === 5 && b[at + 3] === 6) {
      end = at;
      break;
    }
  }
  if (end < 0) return out;
  const count = u16(b, end + 10);
  let at = u32(b, end + 16);
  for (let k = 0; k < count && at + 46 <= b.length && u32(b, at) === 0x02014b50; k++) {
    out.set(u32(b, at + 42), { size: u32(b, at + 20) });
    at += 46 + u16(b, at + 28) + u16(b, at + 30) + u16(b, at + 32);
  }
  return out;
}

/** A POSIX or GNU tar archive: `ustar` at offset 257 of its first header. */
function isTar(b: Uint8Array): boolean {
  return b.length >= 512 && b[257] === 0x75 && b[258] === 0x73 && b[259] === 0x74 && b[260] === 0x61 && b[261] === 0x72;
}

/** A tar archive's regular files (type `0`, NUL or `7`), each a piece; other headers (links, directories, long names) hold no content to read. False when it holds none. */
function readTar(b: Uint8Array, name: string, r: Reading, depth: number): boolean {
  let any = false;
  for (let at = 0; at + 512 <= b.length;) {
    if (b[at] === 0) break;
    const sizeField = Buffer.from(b.subarray(at + 124, at + 136))
      .toString('latin1')
      .replace(/[\0 ]+$/, '')
      .trim();
    const size = /^[0-7]+$/.test(sizeField) ? parseInt(sizeField, 8) : 0;
    const type = b[at + 156];
    let nameEnd = at;
    while (nameEnd < at + 100 && b[nameEnd] !== 0) nameEnd++;
    const data = b.subarray(at + 512, Math.min(b.length, at + 512 + size));
    if (type === 0 || type === 0x30 || type === 0x37) {
      const entry = joined(name, shownName(b.subarray(at, nameEnd)));
      // a tar cut short (its gzip or zstd was, or the tar itself): the last file's start is read
      if (data.length < size) r.unread.push({ entry, why: 'cut short' });
      take(entry, data, r, depth);
      any = true;
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return any;
}

/** A stream's dictionary that holds no text: an image, an embedded font program. */
const NOT_TEXT_STREAM = /\/Subtype\s*\/(?:Image|Type1C|CIDFontType0C|OpenType)\b|\/Length[123]\b/;

/**
 * A PDF: its bytes as they are (uncompressed streams, metadata, the document's strings), and
 * each stream compressed with FlateDecode alone (page content, object streams), inflated.
 * Images and font programs are left compressed: they hold no text, and a screenshot inflates to
 * megabytes of pixels. Text a page draws glyph by glyph (kerning arrays, fonts that map their
 * own codes) is not put back together.
 */
function readPdf(buf: Uint8Array, r: Reading): boolean {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length > r.budget) {
    r.overBound = true;
    return true;
  }
  r.budget -= b.length;
  r.pieces.push({ name: '', bytes: b });
  const latin1 = latin1Text(b);
  const STREAM = /\bstream\r?\n/g;
  for (let m = STREAM.exec(latin1); m; m = STREAM.exec(latin1)) {
    const start = m.index + m[0].length;
    const end = latin1.indexOf('endstream', start);
    if (end < 0) break;
    const dict = latin1.slice(Math.max(0, latin1.lastIndexOf('<<', m.index)), m.index);
    STREAM.lastIndex = end;
    if (!/\/Filter\s*(?:\[\s*)?\/FlateDecode\s*(?:\]\s*)?[/>]/.test(dict) || NOT_TEXT_STREAM.test(dict)) continue;
    const out = inflate(b.subarray(start, end), r, 'zlib');
    if (out) r.pieces.push({ name: '', bytes: out });
    else if (r.overBound) break;
  }
  return true;
}
