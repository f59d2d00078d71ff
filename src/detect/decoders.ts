import type { Chunk } from '../types.js';
import { asciiRunClass, charRuns, isAlnum } from './candidates.js';
import { LineIndex } from '../engine/locate.js';
import type { LocatedFinding } from '../engine/engine.js';
import { inflateWithin } from '../io/inflate.js';
import { bufferView } from '../io/buffer-view.js';

// Decoders applied to every chunk, not per rule: a credential base64'd into a cloud-init
// `write_files`, a Kubernetes `data:` block or a Helm value, percent-encoded twice in a URL,
// written with JSON `\u` or `\x` escapes, HTML/XML character references (`&#80;`, `&#x50;`),
// code-point escapes (`\u{50}`, Perl's `\x{50}`) or octal escapes (`\120`). Each encoded run
// becomes a decoded view that the engine scans again with every rule; a view remembers where
// its run sits in the original text, so that findings point at the encoded text. Views of
// views are taken up to MAX_DEPTH; what the last level would still decode is counted, not dropped.

/** A decoded piece of text and where it came from. */
export interface DecodedView {
  text: string;
  /** offsets of the encoded run in the text it was decoded from */
  start: number;
  end: number;
  encoding:
    | 'base64'
    | 'base64-gzip'
    | 'wrapped-base64'
    | 'percent'
    | 'unicode-escape'
    | 'hex-escape'
    | 'char-ref'
    | 'code-point-escape'
    | 'octal-escape'
    | 'continued'
    | 'quoted-printable';
  /** continued lines, quoted-printable: the original offset of a view offset (the joined text maps back exactly, so a finding points at its value, not the line) */
  toOriginal?: (offset: number) => number;
}

/** base64 of a UUID is 48 characters, of a PT token 68: shorter runs cannot hold a credential */
export const MIN_BASE64 = 44;
/**
 * Decoded text per chunk, in all (its views and their views): DECODED_PER_CHAR for each of its
 * characters, at least MAX_DECODED. The views of disjoint runs of one encoding are shorter than
 * the text, so the text of real files stays within it (a file of base64 of text: 3/4 of its
 * length, and 9/16 more at the second level); only text that is several encodings at once can
 * pass it, and then what is left undecoded is reported (ChunkResult.undecoded), never dropped
 * silently. Linear in the chunk's length, whatever it holds. Before, 1 MB whatever the chunk's
 * size: 3 MB of base64 of text before a token in `\u` escapes hid the token.
 */
const MAX_DECODED = 1 << 20;
const DECODED_PER_CHAR = 2;
/**
 * Levels of views scanned (a value base64'd four times is read). Each level is scanned within the
 * chunk's one bound of decoded text, so a deeper level costs nothing more than that bound allows,
 * and real files reach past two only through content that nests on its own (an inline source map
 * of a bundle that kept its modules' own source maps; a Helm release in a Secret: base64 of the
 * release's base64 of gzip of JSON, whose chart files are base64 again). Deeper than this, the
 * views the last level would still give are counted (DecodeBudget.deeper) and the scan says so.
 */
export const MAX_DEPTH = 4;

// escapes; the run around them is found by expanding over characters that can be part of one value
// only escapes that hide a letter or digit, or a second level of percent-encoding, make a view:
// separators (%3A, %40, \n) the rules read through themselves
// (sticky, each tried where indexOf finds its first characters: the global percent regex was
// 0.24 s of the 18.6 s of CPU of `swlint history --jobs 1` on signalwire/docs, `node --cpu-prof`)
const PERCENT_ESCAPE = /%(?:25|3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa])/y;
const UNICODE_ESCAPE = /\\u00(?:3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa])/y;
const HEX_ESCAPE = /\\x(?:3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa])/y;
// HTML/XML numeric character references, decimal (48-57, 65-90, 97-122) or hex, leading zeros
// allowed; the number must end there (`;` is optional in HTML: `&#80` is read as `P`)
const CHAR_REF = /&#(?:0*(?:4[89]|5[0-7]|6[5-9]|[78][0-9]|9[07-9]|1[01][0-9]|12[0-2])(?![0-9])|[xX]0*(?:3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa])(?![0-9A-Fa-f]))/y;
// code-point escapes: ES2015 `\u{41}` (JavaScript, Rust, Swift, PHP, Ruby) and Perl's `\x{41}`, leading zeros allowed
const CODE_POINT_ESCAPE = /\\[ux]\{0*(?:3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa])\}/y;
// three-digit octal escapes (C, Python, shell `$'…'`, Ruby, Perl): 060-071, 101-132, 141-172
const OCTAL_ESCAPE = /\\(?:0(?:6[0-7]|7[01])|1(?:0[1-7]|[12][0-7]|3[0-2]|4[1-7]|[56][0-7]|7[0-2]))/y;
/** how far a run extends around its escapes */
const RUN_REACH = 512;

const isRunChar = (c: number) => c > 32 && c !== 34 && c !== 39 && c !== 60 && c !== 62 && c !== 96;

/**
 * Runs (maximal, over run characters, at most RUN_REACH beyond an escape) holding matches of
 * `escape` (sticky, every match starting with `literal`, or with one of `literal`). Linear.
 */
export function runsAround(text: string, literal: string | readonly string[], escape: RegExp): [number, number][] {
  const out: [number, number][] = [];
  const literals = typeof literal === 'string' ? [literal] : literal;
  // each literal's next occurrence (a search per literal, not per backslash: `\0`/`\1` of octal escapes)
  const next = literals.map((l) => text.indexOf(l));
  const nextAt = (from: number) => {
    let at = -1;
    for (let k = 0; k < literals.length; k++) {
      if (next[k]! !== -1 && next[k]! < from) next[k] = text.indexOf(literals[k]!, from);
      if (next[k]! !== -1 && (at === -1 || next[k]! < at)) at = next[k]!;
    }
    return at;
  };
  // the escapes of the global search resumed after each run: the first match at or after `from`
  let from = 0;
  for (let at = nextAt(0); at !== -1; at = nextAt(Math.max(at + 1, from))) {
    escape.lastIndex = at;
    const m = escape.exec(text);
    if (!m) continue;
    let s = at;
    const stop = Math.max(0, s - RUN_REACH);
    while (s > stop && isRunChar(text.charCodeAt(s - 1))) s--;
    let e = at + m[0].length;
    const limit = Math.min(text.length, e + RUN_REACH);
    while (e < limit && isRunChar(text.charCodeAt(e))) e++;
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
    from = Math.max(at + m[0].length, e);
    // cut by the reach inside a row of escapes: the search resumes at the last escape that
    // starts before the cut, so that no escape is cut in two and the run reads on (a project
    // ID and token pair in `\u00XX` escapes is 522 characters)
    if (e === limit && e < text.length && isRunChar(text.charCodeAt(e))) {
      for (let p = e - 1; p > at; p--) {
        if (!literals.some((l) => text.startsWith(l, p))) continue;
        escape.lastIndex = p;
        if (escape.test(text)) {
          from = p;
          break;
        }
      }
    }
  }
  return out;
}

/** Mostly printable text (a decoded .env, a URL), not the bytes of an image or a hash. */
function isText(s: string): boolean {
  if (s.length === 0 || s.includes('\uFFFD')) return false;
  let printable = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13) printable++;
  }
  return printable >= 0.95 * s.length;
}

/** gzip's magic bytes and method (1f 8b 08) as base64 writes them at a run's start, whatever follows. */
const GZIP_BASE64 = 'H4sI';

/**
 * base64 of gzip'd text (a Helm release, a compressed data URI, a config a deploy script
 * inflates): the text, inflated to at most `max` bytes (a truncated stream gives what it
 * holds); 'over' when it inflates past that, null when it is no gzip of text.
 */
function gunzipBase64(body: string, max: number): string | 'over' | null {
  const out = inflateWithin(Buffer.from(body, /[-_]/.test(body) ? 'base64url' : 'base64'), max, 'gzip');
  return out === null || out === 'over' ? out : textOf(out);
}

function decodeBase64(run: string): string | null {
  const body = run.replace(/=+$/, '');
  if (body.startsWith(GZIP_BASE64)) {
    const inflated = gunzipBase64(body, MAX_DECODED);
    return inflated === 'over' ? null : inflated;
  }
  // a run of one letter case or digits only is a hash, an identifier or a word, not base64 of text
  if (!/[A-Z]/.test(body) || !/[a-z]/.test(body) || !/[0-9+/_-]/.test(body)) return null;
  if (cannotBeText(body)) return null;
  return textOf(Buffer.from(body, /[-_]/.test(body) ? 'base64url' : 'base64'));
}

/** the value of each base64 character, either alphabet (node decodes both in either encoding) */
const BASE64_VALUE = (() => {
  const table = new Uint8Array(128);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let v = 0; v < 64; v++) table[alphabet.charCodeAt(v)] = v;
  table[45] = 62; // -
  table[95] = 63; // _
  return table;
})();

/**
 * Whether textOf would reject what the base64 `body` (characters of either alphabet, no padding)
 * decodes to, decided from its first bytes without making a buffer: the base64 runs of code are
 * mostly hashes (the 218,000 `integrity` values of the bench tree's lockfiles): decoded whole
 * and rejected, they cost 0.27 s of a 4.5 s scan, now 0.07 s (`node --cpu-prof --jobs 1`). textOf keeps
 * printable >= 0.95 * (ascii + ceil(other / 4)) over the `total` decoded bytes; with ascii =
 * printable + n (n: ASCII bytes that are not printable) and ascii <= total, that needs
 * n + 0.95 * other / 4 <= 0.05 * total, and n and other only grow byte by byte. False: textOf
 * decides.
 */
function cannotBeText(body: string): boolean {
  // the test below times 80, to stay in integers: 80 * n + 19 * other > 4 * total
  const allowed = 4 * Math.floor((body.length * 3) / 4);
  let bad = 0;
  let bits = 0;
  let pending = 0;
  for (let i = 0; i < body.length; i++) {
    pending = ((pending << 6) | BASE64_VALUE[body.charCodeAt(i) & 127]!) & 0xffff;
    bits += 6;
    if (bits < 8) continue;
    bits -= 8;
    const c = (pending >> bits) & 0xff;
    if (c >= 128) bad += 19;
    else if (!((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13)) bad += 80;
    if (bad > allowed) return true;
  }
  return false;
}

/**
 * isText of the bytes decoded as UTF-8, without decoding bytes that cannot be text: most base64
 * runs are hashes and images, and decoding each into a string of replacement characters was
 * the largest self time of the encoded views (`node --cpu-prof dist/cli.js scan` of the bench
 * tree). Exact: every ASCII byte is one character and any other byte belongs to a character
 * of at most 4 bytes, so the string has at least ascii + ceil(other / 4) characters, of which
 * only the printable ASCII bytes count as printable.
 */
export function textOf(bytes: Buffer): string | null {
  let ascii = 0;
  let printable = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c >= 128) continue;
    ascii++;
    if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13) printable++;
  }
  const other = bytes.length - ascii;
  if (bytes.length === 0 || printable < 0.95 * (ascii + Math.ceil(other / 4))) return null;
  // ASCII only: the string is the bytes, and at least 95 % of them are printable
  if (other === 0) return bytes.toString('latin1');
  const decoded = bytes.toString('utf8');
  return isText(decoded) ? decoded : null;
}

function decodePercent(run: string): string | null {
  // sequence by sequence: a stray `%` or a broken UTF-8 sequence leaves the rest readable
  const once = run.replace(/(?:%[0-9A-Fa-f]{2})+/g, (seq) => {
    try {
      return decodeURIComponent(seq);
    } catch {
      return seq;
    }
  });
  return once === run ? null : once;
}

const decodeEscapes = (run: string, re: RegExp) => run.replace(re, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** The character of a code point, or null for none (past U+10FFFF, a surrogate, NUL: HTML reads those as U+FFFD). */
function codePoint(digits: string, radix: number): string | null {
  const value = parseInt(digits, radix);
  return value > 0 && value <= 0x10ffff && (value < 0xd800 || value > 0xdfff) ? String.fromCodePoint(value) : null;
}

const decodeCharRefs = (run: string) =>
  run.replace(/&#(?:([0-9]+)|[xX]([0-9A-Fa-f]+));?/g, (seq, dec?: string, hex?: string) =>
    dec !== undefined ? (codePoint(dec, 10) ?? seq) : (codePoint(hex!, 16) ?? seq),
  );
const decodeCodePoints = (run: string) => run.replace(/\\[ux]\{([0-9A-Fa-f]+)\}/g, (seq, hex: string) => codePoint(hex, 16) ?? seq);
// at most three digits, as C, Python and the shell read them (`\1201` is `P1`)
const decodeOctal = (run: string) => run.replace(/\\([0-7]{1,3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));

const isAlnumEscapeDigit = (d: number | undefined) => d !== undefined && d >= 0x33 && d <= 0x37;

/** Whether the two hex digits at `i` are the code of a letter or digit (30-39, 41-5A, 61-7A): PERCENT_ESCAPE's. */
function hexPairIsAlnum(bytes: Uint8Array, i: number): boolean {
  const h = bytes[i];
  const l = bytes[i + 1];
  if (h === undefined || l === undefined) return false;
  const digit = l >= 0x30 && l <= 0x39;
  const folded = l | 0x20;
  if (h === 0x33) return digit;
  if (h === 0x34 || h === 0x36) return (digit && l !== 0x30) || (folded >= 0x61 && folded <= 0x66);
  if (h === 0x35 || h === 0x37) return digit || folded === 0x61;
  return false;
}

/**
 * The bytes that may stand next to an escaped character of one of `keywords` (ASCII): letters,
 * digits and every byte of a keyword. A keyword has two characters or more, so a character of
 * it hidden by a `%XX` escape has a neighbour in the keyword, written as itself or as an escape:
 * one before ends in a hex digit, one after starts with `%`, `\u` or `\x` (escapeHidesAlnumAt).
 * A `%XX` with none of these on either side (`printf("%4d\n")`, minified `n%64;`) hides none.
 * All bytes when a keyword has one character.
 */
export function keywordNeighbours(keywords: readonly string[]): Uint8Array {
  const table = new Uint8Array(256);
  if (keywords.some((k) => k.length < 2)) return table.fill(1);
  for (let c = 0; c < 128; c++) if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) table[c] = 1;
  for (const k of keywords) {
    for (let j = 0; j < k.length; j++) {
      const c = k.charCodeAt(j);
      if (c >= 128) continue;
      table[c] = 1;
      if ((c | 0x20) >= 97 && (c | 0x20) <= 122) table[c ^ 0x20] = 1; // the other case: keywords are matched ASCII case folded
    }
  }
  return table;
}

/** keywordNeighbours of no keyword in particular: every byte (each percent escape of a letter or digit counts) */
const ANY_NEIGHBOUR = new Uint8Array(256).fill(1);

/** The value of hex digit `c`, or -1. */
function hexDigit(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const folded = c | 0x20;
  return folded >= 0x61 && folded <= 0x66 ? folded - 0x61 + 10 : -1;
}

/**
 * Whether the number at `i` (radix 10 or 16, leading zeros allowed) is the code of a letter or
 * digit and ends there (the byte after it is no digit of its radix), followed by `close` when
 * one is given (`}` of `\u{…}`).
 */
function alnumNumberAt(bytes: Uint8Array, i: number, radix: 10 | 16, close = -1): boolean {
  const digit = (c: number | undefined) => (radix === 16 ? hexDigit(c) : c !== undefined && c >= 0x30 && c <= 0x39 ? c - 0x30 : -1);
  let p = i;
  while (bytes[p] === 0x30) p++;
  let value = 0;
  // three significant digits are enough for 122 (0x7a): a fourth makes it too large
  for (let d = digit(bytes[p]); d !== -1; d = digit(bytes[p])) {
    if (value > 0xfff) return false;
    value = value * radix + d;
    p++;
  }
  if (p === i || !isAlnum(value)) return false;
  return close === -1 || bytes[p] === close;
}

/** Whether the three bytes at `i` are an octal escape's digits for a letter or digit (060-071, 101-132, 141-172). */
function alnumOctalAt(bytes: Uint8Array, i: number): boolean {
  const a = bytes[i]! - 0x30;
  const b = bytes[i + 1]! - 0x30;
  const c = bytes[i + 2]! - 0x30;
  if (!(a >= 0 && a <= 1 && b >= 0 && b <= 7 && c >= 0 && c <= 7)) return false;
  return isAlnum(64 * a + 8 * b + c);
}

/**
 * Whether an escape hiding a letter or digit starts at `i` in the bytes: `\u00XX` or `\xXX`
 * (XX from 30 to 7A), `\u{XX}` or `\x{XX}`, a three-digit octal escape (`\120`), an HTML/XML
 * character reference (`&#80;`, `&#x50;`), or `%XX` (also encoded again, `%25XX`, `%2525XX`…) with a byte of
 * `neighbours` just before or after it (keywordNeighbours). The byte prefilter
 * (src/engine/keyword-automaton.ts) looks for the ESCAPE_FINGERPRINTS and asks this at each.
 */
export function escapeHidesAlnumAt(bytes: Uint8Array, i: number, neighbours: Uint8Array = ANY_NEIGHBOUR): boolean {
  const first = bytes[i];
  if (first === 0x25) {
    // `%XX`, or the same percent-encoded again, as often as it may be (`%25XX`, `%2525XX`…)
    let j = i + 1;
    while (bytes[j] === 0x32 && bytes[j + 1] === 0x35) j += 2;
    if (!hexPairIsAlnum(bytes, j)) return false;
    const length = j + 2 - i;
    if (i > 0 && neighbours[bytes[i - 1]!] === 1) return true;
    const next = bytes[i + length];
    if (next === undefined) return false;
    // another escape after it: `%`, or `\u`/`\x` (not `\n`: `printf("%4d\n")`)
    return neighbours[next] === 1 || next === 0x25 || (next === 0x5c && (bytes[i + length + 1] === 0x75 || bytes[i + length + 1] === 0x78));
  }
  if (first === 0x26) {
    if (bytes[i + 1] !== 0x23) return false;
    return (bytes[i + 2]! | 0x20) === 0x78 ? alnumNumberAt(bytes, i + 3, 16) : alnumNumberAt(bytes, i + 2, 10);
  }
  if (first !== 0x5c) return false;
  const letter = bytes[i + 1];
  if ((letter === 0x75 || letter === 0x78) && bytes[i + 2] === 0x7b) return alnumNumberAt(bytes, i + 3, 16, 0x7d);
  if (letter === 0x78) return isAlnumEscapeDigit(bytes[i + 2]);
  if (letter === 0x75) return bytes[i + 2] === 0x30 && bytes[i + 3] === 0x30 && isAlnumEscapeDigit(bytes[i + 4]);
  return alnumOctalAt(bytes, i + 1);
}

/**
 * The first bytes of every `\u00XX`/`\xXX` escape escapeHidesAlnumAt accepts. Not `%`: a percent
 * escape's three bytes, each of its hex digits listed, were 63 more fingerprints, which widened
 * the filter's buckets and slowed the pass from 544 to 326 MB/s of CPU on the bench tree's
 * objects (`node bench/keyword-loop.mjs`); percentHidesAlnum looks for them, and only when asked.
 * Nor character references, code-point or octal escapes (otherEscapesHideAlnum): as fingerprints
 * (`&#` and two digits, `\u{` and a hex digit, `\1` and two octal digits…) they more than doubled
 * the positions the filter let through (9,000 a MB of the bench tree's objects instead of 4,200:
 * a bucket's nibble sets mix its fingerprints', and `&` beside `p` lets a space through), and
 * marking every backslash and `&#` in the loop itself cost about as much. The work of the bench
 * tree's first 12,000 files (scanUnit, the two versions alternated file by file in one process)
 * took 3.0-3.8 % longer either way, `scan` of the tree 7 % and 2 %; with the searches made only
 * when asked, 0.2-1.4 %, and no difference `scan` can tell from its noise.
 */
export const ESCAPE_FINGERPRINTS = ['\\u00', '\\x3', '\\x4', '\\x5', '\\x6', '\\x7'];

/** Whether a `%XX` escape of a letter or digit occurs beside a byte of `neighbours` (escapeHidesAlnumAt). */
export function percentHidesAlnum(bytes: Uint8Array, neighbours: Uint8Array = ANY_NEIGHBOUR): boolean {
  const buf = bufferView(bytes);
  for (let i = buf.indexOf(0x25); i !== -1; i = buf.indexOf(0x25, i + 1)) if (escapeHidesAlnumAt(buf, i, neighbours)) return true;
  return false;
}

/**
 * Whether a character reference or an escape a backslash starts hides a letter or digit
 * (escapeHidesAlnumAt): for the byte pass, the escapes it does not look for but percent escapes
 * (character references, code-point and octal escapes: it has answered for `\u00XX`/`\xXX`).
 * Two searches of the bytes (`&#`, a backslash), made only for a file no rule would otherwise read.
 */
export function otherEscapesHideAlnum(bytes: Uint8Array): boolean {
  const buf = bufferView(bytes);
  for (let i = buf.indexOf('&#'); i !== -1; i = buf.indexOf('&#', i + 1)) if (escapeHidesAlnumAt(buf, i)) return true;
  for (let i = buf.indexOf(0x5c); i !== -1; i = buf.indexOf(0x5c, i + 1)) if (escapeHidesAlnumAt(buf, i)) return true;
  return false;
}

/** Whether the MIN_BASE64 bytes at `start` (a base64 run's first) decode to text: mayHoldEncoded's base64 test. */
export function base64HeadIsText(bytes: Uint8Array, start: number): boolean {
  if (start + MIN_BASE64 > bytes.length) return false;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset + start, MIN_BASE64).toString('latin1');
  // gzip: its first bytes may be all Huffman tables, inflating to nothing yet; the run is read whole
  return head.startsWith(GZIP_BASE64) || decodeBase64(head) !== null;
}

/**
 * A quick test on raw bytes, for files in which no rule keyword occurs: could an encoding hide
 * one? True for a base64 run long enough that starts with base64 of text, for `\u00XX`/`\xXX`,
 * `\u{XX}`/`\x{XX}` and octal escapes and character references of letters and digits, and for
 * `%XX` escapes of them beside a byte of `neighbours` (keywordNeighbours of the rules' keywords:
 * `u=%50%54%35…`, a token percent-encoded whole, and not `printf("%4d")`; a `%2F` or `%3A` of a
 * URL hides no letter). The byte prefilter answers the same question in its one pass
 * (KeywordHits.mayHoldEncoded); this is for where it does not run (no WebAssembly SIMD).
 */
export function mayHoldEncoded(bytes: Uint8Array, neighbours: Uint8Array = ANY_NEIGHBOUR): boolean {
  const buf = bufferView(bytes);
  if (otherEscapesHideAlnum(buf) || percentHidesAlnum(buf, neighbours)) return true;
  // a run of MIN_BASE64 covers one of every MIN_BASE64-th byte: probe those, look around the base64 ones
  // (as alnumRuns in candidates.ts does; most bytes are never touched)
  const n = bytes.length;
  let p = MIN_BASE64 - 1;
  while (p < n) {
    if (!isBase64Byte(bytes[p]!)) {
      p += MIN_BASE64;
      continue;
    }
    let s = p;
    while (s > 0 && isBase64Byte(bytes[s - 1]!)) s--;
    let e = p + 1;
    while (e < n && isBase64Byte(bytes[e]!)) e++;
    if (e - s >= MIN_BASE64 && base64HeadIsText(bytes, s)) return true;
    p = e + MIN_BASE64;
  }
  return false;
}

/**
 * [start, end) of each base64 run of at least MIN_BASE64 characters, with up to two `=` of
 * padding, as flat pairs. `known`: those runs as (start, end) pairs, when the byte pass found them
 * at the same offsets (KeywordHits.base64RunsIn): the text is not searched again (charRuns over it
 * was 5 % of a worker's CPU on the bench tree, `node --cpu-prof`). Flat and read by index: arrays
 * of pairs came as two kinds of array (an empty one and a filled one), and the for…of over them
 * sent decodedViews back from optimised code twice per worker, each time for a 50 ms
 * recompilation (`node --trace-deopt`, the bench tree).
 */
function base64Runs(text: string, known: readonly number[] | null): number[] {
  const out: number[] = [];
  const pad = (e: number) => {
    let end = e;
    while (end < text.length && end - e < 2 && text.charCodeAt(end) === 61) end++;
    return end;
  };
  if (known) for (let k = 0; k < known.length; k += 2) out.push(known[k]!, pad(known[k + 1]!));
  else for (const [s, e] of charRuns(text, MIN_BASE64, isBase64Byte)) out.push(s, pad(e));
  return out;
}

export function isBase64Byte(b: number): boolean {
  return (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b === 43 || b === 47 || b === 95 || b === 45;
}
asciiRunClass(isBase64Byte);

// `\` at the end of a line continues it: shell, Dockerfile, Makefile, .properties, INI
const CONTINUED = /\\\r?\n/g;
/** formats where the next line's indentation is not part of the value */
const INDENT_DROPPED = /\.(properties|ini|cfg|conf|toml)$/i;
/** YAML: in a double-quoted string, `\` ending a line escapes the line break, and the next line's indentation goes with it */
const YAML_FILE = /\.ya?ml$/i;

/** Whether `line` leaves a double-quoted string open (an odd number of `"` not escaped by `\`). */
function opensDoubleQuote(line: string): boolean {
  let open = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) open = !open;
  }
  return open;
}

/**
 * A joined view's offsets in the original text, from where each piece starts in both
 * ((offset in the view, offset in the original) pairs, ascending).
 */
function piecesToOriginal(pieces: readonly (readonly [number, number])[]): (offset: number) => number {
  return (offset) => {
    let i = pieces.length - 1;
    while (i > 0 && pieces[i]![0] > offset) i--;
    return pieces[i]![1] + offset - pieces[i]![0];
  };
}

/** Each group of lines joined by a trailing backslash, joined (a value split over lines). */
export function continuedLines(text: string, path: string): DecodedView[] {
  if (!text.includes('\\\n') && !text.includes('\\\r\n')) return [];
  const out: DecodedView[] = [];
  const dropIndent = INDENT_DROPPED.test(path);
  CONTINUED.lastIndex = 0;
  for (let m = CONTINUED.exec(text); m; m = CONTINUED.exec(text)) {
    let start = m.index;
    while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
    // the group: every following line that also ends in a backslash, and the one after
    let end = m.index + m[0].length;
    for (;;) {
      let e = end;
      while (e < text.length && text[e] !== '\n' && text[e] !== '\r') e++;
      end = e;
      if (text[e - 1] === '\\' && e < text.length) {
        end = e + (text[e] === '\r' && text[e + 1] === '\n' ? 2 : 1);
        continue;
      }
      break;
    }
    if (end - start > RUN_REACH * 8) break;
    // the joined text, and where each piece of it starts in the original
    const join = (cut: RegExp): DecodedView => {
      const pieces: [number, number][] = [];
      let joined = '';
      let from = start;
      const group = text.slice(start, end);
      for (let c = cut.exec(group); c; c = cut.exec(group)) {
        pieces.push([joined.length, from]);
        joined += text.slice(from, start + c.index);
        from = start + c.index + c[0].length;
      }
      pieces.push([joined.length, from]);
      joined += text.slice(from, end);
      return { text: joined, start, end, encoding: 'continued', toOriginal: piecesToOriginal(pieces) };
    };
    out.push(join(dropIndent ? /\\\r?\n[ \t]*/g : /\\\r?\n/g));
    // a YAML double-quoted string continued (`token: "PTd728…\` and `    27652…"`): also read without the indentation
    if (!dropIndent && YAML_FILE.test(path) && opensDoubleQuote(text.slice(start, m.index))) out.push(join(/\\\r?\n[ \t]*/g));
    CONTINUED.lastIndex = end;
  }
  return out;
}

/** A quoted-printable soft line break: `=` ending a line that goes on below (RFC 2045). */
const SOFT_BREAK = /=\r?\n/g;
/** what a quoted-printable line broken by a soft break is: near the 76 characters encoders fill (not `const url =` in code) */
const QP_LINE_MIN = 60;
const QP_LINE_MAX = 77;
/** a soft break, or a byte written `=XX` (upper-case hex, as encoders write it) */
const QP_ESCAPE = /=(?:\r?\n|([0-9A-F]{2}))/g;

/** Where the quoted-printable line whose soft break's `=` is at `eq` starts, or -1 when the line is not one (too short or too long). */
function softBrokenLineStart(text: string, eq: number): number {
  let start = eq;
  while (start > 0 && eq - start < QP_LINE_MAX && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  const length = eq + 1 - start;
  return length >= QP_LINE_MIN && length <= QP_LINE_MAX && (start === 0 || text[start - 1] === '\n' || text[start - 1] === '\r') ? start : -1;
}

/**
 * Each group of quoted-printable lines joined by soft line breaks, decoded (`=3D` is `=`): an
 * email or an .mbox written with `Content-Transfer-Encoding: quoted-printable` breaks lines at
 * 76 characters, splitting a token in two. Only lines of that length ending in `=` are joined.
 */
export function softBrokenLines(text: string): DecodedView[] {
  if (!text.includes('=\n') && !text.includes('=\r\n')) return [];
  const out: DecodedView[] = [];
  SOFT_BREAK.lastIndex = 0;
  for (let m = SOFT_BREAK.exec(text); m; m = SOFT_BREAK.exec(text)) {
    const start = softBrokenLineStart(text, m.index);
    if (start < 0) continue;
    // the group: every following line that also ends in a soft break, and the one after
    let end = m.index + m[0].length;
    while (end - start < RUN_REACH * 8) {
      let e = end;
      while (e < text.length && text[e] !== '\n' && text[e] !== '\r') e++;
      const soft = text[e - 1] === '=' && e < text.length && softBrokenLineStart(text, e - 1) === end;
      end = soft ? e + (text[e] === '\r' && text[e + 1] === '\n' ? 2 : 1) : e;
      if (!soft) break;
    }
    // the decoded text, and where each piece of it starts in the original
    const pieces: [number, number][] = [];
    let joined = '';
    let from = start;
    const group = text.slice(start, end);
    QP_ESCAPE.lastIndex = 0;
    for (let c = QP_ESCAPE.exec(group); c; c = QP_ESCAPE.exec(group)) {
      pieces.push([joined.length, from]);
      joined += text.slice(from, start + c.index);
      if (c[1]) {
        pieces.push([joined.length, start + c.index]);
        joined += String.fromCharCode(parseInt(c[1], 16));
      }
      from = start + c.index + c[0].length;
    }
    pieces.push([joined.length, from]);
    joined += text.slice(from, end);
    out.push({ text: joined, start, end, encoding: 'quoted-printable', toOriginal: piecesToOriginal(pieces) });
    SOFT_BREAK.lastIndex = end;
  }
  return out;
}

/** The escaped forms decodedViews undoes: where a run may start, what it is made of, how to decode it. */
const ESCAPED: readonly {
  literal: readonly string[];
  escape: RegExp;
  encoding: DecodedView['encoding'];
  decode: (run: string) => string | null;
}[] = [
  { literal: ['%'], escape: PERCENT_ESCAPE, encoding: 'percent', decode: decodePercent },
  {
    literal: ['\\u00'],
    escape: UNICODE_ESCAPE,
    encoding: 'unicode-escape',
    decode: (run) => decodeEscapes(run, /\\u([0-9A-Fa-f]{4})/g),
  },
  {
    literal: ['\\x'],
    escape: HEX_ESCAPE,
    encoding: 'hex-escape',
    decode: (run) => decodeEscapes(run, /\\x([0-9A-Fa-f]{2})/g),
  },
  { literal: ['&#'], escape: CHAR_REF, encoding: 'char-ref', decode: decodeCharRefs },
  { literal: ['\\u{', '\\x{'], escape: CODE_POINT_ESCAPE, encoding: 'code-point-escape', decode: decodeCodePoints },
  // the octal escapes of letters start `\1`, those of digits `\06` or `\07`
  { literal: ['\\0', '\\1'], escape: OCTAL_ESCAPE, encoding: 'octal-escape', decode: decodeOctal },
];

/** the shortest full line of a wrapped base64 block: `base64` wraps at 76, PEM and `openssl base64` at 64 */
const MIN_WRAP = 60;

/** Where the next line's text starts (after its indentation), when `at` ends a line (LF or CRLF) and one follows; else -1. */
function nextLineText(text: string, at: number): number {
  let i = at;
  if (text.charCodeAt(i) === 13) i++;
  if (text.charCodeAt(i) !== 10) return -1;
  i++;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  return i < text.length ? i : -1;
}

/** Whether [start, end) is a whole line but for its indentation. */
function fillsLine(text: string, start: number, end: number): boolean {
  let s = start;
  while (s > 0 && (text.charCodeAt(s - 1) === 32 || text.charCodeAt(s - 1) === 9)) s--;
  if (s > 0 && text.charCodeAt(s - 1) !== 10) return false;
  return end === text.length || text.charCodeAt(end) === 10 || (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10);
}

/**
 * Base64 wrapped over lines (`base64 .env` pasted under a cloud-init `content: |`, a Kubernetes
 * manifest, a PEM-like block): consecutive lines each holding only a base64 run of one length
 * (at least MIN_WRAP, indentation allowed), the last of them or one shorter line after them
 * ending the block. `runs`: the text's base64 runs (base64Runs: sorted, padding included).
 * Each block as [start of its first run, end of its last line, its runs joined]. Linear: each
 * run is looked at once.
 */
export function wrappedBase64(text: string, runs: readonly number[]): { start: number; end: number; joined: string }[] {
  const out: { start: number; end: number; joined: string }[] = [];
  for (let k = 0; k + 1 < runs.length; k += 2) {
    const start = runs[k]!;
    const width = runs[k + 1]! - start;
    if (width < MIN_WRAP || text.charCodeAt(start + width - 1) === 61 || !fillsLine(text, start, start + width)) continue;
    const parts = [start, start + width];
    let end = start + width;
    let j = k + 2;
    for (;;) {
      const next = nextLineText(text, end);
      if (next === -1) break;
      // a full line, the block's last when padded
      if (j + 1 < runs.length && runs[j] === next && runs[j + 1]! - next === width && fillsLine(text, next, next + width)) {
        end = next + width;
        parts.push(next, end);
        j += 2;
        if (text.charCodeAt(end - 1) === 61) break;
        continue;
      }
      // a shorter last line
      let e = next;
      while (e < text.length && isBase64Byte(text.charCodeAt(e))) e++;
      const body = e;
      while (e < text.length && e - body < 2 && text.charCodeAt(e) === 61) e++;
      if (body > next && e - next < width && fillsLine(text, next, e)) {
        parts.push(next, e);
        end = e;
        if (j < runs.length && runs[j] === next) j += 2;
      }
      break;
    }
    if (parts.length < 4) continue;
    let joined = '';
    for (let p = 0; p < parts.length; p += 2) joined += text.slice(parts[p], parts[p + 1]);
    out.push({ start, end, joined });
    k = j - 2;
  }
  return out;
}

// `  SIGNALWIRE_PROJECT_ID: ` before a value on its line: a key and nothing else
const KEY_ONLY = /^[ \t]*-?[ \t]*["']?[A-Za-z_][\w.-]{0,80}["']?[ \t]*[:=][ \t]*["']?$/;

/**
 * The key a base64 value is assigned to, to put in front of its decoded text: rules that judge a
 * value by its name (a project ID is a UUID named for a project) read `NAME: <decoded>` as they
 * would the plain line. Empty when the line holds more than a key before the value.
 */
function keyBefore(text: string, start: number): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (start - lineStart > 100) return '';
  const before = text.slice(lineStart, start);
  return KEY_ONLY.test(before) ? before : '';
}

// a Kubernetes Secret's `data:` values: base64 of whatever the secret is, shorter than a PT token's
// (a PSK_ signing key or a pat_ token is 32-60 characters of base64)
const SECRET_DATA_VALUE = /^[ \t]+[\w.-]+:[ \t]*["']?([A-Za-z0-9+/]{16,}={0,2})["']?[ \t]*\r?$/gm;

/**
 * Whether `kind: Secret` occurs: each `Secret` found, then the `kind: ` before it. Twice as fast
 * as searching for the whole phrase (0.15 against 0.33 s over half of signalwire/docs' history's
 * blobs, 495 MB): V8 finds a capital letter's rarer occurrences sooner than the phrase's `k`.
 */
export function isKubernetesSecret(text: string): boolean {
  for (let i = text.indexOf('Secret', 6); i !== -1; i = text.indexOf('Secret', i + 1)) if (text.startsWith('kind: ', i - 6)) return true;
  return false;
}

/** The Secret data values shorter than MIN_BASE64, as flat (start, end) pairs (longer ones are base64Runs'). */
function shortSecretValues(text: string): number[] {
  const out: number[] = [];
  SECRET_DATA_VALUE.lastIndex = 0;
  for (let m = SECRET_DATA_VALUE.exec(text); m; m = SECRET_DATA_VALUE.exec(text)) {
    const value = m[1]!;
    if (value.length >= MIN_BASE64) continue;
    const start = m.index + m[0].indexOf(value);
    out.push(start, start + value.length);
  }
  return out;
}

/** What a chunk may still decode (characters), and how many decoded views did not fit. */
export interface DecodeBudget {
  left: number;
  undecoded: number;
  /** views the text at the last level (MAX_DEPTH) would still give: encoded deeper than the scan reads */
  deeper?: number;
}

/**
 * The decoded views of one text (one level; the engine recurses up to MAX_DEPTH). `knownRuns`:
 * its base64 runs, when already known (base64Runs). `budget`: shared by the levels of one chunk
 * (scanDecoded); once it is spent, the views that would still be made are only counted in it.
 */
export function decodedViews(
  text: string,
  knownRuns: readonly number[] | null = null,
  budget: DecodeBudget = { left: Math.max(MAX_DECODED, DECODED_PER_CHAR * text.length), undecoded: 0 },
): DecodedView[] {
  const out: DecodedView[] = [];
  const add = (view: DecodedView) => {
    if (budget.left <= 0) {
      budget.undecoded++;
      return;
    }
    budget.left -= view.text.length;
    out.push(view);
  };
  const runs = base64Runs(text, knownRuns);
  // each line of a wrapped block is a run too (and read alone, as before); the block is read joined as well
  const wrapped = wrappedBase64(text, runs);
  if (isKubernetesSecret(text)) runs.push(...shortSecretValues(text));
  for (let k = 0; k < runs.length; k += 2) {
    const start = runs[k]!;
    const end = runs[k + 1]!;
    if (text.startsWith(GZIP_BASE64, start)) {
      // inflated within what the budget has left; past it, counted as undecoded (never dropped)
      const inflated = gunzipBase64(text.slice(start, end).replace(/=+$/, ''), Math.min(budget.left, MAX_DECODED));
      if (inflated === 'over') budget.undecoded++;
      else if (inflated) add({ text: keyBefore(text, start) + inflated, start, end, encoding: 'base64-gzip' });
      continue;
    }
    const decoded = decodeBase64(text.slice(start, end));
    if (decoded) add({ text: keyBefore(text, start) + decoded, start, end, encoding: 'base64' });
  }
  for (let k = 0; k < wrapped.length; k++) {
    const { start, end, joined } = wrapped[k]!;
    const decoded = decodeBase64(joined);
    if (decoded) add({ text: keyBefore(text, start) + decoded, start, end, encoding: 'wrapped-base64' });
  }
  // four of the escaped forms (six searches) start with a backslash: a text without one (most) needs none of them
  const backslash = text.includes('\\');
  for (let e = 0; e < ESCAPED.length; e++) {
    const { literal, escape, encoding, decode } = ESCAPED[e]!;
    if (!backslash && literal[0]!.charCodeAt(0) === 92) continue;
    const escapedRuns = runsAround(text, literal, escape);
    for (let k = 0; k < escapedRuns.length; k++) {
      const [start, end] = escapedRuns[k]!;
      const decoded = decode(text.slice(start, end));
      if (decoded && decoded !== text.slice(start, end)) add({ text: decoded, start, end, encoding });
    }
  }
  return out;
}

const ENCODING_NAMES: Record<DecodedView['encoding'], string> = {
  base64: 'base64-encoded',
  'base64-gzip': 'gzip-compressed and base64-encoded',
  'wrapped-base64': 'base64-encoded',
  percent: 'percent-encoded',
  'unicode-escape': 'written with \\u escapes',
  'hex-escape': 'written with \\x escapes',
  'char-ref': 'written as character references',
  'code-point-escape': 'written with \\u{…} or \\x{…} escapes',
  'octal-escape': 'written with octal escapes',
  continued: 'split over continued lines',
  'quoted-printable': 'quoted-printable, split over soft line breaks',
};

let depth = 0;
/** the budget of the chunk being scanned (depth 0), shared by its views' views */
let budget: DecodeBudget | null = null;

/** What scanDecoded found, and how many views the chunk's budget, or the depth bound, left undecoded (0 below depth 0). */
export interface DecodedFindings {
  findings: LocatedFinding[];
  undecoded: number;
  /** views left undecoded because they were nested deeper than MAX_DEPTH */
  deeper: number;
}

/**
 * Scans the decoded views of a chunk with `scan` (the engine's scanChunk, every rule) and moves
 * their findings onto the encoded run in the original text. Views of views are scanned too, up
 * to MAX_DEPTH (scan is synchronous, so one counter tracks the nesting, and one budget of
 * decoded text serves the chunk's levels). `index`: the chunk's line index when the caller has
 * one (the engine's, not built a second time for the same text).
 */
export function scanDecoded(
  chunk: Chunk,
  scan: (view: Chunk) => LocatedFinding[],
  index = new LineIndex(chunk.text),
  /** the chunk's base64 runs, when the byte pass knows them (decodedViews) */
  knownRuns: readonly number[] | null = null,
  /**
   * (start, end) pairs of the chunk's matches of `error` rules: a run one of them holds whole was
   * read by that rule (the base64 of an `Authorization: Basic` pair, of a token), and is not
   * counted as undecoded at the last level
   */
  readByRules: readonly number[] = [],
): DecodedFindings {
  if (depth >= MAX_DEPTH) {
    // the last level: what it would still decode is counted, so that a value encoded once more
    // than the scan reads is reported as not read (a partly decoded file), never taken for clean.
    // (a budget of its own, the text's length: the views are only counted, past it without being made)
    if (budget) {
      const probe: DecodeBudget = { left: chunk.text.length, undecoded: 0 };
      const read = (v: DecodedView) => {
        for (let k = 0; k < readByRules.length; k += 2) if (readByRules[k]! <= v.start && v.end <= readByRules[k + 1]!) return true;
        return false;
      };
      budget.deeper = (budget.deeper ?? 0) + decodedViews(chunk.text, null, probe).filter((v) => !read(v)).length + probe.undecoded;
    }
    return { findings: [], undecoded: 0, deeper: 0 };
  }
  const outer = depth === 0;
  if (outer) budget = { left: Math.max(MAX_DECODED, DECODED_PER_CHAR * chunk.text.length), undecoded: 0, deeper: 0 };
  const shared = budget!;
  const out: LocatedFinding[] = [];
  depth++;
  try {
    const views = decodedViews(chunk.text, outer ? knownRuns : null, shared);
    if (outer) views.push(...continuedLines(chunk.text, chunk.path), ...softBrokenLines(chunk.text));
    /** the findings of the views so far: a wrapped block's lines were read alone first, and what they showed is not reported twice */
    const seen = new Set<string>();
    for (const view of views) {
      const found = scan({ path: chunk.path, text: view.text, ...(chunk.commit ? { commit: chunk.commit } : {}) });
      if (found.length === 0) continue;
      const from = index.position(view.start);
      const to = index.position(view.end);
      for (const f of found) {
        const key = `${f.ruleId}\0${f.fingerprint}`;
        if (view.encoding === 'wrapped-base64' && seen.has(key)) continue;
        seen.add(key);
        // a finding on the one line of a joined view points at its value; other views at the encoded run
        const exact = view.toOriginal && f.line === 1 && f.endLine === 1;
        const at = exact ? index.position(view.toOriginal!(f.column - 1)) : from;
        const until = exact ? index.position(view.toOriginal!(f.endColumn - 2) + 1) : to;
        // the same value at the same place from a YAML string's two joined views: once
        if (view.encoding === 'continued' && seen.has(`${key}\0${at.line}:${at.column}`)) continue;
        if (view.encoding === 'continued') seen.add(`${key}\0${at.line}:${at.column}`);
        out.push({
          ...f,
          line: at.line,
          column: at.column,
          endLine: until.line,
          endColumn: until.column,
          message: `${f.message} (${ENCODING_NAMES[view.encoding]})`,
        });
      }
    }
  } finally {
    depth--;
    if (outer) budget = null;
  }
  return { findings: out, undecoded: outer ? shared.undecoded : 0, deeper: outer ? (shared.deeper ?? 0) : 0 };
}

/**
 * `found` plus the decoded findings that do not repeat one of them (same rule and value in the
 * file): a value readable in the original was judged there, with its context (documentation
 * evidence, inline ignores).
 */
export function withDecoded(found: LocatedFinding[], decoded: LocatedFinding[]): LocatedFinding[] {
  if (decoded.length === 0) return found;
  const seen = new Set(found.map((f) => `${f.ruleId}\0${f.fingerprint}`));
  for (const f of decoded) {
    const key = `${f.ruleId}\0${f.fingerprint}`;
    if (!seen.has(key)) {
      seen.add(key);
      found.push(f);
    }
  }
  return found;
}

/** A JWT/JWE segment decoded as a JSON object (base64url), or null: a client token's header or claims. */
export function jsonSegment(segment: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
