// Offsets → 1-based line and column, with the one line model every mode uses: a line ends at
// \r\n, \n or a lone \r. The added-line computation of diff and staged (src/scan/line-diff.ts)
// splits text with this same index, so a finding's line is the line that was judged added.

/** Index of the first element of ascending `sorted` at or after `value` (sorted.length when none). */
export function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class LineIndex {
  private starts: Int32Array | null = null;
  private count = 0;
  constructor(private readonly text: string) {}

  private build(): Int32Array {
    // native indexOf jumps from break to break (a minified bundle has megabytes between them);
    // a typed array keeps 10 million lines at 40 MB, not the 80+ MB of a number[]
    let starts = new Int32Array(1024);
    let n = 0;
    const push = (v: number) => {
      if (n === starts.length) {
        const bigger = new Int32Array(starts.length * 2);
        bigger.set(starts);
        starts = bigger;
      }
      starts[n++] = v;
    };
    push(0);
    const t = this.text;
    let nl = t.indexOf('\n');
    let cr = t.indexOf('\r');
    while (nl >= 0 || cr >= 0) {
      if (cr >= 0 && (nl < 0 || cr < nl)) {
        // \r\n is one break, a lone \r another
        const crlf = t.charCodeAt(cr + 1) === 10;
        const next = crlf ? cr + 2 : cr + 1;
        push(next);
        if (crlf) nl = t.indexOf('\n', next);
        cr = t.indexOf('\r', next);
      } else {
        push(nl + 1);
        nl = t.indexOf('\n', nl + 1);
      }
    }
    this.count = n;
    return starts;
  }

  private get lineStarts(): Int32Array {
    return (this.starts ??= this.build());
  }

  /** How many lines the text has (a trailing break starts an empty last line). */
  get lines(): number {
    void this.lineStarts;
    return this.count;
  }

  /** 1-based line and column of an offset */
  position(offset: number): { line: number; column: number } {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }

  /** [start, end) of 1-based line `line`, without its line break; null past the end */
  /**
   * The last line longer than lineStart's and lineEnd's short scan that they looked up
   * (src/detect/context.ts): every later question about it is answered without a scan. Rules ask
   * about each candidate on a line; 17,000 UUIDs on one 1 MB line took 2,048 characters of
   * scanning for each question (18.7 s for the file, `node --cpu-prof`).
   */
  longLine: [number, number] | null = null;

  span(line: number): [number, number] | null {
    const starts = this.lineStarts;
    if (line < 1 || line > this.count) return null;
    const start = starts[line - 1]!;
    let end = line < this.count ? starts[line]! : this.text.length;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return [start, end];
  }

  /** the text of 1-based line `line`, without its line break ('' past the end) */
  lineAt(line: number): string {
    const s = this.span(line);
    return s ? this.text.slice(s[0], s[1]) : '';
  }

  /** the text of the line holding `offset`, without its line break */
  lineText(offset: number): { text: string; start: number } {
    const { line } = this.position(offset);
    const [start, end] = this.span(line)!;
    return { text: this.text.slice(start, end), start };
  }
}
