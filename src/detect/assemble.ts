// Secrets split into string literals to dodge grep: `"PT94…" + part2 + part3`,
// `['ce44d5f2', '61a2', …].join('-')`. We read the hex literals that follow a starting
// fragment, in order, within a few lines, and see whether they add up to a credential.
import type { DetectInput } from '../types.js';
import { linesForward } from './context.js';
import { UUID_SOURCE, hex8Before } from './candidates.js';
import { anchoredMatches } from './anchored.js';

const HEX_LITERAL = /(["'`])([0-9a-fA-F-]{1,64})\1/g;
/** how far after the first fragment the others may be */
const GATHER_CHARS = 4096;

export interface Assembled {
  /** the first fragment's content range: where the finding is reported */
  start: number;
  end: number;
  /** where the last fragment ends */
  lastEnd: number;
  value: string;
}

/**
 * Joins the hex literals that follow the literal ending at `firstEnd` until `want` hex
 * characters are gathered (or a non-hex literal, or `maxLines` lines, ends the run).
 */
function gather(input: DetectInput, firstEnd: number, have: string, want: number, maxLines: number): { parts: string[]; end: number } | null {
  // within a few lines and a few KB: on one huge line, a search to its end for every fragment would be quadratic
  const limit = Math.min(linesForward(input, firstEnd, maxLines), firstEnd + GATHER_CHARS);
  const parts: string[] = [];
  let total = have.replace(/-/g, '').length;
  // searching a slice ending at `limit` stops the regex there instead of at the end of the text
  const region = input.text.slice(0, limit);
  HEX_LITERAL.lastIndex = firstEnd;
  for (let m = HEX_LITERAL.exec(region); m && m.index < limit; m = HEX_LITERAL.exec(region)) {
    const part = m[2] ?? '';
    if (part === '-') continue;
    parts.push(part);
    total += part.replace(/-/g, '').length;
    if (total >= want) return total === want ? { parts, end: m.index + m[0].length } : null;
  }
  return null;
}

// a literal starting `PT…` closed by its quote, or interrupted by an interpolation: a template
// literal's `${`, an f-string's `{` (`f"PT94…{'e1c3…'}"`); the prefix may stand alone (`'PT' + '94…'`)
const PT_FRAGMENT = /(["'`])PT([0-9a-f]{0,46})(?:\1|\$\{|\{)/y;

/**
 * The matches of PT_FRAGMENT's global search, tried only one character before each `PT`
 * (anchoredMatches): the global regex over every text with a `PT` was 0.19 s of the 18.6 s
 * of CPU of `swlint history --jobs 1` on signalwire/docs (`node --cpu-prof`).
 */
export function ptFragments(text: string): RegExpExecArray[] {
  return anchoredMatches(text, 'PT', PT_FRAGMENT, (at) => (at > 0 ? [at - 1] : []));
}

/** `PT` + 48 hex spread over several literals. */
export function assembledPtTokens(input: DetectInput): Assembled[] {
  const out: Assembled[] = [];
  for (const m of ptFragments(input.text)) {
    const body = m[2] ?? '';
    const end = m.index + m[0].length;
    const gathered = gather(input, end, body, 48, 8);
    if (gathered && gathered.parts.every((p) => /^[0-9a-f]+$/.test(p))) {
      out.push({ start: m.index + 1, end: m.index + 3 + body.length, lastEnd: gathered.end, value: 'PT' + body + gathered.parts.join('') });
    }
  }
  return out;
}

const UUID_SHAPE = new RegExp(`^${UUID_SOURCE}$`);
/** the quote characters a literal may use: " ' ` */
const QUOTES = ['"', "'", '`'];

/**
 * Where each quoted 8-hex literal starts (its opening quote), leftmost first and not
 * overlapping: the matches of /(["'`])([0-9a-fA-F]{8})\1/g, in its order. Each quote character
 * is found by indexOf, and only a quote whose twin is 9 characters on is read further: twice
 * as fast as that regex over signalwire/docs' texts and the bench tree's (quotes are 1-3 % of
 * their characters). Tried before: the maximal hex runs of exactly 8 (charRuns) with their
 * quotes checked, no faster than the regex.
 */
export function* quotedHex8(text: string): Generator<number> {
  // per quote character: its next literal at or after where it was last searched from (-1: none left)
  const next = QUOTES.map(() => -2);
  for (let from = 0; ;) {
    let first = -1;
    for (let k = 0; k < QUOTES.length; k++) {
      if (next[k]! !== -1 && next[k]! < from) next[k] = nextQuotedHex8(text, QUOTES[k]!, from);
      if (next[k]! !== -1 && (first === -1 || next[k]! < first)) first = next[k]!;
    }
    if (first === -1) return;
    yield first;
    from = first + 10;
  }
}

function nextQuotedHex8(text: string, quote: string, from: number): number {
  const code = quote.charCodeAt(0);
  for (let i = text.indexOf(quote, from); i !== -1; i = text.indexOf(quote, i + 1)) {
    // (charCodeAt past the end is NaN: tested first, so that optimised code never reads out of bounds and falls back to the interpreter)
    if (i + 9 < text.length && text.charCodeAt(i + 9) === code && hex8Before(text, i + 9)) return i;
  }
  return -1;
}

/** A UUID spread over literals (`['ce44d5f2', '61a2', '4e8a', '9cfe', '368d3a8fe63d'].join('-')`). */
export function assembledUuids(input: DetectInput): Assembled[] {
  const out: Assembled[] = [];
  for (const at of quotedHex8(input.text)) {
    const head = input.text.slice(at + 1, at + 9);
    const end = at + 10;
    const gathered = gather(input, end, head, 32, 3);
    if (gathered) {
      const joined = [head, ...gathered.parts.map((p) => p.replace(/^-|-$/g, ''))].join('-');
      if (UUID_SHAPE.test(joined)) out.push({ start: at + 1, end: end - 1, lastEnd: gathered.end, value: joined.toLowerCase() });
    }
  }
  return out;
}
