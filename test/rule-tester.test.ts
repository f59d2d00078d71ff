// The RuleTester itself: it must fail a rule whose examples are wrong in each way it claims to check.
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import type { ContentRule, DetectInput, RuleMatch } from '../src/types.js';
import { RuleTester } from './helpers/rule-tester.js';
import { inCommonSyntaxes } from './helpers/syntaxes.js';
import { fakeProjectId, fakeToken } from './helpers/secrets.js';

const TOKEN = fakeToken();
const text = `const client = RestClient(projectId, '${TOKEN}');`;

/** A small rule reporting every `PT` + 48 hex, whose examples each test varies. */
function tokenRule(overrides: Partial<ContentRule> = {}, detect?: (input: DetectInput) => RuleMatch[]): ContentRule {
  return {
    kind: 'content',
    id: 'test-token',
    severity: 'error',
    precision: 'high',
    message: 'A token',
    description: 'A token in the code, found by a rule made for the RuleTester test.',
    keywords: ['restclient'],
    envVar: 'TEST_TOKEN',
    fix: () => 'Read it from the environment.',
    detect: detect ?? ((input) => [...input.text.matchAll(/PT[0-9a-f]{48}/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, secret: m[0] }))),
    examples: {
      positive: [{ path: 'send.js', text, line: 1, column: 39, secret: TOKEN }],
      negative: [{ path: 'send.js', text: 'const client = RestClient(id, token);' }],
    },
    ...overrides,
  };
}

const check = (rule: ContentRule) => new RuleTester({ rules: [rule] }).checkContentRule(rule);

describe('RuleTester', () => {
  it('passes a rule whose examples are right', () => {
    expect(check(tokenRule())).toEqual([]);
  });

  it('fails a positive example whose column is wrong', () => {
    const rule = tokenRule({ examples: { positive: [{ path: 'send.js', text, line: 1, column: 38, secret: TOKEN }], negative: [] } });
    expect(check(rule).join('\n')).toMatch(/found 1:39 .*, expected 1:38/);
  });

  it('fails a rule that reports the wrong span (the token with its quote)', () => {
    const sloppy = tokenRule({}, (input) =>
      [...input.text.matchAll(/'PT[0-9a-f]{48}/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, secret: m[0].slice(1) })),
    );
    const problems = check(sloppy);
    // both prefilter paths report it
    expect(problems.filter((p) => /found 1:38 .*, expected 1:39/.test(p))).toHaveLength(2);
  });

  it('fails a positive example whose secret is not what the rule reports', () => {
    const rule = tokenRule({ examples: { positive: [{ path: 'send.js', text, line: 1, column: 39, secret: TOKEN.slice(0, 10) }], negative: [] } });
    expect(check(rule).join('\n')).toContain('expected 1:39');
  });

  it('fails a positive example that states no position, or both a position and a count', () => {
    expect(check(tokenRule({ examples: { positive: [{ path: 'send.js', text }], negative: [] } })).join('\n')).toContain('states line, column and secret');
    expect(check(tokenRule({ examples: { positive: [{ path: 'send.js', text, count: 1, line: 1 }], negative: [] } })).join('\n')).toContain(
      'both count and a position',
    );
  });

  it('counts the matches of a multi-match example', () => {
    const two = `${text}\n${text.replace(TOKEN, fakeToken())}`;
    expect(check(tokenRule({ examples: { positive: [{ path: 'send.js', text: two, count: 2 }], negative: [] } }))).toEqual([]);
    expect(check(tokenRule({ examples: { positive: [{ path: 'send.js', text: two, count: 3 }], negative: [] } })).join('\n')).toContain(
      '2 findings, expected 3',
    );
  });

  it('fails a negative example the rule fires on', () => {
    expect(check(tokenRule({ examples: { positive: [], negative: [{ path: 'send.js', text }] } })).join('\n')).toContain('should find nothing');
  });

  it('rejects duplicate examples, also across positives and negatives', () => {
    const rule = tokenRule();
    rule.examples.negative.push({ path: 'send.js', text });
    expect(check(rule).join('\n')).toContain('duplicates test-token positive example 0');
  });

  it('rejects unknown fields', () => {
    const example = { path: 'send.js', text, line: 1, column: 39, secret: TOKEN, colum: 39 };
    expect(check(tokenRule({ examples: { positive: [example], negative: [] } })).join('\n')).toContain('unknown field "colum"');
  });

  it('fails a rule that asks for a keyword it did not declare', () => {
    const undeclared = tokenRule({}, (input) => (input.has('restclient') && input.has('projectid') ? [] : []));
    expect(check(undeclared).join('\n')).toContain('keyword "projectid" is asked for but declared neither');
  });

  it('fails a rule whose keywords miss its examples (the bytes path skips the text)', () => {
    // the prefilter skips the rule when none of its keywords is in the text: the example is silently not found
    expect(check(tokenRule({ keywords: ['signalwire'] })).join('\n')).toMatch(/text prefilter: 0 findings, expected 1[\s\S]*bytes prefilter: 0 findings/);
  });

  it('runs every other rule alongside: a rule that loses its span to a more specific one fails', () => {
    // the basic-auth rule supersedes a token inside a user:token pair
    const pair = `curl -u ${fakeProjectId()}:${TOKEN} https://example.signalwire.com/api`;
    const rule = tokenRule({
      id: 'signalwire-api-token',
      keywords: ['curl'],
      examples: { positive: [{ path: 'check.sh', text: pair, line: 1, column: 46, secret: TOKEN }], negative: [] },
    });
    expect(check(rule)).toEqual([]);
    const others = RULES.filter((r) => r.id !== rule.id);
    expect(new RuleTester({ rules: [...others, rule] }).checkContentRule(rule).join('\n')).toContain('0 findings, expected 1');
  });
});

describe('inCommonSyntaxes', () => {
  it('states where the secret is in each syntax', () => {
    const samples = inCommonSyntaxes('SIGNALWIRE_API_TOKEN', TOKEN);
    expect(samples.map((s) => s.path)).toEqual([
      'config.json',
      'config.yml',
      '.env',
      'settings.ini',
      'config.toml',
      'src/client.js',
      'settings.py',
      'main.go',
      'deploy.sh',
      'app.config.xml',
      'CMakeLists.txt',
      'conf.d/signalwire.fish',
      '.cshrc',
      'src/app/config.clj',
    ]);
    for (const s of samples) {
      const line = s.text.split('\n')[s.line! - 1]!;
      expect(line.slice(s.column! - 1, s.column! - 1 + TOKEN.length)).toBe(TOKEN);
    }
  });
});
