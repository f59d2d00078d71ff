// Runs content rules over a chunk and turns their ranges into findings: prefilter by
// keyword, detect, drop overlaps in favour of the more specific rule, locate, redact,
// fingerprint. Rules only report ranges; everything else happens here, once.
import type { Chunk, ContentRule, Mode, DetectInput, Finding, RepoFileFacts, RepositoryRule, Rule, RuleMatch } from '../types.js';
import { fingerprint, redact } from './redact.js';
import { LineIndex } from './locate.js';
import { isIgnoredInline, mayHaveDirectives } from './ignores.js';

export interface EngineOptions {
  redact: boolean;
  /** the mode being run: rules restricted to other modes are left out */
  mode?: Mode;
  /** honour other scanners' inline markers (gitleaks:allow, pragma: allowlist secret, …); default true */
  foreignIgnores?: boolean;
  /** a match whose secret matches one of these is not a finding (config allowlist.values) */
  allowValues?: RegExp[];
}

/** A finding plus what the text reporter shows: the source line with the match marked (already redacted). */
export interface LocatedFinding extends Finding {
  snippet?: { text: string; start: number; end: number };
}

export interface RuleError {
  ruleId: string;
  file: string;
  message: string;
}

interface Candidate extends RuleMatch {
  rule: ContentRule;
}

/** Words rules ask about through `has()` besides their own keywords. */
export const CONTEXT_KEYWORDS = ['signalwire', 'swire', 'sw_', 'twilio', 'laml', 'basic'];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text of a chunk plus what one keyword pass learned about it. */
class ChunkInput implements DetectInput {
  private lowered: string | null = null;
  constructor(readonly text: string, readonly path: string, private readonly found: ReadonlySet<string>) {}
  get lower(): string {
    return (this.lowered ??= this.text.toLowerCase());
  }
  has(keyword: string): boolean {
    return this.found.has(keyword);
  }
}

export class Engine {
  readonly contentRules: ContentRule[];
  readonly repositoryRules: RepositoryRule[];
  readonly errors: RuleError[] = [];
  /** findings dropped by inline ignore comments */
  suppressedInline = 0;

  private readonly keywordPattern: RegExp;
  private readonly keywordCount: number;

  constructor(rules: readonly Rule[], private readonly options: EngineOptions) {
    this.contentRules = rules.filter(
      (r): r is ContentRule => r.kind === 'content' && (!r.modes || !options.mode || r.modes.includes(options.mode)),
    );
    this.repositoryRules = rules.filter((r): r is RepositoryRule => r.kind === 'repository');
    const keywords = new Set([...CONTEXT_KEYWORDS, ...this.contentRules.flatMap((r) => r.keywords)]);
    // longest first, so that a keyword that contains another is reported as itself
    const sorted = [...keywords].sort((a, b) => b.length - a.length);
    this.keywordPattern = new RegExp(sorted.map(escapeRegExp).join('|'), 'gi');
    this.keywordCount = keywords.size;
  }

  /** One pass over the text for every keyword at once; stops when all have been seen. */
  private keywordsIn(text: string): Set<string> {
    const found = new Set<string>();
    const re = this.keywordPattern;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      found.add(m[0].toLowerCase());
      if (found.size === this.keywordCount) break;
    }
    return found;
  }

  scanChunk(chunk: Chunk): LocatedFinding[] {
    const found = this.keywordsIn(chunk.text);
    const input = new ChunkInput(chunk.text, chunk.path, found);
    const candidates: Candidate[] = [];
    for (const rule of this.contentRules) {
      const hasKeywords = rule.keywords.length > 0 || (rule.caseSensitiveKeywords?.length ?? 0) > 0;
      if (hasKeywords && !rule.keywords.some((k) => found.has(k)) && !rule.caseSensitiveKeywords?.some((k) => chunk.text.includes(k)) && !rule.paths?.test(chunk.path))
        continue;
      let matches: RuleMatch[];
      try {
        matches = rule.detect(input);
      } catch (err) {
        // one rule failing on odd input must not lose the other rules' findings
        this.errors.push({ ruleId: rule.id, file: chunk.path, message: err instanceof Error ? err.message : String(err) });
        continue;
      }
      for (const m of matches) if (m.end > m.start && !this.isAllowedValue(m.secret)) candidates.push({ ...m, rule });
    }
    if (candidates.length === 0) return [];
    const kept = resolveOverlaps(candidates);
    const index = new LineIndex(chunk.text);
    const directives = mayHaveDirectives(chunk.text);
    const foreign = this.options.foreignIgnores !== false;
    const findings: LocatedFinding[] = [];
    for (const c of kept) {
      const from = index.position(c.start);
      if (chunk.lines && !chunk.lines.has(from.line)) continue;
      if (directives && !c.rule.unsuppressible && isIgnoredInline(index, from.line, c.rule.id, foreign)) {
        this.suppressedInline++;
        continue;
      }
      const to = index.position(c.end);
      const shown = this.options.redact ? c.redactedDisplay ?? redact(c.secret) : c.secret;
      findings.push({
        ruleId: c.rule.id,
        severity: c.rule.severity,
        message: c.message ?? c.rule.message,
        file: chunk.path,
        line: from.line,
        column: from.column,
        endLine: to.line,
        endColumn: to.column,
        match: shown,
        fingerprint: fingerprint(c.rule.id, chunk.path, c.secret),
        commit: chunk.commit ?? null,
        stillPresent: null,
        fix: c.rule.fix({ path: chunk.path, envVar: c.envVar ?? c.rule.envVar }),
        snippet: snippet(index, chunk.text, c, shown, this.options.redact),
      });
    }
    return findings;
  }

  private isAllowedValue(secret: string): boolean {
    return this.options.allowValues?.some((re) => re.test(secret)) ?? false;
  }

  /** Repository rules (.env hygiene) judge a file by facts, not content. */
  checkFile(facts: RepoFileFacts, commit: Finding['commit'] = null): LocatedFinding[] {
    const out: LocatedFinding[] = [];
    for (const rule of this.repositoryRules) {
      if (!rule.check(facts)) continue;
      const name = facts.path.split('/').pop() ?? facts.path;
      out.push({
        ruleId: rule.id,
        severity: rule.severity,
        message: rule.message,
        file: facts.path,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        match: name,
        fingerprint: fingerprint(rule.id, facts.path, ''),
        commit,
        stillPresent: null,
        fix: rule.fix({ path: facts.path, envVar: '' }),
      });
    }
    return out;
  }
}

/**
 * Where matches overlap, a rule that supersedes another wins (a basic-auth pair over
 * the token inside it); two matches of one rule keep the longer.
 */
function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const dropped = new Set<Candidate>();
  for (let i = 0; i < candidates.length; i++) {
    const a = candidates[i]!;
    for (let j = i + 1; j < candidates.length; j++) {
      const b = candidates[j]!;
      if (b.start >= a.end) break;
      if (a.rule === b.rule) {
        dropped.add(a.end - a.start >= b.end - b.start ? b : a);
      } else if (a.rule.supersedes?.includes(b.rule.id)) dropped.add(b);
      else if (b.rule.supersedes?.includes(a.rule.id)) dropped.add(a);
    }
  }
  return candidates.filter((c) => !dropped.has(c));
}

const SNIPPET_WIDTH = 160;

function snippet(index: LineIndex, text: string, c: RuleMatch, shown: string, redacting: boolean): LocatedFinding['snippet'] {
  const line = index.lineText(c.start);
  const relStart = c.start - line.start;
  const relEnd = Math.min(c.end - line.start, line.text.length);
  // other credentials on the same line must not slip out through the context: mask before cutting
  let before = redacting ? maskCredentials(line.text.slice(0, relStart)) : line.text.slice(0, relStart);
  let after = redacting ? maskCredentials(line.text.slice(relEnd)) : line.text.slice(relEnd);
  const matchText = redacting ? shown : text.slice(c.start, c.start + (relEnd - relStart));
  const room = Math.max(20, Math.floor((SNIPPET_WIDTH - matchText.length) / 2));
  if (before.length > room) before = '…' + before.slice(-room);
  if (after.length > room) after = after.slice(0, room) + '…';
  return { text: before + matchText + after, start: before.length, end: before.length + matchText.length };
}

// UUIDs, long alphanumeric runs (tokens, keys, base64) and hex runs
const CREDENTIAL_LIKE = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9+/]{20,}={0,2}/g;

/** Replaces credential-like runs in context text with their redacted form. */
export function maskCredentials(s: string): string {
  return s.replace(CREDENTIAL_LIKE, (run) => (run.includes('/') && !/[A-Za-z0-9+]{20,}/.test(run) ? run : redact(run)));
}
