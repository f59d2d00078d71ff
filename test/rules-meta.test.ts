// The registry and rules/ agree, and every rule carries what users and reporters rely on.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';

const files = readdirSync(new URL('../rules/', import.meta.url))
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

const CONTRACT_IDS = [
  'signalwire-api-token',
  'signalwire-signing-key',
  'signalwire-personal-access-token',
  'signalwire-basic-auth',
  'signalwire-public-env-exposure',
  'signalwire-client-token',
  'signalwire-project-id',
  'signalwire-space-url',
  'signalwire-insecure-http',
  'dotenv-not-ignored',
  'dotenv-committed',
];

describe('rule registry', () => {
  it('lists exactly the modules in rules/, each under its file name', () => {
    expect(RULES.map((r) => r.id).sort()).toEqual(files);
  });

  it('holds every rule id of the contract', () => {
    for (const id of CONTRACT_IDS) expect(RULES.map((r) => r.id)).toContain(id);
  });

  it.each(RULES.map((r) => [r.id, r] as const))('%s has metadata, a fix and examples both ways', (_id, rule) => {
    expect(rule.message.length).toBeGreaterThan(10);
    expect(rule.description.length).toBeGreaterThan(40);
    expect(rule.fix({ path: 'src/app.py', envVar: 'SIGNALWIRE_API_TOKEN' }).length).toBeGreaterThan(30);
    expect(rule.examples.positive.length).toBeGreaterThanOrEqual(2);
    expect(rule.examples.negative.length).toBeGreaterThanOrEqual(2);
    if (rule.kind === 'content') for (const k of rule.keywords) expect(k).toBe(k.toLowerCase());
  });

  it('uses the default severities of the contract', () => {
    const sev = Object.fromEntries(RULES.map((r) => [r.id, r.severity]));
    expect(sev).toMatchObject({
      'signalwire-api-token': 'error',
      'signalwire-signing-key': 'error',
      'signalwire-personal-access-token': 'error',
      'signalwire-basic-auth': 'error',
      'signalwire-public-env-exposure': 'error',
      'signalwire-client-token': 'warning',
      'signalwire-project-id': 'warning',
      'signalwire-space-url': 'warning',
      'signalwire-insecure-http': 'warning',
      'dotenv-not-ignored': 'error',
      'dotenv-committed': 'error',
    });
  });
});
