// Every rule's own examples: positives must be found by that rule, negatives must not
// produce a finding of any rule at error or warning level... of that rule.
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { Engine } from '../src/engine/engine.js';
import type { ContentRule, RepositoryRule } from '../src/types.js';

const engine = new Engine(RULES, { redact: true });
const contentRules = RULES.filter((r): r is ContentRule => r.kind === 'content');
const repositoryRules = RULES.filter((r): r is RepositoryRule => r.kind === 'repository');

describe.each(contentRules.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
  it.each(rule.examples.positive.map((e, i) => [i, e] as const))('finds positive example %i', (_i, example) => {
    const findings = engine.scan({ path: example.path ?? 'example.txt', text: example.text }).findings.filter((f) => f.ruleId === rule.id);
    if (example.count !== undefined) expect(findings).toHaveLength(example.count);
    else expect(findings.length, `${rule.id} should find: ${example.why ?? example.text}`).toBeGreaterThan(0);
  });
  it.each(rule.examples.negative.map((e, i) => [i, e] as const))('stays silent on negative example %i', (_i, example) => {
    const findings = engine.scan({ path: example.path ?? 'example.txt', text: example.text }).findings.filter((f) => f.ruleId === rule.id);
    expect(findings.map((f) => `${f.line}:${f.column} ${f.match}`), example.why ?? example.text).toEqual([]);
  });
});

describe.each(repositoryRules.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
  it.each(rule.examples.positive.map((e, i) => [i, e] as const))('applies to positive example %i', (_i, example) => {
    expect(engine.checkFile(example.facts).map((f) => f.ruleId)).toContain(rule.id);
  });
  it.each(rule.examples.negative.map((e, i) => [i, e] as const))('does not apply to negative example %i', (_i, example) => {
    expect(engine.checkFile(example.facts).map((f) => f.ruleId)).not.toContain(rule.id);
  });
});
