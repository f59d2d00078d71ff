// Which lines of a new text are added relative to an old one, worked out by swlint itself on
// the decoded texts, with the line model of src/engine/locate.ts (\r\n, \n or a lone \r ends a
// line). git's patch text is not used for this: it applies .gitattributes (`-diff`, textconv),
// guesses binary by itself and breaks lines at \n only, so a finding could land on a line git
// numbers differently and be dropped.
//
// The diff is Myers' O(ND) shortest edit script over line hashes (equal hashes are confirmed
// by comparing the text), after trimming the common head and tail. When the script would cost
// more than WORK_LIMIT steps (two large, very different texts) a line counts as added unless
// the same text occurs anywhere in the old version: a line that existed before adds no new secret.
//
// A value spread over lines is new when its lines did not stand together before, even if each
// line did: removing `"-old-" +` between the two halves of a token, or moving one half under the
// other, writes a token no line of which is added. So a set also says whether a run of lines
// stood together in the old text (spanAdded).
import { LineIndex, lowerBound } from '../engine/locate.js';

/** 1-based line numbers of a text that a rule's finding may be reported on. */
export interface LineSet {
  has(line: number): boolean;
  /**
   * Whether the value written on lines `first`..`last` is new: one of them is added, or they
   * did not stand together, in this order, in the old text (a line between them was removed,
   * or they were moved next to each other).
   */
  spanAdded(first: number, last: number): boolean;
}

export const ALL_LINES: LineSet = { has: () => true, spanAdded: () => true };

const WORK_LIMIT = 40_000_000;
/** the longest edit script searched for: the search keeps O(D²) memory (16 MB at 2,000) */
const MAX_EDITS = 2000;

class LineBits implements LineSet {
  /**
   * `bits[j]` is 1 when line j is added; `joined`, when not null, marks with 1 the lines j that
   * followed an old line other than the one before them (an old line removed just above j);
   * null: not known (the fallback), `together` then answers.
   */
  constructor(
    private readonly bits: Uint8Array,
    private readonly joined: Uint8Array | null,
    private readonly together: ((first: number, last: number) => boolean) | null,
  ) {}
  has(line: number): boolean {
    return this.bits[line] === 1;
  }
  spanAdded(first: number, last: number): boolean {
    for (let line = first; line <= last; line++) if (this.bits[line] === 1) return true;
    if (last <= first) return false;
    if (this.joined) {
      for (let line = first + 1; line <= last; line++) if (this.joined[line] === 1) return true;
      return false;
    }
    return this.together ? !this.together(first, last) : true;
  }
}

interface Lines {
  text: string;
  index: LineIndex;
  n: number;
  hash: Int32Array;
}

function linesOf(text: string): Lines {
  const index = new LineIndex(text);
  // a text ending in a line break has an empty last "line" that is no line at all
  let n = index.lines;
  const last = index.span(n);
  if (n > 0 && last && last[0] === text.length) n--;
  const hash = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const [s, e] = index.span(i + 1)!;
    let h = 0x811c9dc5 | 0;
    for (let k = s; k < e; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
    hash[i] = h ^ (e - s);
  }
  return { text, index, n, hash };
}

function lineText(l: Lines, i: number): string {
  const [s, e] = l.index.span(i + 1)!;
  return l.text.slice(s, e);
}

/** Lines of `after` (1-based) that are added relative to `before`. */
export function addedLines(after: string, before: string): LineSet {
  const a = linesOf(before);
  const b = linesOf(after);
  const added = new Uint8Array(b.n + 2);
  const removedAbove = new Uint8Array(b.n + 2);
  const eq = (i: number, j: number) => a.hash[i] === b.hash[j] && lineText(a, i) === lineText(b, j);
  let head = 0;
  while (head < a.n && head < b.n && eq(head, head)) head++;
  let tail = 0;
  while (tail < a.n - head && tail < b.n - head && eq(a.n - 1 - tail, b.n - 1 - tail)) tail++;
  const aEnd = a.n - tail;
  const bEnd = b.n - tail;
  if (myers(a, b, head, aEnd, head, bEnd, eq, added, removedAbove)) return new LineBits(added, removedAbove, null);
  // too different for an edit script within bounds: added = text not present before at all
  const sorted = Int32Array.from(a.hash.subarray(head, aEnd)).sort();
  // the old texts behind a hash, gathered only for hashes new lines share
  const byHash = new Map<number, string[]>();
  for (let j = head; j < bEnd; j++) {
    const h = b.hash[j]!;
    const k = lowerBound(sorted, h);
    if (k >= sorted.length || sorted[k] !== h) {
      added[j + 1] = 1;
      continue;
    }
    let texts = byHash.get(h);
    if (!texts) {
      texts = [];
      for (let i = head; i < aEnd && texts.length < 64; i++) if (a.hash[i] === h) texts.push(lineText(a, i));
      byHash.set(h, texts);
    }
    if (!texts.includes(lineText(b, j))) added[j + 1] = 1;
  }
  let at: Map<number, number[]> | undefined;
  const byLine = () => {
    if (at) return at;
    at = new Map();
    for (let i = 0; i < a.n; i++) {
      const list = at.get(a.hash[i]!);
      if (list) list.push(i);
      else at.set(a.hash[i]!, [i]);
    }
    return at;
  };
  return new LineBits(added, null, (first, last) => standsInOld(a, b, first - 1, last - 1, byLine()));
}

/** The most old positions of a line's text looked at for a run of lines (beyond: taken as new). */
const MAX_STARTS = 256;

/** Whether b's lines [first, last] (0-based) occur in a as one run, in this order; `at` lists a's lines by hash (built on first use). */
function standsInOld(a: Lines, b: Lines, first: number, last: number, at: Map<number, number[]>): boolean {
  const len = last - first + 1;
  const starts = at.get(b.hash[first]!) ?? [];
  for (const [n, i] of starts.entries()) {
    if (n >= MAX_STARTS) return false;
    if (i + len > a.n) break;
    let k = 0;
    while (k < len && a.hash[i + k] === b.hash[first + k] && lineText(a, i + k) === lineText(b, first + k)) k++;
    if (k === len) return true;
  }
  return false;
}

/** Lines added relative to every one of `befores` (a merge: new relative to each parent). */
export function addedLinesVsAll(after: string, befores: readonly string[]): LineSet {
  if (befores.length === 0) return ALL_LINES;
  const sets = befores.map((b) => addedLines(after, b));
  if (sets.length === 1) return sets[0]!;
  return { has: (line) => sets.every((s) => s.has(line)), spanAdded: (first, last) => sets.every((s) => s.spanAdded(first, last)) };
}

/**
 * Myers' greedy forward search for the shortest edit script between a[aLo, aHi) and
 * b[bLo, bHi); marks the inserted lines of b (1-based) in `added`, and in `removedAbove` the
 * lines of b (1-based) just above which an old line was deleted. False when it would take more
 * than WORK_LIMIT steps.
 */
function myers(
  a: Lines,
  b: Lines,
  aLo: number,
  aHi: number,
  bLo: number,
  bHi: number,
  eq: (i: number, j: number) => boolean,
  added: Uint8Array,
  removedAbove: Uint8Array,
): boolean {
  const n = aHi - aLo;
  const m = bHi - bLo;
  if (m === 0) {
    // only deletions: the line after them now follows another line
    if (n > 0) removedAbove[bLo + 1] = 1;
    return true;
  }
  if (n === 0) {
    for (let j = bLo; j < bHi; j++) added[j + 1] = 1;
    return true;
  }
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let work = 0;
  for (let d = 0; d <= max; d++) {
    // keep the part of v that step d can read: diagonals -d..d
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && eq(aLo + x, bLo + y)) {
        x++;
        y++;
        work++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        backtrack(trace, d, n, m, bLo, added, removedAbove);
        return true;
      }
    }
    work += 2 * d + 1;
    if (work > WORK_LIMIT || d >= MAX_EDITS) return false;
  }
  return false;
}

function backtrack(trace: Int32Array[], dEnd: number, n: number, m: number, bLo: number, added: Uint8Array, removedAbove: Uint8Array): void {
  let x = n;
  let y = m;
  for (let d = dEnd; d > 0; d--) {
    const vd = trace[d]!; // v before step d: diagonals -d..d at vd[k + d + 1]
    const at = (k: number) => vd[k + d + 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    // the snake from the edit's end back to (x, y) is equal lines; the edit itself:
    if (down)
      added[bLo + prevY + 1] = 1; // an insertion of b[prevY]
    else removedAbove[bLo + prevY + 1] = 1; // a deletion of a[prevX], just above b[prevY]
    x = prevX;
    y = prevY;
  }
}
