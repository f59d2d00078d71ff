// Property-based checks: random and mutated text, near-miss tokens and long lines never make
// a rule throw, never hang, and every finding stays inside the text with a redacted match.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { Engine } from '../../src/engine/engine.js';
import type { ContentRule } from '../../src/types.js';

const engine = new Engine(RULES, { redact: true });
const contentRules = RULES.filter((r): r is ContentRule => r.kind === 'content');

// fragments that sit close to real credential shapes, to steer random text near the rules' edges
const NEAR_MISSES = [
  'PT', 'PT0123', 'PTf37405b43e131d1af24108e88f27ce60f28e9d0d479243e', 'PTf37405b43e131d1af24108e88f27ce60f28e9d0d479243ed',
  'PSK_', 'PSK_FfltcVgYCEtLwo76LH3E6GL', 'pat_', 'pat_hpOPbGm8UGRC3oa67oJJa1T', 'eyJ', 'eyJ0eXAiOiJWUlQi', '.', '..',
  '9f867bb9-842a-44a2-9daf-3cb480ce962', '9f867bb9-842a-44a2-9daf-3cb480ce9628', ':', '@', '%3A', '%40', '\\n', '"', "'", '`',
  'signalwire', 'SIGNALWIRE_API_TOKEN=', '.signalwire.com', 'http://', 'https://', 'Basic ', 'curl -u ', 'VITE_SIGNALWIRE_TOKEN=',
  'RestClient(', "', '", 'UFR', 'UFQ', '[signalwire]\n', '\r\n', '\r', '\n', ' ', '\t', '\u00e9', '\ud83d\ude00', '\ufeff', '\u0000',
  'swlint-ignore', '# gitleaks:allow', '{{', '}}', '${', '<', '>', 'x'.repeat(300),
];

const nearMissText = fc.array(fc.oneof(fc.constantFrom(...NEAR_MISSES), fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 10 })), { maxLength: 60 }).map((parts) => parts.join(''));

const paths = fc.constantFrom('a.js', 'b.py', '.env', 'vite.config.ts', 'c.yml', 'package.json', '.swlintrc.json', 'x.ipynb', 'Dockerfile');

describe('engine on random text', () => {
  it('never throws, keeps findings inside the text and redacts them', () => {
    fc.assert(
      fc.property(nearMissText, paths, (text, path) => {
        const findings = engine.scanChunk({ path, text });
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
        expect(engine.errors).toEqual([]);
      }),
      { numRuns: 1500 },
    );
  });

  it('each rule alone survives arbitrary unicode', () => {
    for (const rule of contentRules) {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
          const lower = text.toLowerCase();
          const input = { text, path: 'f.txt', get lower() { return lower; }, has: (k: string) => lower.includes(k) };
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
    const findings = engine.scanChunk({ path: 'big.js', text });
    expect(Array.isArray(findings)).toBe(true);
  });
});
