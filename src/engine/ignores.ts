// Inline ignore comments: our own `swlint-ignore` / `swlint-ignore-next-line` (optionally
// naming rule ids), and, for teams migrating, other scanners' markers.
import type { LineIndex } from './locate.js';

// our marker must sit in a comment of a common syntax, so `http://x/swlint-ignore` does not count
const OWN = /(?:\/\/|#|\/\*|<!--|--|;|%|\{#|@REM|\bREM\b|')\s*swlint-ignore(-next-line)?\b(?![-\w])([^\r\n]*)/;
const FOREIGN_SAME_LINE = /gitleaks:allow|pragma:\s*allowlist\s+secret|secretlint-disable-line|trufflehog:ignore/;
const FOREIGN_NEXT_LINE = /pragma:\s*allowlist\s+nextline\s+secret|secretlint-disable-next-line/;
/** a literal every foreign marker above contains */
const FOREIGN_LITERALS = ['gitleaks:allow', 'allowlist', 'secretlint-disable', 'trufflehog:ignore'];
/** a literal every marker contains, ours or foreign: a chunk holding none of them has no directive */
export const MARKER_LITERALS = ['swlint-ignore', ...FOREIGN_LITERALS];
// factored by first letter (the same words): the engine tests one character per position, not five words
const ANY_MARKER = /s(?:wlint-ignore|ecretlint-disable)|gitleaks:allow|pragma: ?allowlist|trufflehog:ignore/i;

export interface IgnoreDirective {
  /** applies to the line it is on, or to the next one */
  nextLine: boolean;
  /** rule ids it names; empty means every rule */
  rules: string[];
  foreign: boolean;
}

/** The ignore directive on a line of text, if any. */
export function parseDirective(lineText: string, foreign: boolean): IgnoreDirective | null {
  // every marker holds one of these literals: a native substring search settles most lines, which
  // matters on a minified bundle's megabyte line, where the regexes try each position
  const own = lineText.includes('swlint-ignore') ? OWN.exec(lineText) : null;
  if (own) {
    const rest = (own[2] ?? '').replace(/\*\/|-->|#}/g, ' ');
    // rule ids may follow, separated by spaces or commas; anything after `--` is a reason
    const ids = (rest.split(/\s--\s|\s—\s/)[0] ?? '').split(/[\s,]+/).filter((w) => /^[a-z0-9][a-z0-9-]*$/.test(w) && w.includes('-'));
    return { nextLine: Boolean(own[1]), rules: ids, foreign: false };
  }
  if (foreign && FOREIGN_LITERALS.some((l) => lineText.includes(l))) {
    if (FOREIGN_NEXT_LINE.test(lineText)) return { nextLine: true, rules: [], foreign: true };
    if (FOREIGN_SAME_LINE.test(lineText)) return { nextLine: false, rules: [], foreign: true };
  }
  return null;
}

/** Quick test on the whole chunk before any per-line work. */
export function mayHaveDirectives(lower: string): boolean {
  return ANY_MARKER.test(lower);
}

/**
 * The directives of one chunk, each line parsed at most once however many findings it holds
 * (parsing a 10 MB line once per finding on it would be quadratic). Lives as long as the chunk.
 */
export class DirectiveCache {
  private readonly parsed = new Map<number, IgnoreDirective | null>();
  constructor(
    private readonly index: LineIndex,
    private readonly foreign: boolean,
  ) {}

  private at(line: number): IgnoreDirective | null {
    if (this.parsed.has(line)) return this.parsed.get(line) ?? null;
    const d = parseDirective(this.index.lineAt(line), this.foreign);
    this.parsed.set(line, d);
    return d;
  }

  /** The 1-based line of the directive that covers a finding of `ruleId` on `line` (that line or the one above), or null. */
  covering(line: number, ruleId: string): number | null {
    const applies = (d: IgnoreDirective | null) => d !== null && (d.rules.length === 0 || d.rules.includes(ruleId));
    const same = this.at(line);
    if (same && !same.nextLine && applies(same)) return line;
    if (line > 1) {
      const above = this.at(line - 1);
      if (above && above.nextLine && applies(above)) return line - 1;
    }
    return null;
  }
}
