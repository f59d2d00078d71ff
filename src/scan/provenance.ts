// Steps after the engine that need more than one chunk: which commit a secret came from, and
// whether it is still there.
import type { LocatedFinding } from '../engine/engine.js';
import type { Sighting, Source } from '../sources/source.js';
import type { CommitInfo } from '../types.js';
import type { FindingSink } from './pipeline.js';

/** Every finding as it came (scan, staged, diff). */
export class FindingList implements FindingSink {
  readonly findings: LocatedFinding[] = [];
  add(findings: LocatedFinding[], _s: Sighting, commit: CommitInfo | null): void {
    for (const f of findings) {
      if (commit) f.commit = commit;
      this.findings.push(f);
    }
  }
}

/** The end of the message of a finding that HEAD holds, kept by a merge, and that no commit of the range added. */
export const KEPT_BY_MERGE = ' (kept by a merge: no commit of the range added it, and BASE does not have it)';

/**
 * diff: every finding of the commits of the range, then the findings of HEAD's versions judged
 * against BASE's and the merge base's (Sighting.kept, src/sources/diff.ts) that no commit of the
 * range reported: what a merge kept from history BASE had left behind.
 */
export class RangeFindings implements FindingSink {
  private readonly range: LocatedFinding[] = [];
  private readonly kept: LocatedFinding[] = [];

  add(findings: LocatedFinding[], s: Sighting, commit: CommitInfo | null): void {
    for (const f of findings) {
      if (commit) f.commit = commit;
      (s.kept ? this.kept : this.range).push(f);
    }
  }

  /** Call once, after the scan: the kept findings are new objects. */
  findings(): LocatedFinding[] {
    const reported = new Set(this.range.map((f) => f.fingerprint));
    const kept = this.kept
      .filter((f) => !reported.has(f.fingerprint) && reported.add(f.fingerprint))
      .map((f) => ({ ...f, message: f.message + KEPT_BY_MERGE }));
    return this.range.concat(kept);
  }
}

/**
 * history: one finding per secret per path (its fingerprint), attributed to the earliest commit
 * that put it there — by committer date raised to the latest ancestor's (a descendant never
 * comes first, whatever its own date says), then by walk (topological) order — so that two
 * branches adding the same secret name the one that came first. Also notes which fingerprints
 * HEAD's own versions hold (stillPresent). Memory: one record per distinct finding.
 */
export class EarliestCommit implements FindingSink {
  private readonly best = new Map<string, { finding: LocatedFinding; at: number; ordinal: number }>();
  /** fingerprints found in the very (path, blob) pairs HEAD holds */
  readonly atHead = new Set<string>();
  /** fingerprints already present before a limited walk (--range, --since) began: no walked commit brought them */
  private readonly beforeWalk = new Set<string>();

  constructor(private readonly source: Source) {}

  add(findings: LocatedFinding[], s: Sighting, commit: CommitInfo | null): void {
    const ordinal = s.commit ?? -1;
    const at = s.commit === null ? 0 : this.source.commits.committedAt(s.commit);
    for (const f of findings) {
      if (s.beforeWalk) {
        this.beforeWalk.add(f.fingerprint);
        continue;
      }
      if (s.atHead) this.atHead.add(f.fingerprint);
      const prev = this.best.get(f.fingerprint);
      if (prev && (prev.at < at || (prev.at === at && prev.ordinal <= ordinal))) continue;
      if (commit) f.commit = commit;
      this.best.set(f.fingerprint, { finding: f, at, ordinal });
    }
  }

  get findings(): LocatedFinding[] {
    return [...this.best.values()].filter((b) => !this.beforeWalk.has(b.finding.fingerprint)).map((b) => b.finding);
  }
}

/**
 * Sets `stillPresent`: is the same secret (same fingerprint) in that path at HEAD? For
 * dotenv-committed: is the path still tracked there. `known`: fingerprints already found in
 * HEAD's versions; `scan` reads and scans the HEAD versions of the other paths.
 */
export async function markStillPresent(
  findings: LocatedFinding[],
  head: { tree: Map<string, string> } | null,
  known: Set<string>,
  knownPaths: Set<string>,
  scan: (paths: string[]) => Promise<Set<string>>,
): Promise<void> {
  if (findings.length === 0) return;
  if (!head) {
    for (const f of findings) f.stillPresent = false;
    return;
  }
  const toRead = [...new Set(findings.filter((f) => f.ruleId !== 'dotenv-committed' && head.tree.has(f.file) && !knownPaths.has(f.file)).map((f) => f.file))];
  const found = toRead.length ? await scan(toRead) : new Set<string>();
  for (const f of findings) f.stillPresent = f.ruleId === 'dotenv-committed' ? head.tree.has(f.file) : known.has(f.fingerprint) || found.has(f.fingerprint);
}
