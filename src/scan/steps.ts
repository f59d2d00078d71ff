// What happens to an engine result after the engine: small pure functions, one decision each,
// so that a policy (which inline ignores are honoured, how much one file may report) can be
// changed in one place.
import { fingerprint } from '../engine/redact.js';
import type { ChunkResult, LocatedFinding, Unlisted } from '../engine/engine.js';
import type { LineSet } from './line-diff.js';
import type { InlineIgnoreDecision } from '../trust/inline-policy.js';
import { EXAMPLE_PRONE_RULES, PAIR_LINES, isCredentialFinding } from '../detect/documentation.js';

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
 * diff, staged: marks the example-prone findings (a Space URL, a project ID) that a credential
 * finding of the same text sits beside (besideCredential), before the findings are cut to the
 * added lines: the documentation step (src/detect/documentation.ts) then judges a value the change
 * adds beside a token the file already had as `swlint scan` judges the file, half of a pair, and
 * not as a test's invention. Nothing to do when `added` is null (every finding is reported, and
 * the step sees them all).
 */
export function markBesideCredential(findings: readonly LocatedFinding[], added: LineSet | null): void {
  if (!added) return;
  const lines: number[] = [];
  for (const f of findings) if (isCredentialFinding(f)) lines.push(f.line);
  if (lines.length === 0) return;
  for (const f of findings) if (EXAMPLE_PRONE_RULES.has(f.ruleId) && lines.some((l) => Math.abs(l - f.line) <= PAIR_LINES)) f.besideCredential = true;
}

/**
 * Findings on lines the change added (diff, staged); all of them when `added` is null. A value
 * spread over lines (`'PT…' +` and the rest below, a continued line) is added when any of its
 * lines is, or when its lines did not stand together before: completing a token whose first
 * half was already there, or removing what stood between its halves, adds the token.
 */
export function onlyAddedLines(findings: LocatedFinding[], added: LineSet | null): LocatedFinding[] {
  if (!added) return findings;
  return findings.filter((f) => touchesAdded(f, added));
}

/**
 * Whether a finding's value is one the change wrote: any of its lines is added, or its lines
 * did not stand together before (a line between two halves removed, a half moved beside the other).
 */
function touchesAdded(f: LocatedFinding, added: LineSet): boolean {
  return added.spanAdded(f.line, Math.max(f.endLine, f.lastLine ?? f.line));
}

/** The most findings of one rule reported for one file; the rest become one summary finding. */
export const FINDINGS_PER_RULE_PER_FILE = 100;

/**
 * The fingerprint of a summary finding of `ruleId` at `file` (capPerRule): derived from the
 * fingerprints of the findings it stands for, so that accepting it (a baseline, an allowlisted
 * fingerprint) accepts those secrets, not whatever a later version of the file holds past the
 * first `limit`.
 */
export function summaryFingerprint(ruleId: string, file: string, standsFor: Iterable<string>, limit = FINDINGS_PER_RULE_PER_FILE): string {
  return fingerprint(ruleId, file, `\0more-than-${limit}\0${[...new Set(standsFor)].sort().join(',')}`);
}

/** Length of a fingerprint (src/engine/redact.ts): `Unlisted.fingerprints` holds them back to back. */
export const FINGERPRINT_LENGTH = 32;

/**
 * Bounds what one file can produce: the first `limit` findings of each rule (in text order),
 * then one finding of the same rule saying how many more there are. A generated file with
 * 100,000 tokens gives a report of a few hundred entries, not 100 MB. The summary stands for
 * many values: its fingerprint is theirs (summaryFingerprint), it names no credential and
 * carries no value's evidence, only `unlisted`.
 */
export function capPerRule(findings: LocatedFinding[], limit = FINDINGS_PER_RULE_PER_FILE): LocatedFinding[] {
  if (findings.length <= limit) return findings;
  const count = new Map<string, number>();
  for (const f of findings) count.set(f.ruleId, (count.get(f.ruleId) ?? 0) + 1);
  if ([...count.values()].every((n) => n <= limit)) return findings;
  const seen = new Map<string, number>();
  const out: LocatedFinding[] = [];
  const rest = new Map<string, LocatedFinding[]>();
  for (const f of findings) {
    const n = (seen.get(f.ruleId) ?? 0) + 1;
    seen.set(f.ruleId, n);
    if (n <= limit) out.push(f);
    else {
      let more = rest.get(f.ruleId);
      if (!more) {
        rest.set(f.ruleId, (more = []));
        // the summary takes the place of the first finding it stands for
        out.push(f);
      }
      more.push(f);
    }
  }
  return out.map((f) => {
    const more = rest.get(f.ruleId);
    if (!more || more[0] !== f) return f;
    const { credential: _one, evidence: _value, ...shape } = f;
    return {
      ...shape,
      message: `${more.length} more finding${more.length === 1 ? '' : 's'} of this rule in this file, not listed (the first ${limit} are); from line ${f.line} on`,
      match: `+${more.length} more`,
      fingerprint: summaryFingerprint(
        f.ruleId,
        f.file,
        more.map((m) => m.fingerprint),
        limit,
      ),
      snippet: undefined,
      unlisted: { fingerprints: more.map((m) => m.fingerprint).join(''), lines: Int32Array.from(more, (m) => m.line) },
    };
  });
}

/** The summary finding's unlisted fingerprints, one by one. */
export function* unlistedFingerprints(u: Unlisted): Generator<{ fingerprint: string; line: number }> {
  for (let k = 0; k < u.lines.length; k++) yield { fingerprint: u.fingerprints.slice(k * FINGERPRINT_LENGTH, (k + 1) * FINGERPRINT_LENGTH), line: u.lines[k]! };
}

/**
 * What a finding says is in its file, for `stillPresent` (src/scan/provenance.ts): its
 * fingerprint, and the value however a rule reported it (the same token as a plain token, in a
 * base64 `Authorization: Basic` pair or under a `NEXT_PUBLIC_` name is one value).
 */
export function presenceKeys(f: Pick<LocatedFinding, 'fingerprint' | 'evidence' | 'credential'>): string[] {
  const keys = [f.fingerprint];
  if (f.evidence) keys.push(`v:${f.evidence.value}`);
  if (f.credential) keys.push(`c:${f.credential.id}`);
  return keys;
}
