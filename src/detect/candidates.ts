// Shape matchers shared by several rules, memoised in the chunk's context so that the API-token,
// basic-auth and project-id rules do not each rescan the text.
import type { DetectInput } from '../types.js';
import { isPlaceholderSecret, isPlaceholderUuid } from './placeholders.js';
import { linesBack, linesForward, signalWireNear } from './context.js';
import { anchoredMatches } from './anchored.js';

export interface Candidate {
  start: number;
  end: number;
  value: string;
}

export function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * True when the value starting at `i` is not glued to a preceding word. A JSON/C escape
 * (`\n`, `\t`) or a percent escape (`%3A`) before it counts as a separator.
 */
export function separatedBefore(text: string, i: number): boolean {
  if (i === 0 || !isAlnum(text.charCodeAt(i - 1))) return true;
  if (i >= 2 && text[i - 2] === '\\' && /[nrtu"]/.test(text[i - 1] ?? '')) return true;
  if (i >= 3 && text[i - 3] === '%' && /[0-9A-Fa-f]{2}/.test(text.slice(i - 2, i))) return true;
  return false;
}

export function separatedAfter(text: string, j: number): boolean {
  return j >= text.length || !isAlnum(text.charCodeAt(j));
}

/** Matches of `re` that are separated from the words around them and that `keep` accepts. */
export function findBounded(input: DetectInput, re: RegExp, keep: (value: string, start: number) => boolean): Candidate[] {
  const matches: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(input.text); m; m = re.exec(input.text)) matches.push(m);
  return bounded(input.text, matches, keep);
}

function bounded(text: string, matches: readonly RegExpExecArray[], keep: (value: string, start: number) => boolean): Candidate[] {
  const out: Candidate[] = [];
  for (const m of matches) {
    const start = m.index;
    const end = start + m[0].length;
    if (separatedBefore(text, start) && separatedAfter(text, end) && keep(m[0], start)) out.push({ start, end, value: m[0] });
  }
  return out;
}

/** A matcher computed once per chunk: kept by the chunk's context, not by this module. */
function memo<T>(fn: (input: DetectInput) => T): (input: DetectInput) => T {
  const key = {};
  return (input) => input.memo(key, () => fn(input));
}

/**
 * Matches of `re` (sticky, starting with `literal`) that are separated from the words around
 * them and that `keep` accepts: the same as findBounded with its global form, but tried only
 * where indexOf finds the literal (the PT patterns over every keyword-bearing text were 1.8 % of
 * the CPU of `swlint history` on signalwire/docs, bench/BENCHMARKS.head.md round 5).
 */
export function findBoundedAt(input: DetectInput, literal: string, re: RegExp, keep: (value: string, start: number) => boolean): Candidate[] {
  return bounded(
    input.text,
    anchoredMatches(input.text, literal, re, (at) => [at]),
    keep,
  );
}

const PT_HEX = /PT[0-9a-f]{48}/y;
const PT_ALNUM = /PT[0-9a-zA-Z]{48}/y;

/**
 * `PT` + 48 hex anywhere (the established format), plus hand-altered or upper-case
 * variants (`PT` + 48 alphanumerics) only near a SignalWire mention.
 */
export const ptTokens = memo((input: DetectInput): Candidate[] => {
  if (!input.text.includes('PT')) return [];
  const strong = findBoundedAt(input, 'PT', PT_HEX, (v) => !isPlaceholderSecret(v));
  const seen = new Set(strong.map((c) => c.start));
  const medium = findBoundedAt(input, 'PT', PT_ALNUM, (v, start) => {
    if (seen.has(start)) return false;
    // the real format is lower-case hex: accept near-misses only if they still look random
    // (the cheap tests first, in one loop: a file of near-misses asks this for every one of them)
    let digits = 0;
    let lowerAlnum = true;
    let upperHex = true;
    for (let i = 2; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c >= 48 && c <= 57) digits++;
      else {
        if (!(c >= 97 && c <= 122)) lowerAlnum = false;
        if (!(c >= 65 && c <= 70)) upperHex = false;
      }
    }
    return digits >= 8 && digits <= 40 && (lowerAlnum || upperHex) && signalWireNear(input, start, 2000) && !isPlaceholderSecret(v);
  });
  return [...strong, ...medium].sort((a, b) => a.start - b.start);
});

/** Does a PT token start within `lines` lines of `offset`, either way (a credential block: `.env`, a config section)? */
export function ptTokenWithinLines(input: DetectInput, offset: number, lines: number): boolean {
  const from = linesBack(input, offset, lines);
  const to = linesForward(input, offset, lines);
  return ptTokens(input).some((t) => t.start >= from && t.start <= to);
}

// Maximal alphanumeric runs of 50 or more, found by probing every 50th character: a run that
// long must cover a probe, so only the text around alphanumeric probes is looked at (about a
// sixth of the characters, against every position for a regex; `npm run bench:redos` times each rule
// on 10 MB of near-misses). The token is
// the run's last 50 characters, as for
//   (?:(?<=%[0-9A-Fa-f]{2}|\\[nrtu"])|(?<![A-Za-z0-9]))[A-Za-z0-9]{50}(?![A-Za-z0-9])
// which can only match there (the lookahead), at the run's start or right after an escape.
/** [start, end) of every maximal run of at least `min` alphanumerics, in order. */
export function alnumRuns(text: string, min: number): [number, number][] {
  return charRuns(text, min, isAlnum);
}

/**
 * alnumRuns(input.text, min), from the base64 runs the byte pass found when it did: an
 * alphanumeric run lies within a base64 run (`+/_-` or the run's ends bound it), so only their
 * characters are read (the search of the whole text was 2.5 % of a worker's CPU on the bench
 * tree, `node --cpu-prof`).
 */
function alnumRunsOf(input: DetectInput, min: number): [number, number][] {
  const known = input.base64Runs;
  if (!known || known.min > min) return alnumRuns(input.text, min);
  const { text } = input;
  const out: [number, number][] = [];
  for (let k = 0; k < known.pairs.length; k += 2) {
    const end = known.pairs[k + 1]!;
    for (let s = known.pairs[k]!; s < end;) {
      let e = s;
      while (e < end && isAlnum(text.charCodeAt(e))) e++;
      if (e - s >= min) out.push([s, e]);
      s = e + 1;
    }
  }
  return out;
}

/** `inRun` as a table over every UTF-16 code unit, made once per predicate (the predicates are module constants) */
const RUN_TABLES = new WeakMap<(c: number) => boolean, Uint8Array>();

/**
 * Classes that accept ASCII only (asciiRunClass): their tables ask `inRun` of the 128 ASCII
 * code units alone. Asking all 65,536 of each of the three the scans use took 8 ms of
 * `swlint staged`'s start (`node --cpu-prof`). The table stays full size, so the loops below
 * index it with any code unit and never read past its end.
 */
const ASCII_CLASSES = new WeakSet<(c: number) => boolean>();

/** Marks a run class as accepting ASCII only (test/detect/fast-scans.test.ts holds it for each). */
export function asciiRunClass(inRun: (c: number) => boolean): (c: number) => boolean {
  ASCII_CLASSES.add(inRun);
  return inRun;
}
asciiRunClass(isAlnum);

function runTable(inRun: (c: number) => boolean): Uint8Array {
  let table = RUN_TABLES.get(inRun);
  if (!table) {
    table = new Uint8Array(65536);
    const asked = ASCII_CLASSES.has(inRun) ? 128 : 65536;
    for (let c = 0; c < asked; c++) table[c] = inRun(c) ? 1 : 0;
    RUN_TABLES.set(inRun, table);
  }
  return table;
}

/**
 * [start, end) of every maximal run of at least `min` characters that `inRun` accepts, in order
 * (probing as above). `inRun` must be pure: it is read through a table (one load per character
 * instead of a chain of range tests: 2.2 times as fast on signalwire/docs' texts, where the
 * base64 and token runs were 7 % of the CPU of `swlint history`, bench/BENCHMARKS.head.md round 5).
 * A probe inside a run looks back only to the run's start, and the next probe is `min` after
 * it (the characters between are not read again, `known`); only a run of `min` is read forward
 * to its end. Looking both ways from every probe was the largest self time of the decoded
 * views (0.7 s of the 18.6 s of CPU of `swlint history --jobs 1` on signalwire/docs); the
 * base64 runs of signalwire/docs' files are found 20 % faster this way (a script timing both
 * over the files of its working tree).
 */
export function charRuns(text: string, min: number, inRun: (c: number) => boolean): [number, number][] {
  const out: [number, number][] = [];
  const table = runTable(inRun);
  const n = text.length;
  // every run of `min` not reported yet starts at or after `from`; text[from..known] are all in a run
  let from = 0;
  let known = -1;
  for (let p = min - 1; p < n; p = from + min - 1) {
    let j = p;
    while (j > known && table[text.charCodeAt(j)] === 1) j--;
    if (j > known) {
      // text[j] is outside: a run of `min` covering p would start after it
      known = p;
      from = j + 1;
      continue;
    }
    // text[from..p] is a run of `min`, and text[from - 1] is outside (or from is 0): read on to its end
    let e = p + 1;
    while (e < n && table[text.charCodeAt(e)] === 1) e++;
    out.push([from, e]);
    from = e + 1;
    known = e;
  }
  return out;
}

export const isHexCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** `\n`, `\r`, `\t`, `\u`, `\"` or `%XX` right before `i` */
function escapeBefore(text: string, i: number): boolean {
  if (i >= 2 && text.charCodeAt(i - 2) === 92 && 'nrtu"'.includes(text[i - 1]!)) return true;
  return i >= 3 && text.charCodeAt(i - 3) === 37 && isHexCode(text.charCodeAt(i - 2)) && isHexCode(text.charCodeAt(i - 1));
}

/** 50 mixed-case alphanumerics without the PT prefix: a token only where the context says so. */
export const token50Candidates = memo((input: DetectInput): Candidate[] => {
  const out: Candidate[] = [];
  const text = input.text;
  for (const [runStart, end] of alnumRunsOf(input, 50)) {
    const start = end - 50;
    if (start !== runStart && !escapeBefore(text, start)) continue;
    if (!separatedBefore(text, start) || !separatedAfter(text, end)) continue;
    const v = text.slice(start, end);
    if (v.startsWith('PT') || isPlaceholderSecret(v)) continue;
    if (/[A-Z]/.test(v) && /[a-z]/.test(v) && /[0-9]/.test(v) && new Set(v).size >= 20) out.push({ start, end, value: v });
  }
  return out;
});

// UUIDs, found from their middle: `-XXXX-XXXX-XXXX-` starts with a literal, which the regex
// engine finds faster than a character class tried at every position (`npm run bench:redos`,
// signalwire-project-id). Same matches, in
// the same order, as
//   (?:(?<=%[0-9A-Fa-f]{2}|\\[nrtu"])|(?<![0-9a-fA-F]))[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-…-[0-9a-fA-F]{12}
// (the leftmost start at or after the previous match's end wins; starts are 8 before the middle).
const UUID_MIDDLE = /-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;

/** The 8 characters before `q` are hex digits. */
export function hex8Before(text: string, q: number): boolean {
  if (q < 8) return false;
  for (let i = q - 8; i < q; i++) if (!isHexCode(text.charCodeAt(i))) return false;
  return true;
}

export const isHexOrDash = asciiRunClass((c: number) => c === 45 || isHexCode(c));

export function uuidMatches(text: string): { index: number; value: string }[] {
  const out: { index: number; value: string }[] = [];
  const re = UUID_MIDDLE;
  let from = 8;
  // A UUID is 36 hex digits and hyphens: it lies inside one maximal run of them, so the regex
  // runs only over runs of 36 or more (found by probing every 36th character, charRuns), not
  // over the whole text (it was 2.9 % of the CPU of `swlint history` on signalwire/docs,
  // bench/BENCHMARKS.head.md round 5). Within a run, the same search as over the whole text; a
  // middle in a shorter run has no 8 hex digits before it and only moved the search on.
  for (const [s, e] of charRuns(text, 36, isHexOrDash)) {
    if (e <= from) continue;
    const run = text.slice(0, e);
    re.lastIndex = Math.max(from, s);
    for (let m = re.exec(run); m; m = re.exec(run)) {
      const q = m.index;
      const p = q - 8;
      if (hex8Before(text, q) && (p === 0 || !isHexCode(text.charCodeAt(p - 1)) || escapeBefore(text, p))) {
        out.push({ index: p, value: text.slice(p, p + 36) });
        re.lastIndex = from = p + 36 + 8;
      } else {
        re.lastIndex = from = q + 1;
      }
    }
  }
  return out;
}

export const uuids = memo((input: DetectInput): Candidate[] => {
  if (!input.text.includes('-')) return [];
  const text = input.text;
  const out: Candidate[] = [];
  for (const m of uuidMatches(text)) {
    const start = m.index;
    const v = m.value;
    const end = start + v.length;
    if (!separatedBefore(text, start) || !separatedAfter(text, end)) continue;
    if (isPlaceholderUuid(v)) continue;
    const before = text[start - 1];
    const after = text[end];
    // a hyphen glues it to a longer id, except a shell default's `${X:-<uuid>}`
    const gluedBefore = before === '-' && text[start - 2] !== ':';
    if (!gluedBefore && after !== '-' && !(before === '.' && /[0-9a-f]/i.test(text[start - 2] ?? ''))) out.push({ start, end, value: v });
  }
  return out;
});

/** Either token shape, for pair detection. */
export function isTokenValue(value: string): boolean {
  if (isPlaceholderSecret(value)) return false;
  if (/^PT[0-9a-zA-Z]{48}$/.test(value)) return true;
  return /^[A-Za-z0-9]{50}$/.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value) && /[0-9]/.test(value);
}

export const UUID_SOURCE = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
export const TOKEN_SOURCE = '(?:PT[0-9a-zA-Z]{48}|[A-Za-z0-9]{50})';
