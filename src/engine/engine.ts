// Runs content rules over a chunk and turns their ranges into findings: prefilter by
// keyword, detect, drop overlaps in favour of the more specific rule, locate, redact,
// fingerprint, and say which findings an inline ignore covers. Rules only report ranges;
// everything else happens here, once. Stateless: scan(chunk) → { findings, suppressedInline, errors }.
import {
  SEVERITY_RANK,
  type Chunk,
  type ContentRule,
  type Mode,
  type DetectInput,
  type Finding,
  type RepoFileFacts,
  type RepositoryRule,
  type Rule,
  type RuleMatch,
  type Severity,
} from '../types.js';
import { fingerprint, maskCredentials, redact } from './redact.js';
import { LineIndex } from './locate.js';
import { DirectiveCache, MARKER_LITERALS } from './ignores.js';
import { KeywordAutomaton, KeywordHits } from './keyword-automaton.js';
import { inlineIgnorePolicy, type InlineIgnoreDecision } from '../trust/inline-policy.js';
import { maskKnownSecrets } from '../trust/mask-known.js';
import { credentialFields } from '../inventory/credential.js'; // credential inventory (issue 13)
import { MIN_BASE64, keywordNeighbours, mayHoldEncoded, scanDecoded, withDecoded } from '../detect/decoders.js';
import { fileNameOf } from '../detect/language.js';
import { onceEach } from '../once.js';
import { bufferView } from '../io/buffer-view.js';

export interface EngineOptions {
  redact: boolean;
  /** the mode being run: rules restricted to other modes are left out */
  mode?: Mode;
  /** honour other scanners' inline markers (gitleaks:allow, pragma: allowlist secret, …); default true */
  foreignIgnores?: boolean;
  /** a match whose secret matches one of these is not a finding (config allowlist.values) */
  allowValues?: { test(s: string): boolean }[];
  /** BASE's `diff.honourNewInlineIgnores`: whether inline ignores new in the range hide findings (src/trust/inline-policy.ts) */
  honourNewInlineIgnores?: boolean;
  /** --verify: keep each credential's raw value on its finding, in memory only (src/inventory) */
  keepSecrets?: boolean;
}

/** A finding plus what the text reporter shows: the source line with the match marked (already redacted). */
export interface LocatedFinding extends Finding {
  snippet?: { text: string; start: number; end: number };
  /** for the documentation step (src/detect/documentation.ts): the value's identity across files, and example evidence */
  evidence?: { value: string; example?: string };
  /** the line the value's last piece is on, when it is assembled from pieces on later lines (RuleMatch.reachesTo) */
  lastLine?: number;
  /** a summary of findings a file had too many of (src/scan/steps.ts, capPerRule): those it stands for */
  unlisted?: Unlisted;
  /** the fingerprint of the pair over lines that holds this token (resolveOverlaps): accepting the pair accepts it */
  heldBy?: string;
  /** diff, staged: a credential of the file sits beside it, maybe on a line the change did not add (src/scan/steps.ts) */
  besideCredential?: true;
}

/**
 * What a summary finding stands for: the findings it did not list, their fingerprints back to
 * back (one string: a generated file's 100,000 cost one copy from a worker, not 100,000) and
 * their lines. History counts the distinct ones over every version of the file
 * (src/scan/provenance.ts); reports never show it.
 */
export interface Unlisted {
  fingerprints: string;
  lines: Int32Array;
}

interface Candidate extends RuleMatch {
  rule: ContentRule;
  /** the highest severity among the matches this one supersedes (resolveOverlaps) */
  holds?: Severity;
  /** the pair over lines that holds this match and did not supersede it (resolveOverlaps) */
  heldBy?: Candidate;
}

/** The higher of two severities. */
function higher(a: Severity, b: Severity | undefined): Severity {
  return b !== undefined && SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a;
}

/** Words rules ask about through `has()` besides their own keywords. */
export const CONTEXT_KEYWORDS = ['signalwire', 'swire', 'sw_', 'twilio', 'laml', 'basic'];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One alternation for every keyword, factored by common prefix (`s(?:ignalwire(?:\.com)?|w_)|…`)
 * so that the regex engine decides at each position with one character test instead of trying
 * each keyword in turn (no benchmark isolates this pattern; the bytes path below is what runs on
 * most content). At a given position it matches the
 * longest keyword, as the flat list sorted longest first did, so that a keyword containing
 * another (`signalwire.com`, `signalwire`) is reported as itself.
 */
export function keywordTrie(keywords: readonly string[]): string {
  const build = (words: string[]): string => {
    const groups = new Map<string, string[]>();
    let complete = false;
    for (const w of words) {
      if (w === '') {
        complete = true;
        continue;
      }
      const first = w[0]!;
      const rest = groups.get(first);
      if (rest) rest.push(w.slice(1));
      else groups.set(first, [w.slice(1)]);
    }
    const branches = [...groups].map(([c, rest]) => escapeRegExp(c) + build(rest));
    if (branches.length === 0) return '';
    const body = branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
    // greedy: the longer keyword first, the shorter one when the longer does not continue
    return complete ? `(?:${body})?` : body;
  };
  const words = [...new Set(keywords.map((k) => k.toLowerCase()))].filter((k) => k !== '');
  return words.length ? build(words) : '(?!)';
}

/** A content rule as needsText asks it: whether its keywords may be in bytes, before they are decoded. */
interface TextGate {
  rule: ContentRule;
  /** no keyword at all: it runs on every text */
  always: boolean;
  /** its case-sensitive keywords, each with the group of its two-character prefix (occurringOf) when it is ASCII */
  caseSensitive: { word: string; ascii: boolean; prefix: string; group: readonly string[] | null }[];
}

export interface RuleError {
  ruleId: string;
  file: string;
  message: string;
}

/** A finding an inline ignore comment covers, with the line of that comment (1-based). */
export interface InlineSuppressed {
  finding: LocatedFinding;
  directiveLine: number;
}

/** Everything one scan of one chunk produced: the engine keeps nothing between chunks. */
export interface ChunkResult {
  findings: LocatedFinding[];
  /**
   * Findings an inline ignore covers. The engine does not drop them: whether a directive is
   * honoured is decided after the engine (src/scan/steps.ts), where it is known whether the
   * directive or its line is new in the change being judged.
   */
  suppressedInline: InlineSuppressed[];
  errors: RuleError[];
  /** the chunk's line index, built on first use: the steps after the engine reuse it rather than index the text again */
  lineIndex: LineIndex;
  /**
   * Decoded views (base64, percent, escapes) left unscanned: the chunk's bound of decoded text
   * was spent (src/detect/decoders.ts). Absent when every view was scanned. The chunk was not
   * read through all of its encodings, and the scan says so (src/scan/unit.ts).
   */
  undecoded?: number;
  /** Decoded views left unscanned because they were encoded deeper than the levels read (MAX_DEPTH): reported as undecoded is. */
  deeper?: number;
}

/**
 * One chunk and the facts about it that several rules (and the engine) ask for, each computed
 * on first use and then kept for the chunk's lifetime: its line index, the keywords of the
 * prefilter pass, and whatever shared matchers memoise (token candidates).
 */
export class ChunkContext implements DetectInput {
  private lines: LineIndex | null = null;
  private readonly memos = new Map<object, unknown>();
  constructor(
    readonly text: string,
    readonly path: string,
    private readonly found: ReadonlySet<string>,
    readonly base64Runs: DetectInput['base64Runs'] = null,
  ) {}
  keywordStarts(keyword: string): readonly number[] | null {
    return this.found instanceof KeywordHits ? this.found.startsIn(this.text, keyword) : null;
  }
  get lineIndex(): LineIndex {
    return (this.lines ??= new LineIndex(this.text));
  }
  has(keyword: string): boolean {
    return this.found.has(keyword);
  }
  memo<T>(key: object, compute: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const v = compute();
    this.memos.set(key, v);
    return v;
  }
}

export class Engine {
  readonly contentRules: ContentRule[];
  readonly repositoryRules: RepositoryRule[];

  private readonly keywordPattern: RegExp;
  private readonly keywordCount: number;
  private byteMatcher: KeywordAutomaton | null = null;
  private readonly keywordList: string[];
  /** where a `%XX` escape may hide a character of a keyword, case-sensitive ones included (keywordNeighbours) */
  private readonly escapeNeighbours: Uint8Array;
  /** keyword → the other keywords it contains (`signalwire.com` → `signalwire`) */
  private readonly containedIn = new Map<string, string[]>();
  /** the rules' ASCII case-sensitive keywords by their first two characters (caseSensitiveIn) */
  private readonly caseSensitiveByPrefix = new Map<string, string[]>();
  /**
   * needsText's view of each content rule, made once: it runs for every file and file version
   * before anything is decoded, most of them small (a closure, a Map and a regular expression
   * test per call were most of its cost on a commit message)
   */
  private readonly textGates: TextGate[];
  /** whether an inline ignore hides a finding (in diff: not when the range added it; src/trust/inline-policy.ts) */
  readonly inlineIgnoreHolds: InlineIgnoreDecision;
  /** no rule tells characters outside ASCII apart: stand-in text gives the real text's findings (src/scan/stand-ins.ts) */
  readonly readsStandIns: boolean;

  constructor(
    rules: readonly Rule[],
    private readonly options: EngineOptions,
  ) {
    this.inlineIgnoreHolds = inlineIgnorePolicy({ mode: options.mode ?? 'scan', honourNewInlineIgnores: options.honourNewInlineIgnores === true });
    const inMode = (r: Rule) => !r.modes || !options.mode || r.modes.includes(options.mode);
    this.contentRules = rules.filter((r): r is ContentRule => r.kind === 'content' && inMode(r));
    this.repositoryRules = rules.filter((r): r is RepositoryRule => r.kind === 'repository' && inMode(r));
    this.readsStandIns = !this.contentRules.some((r) => r.tellsNonAsciiApart);
    const keywords = new Set([...CONTEXT_KEYWORDS, ...this.contentRules.flatMap((r) => r.keywords)]);
    this.keywordPattern = new RegExp(keywordTrie([...keywords]), 'gi');
    this.keywordCount = keywords.size;
    this.keywordList = [...keywords];
    this.escapeNeighbours = keywordNeighbours([...keywords, ...this.contentRules.flatMap((r) => r.caseSensitiveKeywords ?? [])]);
    const isAscii = (k: string) => /^[\x00-\x7f]*$/.test(k);
    for (const k of new Set(this.contentRules.flatMap((r) => r.caseSensitiveKeywords ?? []))) {
      if (k.length < 2 || !isAscii(k)) continue;
      const group = this.caseSensitiveByPrefix.get(k.slice(0, 2));
      if (group) group.push(k);
      else this.caseSensitiveByPrefix.set(k.slice(0, 2), [k]);
    }
    this.textGates = this.contentRules.map((rule) => ({
      rule,
      always: rule.keywords.length === 0 && (rule.caseSensitiveKeywords?.length ?? 0) === 0,
      caseSensitive: (rule.caseSensitiveKeywords ?? []).map((word) => ({
        word,
        // a keyword outside ASCII is taken to occur (the bytes are UTF-8, the keyword is not looked for in them)
        ascii: isAscii(word),
        prefix: word.slice(0, 2),
        group: word.length >= 2 ? (this.caseSensitiveByPrefix.get(word.slice(0, 2)) ?? null) : null,
      })),
    }));
    const lower = [...new Set(this.keywordList.map((k) => k.toLowerCase()))];
    for (const k of lower) {
      const inner = lower.filter((o) => o !== k && k.includes(o));
      if (inner.length) this.containedIn.set(k, inner);
    }
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
    return this.withContained(found);
  }

  /**
   * Adds the keywords that a found keyword contains: the pass takes the longest keyword at a
   * position, so a text whose only mention is `acme.signalwire.com` had `signalwire.com` and not
   * `signalwire`, and the rules that ask for `signalwire` (a project ID next to that Space URL)
   * did not run.
   */
  private withContained<T extends Set<string>>(found: T): T {
    // by the few keywords that contain others, not by the keywords found: no copy of the set per
    // chunk (a keyword's list holds every keyword inside it, so one level is the whole answer)
    for (const [outer, inner] of this.containedIn) if (found.has(outer)) for (const k of inner) found.add(k);
    return found;
  }

  /**
   * The keywords of UTF-8 (or ASCII) bytes, exactly as keywordsIn would find them in the
   * decoded text: keywords are ASCII and, without the `u` flag, a case-insensitive match never
   * pairs a non-ASCII character with an ASCII one, so only the ASCII bytes matter, and UTF-8
   * decoding keeps every one of them in place. The pass (src/engine/keyword-automaton.ts) is
   * timed by `node bench/keyword-loop.mjs`.
   */
  keywordsInUtf8(bytes: Uint8Array): Set<string> | undefined {
    this.byteMatcher ??= new KeywordAutomaton(this.keywordList, { markers: MARKER_LITERALS, escapeNeighbours: this.escapeNeighbours });
    return this.byteMatcher.usable ? this.withContained(this.byteMatcher.find(bytes)) : undefined;
  }

  /**
   * Whether any content rule would run on UTF-8 `bytes` whose keywords are `found` (the same
   * test as scan's; ASCII case-sensitive keywords are looked for in the bytes) and may match
   * there (its mayMatchBytes). When none would, scan would return nothing and the text need not
   * be decoded.
   */
  needsText(found: ReadonlySet<string>, bytes: Uint8Array, path: string): boolean {
    const buf = bufferView(bytes);
    // the case-sensitive keywords of one prefix that occur, found once per call for every rule
    let inGroup: Map<string, Set<string>> | null = null;
    for (const gate of this.textGates) {
      if (gate.always || gate.rule.paths?.test(path)) return true;
      let hit = false;
      const keywords = gate.rule.keywords;
      for (let i = 0; i < keywords.length && !hit; i++) hit = found.has(keywords[i]!);
      for (let i = 0; i < gate.caseSensitive.length && !hit; i++) {
        const k = gate.caseSensitive[i]!;
        if (!k.ascii) hit = true;
        else if (!k.group) hit = buf.includes(k.word);
        else {
          let present = (inGroup ??= new Map()).get(k.prefix);
          if (!present) inGroup.set(k.prefix, (present = occurringOf(buf, k.group)));
          hit = present.has(k.word);
        }
      }
      if (hit && (gate.rule.mayMatchBytes?.(buf) ?? true)) return true;
    }
    // detect: an encoded run may hide any rule's keywords (src/detect/decoders.ts); the keyword pass saw it when it could
    return found instanceof KeywordHits ? found.mayHoldEncoded() : mayHoldEncoded(bytes, this.escapeNeighbours);
  }

  /**
   * Runs the content rules over one chunk. Pure: the same chunk gives the same result, and
   * nothing is kept. `found`: the chunk's keywords when already known (keywordsInUtf8 on its bytes).
   */
  scan(chunk: Chunk, found: ReadonlySet<string> = this.keywordsIn(chunk.text)): ChunkResult {
    const knownRuns = found instanceof KeywordHits ? found.base64RunsIn(chunk.text) : null;
    const input = new ChunkContext(chunk.text, chunk.path, found, knownRuns && { min: MIN_BASE64, pairs: knownRuns });
    const result: ChunkResult = { findings: [], suppressedInline: [], errors: [], lineIndex: input.lineIndex };
    const candidates: Candidate[] = [];
    const occurs = onceEach((k) => chunk.text.includes(k));
    for (const rule of this.contentRules) {
      const hasKeywords = rule.keywords.length > 0 || (rule.caseSensitiveKeywords?.length ?? 0) > 0;
      if (hasKeywords && !rule.keywords.some((k) => found.has(k)) && !rule.caseSensitiveKeywords?.some(occurs) && !rule.paths?.test(chunk.path)) continue;
      let matches: RuleMatch[];
      try {
        matches = rule.detect(input);
      } catch (err) {
        // one rule failing on odd input must not lose the other rules' findings
        result.errors.push({ ruleId: rule.id, file: chunk.path, message: err instanceof Error ? err.message : String(err) });
        continue;
      }
      // allowlisted values never silence the rule that reports suppressions
      for (const m of matches) if (m.end > m.start && (rule.unsuppressible || !this.isAllowedValue(m.secret))) candidates.push({ ...m, rule });
    }
    // detect: every rule again on the decoded views (base64, percent, \u, \x, &#, \u{…}, octal) of the text (src/detect/decoders.ts)
    // (a rule that fails on a view failed on the chunk: its error is the chunk's)
    const inView = (view: Chunk) => {
      const r = this.scan(view);
      for (const e of r.errors) if (!result.errors.some((o) => o.ruleId === e.ruleId)) result.errors.push({ ...e, file: chunk.path });
      return r.findings;
    };
    const readByRules: number[] = [];
    for (const c of candidates) if (c.rule.severity === 'error') readByRules.push(c.start, c.end);
    const { findings: decoded, undecoded, deeper } = scanDecoded(chunk, inView, input.lineIndex, knownRuns, readByRules);
    if (undecoded > 0) result.undecoded = undecoded;
    if (deeper > 0) result.deeper = deeper;
    if (candidates.length === 0) {
      result.findings = decoded;
      return result;
    }
    const kept = resolveOverlaps(candidates, chunk.text);
    // secrets found here, for masking snippet context (issue 9.11); suppression lines are not secrets;
    // only secrets that are not written out whole at their range (split into literals): whole ones are masked by shape
    const known = kept.filter((c) => !c.rule.unsuppressible && c.secret.length >= 8 && chunk.text.slice(c.start, c.end) !== c.secret).map((c) => c.secret);
    const index = input.lineIndex;
    // directives are parsed on the lines of findings only (and the line above): a whole-text
    // marker search per chunk cost more on the docs history of `npm run bench -- --repo`; and not
    // at all when the keyword pass saw no marker in the chunk's bytes (parsing the lines of
    // findings, minified bundles' long lines included, was 0.23 s of a 4.6 s scan of the bench
    // tree, `node --cpu-prof --jobs 1`)
    const directives = found instanceof KeywordHits && !found.mayHoldMarker() ? null : new DirectiveCache(index, this.options.foreignIgnores !== false);
    for (const c of kept) {
      const from = index.position(c.start);
      const to = index.position(c.end);
      const shown = this.options.redact ? (c.redactedDisplay ?? redact(c.secret)) : c.secret;
      const shownSnippet = snippet(index, chunk.text, c, shown, this.options.redact, known);
      if (shownSnippet) shownSnippet.text = detach(shownSnippet.text);
      const finding: LocatedFinding = {
        ruleId: c.rule.id,
        severity: higher(c.rule.severity, c.holds),
        message: c.message ? detach(c.message) : c.rule.message,
        file: chunk.path,
        line: from.line,
        column: from.column,
        endLine: to.line,
        endColumn: to.column,
        match: detach(shown),
        fingerprint: fingerprint(c.rule.id, chunk.path, c.secret),
        commit: chunk.commit ?? null,
        stillPresent: null,
        // the fix may quote the file's own syntax: detached from the text like everything kept
        fix: detach(
          c.rule.fix({
            path: chunk.path,
            envVar: c.envVar ?? c.rule.envVar,
            text: chunk.text,
            offset: c.start,
            memo: (key, compute) => input.memo(key, compute),
          }),
        ),
        snippet: shownSnippet,
        ...credentialFields(c.rule.id, c.secret, this.options), // credential inventory: keyed hash of the secret alone (issue 13)
        // detect: documentation evidence (src/detect/documentation.ts)
        evidence: { value: fingerprint('', '', c.secret.toLowerCase()), ...(c.example ? { example: c.example } : {}) },
        ...(c.reachesTo !== undefined ? { lastLine: index.position(c.reachesTo).line } : {}),
        ...(c.heldBy ? { heldBy: fingerprint(c.heldBy.rule.id, chunk.path, c.heldBy.secret) } : {}),
      };
      // an ignore that covers a pair over lines covers the token it holds on a later line too
      const directiveLine =
        !c.rule.unsuppressible && directives
          ? (directives.covering(from.line, c.rule.id) ?? (c.heldBy ? directives.covering(index.position(c.heldBy.start).line, c.heldBy.rule.id) : null))
          : null;
      if (directiveLine !== null) result.suppressedInline.push({ finding, directiveLine });
      else result.findings.push(finding);
    }
    result.findings = withDecoded(
      result.findings,
      decoded.filter((d) => !this.supersededAt(d, result.findings)),
    );
    return result;
  }

  /**
   * A finding from a decoded view that a more specific finding of the original text covers:
   * the token inside a base64 `Authorization: Basic` header is the basic-auth pair's, as it is
   * when both are read in the clear (resolveOverlaps).
   */
  private supersededAt(decoded: LocatedFinding, originals: readonly LocatedFinding[]): boolean {
    const before = (l1: number, c1: number, l2: number, c2: number) => l1 < l2 || (l1 === l2 && c1 < c2);
    const over = originals.find(
      (o) =>
        before(o.line, o.column, decoded.endLine, decoded.endColumn) &&
        before(decoded.line, decoded.column, o.endLine, o.endColumn) &&
        (this.contentRules.find((r) => r.id === o.ruleId)?.supersedes?.includes(decoded.ruleId) ?? false),
    );
    // the pair stands for the token it holds: never below the token's severity (resolveOverlaps)
    if (over) over.severity = higher(over.severity, decoded.severity);
    return over !== undefined;
  }

  /** The findings of one chunk that no inline ignore hides (helpers outside the pipeline: ignored dotenv files). */
  scanChunk(chunk: Chunk): LocatedFinding[] {
    return this.scan(chunk).findings;
  }

  private isAllowedValue(secret: string): boolean {
    return this.options.allowValues?.some((re) => re.test(secret)) ?? false;
  }

  /** Repository rules (.env hygiene, unscanned content) judge a file by facts, not content. */
  checkFile(facts: RepoFileFacts, commit: Finding['commit'] = null): LocatedFinding[] {
    const out: LocatedFinding[] = [];
    for (const rule of this.repositoryRules) {
      if (!rule.check(facts)) continue;
      const name = fileNameOf(facts.path);
      out.push({
        ruleId: rule.id,
        severity: rule.severity,
        message: rule.describeFacts?.(facts) ?? rule.message,
        file: facts.path,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        match: name,
        fingerprint: fingerprint(rule.id, facts.path, rule.fingerprintOf?.(facts) ?? ''),
        commit,
        stillPresent: null,
        fix: rule.fix({ path: facts.path, envVar: '', facts }),
      });
    }
    return out;
  }
}

/**
 * A copy of `s` that shares no memory with the text it was cut from. V8 keeps a slice (or a
 * concatenation of slices) of a string pointing at the whole original: a finding would keep
 * its file's full text alive, and a scan's memory would grow with the tree.
 */
function detach(s: string): string {
  // a JSON round trip copies natively, faster than split/join (the 130,000-token file of
  // test/git/gate-content.test.ts: 0.2 s, not 3.6 s, measured by hand with /usr/bin/time)
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/**
 * Where matches overlap, a rule that supersedes another wins (a basic-auth pair over
 * the token inside it); two matches of one rule keep the longer. The winner is reported at no
 * lower a severity than what it supersedes: a configuration that sets `signalwire-basic-auth`
 * to `info` does not make a token inside a pair an `info`. A pair written over lines (a netrc's
 * `login` line, then its `password` line) is reported at its first line: what it holds on a later
 * line keeps its own finding there, where the secret is.
 */
function resolveOverlaps(candidates: Candidate[], text: string): Candidate[] {
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const dropped = new Set<Candidate>();
  const supersede = (winner: Candidate, loser: Candidate) => {
    winner.holds = higher(higher(loser.rule.severity, loser.holds), winner.holds);
    if (loser.start > winner.start && text.lastIndexOf('\n', loser.start - 1) >= winner.start) loser.heldBy = winner;
    else dropped.add(loser);
  };
  for (let i = 0; i < candidates.length; i++) {
    const a = candidates[i]!;
    for (let j = i + 1; j < candidates.length; j++) {
      const b = candidates[j]!;
      if (b.start >= a.end) break;
      if (a.rule === b.rule) {
        dropped.add(a.end - a.start >= b.end - b.start ? b : a);
      } else if (a.rule.supersedes?.includes(b.rule.id)) supersede(a, b);
      else if (b.rule.supersedes?.includes(a.rule.id)) supersede(b, a);
    }
  }
  return candidates.filter((c) => !dropped.has(c));
}

const SNIPPET_WIDTH = 160;

function snippet(index: LineIndex, text: string, c: RuleMatch, shown: string, redacting: boolean, known: readonly string[]): LocatedFinding['snippet'] {
  const line = index.lineText(c.start);
  const relStart = c.start - line.start;
  const relEnd = Math.min(c.end - line.start, line.text.length);
  const matchText = redacting ? shown : text.slice(c.start, c.start + (relEnd - relStart));
  const room = Math.max(20, Math.floor((SNIPPET_WIDTH - matchText.length) / 2));
  // other credentials on the same line must not slip out through the context: mask before cutting
  let before = redacting ? maskKnownSecrets(maskedBefore(line.text, relStart, room), known) : line.text.slice(0, relStart);
  let after = redacting ? maskKnownSecrets(maskedAfter(line.text, relEnd, room), known) : line.text.slice(relEnd);
  if (before.length > room) before = '…' + before.slice(-room);
  if (after.length > room) after = after.slice(0, room) + '…';
  return { text: before + matchText + after, start: before.length, end: before.length + matchText.length };
}

/** A character no credential-like run contains: masking on either side of it is independent. */
function isRunBoundary(c: number): boolean {
  return !((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47 || c === 61 || c === 45);
}

/**
 * The end of maskCredentials(s.slice(0, end)), long enough for a snippet of `room`: masking
 * restarts cleanly after a boundary character, so only a window before the match is masked
 * (a minified bundle's line can be megabytes long). Same `room` last characters as masking
 * the whole prefix.
 */
function maskedBefore(s: string, end: number, room: number): string {
  let window = 4 * room + 64;
  for (;;) {
    let from = Math.max(0, end - window);
    while (from > 0 && !isRunBoundary(s.charCodeAt(from - 1))) from--;
    const masked = maskCredentials(s.slice(from, end));
    if (from === 0 || masked.length > room) return masked;
    window *= 4;
  }
}

/** The start of maskCredentials(s.slice(start)), long enough for a snippet of `room` (see maskedBefore). */
function maskedAfter(s: string, start: number, room: number): string {
  let window = 4 * room + 64;
  for (;;) {
    let to = Math.min(s.length, start + window);
    while (to < s.length && !isRunBoundary(s.charCodeAt(to))) to++;
    const masked = maskCredentials(s.slice(start, to));
    if (to === s.length || masked.length > room) return masked;
    window *= 4;
  }
}

/**
 * Which of `words` (ASCII, at least two characters, all starting with the same two) occur in
 * `buf`: one search for their common start, each occurrence then compared, instead of one search
 * of the whole buffer per word. Most files hold none: the rules' case-sensitive keywords `PT`,
 * `UFQ` and `UFR` cost three passes over each of them (needsText).
 */
function occurringOf(buf: Buffer, words: readonly string[]): Set<string> {
  const found = new Set<string>();
  const start = words[0]!.slice(0, 2);
  for (let at = buf.indexOf(start); at !== -1 && found.size < words.length; at = buf.indexOf(start, at + 1)) {
    for (const w of words) {
      if (found.has(w) || at + w.length > buf.length) continue;
      let j = 2;
      while (j < w.length && buf[at + j] === w.charCodeAt(j)) j++;
      if (j === w.length) found.add(w);
    }
  }
  return found;
}
