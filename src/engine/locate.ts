// Offsets → 1-based line and column. Line breaks are \r\n, \n or a lone \r.

export class LineIndex {
  private starts: number[] | null = null;
  constructor(private readonly text: string) {}

  private build(): number[] {
    // native indexOf jumps from break to break (a minified bundle has megabytes between them)
    const starts = [0];
    const t = this.text;
    let nl = t.indexOf('\n');
    let cr = t.indexOf('\r');
    while (nl >= 0 || cr >= 0) {
      if (cr >= 0 && (nl < 0 || cr < nl)) {
        // \r\n is one break, a lone \r another
        const crlf = t.charCodeAt(cr + 1) === 10;
        const next = crlf ? cr + 2 : cr + 1;
        starts.push(next);
        if (crlf) nl = t.indexOf('\n', next);
        cr = t.indexOf('\r', next);
      } else {
        starts.push(nl + 1);
        nl = t.indexOf('\n', nl + 1);
      }
    }
    return starts;
  }

  /** 1-based line and column of an offset */
  position(offset: number): { line: number; column: number } {
    const starts = (this.starts ??= this.build());
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  }

  /** the text of 1-based line `line`, without its line break ('' past the end) */
  lineAt(line: number): string {
    const starts = (this.starts ??= this.build());
    const start = starts[line - 1];
    if (start === undefined) return '';
    let end = starts[line] ?? this.text.length;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return this.text.slice(start, end);
  }

  /** the text of the line holding `offset`, without its line break */
  lineText(offset: number): { text: string; start: number } {
    const { line } = this.position(offset);
    const starts = this.starts ?? [0];
    const start = starts[line - 1] ?? 0;
    let end = starts[line] ?? this.text.length;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return { text: this.text.slice(start, end), start };
  }
}
