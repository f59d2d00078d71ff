// Every rule's own examples through the RuleTester (test/helpers/rule-tester.ts), with all rules
// on: positives are found where they say, with the secret they say, through both keyword
// prefilters; negatives produce no finding of that rule. Each credential rule also finds a
// synthetic value in every common syntax (test/helpers/syntaxes.ts).
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import type { ContentRule, RepositoryRule, RuleExample } from '../src/types.js';
import { RuleTester } from './helpers/rule-tester.js';
import { inCommonSyntaxes } from './helpers/syntaxes.js';
import { fakeAlnum, fakeProjectId, fakeToken } from './helpers/secrets.js';

const tester = new RuleTester({ rules: RULES });
const contentRules = RULES.filter((r): r is ContentRule => r.kind === 'content');
const repositoryRules = RULES.filter((r): r is RepositoryRule => r.kind === 'repository');
const byId = (id: string) => contentRules.find((r) => r.id === id)!;

describe.each(contentRules.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
  it('holds no duplicate example and no unknown field', () => {
    const problems = tester.checkContentRule(rule).filter((p) => /duplicates|unknown field/.test(p));
    expect(problems).toEqual([]);
  });
  it.each(rule.examples.positive.map((e, i) => [i, e] as const))('finds positive example %i where it says', (_i, example) => {
    expect(tester.checkPositive(rule, example), example.why ?? example.text).toEqual([]);
  });
  it.each(rule.examples.negative.map((e, i) => [i, e] as const))('stays silent on negative example %i', (_i, example) => {
    expect(tester.checkNegative(rule, example), example.why ?? example.text).toEqual([]);
  });
});

// credential rules: one synthetic value of the rule's format, assigned to the name it is usually kept under
const clientTokenExample = byId('signalwire-client-token').examples.positive[0]!;
const CREDENTIALS: [string, string, () => string][] = [
  ['signalwire-api-token', 'SIGNALWIRE_API_TOKEN', fakeToken],
  ['signalwire-signing-key', 'SIGNALWIRE_SIGNING_KEY', () => 'PSK_' + fakeAlnum(24)],
  ['signalwire-personal-access-token', 'SIGNALWIRE_PAT', () => 'pat_' + fakeAlnum(24)],
  ['signalwire-project-id', 'SIGNALWIRE_PROJECT_ID', fakeProjectId],
  ['signalwire-client-token', 'SIGNALWIRE_CLIENT_TOKEN', () => clientTokenExample.secret!],
];

describe.each(CREDENTIALS)('%s in the common syntaxes', (id, name, value) => {
  it.each(inCommonSyntaxes(name, value()).map((e) => [e.path!, e] as const))('%s', (_path, example: RuleExample) => {
    expect(tester.checkPositive(byId(id), example)).toEqual([]);
  });
});

describe.each(repositoryRules.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
  it('applies to its positive examples and not to its negatives', () => {
    expect(tester.checkRepositoryRule(rule)).toEqual([]);
  });
});
