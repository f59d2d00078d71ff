// Where a literal sits in its file's code: the brackets open around it and the statement it is
// part of, with other literals shown as "S" and comments as a blank. Enough for swlint fix to
// tell the places a lookup cannot go (a parameter default, a property default, an attribute, a
// case label, a type) from ordinary expressions; what it cannot tell is refused by the callers.
import type { Span, StringSpan } from './lex.js';

export interface Bracket {
  /** `(`, `[` or `{` */
  char: string;
  at: number;
  /** the code before it back to the start of its statement (`function send($to, $token = ` for a parameter list's `(`) */
  head: string;
}

/** The literals and comments not inside another (a literal in an interpolation hole is code there), in order. */
function outermost(spans: readonly Span[]): Span[] {
  const top: Span[] = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start)) if (!top.length || s.start >= top[top.length - 1]!.end) top.push(s);
  return top;
}

/** `text` with each literal as "S" and each comment as a blank: the code, for searching it. */
export function maskCode(text: string, spans: readonly Span[]): string {
  let out = '';
  let at = 0;
  for (const s of outermost(spans)) {
    out += text.slice(at, s.start) + (s.kind === 'string' ? 'S' : ' ');
    at = s.end;
  }
  return out + text.slice(at);
}

export class Where {
  private computed: { brackets: Bracket[]; statementStart: number } | null = null;
  private readonly top: Span[];

  constructor(
    readonly text: string,
    readonly span: StringSpan,
    spans: readonly Span[],
  ) {
    this.top = outermost(spans);
  }

  /** The brackets open around the literal, outermost first. */
  get brackets(): Bracket[] {
    return this.walk().brackets;
  }

  /** The innermost open bracket, or null at the top level. */
  get inner(): Bracket | null {
    const b = this.brackets;
    return b[b.length - 1] ?? null;
  }

  /** The code from the start of the literal's statement (or its innermost bracket) up to it. */
  get before(): string {
    return this.code(this.walk().statementStart, this.span.start);
  }

  /** The code after the literal up to the end of its statement (`;`, or a bracket that closes one it is in). */
  get after(): string {
    let depth = 0;
    let i = this.span.end;
    const t = this.text;
    for (; i < t.length; i++) {
      const s = this.spanAt(i);
      if (s) {
        i = s.end - 1;
        continue;
      }
      const c = t[i]!;
      if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c) && depth-- === 0) break;
      else if (c === ';' && depth === 0) break;
    }
    return this.code(this.span.end, i);
  }

  /** The text of [from, to) with literals as "S" and comments as a blank. */
  code(from: number, to: number): string {
    let out = '';
    let at = from;
    for (const s of this.top) {
      // the literal itself, or one it is inside (an interpolation hole), is not masked
      if (s.end <= from || (s.start <= this.span.start && this.span.end <= s.end)) continue;
      if (s.start >= to) break;
      out += this.text.slice(at, Math.max(at, s.start)) + (s.kind === 'string' ? 'S' : ' ');
      at = Math.max(at, s.end);
    }
    return out + this.text.slice(at, Math.max(at, to));
  }

  private spanAt(i: number): Span | undefined {
    // binary search over the top-level spans
    let lo = 0;
    let hi = this.top.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.top[mid]!;
      if (i < s.start) hi = mid - 1;
      else if (i >= s.end) lo = mid + 1;
      else return s.start === i ? s : undefined;
    }
    return undefined;
  }

  private walk(): { brackets: Bracket[]; statementStart: number } {
    if (this.computed) return this.computed;
    const t = this.text;
    const stack: (Bracket & { statementStart: number })[] = [];
    let statementStart = 0;
    for (let i = 0; i < this.span.start; i++) {
      const s = this.spanAt(i);
      // a literal the value is inside (an interpolation hole) is walked through as code
      if (s && s.end <= this.span.start) {
        i = s.end - 1;
        continue;
      }
      const c = t[i]!;
      if (c === '(' || c === '[' || c === '{') {
        stack.push({ char: c, at: i, head: this.code(statementStart, i), statementStart });
        statementStart = i + 1;
      } else if (c === ')' || c === ']' || c === '}') {
        const open = stack.pop();
        statementStart = open ? open.statementStart : 0;
        // a closing brace ends a block statement unless the expression goes on (`} | 'b'`, `}),`, `} as T`)
        if (c === '}' && !/^\s*(?:[|&,.)\]}>?:=+\-*/]|as\b|satisfies\b)/.test(t.slice(i + 1, i + 40))) statementStart = i + 1;
      } else if (c === ';') statementStart = i + 1;
    }
    this.computed = { brackets: stack.map(({ char, at, head }) => ({ char, at, head })), statementStart };
    return this.computed;
  }
}
