// The placeholder checks are asked about every UUID and token candidate, so they were rewritten
// without allocations (src/detect/placeholders.ts); these compare them with the plain forms they
// replace on many generated values: random, keyboard-walked, repetitive, masked and non-ASCII.
import { describe, expect, it } from 'vitest';
import { distinctLowerChars, isLowEntropy, isPlaceholderUuid, isSequentialCodePoints, isSequentialHex } from '../../src/detect/placeholders.js';
import { random } from '../helpers/random.js';

// the plain forms (before the rewrite); isLowEntropy's other tests are unchanged
const referenceDistinct = (s: string) => new Set(s.toLowerCase()).size;
// the code-point form isSequentialHex keeps for non-ASCII text is its plain form
const referenceSequential = (hex: string) => isSequentialCodePoints(hex.toLowerCase());

function values(count: number, seed: number): string[] {
  const next = random(seed);
  const pick = (chars: string, n: number) => Array.from({ length: n }, () => chars[Math.floor(next() * chars.length)]).join('');
  const walk = (n: number) => {
    let d = Math.floor(next() * 16);
    let s = '';
    for (let i = 0; i < n; i++) {
      d = (d + (next() < 0.85 ? (next() < 0.5 ? 1 : 15) : Math.floor(next() * 16))) % 16;
      s += d.toString(16);
    }
    return s;
  };
  const uuid = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  const out: string[] = ['', 'a', 'Ｆ', 'K\u212a', '0123456789abcdef0123456789abcdef'];
  for (let i = 0; i < count; i++) {
    const kind = Math.floor(next() * 8);
    if (kind === 0) out.push(uuid(pick('0123456789abcdef', 32)));
    else if (kind === 1) out.push(uuid(pick('0123456789ABCDEFabcdef', 32)));
    else if (kind === 2) out.push(uuid(walk(32)));
    else if (kind === 3) out.push(uuid(pick('01ab', 32)));
    else if (kind === 4) out.push(uuid(pick('0123456789abcdefxX', 32)));
    else if (kind === 5) out.push(pick('0123456789abcdefghxyzXYZ-_ *.{}<>%é\u212a\u{1F600}', 1 + Math.floor(next() * 40)));
    else if (kind === 6) out.push('PT' + walk(48));
    else out.push(pick('0123456789abcdef', 3).repeat(1 + Math.floor(next() * 12)));
  }
  return out;
}

describe('placeholder checks', () => {
  const all = values(20000, 53);

  // the plain isPlaceholderUuid; its low-entropy test is the module's (only its distinct count changed, tested here)
  function isPlaceholderUuidReference(uuid: string): boolean {
    const u = uuid.toLowerCase();
    if (/x{4}/.test(u)) return true;
    if (/^(?:550e8400-e29b-41d4-a716-4466554|123e4567-e89b-12d3-a456-|3fa85f64-5717-4562-b3fc-)/.test(u)) return true;
    const hex = u.replace(/-/g, '');
    return isLowEntropy(hex) || referenceSequential(hex);
  }

  it('distinctLowerChars, isSequentialHex and isPlaceholderUuid answer as the plain forms do', () => {
    let placeholders = 0;
    for (const v of all) {
      expect(distinctLowerChars(v), v).toBe(referenceDistinct(v));
      expect(isSequentialHex(v), v).toBe(referenceSequential(v));
      const expected = isPlaceholderUuidReference(v);
      if (expected) placeholders++;
      expect(isPlaceholderUuid(v), v).toBe(expected);
    }
    // both answers occur often
    expect(placeholders).toBeGreaterThan(2000);
    expect(placeholders).toBeLessThan(18000);
  });
});
