// What happens to an engine result after the engine: small pure functions, one decision each,
// so that a policy (which inline ignores are honoured, how much one file may report) can be
// changed in one place.
import { fingerprint } from '../engine/redact.js';
import type { ChunkResult, LocatedFinding } from '../engine/engine.js';
import type { LineSet } from './line-diff.js';
import type { InlineIgnoreDecision } from '../trust/inline-policy.js';

export interface InlineOutcome {
  findings: LocatedFinding[];
  /** how many findings inline ignores hid */
  suppressed: number;
}

/**
 * Inline ignores: which of the findings an inline directive covers are hidden. `added` is the
 * change's added lines (diff, staged) or null (scan, history); `holds` is the trust policy
 * (src/trust/inline-policy.ts: in diff, a directive the range added, or one that now covers an
 * added line, hides nothing unless BASE's config says so). A finding a directive does not hide
 * is reported like any other; a finding on a line the change did not add is neither reported
 * nor counted.
 */
export function applyInlineIgnores(
  result: Pick<ChunkResult, 'findings' | 'suppressedInline'>,
  added: LineSet | null,
  holds: InlineIgnoreDecision,
): InlineOutcome {
  if (result.suppressedInline.length === 0) return { findings: result.findings, suppressed: 0 };
  let suppressed = 0;
  const findings = [...result.findings];
  for (const s of result.suppressedInline) {
    if (!holds(s.finding.line, s.directiveLine, added ?? undefined, Math.max(s.finding.endLine, s.finding.lastLine ?? s.finding.line)))
      findings.push(s.finding);
    else if (!added || touchesAdded(s.finding, added)) suppressed++;
  }
  // text order, as the engine returned them: the per-file bound keeps the first ones
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return { findings, suppressed };
}

/**
 * Findings on lines the change added (diff, staged); all of them when `added` is null. A value
 * spread over lines (`'PT…' +` and the rest below, a continued line) is added when any of its
 * lines is: completing a token whose first half was already there adds the token.
 */
export function onlyAddedLines(findings: LocatedFinding[], added: LineSet | null): LocatedFinding[] {
  if (!added) return findings;
  return findings.filter((f) => touchesAdded(f, added));
}

/** Whether any line of a finding's value is one the change added. */
function touchesAdded(f: LocatedFinding, added: LineSet): boolean {
  const last = Math.max(f.endLine, f.lastLine ?? f.line);
  for (let line = f.line; line <= last; line++) if (added.has(line)) return true;
  return false;
}

/** The most findings of one rule reported for one file; the rest become one summary finding. */
export const FINDINGS_PER_RULE_PER_FILE = 100;

/**
 * Bounds what one file can produce: the first `limit` findings of each rule (in text order),
 * then one finding of the same rule saying how many more there are. A generated file with
 * 100,000 tokens gives a report of a few hundred entries, not 100 MB. The summary's fingerprint
 * is derived from the fingerprints of the findings it stands for: accepting it (a baseline, an
 * allowlisted fingerprint) accepts those secrets, not whatever a later version of the file
 * holds past the first `limit`.
 */
export function capPerRule(findings: LocatedFinding[], limit = FINDINGS_PER_RULE_PER_FILE): LocatedFinding[] {
  if (findings.length <= limit) return findings;
  const count = new Map<string, number>();
  for (const f of findings) count.set(f.ruleId, (count.get(f.ruleId) ?? 0) + 1);
  if ([...count.values()].every((n) => n <= limit)) return findings;
  const seen = new Map<string, number>();
  const beyond = new Map<string, Set<string>>();
  for (const f of findings) {
    const n = (seen.get(f.ruleId) ?? 0) + 1;
    seen.set(f.ruleId, n);
    if (n > limit) (beyond.get(f.ruleId) ?? beyond.set(f.ruleId, new Set()).get(f.ruleId)!).add(f.fingerprint);
  }
  seen.clear();
  const out: LocatedFinding[] = [];
  for (const f of findings) {
    const n = (seen.get(f.ruleId) ?? 0) + 1;
    seen.set(f.ruleId, n);
    if (n <= limit) out.push(f);
    else if (n === limit + 1) {
      const more = count.get(f.ruleId)! - limit;
      out.push({
        ...f,
        message: `${more} more finding${more === 1 ? '' : 's'} of this rule in this file, not listed (the first ${limit} are); from line ${f.line} on`,
        match: `+${more} more`,
        fingerprint: fingerprint(f.ruleId, f.file, `\0more-than-${limit}\0${[...beyond.get(f.ruleId)!].sort().join(',')}`),
        snippet: undefined,
      });
    }
  }
  return out;
}
