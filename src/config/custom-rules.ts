// Custom rules from configuration: data (id, regex, keywords, severity, message, fix) turned
// into ordinary content rules that run through the same engine as the built-in ones.
import type { ContentRule, DetectInput, RuleMatch, Severity } from '../types.js';
import { redact } from '../engine/redact.js';
import { compileUserRegex } from './user-regex.js';

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

export function buildCustomRule(spec: CustomRuleSpec): ContentRule {
  // linear-time matching (src/config/user-regex.ts): a pattern from configuration cannot hang a scan
  const re = compileUserRegex(spec.regex, spec.flags ?? '');
  const detect = (input: DetectInput): RuleMatch[] => {
    const out: RuleMatch[] = [];
    for (const m of re.matches(input.text)) {
      // the first capture group is the secret, when there is one
      const { start, end } = m.group && m.group.end > m.group.start ? m.group : m;
      const secret = input.text.slice(start, end);
      out.push({ start, end, secret, redactedDisplay: redact(secret) });
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
    // a user's pattern may name a character outside ASCII, or classify them with the `u` flag
    tellsNonAsciiApart: true,
    detect,
    examples: { positive: [], negative: [] },
  };
}
