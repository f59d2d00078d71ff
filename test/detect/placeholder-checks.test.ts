// The placeholder checks are asked about every UUID and token candidate, so they were rewritten
// without allocations (src/detect/placeholders.ts); these compare them with the plain forms they
// replace on many generated values: random, keyboard-walked, repetitive, masked and non-ASCII.
import { describe, expect, it } from 'vitest';
import { isLowEntropy, isPlaceholderSecret, isPlaceholderUuid, isSequentialHex } from '../../src/detect/placeholders.js';

/** mulberry32: the same values on every run */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// the plain forms (before the rewrite)
function referenceDistinct(s: string): number {
  return new Set(s.toLowerCase()).size;
}
function referenceLowEntropy(body: string): boolean {
  const distinct = referenceDistinct(body);
  if (distinct <= 4) return true;
  for (let period = 1; period <= 16 && period * 2 <= body.length; period++) {
    let repeats = true;
    for (let i = period; i < body.length; i++) {
      if (body[i] !== body[i - period]) {
        repeats = false;
        break;
      }
    }
    if (repeats) return true;
  }
  let ascending = 0;
  for (let i = 1; i < body.length; i++) if (body.charCodeAt(i) === body.charCodeAt(i - 1) + 1) ascending++;
  return /0123456789|abcdef0123|123456789a/i.test(body) && distinct <= 16 && ascending >= body.length / 2;
}
function referenceSequential(hex: string): boolean {
  const v = [...hex.toLowerCase()].map((c) => parseInt(c, 16));
  let steps = 0;
  for (let i = 1; i < v.length; i++) {
    const d1 = Math.abs(v[i]! - v[i - 1]!);
    const d2 = i >= 2 ? Math.abs(v[i]! - v[i - 2]!) : 0;
    if (d1 === 1 || d2 === 1 || d1 === 15) steps++;
  }
  return steps >= 0.7 * (v.length - 1);
}

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

  it('isPlaceholderUuid, isLowEntropy, isSequentialHex and isPlaceholderSecret answer as the plain forms do', () => {
    let placeholders = 0;
    for (const v of all) {
      const u = v.toLowerCase();
      const expectedUuid = isPlaceholderUuidReference(u);
      if (expectedUuid) placeholders++;
      expect(isPlaceholderUuid(v), v).toBe(expectedUuid);
      expect(isLowEntropy(v), v).toBe(referenceLowEntropy(v));
      expect(isSequentialHex(v), v).toBe(referenceSequential(v));
      const body = v.replace(/^(PT|PSK_|pat_)/, '');
      if (!/x{4,}|\*{3,}|\.{3}|…|\{\{|\$\{|<[^>]*>|%[a-z_]+%/i.test(v) && !/[xX*]{6,}/.test(body))
        expect(isPlaceholderSecret(v), v).toBe(referenceLowEntropy(body));
    }
    // both answers occur often
    expect(placeholders).toBeGreaterThan(2000);
    expect(placeholders).toBeLessThan(18000);
  });

  // the family and word checks are unchanged: the reference reuses them through the public function on values that skip them
  function isPlaceholderUuidReference(u: string): boolean {
    if (/x{4}/.test(u)) return true;
    if (/^(?:550e8400-e29b-41d4-a716-4466554|123e4567-e89b-12d3-a456-|3fa85f64-5717-4562-b3fc-)/.test(u)) return true;
    const hex = u.replace(/-/g, '');
    return referenceLowEntropy(hex) || referenceSequential(hex);
  }
});
