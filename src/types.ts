import type { CredentialRef } from './inventory/credential.js';
import type { LineIndex } from './engine/locate.js';
import type { Credential } from './inventory/inventory.js';

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

export type Mode = 'scan' | 'history' | 'staged' | 'diff';

/** The commit a finding is attributed to (git modes only). */
export interface CommitInfo {
  sha: string;
  author: string;
  email: string;
  /** ISO 8601 */
  date: string;
  /** first line of the commit message */
  message: string;
}

/** A piece of text handed to the engine with where it came from. */
export interface Chunk {
  /** repository- or root-relative path with forward slashes */
  path: string;
  text: string;
  commit?: CommitInfo;
}

/** What a content rule reports: a range in the chunk text and the secret behind it. */
export interface RuleMatch {
  start: number;
  end: number;
  /** the credential value itself; hashed into the fingerprint and redacted for display */
  secret: string;
  /** overrides the rule's message when the match needs a more precise one */
  message?: string;
  /** name of the environment variable the fix should read from */
  envVar?: string;
  /** how to show the match when redacting, if not redact(secret) (e.g. `http://acme….com`) */
  redactedDisplay?: string;
  /** why the value reads as an example (src/detect/documentation.ts drops it in documentation) */
  example?: string;
  /**
   * Where the value's last piece ends, when it is assembled from pieces after the reported one
   * (`'PT…' +` on one line, the rest on the next): a change that adds any of their lines adds the value.
   */
  reachesTo?: number;
}

/** Everything a content rule's detect function may look at. */
export interface DetectInput {
  readonly text: string;
  /** the chunk's one line index (offsets ↔ lines), built on first use */
  readonly lineIndex: LineIndex;
  readonly path: string;
  /**
   * Whether a keyword occurs in the text (any case). Known for every rule keyword and for
   * the context words signalwire, swire, sw_, twilio, laml, basic; one pass finds them all.
   */
  has(keyword: string): boolean;
  /**
   * A value computed once per chunk and kept with it: shared matchers (token candidates, hosts)
   * memoise here, keyed by an object of their own, so that several rules do not rescan the text.
   */
  memo<T>(key: object, compute: () => T): T;
  /**
   * The text's maximal runs of at least `min` base64 characters (letters, digits, `+/_-`), as
   * (start, end) pairs, when the byte pass already found them at these offsets; else absent.
   */
  readonly base64Runs?: { readonly min: number; readonly pairs: readonly number[] } | null;
  /**
   * Where a keyword (lower case) starts in the text, in any case, ascending, when the byte pass
   * already found them at these offsets; else null (search the text).
   */
  keywordStarts?(keyword: string): readonly number[] | null;
}

export interface RuleExample {
  /** file name the example pretends to live in (drives language-specific behaviour) */
  path?: string;
  text: string;
  /** for positives with several matches: how many this rule must report (instead of line/column/secret) */
  count?: number;
  /** for positives with one match: where it starts (1-based line and column) and the credential it reports */
  line?: number;
  column?: number;
  secret?: string;
  /** why this example exists (shown when it fails) */
  why?: string;
}

export interface FixInput {
  path: string;
  envVar: string;
  /** the scanned text and the finding's offset in it (content rules): the format of the file can depend on it */
  text?: string;
  offset?: number;
  /** the chunk's memo (DetectInput.memo): facts about `text` worked out once for all its findings */
  memo?: DetectInput['memo'];
  /** the file's facts (repository rules) */
  facts?: RepoFileFacts;
}

interface RuleBase {
  id: string;
  severity: Severity;
  /** short statement of what was found (the finding's message) */
  message: string;
  /** why it matters, one or two sentences */
  description: string;
  /** precision for SARIF and for users deciding how much to trust it */
  precision: 'very-high' | 'high' | 'medium';
  /** the fix, written as actions; depends on the file's language */
  fix(input: FixInput): string;
  /** only in these modes (default: all) */
  modes?: readonly Mode[];
}

export interface ContentRule extends RuleBase {
  kind: 'content';
  /**
   * lower-case literals; the rule runs on a chunk only if one of them occurs in it (any
   * case), or one of `caseSensitiveKeywords` does exactly. No keywords at all: always run.
   */
  keywords: readonly string[];
  caseSensitiveKeywords?: readonly string[];
  /** also run on files whose path matches, whatever their content (e.g. bundler configs) */
  paths?: RegExp;
  /** rules whose overlapping matches this rule's match replaces (it is more specific) */
  supersedes?: readonly string[];
  /** default environment variable for the fix */
  envVar: string;
  /**
   * What is left to do once HEAD no longer holds the value, or when it is in a commit or tag
   * message: the code needs no change, the credential needs rotating (history and diff put this
   * after a line saying where the value still is). Absent: the finding keeps `fix`.
   */
  historyOnlyFix?: string;
  /** inline ignores, allowlists and baselines do not apply (it reports suppressions themselves) */
  unsuppressible?: boolean;
  /**
   * The rule may tell characters outside ASCII apart (a custom rule's regex can name one): the
   * pipeline then reads real text only, never stand-in text (src/scan/stand-ins.ts). The built-in
   * rules treat all of them alike.
   */
  tellsNonAsciiApart?: boolean;
  /**
   * Whether detect may report anything in the text of these UTF-8 bytes, asked before the text
   * is decoded: false only when detect would return nothing (a rule whose keyword occurs by
   * chance, as `eyj` does in minified code and inline images). When no rule that would run may
   * match, the bytes are not decoded at all (Engine.needsText). Absent: may match.
   */
  mayMatchBytes?(bytes: Buffer): boolean;
  detect(input: DetectInput): RuleMatch[];
  examples: { positive: RuleExample[]; negative: RuleExample[] };
}

/** Facts about one file that repository rules judge (no content). */
export interface RepoFileFacts {
  path: string;
  /** tracked by git (in the index) */
  tracked: boolean;
  /** matched by .gitignore / info/exclude */
  ignored: boolean;
  /** inside a git repository at all */
  inRepo: boolean;
  /** a symbolic link: git holds the path it points to, not the content */
  symlink?: boolean;
  /** what ships the file although git ignores it (src/scan/shipping.ts): a Docker build context, an npm package */
  shippedBy?: readonly ('docker' | 'npm')[];
  /** the content could not be scanned (too large, unreadable): why */
  /** `version`: the git object id of the content that was not scanned (it keys the finding) */
  unscanned?: { reason: string; detail?: string; version?: string };
  /** history: the file at HEAD — still tracked there, and ignored by HEAD's `.gitignore` files (the fix depends on both) */
  head?: { tracked: boolean; ignored: boolean };
}

export interface RepoRuleExample {
  facts: RepoFileFacts;
  why?: string;
}

export interface RepositoryRule extends RuleBase {
  kind: 'repository';
  /** true when the rule applies to this file */
  check(facts: RepoFileFacts): boolean;
  /** the finding's message when it depends on the facts (default: `message`) */
  describeFacts?(facts: RepoFileFacts): string;
  /** what, besides the rule and the path, the finding's fingerprint is derived from (default: nothing) */
  fingerprintOf?(facts: RepoFileFacts): string;
  examples: { positive: RepoRuleExample[]; negative: RepoRuleExample[] };
}

export type Rule = ContentRule | RepositoryRule;

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** redacted unless --no-redact */
  match: string;
  fingerprint: string;
  commit: CommitInfo | null;
  stillPresent: boolean | null;
  fix: string;
  /** credential inventory (src/inventory): which credential this is; reporters print only its id */
  credential?: CredentialRef;
}

export interface Skipped {
  file: string;
  reason: string;
  detail?: string;
}

export interface Summary {
  files: number;
  bytes: number;
  commits: number;
  findings: number;
  durationMs: number;
  /** present (and true) only when --timeout stopped the scan before it was done */
  incomplete?: true;
}

export interface ScanResult {
  mode: Mode;
  root: string;
  findings: Finding[];
  skipped: Skipped[];
  summary: Summary;
  /** credential inventory: one entry per distinct secret (src/inventory) */
  credentials?: Credential[];
  /** findings hidden, by what hid them (issue 12.6: shown in every format) */
  suppressed?: Suppressed;
  /** files left out by allowlist.paths / .swlintignore (not scanned; not in `skipped`) */
  allowlisted?: string[];
  /** --report-stale: baseline entries that matched nothing (redacted) */
  stale?: StaleEntry[];
}

export interface Suppressed {
  inline: number;
  allowlist: number;
  baseline: number;
}

export interface StaleEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
  /** redacted */
  match: string;
  /** the baseline file it is in */
  baseline: string;
}
