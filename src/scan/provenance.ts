// Steps after the engine that need more than one chunk: which commit a secret came from, and
// whether it is still there.
import type { LocatedFinding } from '../engine/engine.js';
import { isMessagePath, shownPath, treePath, type Sighting, type Source } from '../sources/source.js';
import type { CommitInfo } from '../types.js';
import type { FindingSink } from './pipeline.js';
import { FINDINGS_PER_RULE_PER_FILE, presenceKeys, summaryFingerprint, unlistedFingerprints } from './steps.js';
import { isDotenvFinding } from './sealed-dotenv.js';

/** Every finding as it came (scan, staged, diff). */
export class FindingList implements FindingSink {
  readonly findings: LocatedFinding[] = [];
  add(findings: LocatedFinding[], _s: Sighting, commit: CommitInfo | null): void {
    for (const f of findings) this.findings.push(asReported(f, commit));
  }
}

/** A finding of a scan that reports every sighting (FindingList, RangeFindings), with its commit. */
function asReported(f: LocatedFinding, commit: CommitInfo | null): LocatedFinding {
  if (commit) f.commit = commit;
  // what a summary finding stood for is history's business (EarliestCommit)
  if (f.unlisted) delete f.unlisted;
  return f;
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
    for (const f of findings) (s.kept ? this.kept : this.range).push(asReported(f, commit));
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
 * What HEAD's versions of some paths hold (FindingSink.holds): each path's values (steps.ts,
 * presenceKeys) and whether its version was read in full. Only what says something is kept: a
 * version read whole that holds nothing (nearly every file at HEAD) costs no record, so a path
 * handed to the scan (or asked for) that is not here holds nothing.
 */
export class HeadHoldings implements FindingSink {
  private readonly byPath = new Map<string, { keys: Set<string>; complete: boolean }>();

  // what HEAD's versions hold comes through holds (the pipeline calls it for their reported findings too)
  add(): void {}

  holds(s: Sighting, holds: { keys: readonly string[]; complete: boolean }): void {
    const at = shownPath(s);
    const known = this.byPath.get(at);
    if (known) {
      for (const k of holds.keys) known.keys.add(k);
      known.complete &&= holds.complete;
    } else if (holds.keys.length > 0 || !holds.complete) this.byPath.set(at, { keys: new Set(holds.keys), complete: holds.complete });
  }

  /**
   * true: the path's HEAD version holds one of `keys`; false: it was read in full and does not
   * (`scanned`: the version was handed to the scan); null: not known.
   */
  has(path: string, keys: readonly string[], scanned: boolean): boolean | null {
    const h = this.byPath.get(path);
    if (!h) return scanned ? false : null;
    if (keys.some((k) => h.keys.has(k))) return true;
    return h.complete ? false : null;
  }

  /** Takes what `other` knows of paths this does not. */
  merge(other: HeadHoldings): void {
    for (const [p, h] of other.byPath) if (!this.byPath.has(p)) this.byPath.set(p, h);
  }
}

/** When a sighting was made: committer date (raised to its ancestors'), then walk order. */
interface When {
  at: number;
  ordinal: number;
}

const earlier = (a: When, b: When) => a.at < b.at || (a.at === b.at && a.ordinal < b.ordinal);
/** `a` (at line `aLine`) comes before `b`: earlier, or in the same sighting higher in the file. */
const before = (a: When, aLine: number, b: When, bLine: number) => earlier(a, b) || (!earlier(b, a) && aLine < bLine);

/** The rule and file a summary finding sums up (one summary each over the history). */
const groupOf = (f: LocatedFinding) => `${f.ruleId}\0${f.file}`;

/** A value a summary finding stood for, at its earliest sighting: a few numbers and its group. */
interface UnlistedSighting extends When {
  line: number;
  /** its rule and file (groupOf) */
  group: string;
}

/**
 * history: one finding per secret per path (its fingerprint), attributed to the earliest commit
 * that put it there — by committer date raised to the latest ancestor's (a descendant never
 * comes first, whatever its own date says), then by walk (topological) order — so that two
 * branches adding the same secret name the one that came first. Also keeps what HEAD's own
 * versions hold (stillPresent).
 *
 * The per-file bound (steps.ts, capPerRule) lists the first 100 findings of a rule in each
 * version and sums up the rest, with their fingerprints. Across versions, every value whose
 * earliest sighting listed it is listed, and one summary finding per rule and path counts the
 * distinct values history holds there that none did: a value a later version adds to a file
 * already past the bound is counted, not hidden behind the first version's summary, and a
 * value first seen past the bound is never blamed on a later commit that happened to list it.
 *
 * Memory: one record per distinct finding (a value past the bound: a few numbers), never one
 * per version; the results do not depend on the order results arrive in (--jobs).
 */
export class EarliestCommit implements FindingSink {
  private readonly best = new Map<string, { finding: LocatedFinding } & When>();
  /** values summary findings stood for, at their earliest sighting */
  private readonly unlisted = new Map<string, UnlistedSighting>();
  /** per rule and file (groupOf), the earliest summary finding: the shape of the one reported */
  private readonly summaries = new Map<string, { finding: LocatedFinding } & When>();
  /** what HEAD's versions hold (sightings marked atHead) */
  readonly atHead = new HeadHoldings();
  /** fingerprints already present before a limited walk (--range, --since) began: no walked commit brought them */
  private readonly beforeWalk = new Set<string>();
  /** a .env finding's every sighting (one per commit that wrote the file): laterVersions */
  private readonly dotenvSightings = new Map<string, ({ commit: CommitInfo } & When)[]>();

  constructor(private readonly source: Source) {}

  holds(s: Sighting, holds: { keys: readonly string[]; complete: boolean }): void {
    this.atHead.holds(s, holds);
  }

  add(findings: LocatedFinding[], s: Sighting, commit: CommitInfo | null): void {
    const when: When = { at: s.commit === null ? 0 : this.source.commits.committedAt(s.commit), ordinal: s.commit ?? -1 };
    for (const f of findings) {
      if (s.beforeWalk) {
        this.beforeWalk.add(f.fingerprint);
        if (f.unlisted) for (const u of unlistedFingerprints(f.unlisted)) this.beforeWalk.add(u.fingerprint);
        continue;
      }
      if (commit) f.commit = commit;
      if (f.unlisted) {
        for (const u of unlistedFingerprints(f.unlisted)) {
          const prev = this.unlisted.get(u.fingerprint);
          if (!prev || before(when, u.line, prev, prev.line)) this.unlisted.set(u.fingerprint, { ...when, line: u.line, group: groupOf(f) });
        }
        delete f.unlisted;
        const prev = this.summaries.get(groupOf(f));
        if (!prev || before(when, f.line, prev, prev.finding.line)) this.summaries.set(groupOf(f), { finding: f, ...when });
        continue;
      }
      if (commit && isDotenvFinding(f)) {
        const all = this.dotenvSightings.get(f.fingerprint);
        if (all) all.push({ commit, ...when });
        else this.dotenvSightings.set(f.fingerprint, [{ commit, ...when }]);
      }
      const prev = this.best.get(f.fingerprint);
      if (prev && !earlier(when, prev)) continue;
      this.best.set(f.fingerprint, { finding: f, ...when });
    }
  }

  /**
   * The commits after `f`'s that wrote its .env file again, earliest first (a .env finding is
   * about the file, one per path over the history): where the version `f` was found in is
   * encrypted throughout, a later one in clear is the commit that put the .env in clear
   * (src/scan/sealed-dotenv.ts). Empty for other findings.
   */
  laterVersions(f: LocatedFinding): CommitInfo[] {
    const first = this.best.get(f.fingerprint);
    const all = this.dotenvSightings.get(f.fingerprint);
    if (!first || !all) return [];
    return all
      .filter((v) => earlier(first, v))
      .sort((a, b) => (earlier(a, b) ? -1 : earlier(b, a) ? 1 : 0))
      .map((v) => v.commit);
  }

  /**
   * The findings to report, with the per-file bound applied over the whole history. Each
   * summary finding keeps the fingerprints it stands for (`standsFor`) for stillPresent.
   */
  result(limit = FINDINGS_PER_RULE_PER_FILE): { findings: LocatedFinding[]; standsFor: Map<LocatedFinding, string[]> } {
    const unlisted = new Map<string, UnlistedSighting>();
    for (const [fp, u] of this.unlisted) if (!this.beforeWalk.has(fp)) unlisted.set(fp, u);
    const findings: LocatedFinding[] = [];
    for (const [fp, b] of this.best) {
      if (this.beforeWalk.has(fp)) continue;
      const u = unlisted.get(fp);
      // first seen past the bound: counted there, not listed with a later commit
      if (u && earlier(u, b)) continue;
      unlisted.delete(fp);
      findings.push(b.finding);
    }
    // one summary per rule and path: how many values history holds there that are not listed
    const counted = new Map<string, { first: UnlistedSighting; fingerprints: string[]; commits: Set<number> }>();
    for (const [fp, u] of unlisted) {
      const c = counted.get(u.group);
      if (!c) counted.set(u.group, { first: u, fingerprints: [fp], commits: new Set([u.ordinal]) });
      else {
        c.fingerprints.push(fp);
        c.commits.add(u.ordinal);
        if (before(u, u.line, c.first, c.first.line)) c.first = u;
      }
    }
    const standsFor = new Map<LocatedFinding, string[]>();
    for (const [group, c] of counted) {
      // the shape of a summary the scans made: rule, severity, file, fix; the values it stood for are counted here
      const { credential: _one, evidence: _value, snippet: _line, unlisted: _more, ...shape } = this.summaries.get(group)!.finding;
      const n = c.fingerprints.length;
      const later = c.commits.size - 1;
      const summary: LocatedFinding = {
        ...shape,
        line: c.first.line,
        column: 1,
        endLine: c.first.line,
        endColumn: 1,
        commit: this.source.commits.info(c.first.ordinal) ?? shape.commit,
        message: `${n} more finding${n === 1 ? '' : 's'} of this rule in this file's history, not listed (each past the first ${limit} of the version that first held it); the first from line ${c.first.line} in this commit${later ? `, the others brought by ${later} later commit${later === 1 ? '' : 's'}` : ''}`,
        match: `+${n} more`,
        // the values it stands for make its fingerprint, as a version's summary's (steps.ts)
        fingerprint: summaryFingerprint(shape.ruleId, shape.file, c.fingerprints, limit),
      };
      standsFor.set(summary, c.fingerprints);
      findings.push(summary);
    }
    return { findings, standsFor };
  }
}

/**
 * Sets `stillPresent`: is the same secret in that path at HEAD — the same fingerprint, or the
 * same value under another rule or in another form (the token of a base64 `Authorization:
 * Basic` pair, a token moved under a `NEXT_PUBLIC_` name) — whatever inline ignores, the
 * allowlist or the per-file bound hide there? For dotenv-committed: is the path still tracked.
 * null when HEAD's version of the path could not be scanned (too large, missing, a binary
 * whose strings do not hold it, a value left undecoded): swlint cannot tell, and never says
 * "gone" then. A message is never at HEAD. `held`: what HEAD's versions handed by the walk hold
 * (`handed`: their paths, empty when the walk was stopped before they were all scanned); `scan`
 * reads and scans the HEAD versions of the other paths (null: stopped before it was done).
 * `standsFor`: the values a summary finding counts (present when any of them is).
 */
export async function markStillPresent(
  findings: LocatedFinding[],
  head: { tree: Map<string, string> } | null,
  held: HeadHoldings,
  handed: Set<string>,
  scan: (paths: string[]) => Promise<HeadHoldings | null>,
  standsFor: ReadonlyMap<LocatedFinding, readonly string[]> = new Map(),
): Promise<void> {
  if (findings.length === 0) return;
  if (!head) {
    for (const f of findings) f.stillPresent = false;
    return;
  }
  const inTree = (f: LocatedFinding) => !isMessagePath(f.file) && head.tree.has(treePath(f.file));
  const toRead = [
    ...new Set(findings.filter((f) => f.ruleId !== 'dotenv-committed' && inTree(f) && !handed.has(treePath(f.file))).map((f) => treePath(f.file))),
  ];
  const read = toRead.length ? await scan(toRead) : null;
  if (read) held.merge(read);
  const asked = new Set(read ? toRead : []);
  const scanned = (p: string) => handed.has(p) || asked.has(p);
  for (const f of findings) {
    if (f.ruleId === 'dotenv-committed') f.stillPresent = inTree(f);
    else if (!inTree(f)) f.stillPresent = false;
    else {
      const keys = standsFor.get(f) ?? presenceKeys(f);
      f.stillPresent = held.has(f.file, keys, scanned(treePath(f.file)));
    }
  }
}
