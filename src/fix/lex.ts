// Where the string literals and comments of a source file are: enough lexing to know, for a
// credential's range, which literal holds it and how that literal is written. Anything the
// lexer is unsure of (an unterminated literal, a heredoc, a regex) makes the edit refused,
// never guessed.

export type Flavour =
  /** no interpolation: pieces are joined by concatenation */
  | 'plain'
  /** holes of code inside (JS template, f-string, Ruby "…", Kotlin "…", shell "…") */
  | 'interpolated'
  /** shapes fix does not edit inside: bytes, heredocs, %-literals, ANSI-C, regexes */
  | 'opaque';

export interface StringSpan {
  kind: 'string';
  start: number;
  end: number;
  contentStart: number;
  contentEnd: number;
  /** the prefix letters (Python r/u/f, C# $/@) */
  prefix: string;
  /** the quote that opens and closes it ('"', "'", '`', '"""' …) */
  quote: string;
  flavour: Flavour;
  /** code holes inside an interpolated literal ([start, end) of each) */
  holes: [number, number][];
}

export interface CommentSpan {
  kind: 'comment';
  start: number;
  end: number;
}

export type Span = StringSpan | CommentSpan;

export type Syntax = 'js' | 'python' | 'php' | 'ruby' | 'go' | 'csharp' | 'java' | 'kotlin' | 'shell';

export class LexError extends Error {}

const isIdent = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_$]/.test(c);

/** The spans of `text`, innermost last; throws LexError on what it cannot follow. */
export function lex(text: string, syntax: Syntax): Span[] {
  const spans: Span[] = [];
  const lexer = new Lexer(text, syntax, spans);
  const end = syntax === 'php' ? lexer.php() : lexer.code(0, null);
  if (end !== text.length) throw new LexError('unbalanced code');
  return spans;
}

/** The innermost span that holds [start, end). */
export function spanAt(spans: readonly Span[], start: number, end: number): Span | null {
  let best: Span | null = null;
  for (const s of spans) {
    if (s.start <= start && end <= s.end && (!best || s.end - s.start <= best.end - best.start)) best = s;
  }
  return best;
}

class Lexer {
  constructor(
    private readonly t: string,
    private readonly syntax: Syntax,
    private readonly spans: Span[],
  ) {}

  /** A PHP file: the text outside <?php … ?> is HTML, opaque to fix; the code between is lexed. */
  php(): number {
    const t = this.t;
    let i = 0;
    while (i < t.length) {
      const open = /<\?(?:php\b|=)?/.exec(t.slice(i));
      const codeStart = open ? i + open.index : t.length;
      if (codeStart > i)
        this.spans.push({
          kind: 'string',
          start: i,
          end: codeStart,
          contentStart: i,
          contentEnd: codeStart,
          prefix: '',
          quote: '?>',
          flavour: 'opaque',
          holes: [],
        });
      if (!open) return t.length;
      i = this.code(codeStart + open[0].length, '?>');
      if (i < t.length) i += 2;
    }
    return i;
  }

  /** Lexes code from `i` until the `close` character at depth 0 (or the end); returns where it stopped. */
  code(i: number, close: string | null): number {
    const t = this.t;
    let depth = 0;
    let lastSignificant = '';
    while (i < t.length) {
      const c = t[i]!;
      if (close === '?>') {
        if (t.startsWith('?>', i)) return i;
      } else if (close !== null) {
        if (c === '{' || c === '(') depth++;
        else if ((c === '}' || c === ')') && depth > 0) depth--;
        else if (c === close) return i;
      }
      const next = this.comment(i) ?? this.string(i, lastSignificant);
      if (next !== null) {
        i = next;
        lastSignificant = 'x';
        continue;
      }
      if (c === '\\' && this.syntax === 'shell') {
        i += 2;
        continue;
      }
      if (!/\s/.test(c)) lastSignificant = isIdent(c) ? this.wordBefore(i + 1) : c;
      i++;
    }
    // PHP may end the file without ?>
    if (close !== null && close !== '?>') throw new LexError('unterminated interpolation');
    return i;
  }

  private wordBefore(i: number): string {
    let j = i;
    while (j > 0 && isIdent(this.t[j - 1])) j--;
    return this.t.slice(j, i);
  }

  private comment(i: number): number | null {
    const t = this.t;
    const s = this.syntax;
    const at = (p: string) => t.startsWith(p, i);
    const lineEnd = () => {
      const n = t.indexOf('\n', i);
      return n < 0 ? t.length : n;
    };
    const push = (e: number) => {
      this.spans.push({ kind: 'comment', start: i, end: e });
      return e;
    };
    const cLike = s === 'js' || s === 'php' || s === 'go' || s === 'csharp' || s === 'java' || s === 'kotlin';
    if (s === 'php' && (at('//') || (at('#') && !at('#[')))) {
      const close = t.indexOf('?>', i);
      return push(close >= 0 && close < lineEnd() ? close : lineEnd());
    }
    if (cLike && at('//')) return push(lineEnd());
    if (cLike && at('/*')) {
      const e = t.indexOf('*/', i + 2);
      if (e < 0) throw new LexError('unterminated comment');
      return push(e + 2);
    }
    if ((s === 'python' || s === 'ruby') && at('#')) return push(lineEnd());
    if (s === 'shell' && at('#') && (i === 0 || /[\s;&|()]/.test(t[i - 1]!))) return push(lineEnd());
    if (s === 'ruby' && at('=begin') && (i === 0 || t[i - 1] === '\n')) {
      const e = t.indexOf('\n=end', i);
      if (e < 0) throw new LexError('unterminated =begin');
      return push(e + 5);
    }
    return null;
  }

  private string(i: number, lastSignificant: string): number | null {
    const t = this.t;
    const c = t[i]!;
    switch (this.syntax) {
      case 'js':
        if (c === '"' || c === "'") return this.quoted(i, i, c, 'plain', '\\', false);
        if (c === '`') return this.quoted(i, i, '`', 'interpolated', '\\', true, '${');
        if (c === '/' && regexAllowed(lastSignificant)) return this.regex(i);
        return null;
      case 'python': {
        const m = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(t.slice(i, i + 5));
        // a prefix letter only at the start of a word (`buffer"` is no prefix)
        if (!m || (m[1] && isIdent(t[i - 1]))) return null;
        const prefix = m[1]!.toLowerCase();
        const flavour: Flavour = prefix.includes('b') ? 'opaque' : prefix.includes('f') ? 'interpolated' : 'plain';
        return this.quoted(i, i + prefix.length, m[2]!, flavour, '\\', m[2]!.length === 3, flavour === 'interpolated' ? '{' : undefined);
      }
      case 'php':
        if (c === "'" || c === '"') return this.quoted(i, i, c, 'plain', '\\', true);
        if (t.startsWith('<<<', i)) return this.heredoc(i, /^<<<[ \t]*(["']?)([A-Za-z_]\w*)\1\r?\n/);
        return null;
      case 'ruby':
        if (c === "'") return this.quoted(i, i, c, 'plain', '\\', true);
        if (c === '"') return this.quoted(i, i, c, 'interpolated', '\\', true, '#{');
        if (c === '%' && /^%[qQwWiI][^\w\s]/.test(t.slice(i, i + 3))) return this.percent(i);
        if (t.startsWith('<<', i) && /^<<[~-]?(["'`]?)[A-Z_]\w*\1/.test(t.slice(i, i + 40))) return this.heredoc(i, /^<<[~-]?(["'`]?)([A-Z_]\w*)\1/, true);
        if (c === '/' && regexAllowed(lastSignificant)) return this.regex(i);
        if (c === '?' && /[A-Za-z0-9'"]/.test(t[i + 1] ?? '') && !isIdent(t[i - 1]) && !/[\w'"]/.test(t[i + 2] ?? '')) return i + 2;
        return null;
      case 'go':
        if (c === '"') return this.quoted(i, i, c, 'plain', '\\', false);
        if (c === '`') return this.quoted(i, i, c, 'plain', null, true);
        if (c === "'") return this.quoted(i, i, c, 'opaque', '\\', false);
        return null;
      case 'csharp': {
        if (isIdent(t[i - 1]) && (c === '$' || c === '@')) return null;
        const m = /^([$@]{0,3})("+)/.exec(t.slice(i, i + 64));
        if (m) {
          const prefix = m[1]!;
          const quotes = m[2]!;
          if (prefix === '' && c !== '"') return null;
          const interpolated = prefix.includes('$');
          if (quotes.length >= 3)
            return this.quoted(i, i + prefix.length, quotes, interpolated ? 'interpolated' : 'plain', null, true, interpolated ? '{' : undefined);
          const verbatim = prefix.includes('@');
          return this.quoted(
            i,
            i + prefix.length,
            '"',
            interpolated ? 'interpolated' : 'plain',
            verbatim ? '"' : '\\',
            verbatim,
            interpolated ? '{' : undefined,
          );
        }
        if (c === "'") return this.quoted(i, i, c, 'opaque', '\\', false);
        return null;
      }
      case 'java':
      case 'kotlin': {
        const holes = this.syntax === 'kotlin' ? '${' : undefined;
        if (t.startsWith('"""', i)) return this.quoted(i, i, '"""', holes ? 'interpolated' : 'plain', this.syntax === 'java' ? '\\' : null, true, holes);
        if (c === '"') return this.quoted(i, i, c, holes ? 'interpolated' : 'plain', '\\', false, holes);
        if (c === "'") return this.quoted(i, i, c, 'opaque', '\\', false);
        return null;
      }
      case 'shell':
        if (c === "'") return this.quoted(i, i, c, 'plain', null, true);
        if (c === '"') return this.quoted(i, i, c, 'interpolated', '\\', true, '$(');
        if (c === '$' && t[i + 1] === "'") return this.quoted(i, i + 1, "'", 'opaque', '\\', true);
        if (t.startsWith('<<', i) && t[i + 2] !== '<') {
          if (/^<<-?[ \t]*(["']?)[A-Za-z_]\w*\1/.test(t.slice(i, i + 40))) return this.heredoc(i, /^<<-?[ \t]*(["']?)([A-Za-z_]\w*)\1/, true);
        }
        return null;
    }
  }

  /**
   * A quoted literal whose body starts after `quote` at `open`. `escape`: the character that
   * escapes the next one ('"' for C# verbatim's doubled quote, null for raw literals).
   * `hole`: what opens a code hole in it (closed by the matching brace or parenthesis).
   */
  private quoted(start: number, open: number, quote: string, flavour: Flavour, escape: string | null, multiline: boolean, hole?: string): number {
    const t = this.t;
    const contentStart = open + quote.length;
    const holes: [number, number][] = [];
    let i = contentStart;
    while (i < t.length) {
      if (escape === '"' && t.startsWith('""', i)) {
        i += 2;
        continue;
      }
      if (t.startsWith(quote, i)) {
        // C# raw literals: more quotes than the opener belong to the content
        this.spans.push({ kind: 'string', start, end: i + quote.length, contentStart, contentEnd: i, prefix: t.slice(start, open), quote, flavour, holes });
        return i + quote.length;
      }
      const c = t[i]!;
      if (escape && escape !== '"' && c === escape) {
        i += 2;
        continue;
      }
      if (hole && t.startsWith(hole, i) && !(hole === '{' && t[i + 1] === '{')) {
        const closer = hole.endsWith('(') ? ')' : '}';
        const from = i + hole.length;
        const stop = this.code(from, closer);
        holes.push([i, stop + 1]);
        i = stop + 1;
        continue;
      }
      if (hole === '{' && t.startsWith('{{', i)) {
        i += 2;
        continue;
      }
      if (c === '\n' && !multiline) throw new LexError('unterminated string');
      i++;
    }
    throw new LexError('unterminated string');
  }

  /** A regex literal, or null when none closes on this line (then `/` was an operator, or JSX's `</`). */
  private regex(i: number): number | null {
    const t = this.t;
    let j = i + 1;
    let inClass = false;
    while (j < t.length) {
      const c = t[j]!;
      if (c === '\n') return null;
      if (c === '\\') j++;
      else if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) break;
      j++;
    }
    j++;
    while (isIdent(t[j])) j++;
    this.spans.push({ kind: 'string', start: i, end: j, contentStart: i + 1, contentEnd: j, prefix: '', quote: '/', flavour: 'opaque', holes: [] });
    return j;
  }

  private percent(i: number): number {
    const t = this.t;
    const openChar = t[i + 2]!;
    const closeChar = ({ '(': ')', '[': ']', '{': '}', '<': '>' } as Record<string, string>)[openChar] ?? openChar;
    let depth = 0;
    for (let j = i + 3; j < t.length; j++) {
      const c = t[j]!;
      if (c === '\\') j++;
      else if (c === openChar && closeChar !== openChar) depth++;
      else if (c === closeChar) {
        if (depth === 0) {
          this.spans.push({
            kind: 'string',
            start: i,
            end: j + 1,
            contentStart: i + 3,
            contentEnd: j,
            prefix: '',
            quote: openChar,
            flavour: 'opaque',
            holes: [],
          });
          return j + 1;
        }
        depth--;
      }
    }
    throw new LexError('unterminated %-literal');
  }

  /** A heredoc: its body (the lines after the current one, up to the terminator) is opaque. */
  private heredoc(i: number, opener: RegExp, restOfLineIsCode = false): number {
    const t = this.t;
    const m = opener.exec(t.slice(i, i + 80));
    if (!m) throw new LexError('heredoc');
    const id = m[2]!;
    const nl = t.indexOf('\n', i);
    if (nl < 0) throw new LexError('unterminated heredoc');
    const term = new RegExp(`^[ \\t]*${id}\\b`, 'm');
    const body = t.slice(nl + 1);
    const found = term.exec(body);
    if (!found) throw new LexError('unterminated heredoc');
    const bodyEnd = nl + 1 + found.index + found[0].length;
    // the heredoc's body as one opaque span; the rest of the opening line is lexed as code
    this.spans.push({
      kind: 'string',
      start: nl + 1,
      end: bodyEnd,
      contentStart: nl + 1,
      contentEnd: bodyEnd,
      prefix: '',
      quote: '<<',
      flavour: 'opaque',
      holes: [],
    });
    if (restOfLineIsCode) {
      // lex the rest of the opening line, then jump past the body
      const after = this.code(i + m[0].length, '\n');
      return Math.max(after, bodyEnd);
    }
    return bodyEnd;
  }
}

/** After these, a `/` starts a regular expression rather than a division. */
function regexAllowed(last: string): boolean {
  if (last === '') return true;
  if (/^[(,=:[!&|?{;+\-*%<>~^]$/.test(last)) return true;
  return ['return', 'typeof', 'case', 'in', 'of', 'delete', 'void', 'throw', 'new', 'yield', 'await', 'when', 'if', 'unless', 'and', 'or', 'not'].includes(
    last,
  );
}
