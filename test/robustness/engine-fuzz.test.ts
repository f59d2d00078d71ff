// Property-based checks: random and mutated text, near-miss tokens and long lines never make
// a rule throw, never hang, and every finding stays inside the text with a redacted match.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
// ajv is CommonJS: under NodeNext the class is the default export's `default`
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { run } from './helpers.js';
import { RULES } from '../../rules/index.js';
import { Engine } from '../../src/engine/engine.js';
import { LineIndex } from '../../src/engine/locate.js';
import type { ContentRule } from '../../src/types.js';

const engine = new Engine(RULES, { redact: true });
const contentRules = RULES.filter((r): r is ContentRule => r.kind === 'content');

// fragments that sit close to real credential shapes, to steer random text near the rules' edges
const NEAR_MISSES = [
  'PT',
  'PT0123',
  'PTf37405b43e131d1af24108e88f27ce60f28e9d0d479243e',
  'PTf37405b43e131d1af24108e88f27ce60f28e9d0d479243ed',
  'PSK_',
  'PSK_FfltcVgYCEtLwo76LH3E6GL',
  'pat_',
  'pat_hpOPbGm8UGRC3oa67oJJa1T',
  'eyJ',
  'eyJ0eXAiOiJWUlQi',
  '.',
  '..',
  '9f867bb9-842a-44a2-9daf-3cb480ce962',
  '9f867bb9-842a-44a2-9daf-3cb480ce9628',
  ':',
  '@',
  '%3A',
  '%40',
  '\\n',
  '"',
  "'",
  '`',
  'signalwire',
  'SIGNALWIRE_API_TOKEN=',
  '.signalwire.com',
  'http://',
  'https://',
  'Basic ',
  'curl -u ',
  'VITE_SIGNALWIRE_TOKEN=',
  'RestClient(',
  "', '",
  'UFR',
  'UFQ',
  '[signalwire]\n',
  '\r\n',
  '\r',
  '\n',
  ' ',
  '\t',
  '\u00e9',
  '\ud83d\ude00',
  '\ufeff',
  '\u0000',
  'swlint-ignore',
  '# gitleaks:allow',
  '{{',
  '}}',
  '${',
  '<',
  '>',
  'x'.repeat(300),
];

const nearMissText = fc
  .array(fc.oneof(fc.constantFrom(...NEAR_MISSES), fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 10 })), { maxLength: 60 })
  .map((parts) => parts.join(''));

const paths = fc.constantFrom('a.js', 'b.py', '.env', 'vite.config.ts', 'c.yml', 'package.json', '.swlintrc.json', 'x.ipynb', 'Dockerfile');

describe('engine on random text', () => {
  it('never throws, keeps findings inside the text and redacts them', () => {
    fc.assert(
      fc.property(nearMissText, paths, (text, path) => {
        const { findings, errors } = engine.scan({ path, text });
        const lines = text.split(/\r\n|\r|\n/).length;
        for (const f of findings) {
          expect(f.line).toBeGreaterThanOrEqual(1);
          expect(f.line).toBeLessThanOrEqual(lines);
          expect(f.endLine).toBeGreaterThanOrEqual(f.line);
          expect(f.column).toBeGreaterThanOrEqual(1);
          // redacted: no long run of the secret survives (suppression-added shows the directive, not a secret)
          if (f.ruleId !== 'swlint-suppression-added') expect(f.match).not.toMatch(/[A-Za-z0-9+/]{12,}/);
          expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
        }
        expect(errors).toEqual([]);
      }),
      { numRuns: 1500 },
    );
  });

  it('each rule alone survives arbitrary unicode', () => {
    for (const rule of contentRules) {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
          const lower = text.toLowerCase();
          const memos = new Map<object, unknown>();
          const memo = <T>(key: object, compute: () => T): T => (memos.has(key) ? (memos.get(key) as T) : (memos.set(key, compute()), memos.get(key) as T));
          const input = {
            text,
            path: 'f.txt',
            get lower() {
              return lower;
            },
            has: (k: string) => lower.includes(k),
            memo,
            lineIndex: new LineIndex(text),
          };
          for (const m of rule.detect(input)) {
            expect(m.start).toBeGreaterThanOrEqual(0);
            expect(m.end).toBeLessThanOrEqual(text.length);
          }
        }),
        { numRuns: 300 },
      );
    }
  });

  it('finishes a 2 MB line of near-matches (termination, not timing: timing lives in the bench)', () => {
    const unit = 'PTf37405b43e131d1af24108e88f27ce60f28e9d0d479243e 9f867bb9-842a-44a2-9daf-3cb480ce962: signalwire.com eyJ0eXAiOiJWUlQi. ';
    const text = unit.repeat(Math.ceil((2 * 1024 * 1024) / unit.length));
    const findings = engine.scan({ path: 'big.js', text }).findings;
    expect(Array.isArray(findings)).toBe(true);
  });
});

// Contract v1 of `--format json` (shared/contract.md), as a schema: every field, its type, nothing else.
const COMMIT = {
  type: 'object',
  required: ['sha', 'author', 'email', 'date', 'message'],
  additionalProperties: false,
  properties: { sha: { type: 'string' }, author: { type: 'string' }, email: { type: 'string' }, date: { type: 'string' }, message: { type: 'string' } },
};
const VERIFICATION = {
  type: 'object',
  required: ['status', 'checkedAt'],
  additionalProperties: false,
  properties: { status: { enum: ['live', 'invalid', 'unknown'] }, checkedAt: { type: ['string', 'null'] }, reason: { type: 'string' } },
};
const CREDENTIAL = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'kind',
    'match',
    'severity',
    'rules',
    'space',
    'project',
    'firstExposure',
    'locations',
    'stillPresent',
    'presentIn',
    'exposure',
    'verification',
    'remediation',
  ],
  properties: {
    id: { type: 'string', pattern: '^swc_[0-9a-f]{24}$' },
    kind: { enum: ['api-token', 'signing-key', 'personal-access-token', 'client-token'] },
    match: { type: 'string' },
    severity: { enum: ['error', 'warning', 'info'] },
    rules: { type: 'array', items: { type: 'string' } },
    space: { type: ['string', 'null'] },
    project: { type: ['string', 'null'] },
    firstExposure: { type: ['object', 'null'] },
    locations: { type: 'array', minItems: 1 },
    stillPresent: { type: ['boolean', 'null'] },
    presentIn: { type: 'array', items: { type: 'string' } },
    exposure: { type: 'array', items: { enum: ['committed', 'history-only', 'staged', 'working-tree', 'browser-bundle', 'docker-context'] } },
    verification: { oneOf: [{ type: 'null' }, VERIFICATION] },
    remediation: {
      type: 'array',
      items: { type: 'object', required: ['id', 'text'], additionalProperties: false, properties: { id: { type: 'string' }, text: { type: 'string' } } },
    },
  },
};
const CONTRACT_V1 = {
  type: 'object',
  required: ['version', 'tool', 'mode', 'root', 'findings', 'skipped', 'summary'],
  additionalProperties: false,
  properties: {
    version: { const: 1 },
    tool: { type: 'object', required: ['name', 'version'], properties: { name: { const: 'swlint' }, version: { type: 'string' } } },
    mode: { enum: ['scan', 'history', 'staged', 'diff'] },
    root: { type: 'string', pattern: '^/' },
    findings: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['ruleId', 'severity', 'message', 'file', 'line', 'column', 'endLine', 'endColumn', 'match', 'fingerprint', 'commit', 'stillPresent', 'fix'],
        properties: {
          ruleId: { type: 'string' },
          severity: { enum: ['error', 'warning', 'info'] },
          message: { type: 'string' },
          file: { type: 'string', not: { pattern: '\\\\' } },
          line: { type: 'integer', minimum: 1 },
          column: { type: 'integer', minimum: 1 },
          endLine: { type: 'integer', minimum: 1 },
          endColumn: { type: 'integer', minimum: 1 },
          match: { type: 'string' },
          fingerprint: { type: 'string', pattern: '^[0-9a-f]+$' },
          commit: { oneOf: [{ type: 'null' }, COMMIT] },
          stillPresent: { type: ['boolean', 'null'] },
          fix: { type: 'string' },
          // additions (issue 13): the credential inventory
          credentialId: { type: 'string', pattern: '^swc_[0-9a-f]{24}$' },
          verification: VERIFICATION,
        },
      },
    },
    credentials: { type: 'array', items: CREDENTIAL },
    skipped: {
      type: 'array',
      items: {
        type: 'object',
        required: ['file', 'reason'],
        additionalProperties: false,
        properties: { file: { type: 'string' }, reason: { type: 'string' }, detail: { type: 'string' } },
      },
    },
    summary: {
      type: 'object',
      required: ['files', 'bytes', 'commits', 'findings', 'durationMs'],
      additionalProperties: false,
      properties: {
        files: { type: 'integer', minimum: 0 },
        bytes: { type: 'integer', minimum: 0 },
        commits: { type: 'integer', minimum: 0 },
        findings: { type: 'integer', minimum: 0 },
        durationMs: { type: 'integer', minimum: 0 },
        incomplete: { const: true },
      },
    },
    // additions (issue 12.6, 12.3): what was left out; stale baseline entries with --report-stale
    suppressed: {
      type: 'object',
      required: ['inline', 'allowlist', 'baseline', 'allowlistedFiles'],
      additionalProperties: false,
      properties: {
        inline: { type: 'integer', minimum: 0 },
        allowlist: { type: 'integer', minimum: 0 },
        baseline: { type: 'integer', minimum: 0 },
        allowlistedFiles: { type: 'integer', minimum: 0 },
      },
    },
    allowlisted: { type: 'array', items: { type: 'string' } },
    stale: {
      type: 'array',
      items: {
        type: 'object',
        required: ['fingerprint', 'ruleId', 'file', 'match', 'baseline'],
        additionalProperties: false,
        properties: {
          fingerprint: { type: 'string' },
          ruleId: { type: 'string' },
          file: { type: 'string' },
          match: { type: 'string' },
          baseline: { type: 'string' },
        },
      },
    },
  },
};

describe('the built CLI on directories of random files', () => {
  afterAll(cleanupTempDirs);
  const validate = new Ajv.default({ allErrors: true, strict: false }).compile(CONTRACT_V1);
  const fileName = fc.oneof(
    fc.constantFrom('a.js', '.env', 'config.yml', 'x.py', 'vite.config.ts', 'README.md', 'data.json', 'n o t e s.txt', '-dash.js', 'ünï.ts'),
    fc.stringMatching(/^[a-z][a-z0-9_.-]{0,12}$/),
  );
  const content = fc.oneof(
    nearMissText,
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  );
  const tree = fc.array(fc.tuple(fc.constantFrom('', 'src/', 'deep/er/'), fileName, content), { minLength: 1, maxLength: 25 });

  it('--format json always parses and matches contract v1', () => {
    const samples = fc.sample(tree, { numRuns: 4, seed: 20240501 });
    samples.push(fc.sample(tree, { numRuns: 1 })[0]!); // and one unseeded, to widen coverage over time
    for (const files of samples) {
      const dir = tempDir('swlint-fuzz-');
      for (const [sub, name, data] of files) {
        mkdirSync(path.join(dir, sub), { recursive: true });
        writeFileSync(path.join(dir, sub, name), data);
      }
      const r = run(['scan', '.', '--format', 'json', '--fail-on', 'warning'], { cwd: dir });
      expect(r.stderr, 'stderr').not.toMatch(/error:|TypeError|at .*\.js:\d+/);
      expect([0, 1]).toContain(r.code);
      const doc = JSON.parse(r.stdout) as { findings: unknown[]; summary: { findings: number } };
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
      expect(doc.summary.findings).toBe(doc.findings.length);
      expect(r.code).toBe(doc.findings.length > 0 ? 1 : 0);
    }
  });
});
