// Custom rules from configuration: data (id, regex, keywords, severity, message, fix) turned
// into ordinary content rules that run through the same engine as the built-in ones.
import type { ContentRule, DetectInput, RuleMatch, Severity } from '../types.js';
import { redact } from '../engine/redact.js';

export interface CustomRuleSpec {
  id: string;
  regex: string;
  /** regex flags besides g (i, m, s, u) */
  flags?: string;
  keywords?: string[];
  severity?: Severity;
  message: string;
  description?: string;
  fix: string;
}

/**
 * Rejects patterns with nested unbounded quantifiers (`(a+)+`, `(\w*)*`, `(x\d+)*`…), the
 * shapes that make a backtracking engine take exponential time on a crafted line. A
 * scanner that runs on untrusted repositories must not hang on one line.
 */
export function unsafePatternReason(source: string): string | null {
  // strip escapes and character classes: they cannot nest quantifiers
  const s = source.replace(/\\./g, 'x').replace(/\[[^\]]*\]/g, 'x');
  const stack: { quantified: boolean }[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') stack.push({ quantified: false });
    else if (c === ')') {
      const group = stack.pop();
      const next = s[i + 1];
      const quantified = next === '*' || next === '+' || (next === '{' && /^\{\d+,\}/.test(s.slice(i + 1)));
      if (group?.quantified && quantified) return 'a quantified group inside a quantified group (e.g. (a+)+)';
      if (quantified && stack.length) stack[stack.length - 1]!.quantified = true;
      else if (group?.quantified && stack.length) stack[stack.length - 1]!.quantified = true;
    } else if ((c === '*' || c === '+') && stack.length) stack[stack.length - 1]!.quantified = true;
  }
  return null;
}

export function buildCustomRule(spec: CustomRuleSpec): ContentRule {
  const re = new RegExp(spec.regex, (spec.flags ?? '').replace(/g/g, '') + 'g');
  const detect = (input: DetectInput): RuleMatch[] => {
    const out: RuleMatch[] = [];
    re.lastIndex = 0;
    for (let m = re.exec(input.text); m; m = re.exec(input.text)) {
      if (m[0] === '') {
        re.lastIndex++;
        continue;
      }
      // the first capture group is the secret, when there is one
      const secret = m[1] ?? m[0];
      const start = m[1] !== undefined ? m.index + m[0].indexOf(m[1]) : m.index;
      out.push({ start, end: start + secret.length, secret, redactedDisplay: redact(secret) });
    }
    return out;
  };
  return {
    kind: 'content',
    id: spec.id,
    severity: spec.severity ?? 'error',
    precision: 'medium',
    message: spec.message,
    description: spec.description ?? spec.message,
    keywords: (spec.keywords ?? []).map((k) => k.toLowerCase()),
    envVar: '',
    fix: () => spec.fix,
    detect,
    examples: { positive: [], negative: [] },
  };
}
