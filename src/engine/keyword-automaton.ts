// The keyword prefilter on bytes: which of the rules' keywords (ASCII, case-insensitive) occur
// in UTF-8 content, with the keyword regex's leftmost-longest semantics (Engine.keywordsIn),
// and whether an encoding could hide one (src/detect/decoders.ts, mayHoldEncoded). One pass:
// the SIMD filter of src/engine/prefilter-wasm.ts finds candidate positions (a keyword's or an
// escape's four least common bytes in a row, case folded) and long base64 runs, and each
// candidate is checked here byte by byte (looked up by its first three bytes, then the keyword
// compared whole where it would start). Without WebAssembly SIMD, the Aho-Corasick table walk
// below (one step a byte) finds the same keywords. `node bench/keyword-loop.mjs` times both.
import { FINGERPRINT, RUN_TAG, nibbleTables, prefilterRunner, type KeyBitmap, type PrefilterRunner } from './prefilter-wasm.js';
import { ESCAPE_FINGERPRINTS, base64HeadIsText, escapeHidesAlnumAt, keywordNeighbours, otherEscapesHideAlnum, percentHidesAlnum } from '../detect/decoders.js';

/**
 * The keywords found in some bytes, and what the same pass saw of encoded content: whether
 * mayHoldEncoded (src/detect/decoders.ts) would be true of them, answered without a second pass
 * but for `%` escapes, character references, code-point and octal escapes, which are looked for
 * (a search for `%`, `&#` and a backslash) only when asked.
 */
export class KeywordHits extends Set<string> {
  constructor(
    private readonly bytes: Uint8Array,
    /** an escape hiding a letter or digit occurs */
    private readonly escape: boolean,
    /** every base64 run of at least MIN_BASE64 bytes, as (start, end) pairs */
    private readonly base64Runs: readonly number[],
    /** one of the automaton's markers occurs (ASCII case folded) */
    private readonly marker = false,
    /** where a `%XX` escape may hide a keyword's character (keywordNeighbours); percent escapes are looked for only when asked */
    private readonly escapeNeighbours?: Uint8Array,
    /** every occurrence of a keyword, overlapping ones too, as (start, index in `words`) pairs, in no set order */
    private readonly occurrences: readonly number[] = [],
    /** the automaton's keywords (lower case), which `occurrences` index */
    private readonly words: readonly string[] = [],
  ) {
    super();
  }
  /**
   * Where `keyword` (lower case) starts in `text` (these bytes decoded), any case, ascending,
   * when those offsets are known: the text has the bytes' offsets, or the reading readAs gave.
   * Null otherwise (the caller searches the text).
   */
  startsIn(text: string, keyword: string): readonly number[] | null {
    const reading = this.textReading;
    if (text.length !== this.bytes.length && (!reading || text.length !== reading.length)) return null;
    const w = this.words.indexOf(keyword);
    if (w < 0) return null;
    // one keyword's occurrences ascend: each is found at its fingerprint, a fixed distance into
    // it, and the filter hands candidates on in order (other keywords' may interleave)
    const starts: number[] = [];
    for (let k = 0; k < this.occurrences.length; k += 2) if (this.occurrences[k + 1] === w) starts.push(this.occurrences[k]!);
    return text.length === this.bytes.length ? starts : starts.map(reading!.textOffset);
  }
  /** Whether an inline-ignore marker may occur (false: none of the automaton's `markers` does, in any case). */
  mayHoldMarker(): boolean {
    return this.marker;
  }
  /**
   * The base64 runs of at least MIN_BASE64 bytes, as (start, end) offsets into `text` (these
   * bytes decoded), when those are the same offsets: one character for each byte (ASCII, or a
   * lone invalid byte read as U+FFFD, which is no base64 character either), or no run at all.
   * Null otherwise. No run in the bytes is no run in the text, whatever the encoding of the
   * rest: base64 characters are ASCII, each one byte and one character, and nothing else
   * decodes to one. (Most of signalwire/docs' texts hold some non-ASCII character and no run.)
   */
  base64RunsIn(text: string): readonly number[] | null {
    if (text.length === this.bytes.length || this.base64Runs.length === 0) return this.base64Runs;
    const reading = this.textReading;
    if (!reading || text.length !== reading.length) return null;
    // base64 characters are ASCII: a run's ends are bytes outside every longer character
    return (this.textRuns ??= this.base64Runs.map(reading.textOffset));
  }
  /**
   * The bytes are read as a text of `length` characters whose offsets `textOffset` gives (the
   * stand-in text, src/scan/stand-ins.ts: the same offsets as the real text's): base64RunsIn
   * then gives their runs at those offsets instead of leaving the text to be searched again.
   */
  readAs(length: number, textOffset: (byteOffset: number) => number): void {
    this.textReading = { length, textOffset };
    this.textRuns = undefined;
  }
  private textReading: { length: number; textOffset: (byteOffset: number) => number } | null = null;
  private textRuns: readonly number[] | undefined;
  mayHoldEncoded(): boolean {
    if (this.escape) return true;
    for (let k = 0; k < this.base64Runs.length; k += 2) if (base64HeadIsText(this.bytes, this.base64Runs[k]!)) return true;
    return percentHidesAlnum(this.bytes, this.escapeNeighbours) || otherEscapesHideAlnum(this.bytes);
  }
}

/** bytes searched by the table walk before the SIMD filter is set up (KeywordAutomaton's constructor) */
const FILTER_AFTER_BYTES = 1 << 20;

/** bytes of a candidate's lookup key */
const KEY_WIDTH = 3;
/** the values a byte takes once folded (| 0x20) */
const FOLDED_BYTES = 128;
/** keys the filter's loop may be given at most when they are whole fingerprints (filterKeys) */
const MAX_FILTER_KEYS = 1 << 14;

/** A fingerprint's bytes folded as the filter folds them (| 0x20) into one number: the lookup key of its candidates. */
function foldedKey(bytes: ArrayLike<number>, at: number, width: number): number {
  let key = 0;
  for (let j = 0; j < width; j++) key |= (bytes[at + j]! | 0x20) << (8 * j);
  return key;
}

/**
 * What a candidate whose folded fingerprint is known may be: keywords (longest first), each with
 * where its fingerprint sits in it, and whether an escape starts there.
 */
interface CandidateEntry {
  words: { word: number; offset: number }[];
  escape: boolean;
  /** markers (KeywordAutomaton's `markers`), each with where its fingerprint sits in it */
  markers: { marker: number; offset: number }[];
}

/**
 * How common a byte is in text, roughly (letters by their frequency in English, per 1,000
 * letters; other bytes by how often code and docs use them): fingerprintOffset's measure.
 */
const LETTER_FREQUENCY = [82, 15, 28, 43, 127, 22, 20, 61, 70, 2, 8, 40, 24, 67, 75, 19, 1, 60, 63, 91, 28, 10, 24, 2, 20, 1];
function commonness(folded: number): number {
  if (folded >= 97 && folded <= 122) return LETTER_FREQUENCY[folded - 97]!;
  if (folded >= 48 && folded <= 57) return 10;
  if (folded === 0x7f || folded === 0x2e || folded === 0x2d || folded === 0x2f || folded === 0x3a) return 2; // _ (folded) . - / :
  return 5;
}

/**
 * Where in a keyword the filter's fingerprint goes: at its FINGERPRINT least common bytes in a
 * row (the product of their commonness, the first on a tie). Keywords' first bytes are common
 * words' (`rea`ct_app_, `acc`ounts/, `pub`lic_, `bas`ic): fingerprints at the start let 10,200
 * candidates a MB through on the bench tree and 8,200 on signalwire/docs, a third of them with a
 * keyword's first three bytes, each looked up and compared (`node bench/keyword-loop.mjs`).
 */
export function fingerprintOffset(word: Uint8Array): number {
  let best = 0;
  let bestScore = Infinity;
  for (let off = 0; off + FINGERPRINT <= word.length; off++) {
    let score = 1;
    for (let j = 0; j < FINGERPRINT; j++) score *= commonness(word[off + j]! | 0x20);
    if (score < bestScore) [best, bestScore] = [off, score];
  }
  return best;
}

/**
 * The keywords of bytes, ASCII case folded, with the leftmost-longest, non-overlapping
 * semantics of the keyword regex (which scans left to right and at each position takes the
 * longest keyword). Keywords with non-ASCII characters cannot be matched on bytes: with one of
 * those (a custom rule's) `usable` is false and callers use the regex.
 */
export class KeywordAutomaton {
  /** the table walk, made on first use (only without SIMD, or by tests and the bench) */
  private walk: TableWalk | undefined;
  /** the SIMD filter, null when unavailable; made on first use */
  private simd: PrefilterRunner | null | undefined = undefined;
  /** the filter's candidates: folded fingerprint → what may be there */
  private readonly candidates = new Map<number, CandidateEntry>();
  /** the bytes of the candidates' lookup key: KEY_WIDTH, or fewer for a shorter keyword */
  private readonly width: number;
  /** what the filter looks for, folded (| 0x20): FINGERPRINT bytes of each keyword (fingerprintOffset) and escape */
  private readonly fingerprints: number[][];
  private readonly wordBytes: Uint8Array[];
  private readonly words: string[];
  private readonly markerBytes: Uint8Array[];
  /** the bytes beside which a `%XX` escape may hide a keyword's character (keywordNeighbours) */
  private readonly escapeNeighbours: Uint8Array;
  readonly usable: boolean;

  /** bytes searched by the table walk so far, before the filter is set up */
  private walked = 0;
  private readonly filterAfter: number;

  /**
   * `filterAfterBytes`: the first bytes are searched by the table walk, and the SIMD filter is
   * set up (assembled and compiled: a few milliseconds) only once this many have been: a
   * pre-commit hook scanning one small file does not pay for it. Default 1 MB.
   */
  constructor(
    keywords: readonly string[],
    options: {
      filterAfterBytes?: number;
      markers?: readonly string[];
      /** the escapes' neighbours (keywordNeighbours), when more keywords than these may be hidden (case-sensitive ones); default: these keywords' */
      escapeNeighbours?: Uint8Array;
    } = {},
  ) {
    this.filterAfter = options.filterAfterBytes ?? FILTER_AFTER_BYTES;
    this.words = [...new Set(keywords.map((k) => k.toLowerCase()))].filter((k) => k !== '');
    this.escapeNeighbours = options.escapeNeighbours ?? keywordNeighbours(this.words);
    this.usable = this.words.every((w) => /^[\x00-\x7f]+$/.test(w));
    this.wordBytes = this.words.map((w) => Uint8Array.from(w, (c) => c.charCodeAt(0)));
    this.width = Math.min(KEY_WIDTH, ...this.words.map((w) => w.length));
    const entry = (key: number) => {
      let e = this.candidates.get(key);
      if (!e) this.candidates.set(key, (e = { words: [], escape: false, markers: [] }));
      return e;
    };
    // what the filter looks for: FINGERPRINT bytes of each keyword, marker and escape, where
    // fingerprintOffset puts them; a candidate is looked up by the key of its first `width`
    const fingerprintBytes: Uint8Array[] = [];
    const place = (bytes: Uint8Array) => {
      const offset = fingerprintOffset(bytes);
      fingerprintBytes.push(bytes.subarray(offset, offset + FINGERPRINT));
      return { key: foldedKey(bytes, offset, this.width), offset };
    };
    const wordPlaces = this.wordBytes.map(place);
    // longest first: at one start the regex takes the longest keyword
    const byLength = this.words.map((_, i) => i).sort((a, b) => this.words[b]!.length - this.words[a]!.length);
    for (const w of byLength) entry(wordPlaces[w]!.key).words.push({ word: w, offset: wordPlaces[w]!.offset });
    // markers only say whether they occur: they take no part in which keywords are found
    this.markerBytes = (options.markers ?? [])
      .filter((m) => /^[\x00-\x7f]+$/.test(m) && m.length >= this.width)
      .map((m) => Buffer.from(m.toLowerCase(), 'latin1'));
    this.markerBytes.map(place).forEach(({ key, offset }, k) => entry(key).markers.push({ marker: k, offset }));
    for (const e of ESCAPE_FINGERPRINTS) entry(place(Buffer.from(e, 'latin1')).key).escape = true;
    // the filter compares up to FINGERPRINT bytes: fewer candidates than the key's three
    const folded = fingerprintBytes.map((b) => Array.from(b, (c) => c | 0x20));
    this.fingerprints = [...new Map(folded.map((f) => [f.join(), f] as const)).values()];
  }

  /** The keywords in `bytes`, and what the pass saw of encoded content (the SIMD filter when available). */
  find(bytes: Uint8Array): Set<string> | KeywordHits {
    if (this.simd === undefined) {
      if (this.walked < this.filterAfter) {
        this.walked += bytes.length;
        return this.findByTable(bytes);
      }
      this.simd = this.usable && this.words.length > 0 ? prefilterRunner(this.filterTables(), this.filterKeys()) : null;
    }
    return this.simd ? this.findFiltered(this.simd, bytes) : this.findByTable(bytes);
  }

  /**
   * The keys the filter's loop looks candidates up by: their whole FINGERPRINT bytes when every
   * fingerprint is long enough that its completions stay few (a shorter one stands for each
   * folded byte that may follow it), else the first `width` bytes the candidates map is keyed
   * by. The nibble tables pass byte combinations no fingerprint has (`item` through the bucket
   * of vite_'s `ite_`: 900 a MB of the bench tree's JSON, all sent to JavaScript with three-byte
   * keys and turned down there).
   */
  private filterKeys(): KeyBitmap {
    const completions = this.fingerprints.reduce((n, f) => n + FOLDED_BYTES ** (FINGERPRINT - f.length), 0);
    if (completions > MAX_FILTER_KEYS) return { keys: [...this.candidates.keys()], mask: (1 << (8 * this.width)) - 1 };
    const keys: number[] = [];
    const complete = (key: number, at: number) => {
      if (at === FINGERPRINT) keys.push(key >>> 0);
      else for (let b = 0x20; b < 0x100; b = (b + 1) | 0x20) complete(key | (b << (8 * at)), at + 1);
    };
    for (const f of this.fingerprints) complete(foldedKey(f, 0, f.length), f.length);
    return { keys, mask: 0xffffffff };
  }

  /**
   * The nibble tables of the filter. A bucket lets through every combination of its
   * fingerprints' nibbles at each byte, so each fingerprint goes to the bucket where it adds
   * the fewest combinations (similar fingerprints share one: `sw_`, `swire` and `signalwire`).
   */
  private filterTables(): Uint8Array {
    const BUCKETS = 8;
    /** per bucket, per (byte, low/high nibble): the nibbles it lets through, as a 16-bit set */
    const nibbles = Array.from({ length: BUCKETS }, () => new Uint16Array(2 * FINGERPRINT));
    const popcount = (x: number) => {
      let n = 0;
      for (; x; x &= x - 1) n++;
      return n;
    };
    const combinations = (sets: Uint16Array) => sets.reduce((n, set) => n * popcount(set), 1);
    const withFingerprint = (sets: Uint16Array, f: readonly number[]) =>
      sets.map((set, k) => (k >> 1 >= f.length ? 0xffff : set | (1 << (k & 1 ? f[k >> 1]! >> 4 : f[k >> 1]! & 15))));
    const assigned: { bytes: number[]; bucket: number }[] = [];
    // the longest first: short fingerprints (any byte past their end) then join a bucket that is already wide
    for (const f of [...this.fingerprints].sort((a, b) => b.length - a.length)) {
      let best = 0;
      let bestCost = Infinity;
      nibbles.forEach((sets, b) => {
        const cost = combinations(withFingerprint(sets, f)) - combinations(sets);
        if (cost < bestCost) [best, bestCost] = [b, cost];
      });
      nibbles[best] = withFingerprint(nibbles[best]!, f);
      assigned.push({ bytes: f, bucket: best });
    }
    return nibbleTables(assigned);
  }

  private findFiltered(run: PrefilterRunner, bytes: Uint8Array): KeywordHits {
    const runs: number[] = [];
    let escape = false;
    let marker = false;
    const { width, candidates, wordBytes, markerBytes } = this;
    const n = bytes.length;
    /** keyword occurrences as (start, keyword) pairs: in the order of their fingerprints, not always of their starts */
    const found: number[] = [];
    let inOrder = true;
    run(bytes, (pos, tag) => {
      if (tag >= RUN_TAG) {
        runs.push(pos, pos + tag - RUN_TAG);
        return;
      }
      for (let mask = tag; mask !== 0; mask &= mask - 1) {
        const p = pos + 31 - Math.clz32(mask & -mask);
        if (p + width > n) return;
        const entry = candidates.get(foldedKey(bytes, p, width));
        if (entry === undefined) continue;
        if (entry.escape && !escape) escape = escapeHidesAlnumAt(bytes, p);
        if (!marker) for (const m of entry.markers) marker ||= p >= m.offset && matchesFolded(bytes, p - m.offset, markerBytes[m.marker]!);
        for (const { word, offset } of entry.words) {
          const s = p - offset;
          if (s >= 0 && matchesFolded(bytes, s, wordBytes[word]!)) {
            if (found.length && s <= found[found.length - 2]!) inOrder = false;
            found.push(s, word);
          }
        }
      }
    });
    const hits = new KeywordHits(bytes, escape, runs, marker, this.escapeNeighbours, found, this.words);
    for (const w of this.leftmostLongest(found, inOrder)) hits.add(this.words[w]!);
    return hits;
  }

  /**
   * The keywords the regex would take from these occurrences ((start, keyword) pairs; `inOrder`:
   * their starts ascend strictly): at each start the longest, then none that starts inside it.
   */
  private leftmostLongest(found: number[], inOrder: boolean): number[] {
    const length = (k: number) => this.wordBytes[found[k + 1]!]!.length;
    const taken: number[] = [];
    /** where the last keyword taken ends: a keyword starting before it is inside that one */
    let next = 0;
    const take = (k: number) => {
      if (found[k]! < next) return;
      taken.push(found[k + 1]!);
      next = found[k]! + length(k);
    };
    // in order (most chunks): the pairs are read where they are, with no index array to build and sort
    if (inOrder) for (let k = 0; k < found.length; k += 2) take(k);
    else for (const k of Array.from({ length: found.length / 2 }, (_, i) => 2 * i).sort((a, b) => found[a]! - found[b]! || length(b) - length(a))) take(k);
    return taken;
  }

  /** The keywords by the table walk, one step a byte: the reference the filter is tested against, and the fallback. */
  findByTable(bytes: Uint8Array): Set<string> {
    this.walk ??= new TableWalk(this.usable ? this.words : []);
    return this.walk.find(bytes);
  }
}

/**
 * Aho-Corasick automaton over bytes for the keywords (lower-case ASCII), ASCII case folded,
 * with the leftmost-longest, non-overlapping semantics of the keyword regex.
 */
class TableWalk {
  private readonly table: Uint8Array | Uint16Array;
  /** keyword indices ending in each state (own and through failure links), or null */
  private readonly outputs: (number[] | null)[];
  /** 1 for the states where a keyword ends */
  private readonly accepting: Uint8Array;

  constructor(private readonly words: readonly string[]) {
    const fold = (b: number) => (b >= 65 && b <= 90 ? b + 32 : b);
    const gotos: Map<number, number>[] = [new Map()];
    const own: number[][] = [[]];
    this.words.forEach((w, wi) => {
      let st = 0;
      for (let i = 0; i < w.length; i++) {
        const b = fold(w.charCodeAt(i));
        let t = gotos[st]!.get(b);
        if (t === undefined) {
          t = gotos.length;
          gotos.push(new Map());
          own.push([]);
          gotos[st]!.set(b, t);
        }
        st = t;
      }
      own[st]!.push(wi);
    });
    const states = gotos.length;
    const table = states <= 256 ? new Uint8Array(states * 256) : new Uint16Array(states * 256);
    const fail = new Array<number>(states).fill(0);
    const out: number[][] = own.map((o) => [...o]);
    const queue: number[] = [];
    // transitions are stored for the folded (lower-case) byte and copied to its upper case
    const set = (st: number, b: number, t: number) => {
      table[st * 256 + b] = t;
      if (b >= 97 && b <= 122) table[st * 256 + b - 32] = t;
    };
    for (const [b, t] of gotos[0]!) {
      set(0, b, t);
      queue.push(t);
    }
    for (let q = 0; q < queue.length; q++) {
      const st = queue[q]!;
      const f = fail[st]!;
      out[st] = [...out[st]!, ...out[f]!];
      // a state's row is its failure state's row (complete: shallower), plus its own edges
      table.copyWithin(st * 256, f * 256, f * 256 + 256);
      for (const [b, t] of gotos[st]!) {
        fail[t] = table[f * 256 + b]!;
        set(st, b, t);
        queue.push(t);
      }
    }
    this.table = table;
    this.outputs = out.map((o) => (o.length ? o : null));
    this.accepting = Uint8Array.from(out, (o) => (o.length ? 1 : 0));
  }

  find(bytes: Uint8Array): Set<string> {
    /** end offset and state of every accepting step */
    const hits: number[] = [];
    if (this.table instanceof Uint8Array) run8(this.table, this.accepting, bytes, hits);
    else run16(this.table, this.accepting, bytes, hits);
    const found = new Set<string>();
    if (hits.length === 0) return found;
    const starts: number[] = [];
    const which: number[] = [];
    for (let h = 0; h < hits.length; h += 2) {
      for (const w of this.outputs[hits[h + 1]!]!) {
        starts.push(hits[h]! + 1 - this.words[w]!.length);
        which.push(w);
      }
    }
    // the regex's choice: leftmost start first, the longest keyword there, then on after its end
    const order = starts.map((_, k) => k).sort((a, b) => starts[a]! - starts[b]! || this.words[which[b]!]!.length - this.words[which[a]!]!.length);
    let pos = 0;
    for (const k of order) {
      const start = starts[k]!;
      if (start < pos) continue;
      const word = this.words[which[k]!]!;
      found.add(word);
      pos = start + word.length;
    }
    return found;
  }
}

// The hot loops, one per table width so that each stays monomorphic.
function run8(table: Uint8Array, accepting: Uint8Array, bytes: Uint8Array, hits: number[]): void {
  let st = 0;
  for (let i = 0, n = bytes.length; i < n; i++) {
    st = table[(st << 8) | bytes[i]!]!;
    if (accepting[st] !== 0) hits.push(i, st);
  }
}

function run16(table: Uint16Array, accepting: Uint8Array, bytes: Uint8Array, hits: number[]): void {
  let st = 0;
  for (let i = 0, n = bytes.length; i < n; i++) {
    st = table[(st << 8) | bytes[i]!]!;
    if (accepting[st] !== 0) hits.push(i, st);
  }
}

/** Whether `word` (lower-case ASCII) is at `at` in the bytes, ASCII case folded. */
function matchesFolded(bytes: Uint8Array, at: number, word: Uint8Array): boolean {
  if (at + word.length > bytes.length) return false;
  for (let j = 0; j < word.length; j++) {
    let c = bytes[at + j]!;
    if (c >= 65 && c <= 90) c += 32;
    if (c !== word[j]) return false;
  }
  return true;
}
