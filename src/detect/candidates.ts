// Shape matchers shared by several rules, memoised per chunk so that the API-token,
// basic-auth and project-id rules do not each rescan the text.
import type { DetectInput } from '../types.js';
import { isPlaceholderSecret, isPlaceholderUuid } from './placeholders.js';
import { signalWireNear } from './context.js';

export interface Candidate {
  start: number;
  end: number;
  value: string;
}

function isAlnum(c: number): boolean {
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
  const out: Candidate[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(input.text); m; m = re.exec(input.text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!separatedBefore(input.text, start) || !separatedAfter(input.text, end)) continue;
    if (keep(m[0], start)) out.push({ start, end, value: m[0] });
  }
  return out;
}

function memo<T>(fn: (input: DetectInput) => T): (input: DetectInput) => T {
  const cache = new WeakMap<DetectInput, T>();
  return (input) => {
    let v = cache.get(input);
    if (v === undefined) {
      v = fn(input);
      cache.set(input, v);
    }
    return v;
  };
}

const PT_HEX = /PT[0-9a-f]{48}/g;
const PT_ALNUM = /PT[0-9a-zA-Z]{48}/g;

/**
 * `PT` + 48 hex anywhere (the established format), plus hand-altered or upper-case
 * variants (`PT` + 48 alphanumerics) only near a SignalWire mention.
 */
export const ptTokens = memo((input: DetectInput): Candidate[] => {
  if (!input.text.includes('PT')) return [];
  const strong = findBounded(input, PT_HEX, (v) => !isPlaceholderSecret(v));
  const seen = new Set(strong.map((c) => c.start));
  const medium = findBounded(input, PT_ALNUM, (v, start) => {
    if (seen.has(start) || isPlaceholderSecret(v)) return false;
    const body = v.slice(2);
    const digits = body.replace(/[^0-9]/g, '').length;
    // the real format is lower-case hex: accept near-misses only if they still look random
    return digits >= 8 && digits <= 40 && (/^[0-9a-z]+$/.test(body) || /^[0-9A-F]+$/.test(body)) &&
      signalWireNear(input, start, 2000);
  });
  return [...strong, ...medium].sort((a, b) => a.start - b.start);
});

// the lookbehind fails fast inside longer words instead of retrying 50 characters at every position
const ALNUM_50 = /(?:(?<=%[0-9A-Fa-f]{2}|\\[nrtu"])|(?<![A-Za-z0-9]))[A-Za-z0-9]{50}(?![A-Za-z0-9])/g;

/** 50 mixed-case alphanumerics without the PT prefix: a token only where the context says so. */
export const token50Candidates = memo((input: DetectInput): Candidate[] =>
  findBounded(input, ALNUM_50, (v) => {
    if (v.startsWith('PT') || isPlaceholderSecret(v)) return false;
    return /[A-Z]/.test(v) && /[a-z]/.test(v) && /[0-9]/.test(v) && new Set(v).size >= 20;
  }),
);

const UUID = /(?:(?<=%[0-9A-Fa-f]{2}|\\[nrtu"])|(?<![0-9a-fA-F]))[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;

export const uuids = memo((input: DetectInput): Candidate[] => {
  if (!input.text.includes('-')) return [];
  return findBounded(input, UUID, (v, start) => {
    if (isPlaceholderUuid(v)) return false;
    const before = input.text[start - 1];
    const after = input.text[start + v.length];
    return before !== '-' && after !== '-' && !(before === '.' && /[0-9a-f]/i.test(input.text[start - 2] ?? ''));
  });
});

/** Either token shape, for pair detection. */
export function isTokenValue(value: string): boolean {
  if (isPlaceholderSecret(value)) return false;
  if (/^PT[0-9a-zA-Z]{48}$/.test(value)) return true;
  return /^[A-Za-z0-9]{50}$/.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value) && /[0-9]/.test(value);
}

export const UUID_SOURCE = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
export const TOKEN_SOURCE = '(?:PT[0-9a-zA-Z]{48}|[A-Za-z0-9]{50})';
