// SARIF: valid against the official OASIS schema shipped in schema/, and shaped the way
// GitHub code scanning needs (unique rules, security-severity, fingerprints, categories).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { RULES } from '../../rules/index.js';
import { formatSarif, securitySeverity } from '../../src/report/sarif.js';
import { COMMIT, sampleResult } from './helpers.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/sarif-2.1.0.json', import.meta.url), 'utf8')) as object;
// CommonJS packages: under NodeNext the default import is module.exports, whose `default` is the export
const ajv = new AjvDraft04.default({ allErrors: true });
ajvFormats.default(ajv);
const validate = ajv.compile(schema);

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  properties: { tags: string[]; precision?: string; 'security-severity': string };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Record<string, number> } }[];
  partialFingerprints: Record<string, string>;
  properties?: Record<string, unknown>;
}
interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: SarifRule[] } };
    automationDetails: { id: string };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: SarifResult[];
  }[];
}

function parse(text: string): SarifLog {
  return JSON.parse(text) as SarifLog;
}

function expectValid(text: string) {
  const ok = validate(JSON.parse(text));
  expect(ok, ajv.errorsText(validate.errors, { separator: '\n' })).toBe(true);
}

describe('sarif report', () => {
  it.each(['scan', 'history', 'diff', 'staged'] as const)('is valid SARIF 2.1.0 in %s mode', (mode) => {
    const { result } = sampleResult({ mode });
    expect(result.findings.length).toBeGreaterThanOrEqual(4);
    expectValid(formatSarif(result, { srcRoot: '/repo' }));
  });

  it('the validator rejects what code scanning would reject', () => {
    const log = JSON.parse(formatSarif(sampleResult().result)) as { runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.level = 'critical';
    expect(validate(log)).toBe(false);
    expect(validate({ version: '2.1.0' })).toBe(false);
  });

  it('is valid with no findings, skipped files or warnings', () => {
    const { result } = sampleResult();
    const empty = { ...result, findings: [], skipped: [], warnings: [] };
    expectValid(formatSarif(empty));
    expect(parse(formatSarif(empty)).runs[0]!.results).toEqual([]);
  });

  it('lists every rule that ran exactly once, with what code scanning shows', () => {
    const { result } = sampleResult();
    const twice = { ...result, findings: [...result.findings, ...result.findings] };
    const run = parse(formatSarif(twice)).runs[0]!;
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(RULES.map((r) => r.id).sort());
    for (const r of run.tool.driver.rules) {
      const rule = RULES.find((x) => x.id === r.id)!;
      expect(r.shortDescription.text).toBe(rule.message);
      expect(r.fullDescription.text).toBe(rule.description);
      expect(r.help.text.length).toBeGreaterThan(40);
      expect(r.help.markdown).toContain('**Fix**');
      expect(r.properties.tags).toContain('security');
      expect(r.properties.precision).toBe(rule.precision);
      const sev = r.properties['security-severity'];
      expect(sev).toMatch(/^\d{1,2}\.\d$/);
      expect(Number(sev)).toBeGreaterThan(0);
      expect(Number(sev)).toBeLessThanOrEqual(10);
    }
  });

  it('lists only the selected rules plus any rule with results when --rule/--disable narrow the run', () => {
    const { result } = sampleResult();
    const run = parse(formatSarif(result, { rules: ['signalwire-api-token'] })).runs[0]!;
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(ids[0]).toBe('signalwire-api-token');
    expect(new Set(ids)).toEqual(new Set(result.findings.map((f) => f.ruleId).concat('signalwire-api-token')));
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
  });

  it('describes a rule that is not in the registry (a custom rule from the config) from its findings', () => {
    const { result } = sampleResult();
    const custom = { ...result.findings[0]!, ruleId: 'acme-legacy-key', message: 'Hard-coded ACME key', fix: 'Use the vault.' };
    const text = formatSarif({ ...result, findings: [custom, { ...custom, line: 9 }] });
    expectValid(text);
    const run = parse(text).runs[0]!;
    const rules = run.tool.driver.rules.filter((r) => r.id === 'acme-legacy-key');
    expect(rules).toHaveLength(1);
    expect(rules[0]!.shortDescription.text).toBe('Hard-coded ACME key');
    expect(run.results.every((r) => run.tool.driver.rules[r.ruleIndex]!.id === 'acme-legacy-key')).toBe(true);
  });

  it('ranks live credentials critical or high and context values medium', () => {
    const byId = Object.fromEntries(RULES.map((r) => [r.id, Number(securitySeverity(r))]));
    expect(byId['signalwire-api-token']).toBeGreaterThan(9);
    expect(byId['signalwire-signing-key']).toBeGreaterThan(9);
    expect(byId['signalwire-public-env-exposure']).toBeGreaterThanOrEqual(7);
    expect(byId['signalwire-project-id']).toBeLessThan(7);
    expect(byId['signalwire-space-url']).toBeLessThan(7);
  });

  it('writes results with level, repo-relative escaped URIs, regions and our fingerprint', () => {
    const { result, token } = sampleResult();
    const text = formatSarif(result, { srcRoot: '/repo' });
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.slice(2, 40));
    const run = parse(text).runs[0]!;
    expect(run.automationDetails.id).toBe('swlint/scan/');
    expect(run.originalUriBaseIds['%SRCROOT%']!.uri).toBe('file:///repo/');
    for (const r of run.results) {
      const f = result.findings.find((x) => x.fingerprint === r.partialFingerprints['swlint/v1'])!;
      expect(f).toBeDefined();
      expect(r.ruleId).toBe(f.ruleId);
      expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
      expect(r.level).toBe(f.severity === 'info' ? 'note' : f.severity);
      expect(r.message.text).toContain(f.match);
      expect(r.message.text).toContain(f.fix);
      expect(r.locations).toHaveLength(1);
      expect(r.locations[0]!.physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(r.locations[0]!.physicalLocation.region.startLine).toBe(f.line);
      expect(r.properties).toBeUndefined();
    }
    const uris = run.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris).toContain('config/dir%20with%20space/a%2Cb%3Ac%25.js');
    const token2 = run.results.find((r) => r.locations[0]!.physicalLocation.artifactLocation.uri.startsWith('config/'))!;
    expect(token2.locations[0]!.physicalLocation.region).toEqual({ startLine: 2, startColumn: 14, endLine: 2, endColumn: 64 });
    // a whole-file finding (.env tracked) has no columns
    const env = run.results.find((r) => r.ruleId === 'dotenv-committed')!;
    expect(env.locations[0]!.physicalLocation.region).toEqual({ startLine: 1 });
  });

  it('re-bases paths onto the repository root when a subdirectory was scanned', () => {
    const { result } = sampleResult({ root: '/repo/packages/api' });
    const run = parse(formatSarif(result, { srcRoot: '/repo' })).runs[0]!;
    const uris = run.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris).toContain('packages/api/src/app.js');
    expect(uris.every((u) => u.startsWith('packages/api/'))).toBe(true);
  });

  it('carries the commit in result properties in git modes, and separates the run category', () => {
    const { result } = sampleResult({ mode: 'history' });
    const run = parse(formatSarif(result)).runs[0]!;
    expect(run.automationDetails.id).toBe('swlint/history/');
    const r = run.results.find((x) => x.ruleId === 'signalwire-api-token')!;
    expect(r.properties).toMatchObject({ commit: COMMIT.sha, commitMessage: COMMIT.message, commitAuthor: COMMIT.author, commitDate: COMMIT.date });
    expect(typeof r.properties!.stillPresent).toBe('boolean');
    expect(r.message.text).toContain(COMMIT.sha.slice(0, 12));
    expect(parse(formatSarif(sampleResult({ mode: 'diff' }).result)).runs[0]!.automationDetails.id).toBe('swlint/diff/');
  });

  it('shows the secret only when the findings were not redacted (--no-redact)', () => {
    const { result, token } = sampleResult({ redact: false });
    expect(formatSarif(result)).toContain(token);
  });
});
