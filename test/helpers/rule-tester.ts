// A RuleTester for swlint's rules, after ESLint's: every example of a rule runs with ALL rules
// on, through both keyword prefilters the pipeline uses (the text's and the bytes' of
// src/scan/unit.ts), and a positive example states where its finding is and what it reports.
// Returned as a list of problems (empty when the rule is right) so that its own test can show
// that a wrong span fails.
import { CONTEXT_KEYWORDS, Engine, type LocatedFinding } from '../../src/engine/engine.js';
import type { ContentRule, RepositoryRule, Rule, RuleExample } from '../../src/types.js';

const EXAMPLE_FIELDS = new Set(['path', 'text', 'count', 'line', 'column', 'secret', 'why']);

/** The keywords found in a chunk, refusing to answer for a word no rule declared (has() would quietly say false). */
class DeclaredKeywords extends Set<string> {
  constructor(
    found: Iterable<string>,
    private readonly declared: ReadonlySet<string>,
  ) {
    super(found);
  }
  override has(keyword: string): boolean {
    // Set's constructor calls add(), never has(): `declared` is set by the time anyone asks
    if (this.declared && !this.declared.has(keyword))
      throw new Error(`keyword "${keyword}" is asked for but declared neither in a rule's keywords nor in CONTEXT_KEYWORDS`);
    return super.has(keyword);
  }
}

export interface RuleTesterOptions {
  /** every rule of the engine (default: only the rule under test plus `rules`) */
  rules: readonly Rule[];
}

export class RuleTester {
  private readonly engine: Engine;
  private readonly declared: Set<string>;
  constructor(private readonly options: RuleTesterOptions) {
    this.engine = new Engine(options.rules, { redact: false });
    this.declared = new Set([...CONTEXT_KEYWORDS, ...this.engine.contentRules.flatMap((r) => r.keywords)].map((k) => k.toLowerCase()));
  }

  /** Every problem with a content rule's examples; empty when all hold. */
  checkContentRule(rule: ContentRule): string[] {
    const problems: string[] = [];
    const seen = new Map<string, string>();
    const all = [...rule.examples.positive.map((e, i) => ['positive', i, e] as const), ...rule.examples.negative.map((e, i) => ['negative', i, e] as const)];
    for (const [kind, i, example] of all) {
      const name = `${rule.id} ${kind} example ${i}`;
      for (const field of Object.keys(example)) if (!EXAMPLE_FIELDS.has(field)) problems.push(`${name}: unknown field "${field}"`);
      const key = `${example.path ?? ''}\0${example.text}`;
      const first = seen.get(key);
      if (first) problems.push(`${name}: duplicates ${first}`);
      else seen.set(key, name);
      problems.push(...(kind === 'positive' ? this.checkPositive(rule, example) : this.checkNegative(rule, example)).map((p) => `${name}: ${p}`));
    }
    return problems;
  }

  /** Every problem with a repository rule's examples. */
  checkRepositoryRule(rule: RepositoryRule): string[] {
    const problems: string[] = [];
    rule.examples.positive.forEach((e, i) => {
      if (!this.engine.checkFile(e.facts).some((f) => f.ruleId === rule.id)) problems.push(`${rule.id} positive example ${i}: does not apply`);
    });
    rule.examples.negative.forEach((e, i) => {
      if (this.engine.checkFile(e.facts).some((f) => f.ruleId === rule.id)) problems.push(`${rule.id} negative example ${i}: applies`);
    });
    return problems;
  }

  checkPositive(rule: ContentRule, example: RuleExample): string[] {
    const problems: string[] = [];
    const pinned = example.line !== undefined || example.column !== undefined || example.secret !== undefined;
    if (example.count === undefined && (example.line === undefined || example.column === undefined || example.secret === undefined))
      problems.push('a positive example states line, column and secret (or count when it holds several matches)');
    if (example.count !== undefined && pinned) problems.push('states both count and a position: use one');
    const runs = this.run(rule, example);
    if ('error' in runs) return [...problems, runs.error];
    for (const [path, findings] of runs.results) {
      if (example.count !== undefined) {
        if (findings.length !== example.count) problems.push(`${path}: ${findings.length} findings, expected ${example.count}${describe(findings)}`);
        continue;
      }
      if (findings.length !== 1) {
        problems.push(`${path}: ${findings.length} findings, expected 1${describe(findings)}`);
        continue;
      }
      const f = findings[0]!;
      if (f.line !== example.line || f.column !== example.column || f.match !== example.secret)
        problems.push(
          `${path}: found ${f.line}:${f.column} ${JSON.stringify(f.match)}, expected ${example.line}:${example.column} ${JSON.stringify(example.secret)}`,
        );
    }
    return problems;
  }

  checkNegative(rule: ContentRule, example: RuleExample): string[] {
    const problems: string[] = [];
    if (example.count !== undefined || example.line !== undefined || example.column !== undefined || example.secret !== undefined)
      problems.push('a negative example states no position or count');
    const runs = this.run(rule, example);
    if ('error' in runs) return [...problems, runs.error];
    for (const [path, findings] of runs.results) if (findings.length) problems.push(`${path}: should find nothing${describe(findings)}`);
    return problems;
  }

  /** The rule's findings on the example through the text prefilter and through the bytes prefilter. */
  private run(rule: ContentRule, example: RuleExample): { results: [string, LocatedFinding[]][] } | { error: string } {
    const chunk = { path: example.path ?? 'example.txt', text: example.text };
    const results: [string, LocatedFinding[]][] = [];
    const collect = (path: string, scan: () => ReturnType<Engine['scan']>): string | null => {
      let result;
      try {
        result = scan();
      } catch (err) {
        return `${path}: ${err instanceof Error ? err.message : String(err)}`;
      }
      if (result.errors.length) return `${path}: rule errors: ${result.errors.map((e) => `${e.ruleId}: ${e.message}`).join('; ')}`;
      results.push([path, [...result.findings, ...result.suppressedInline.map((s) => s.finding)].filter((f) => f.ruleId === rule.id)]);
      return null;
    };
    // text path: the keywords the engine finds in the decoded text (undeclared words are checked on the bytes path)
    const textError = collect('text prefilter', () => this.engine.scan(chunk));
    if (textError) return { error: textError };
    // bytes path (src/scan/unit.ts): keywords from the UTF-8 bytes, and the text decoded only when some rule needs it
    const bytes = Buffer.from(example.text, 'utf8');
    const found = this.engine.keywordsInUtf8(bytes);
    if (!found) return { error: 'bytes prefilter: the byte matcher is unusable with these rules' };
    const strict = new DeclaredKeywords(found, this.declared);
    if (!this.engine.needsText(found, bytes, chunk.path)) results.push(['bytes prefilter', []]);
    else {
      const bytesError = collect('bytes prefilter', () => this.engine.scan(chunk, strict));
      if (bytesError) return { error: bytesError };
    }
    return { results };
  }
}

function describe(findings: readonly LocatedFinding[]): string {
  return findings.length ? `: ${findings.map((f) => `${f.line}:${f.column} ${JSON.stringify(f.match)}`).join(', ')}` : '';
}
