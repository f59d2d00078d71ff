// textOf (src/detect/decoders.ts) decides whether decoded base64 is text without decoding bytes
// that cannot be: it must give exactly what decoding to UTF-8 and judging the string gave.
// Seeded random bytes around its 95 %-printable threshold, with valid and broken UTF-8.
import { describe, expect, it } from 'vitest';
import { decodedViews, textOf } from '../../src/detect/decoders.js';
import { KeywordAutomaton, KeywordHits } from '../../src/engine/keyword-automaton.js';
import { ChunkContext } from '../../src/engine/engine.js';
import { token50Candidates } from '../../src/detect/candidates.js';
import { MIN_BASE64 } from '../../src/detect/decoders.js';
import { rng as random } from '../../fixtures/seeded.mjs';

/** The judgement on the decoded string, as decoders.ts made it before: mostly printable, no replacement character. */
function reference(bytes: Buffer): string | null {
  const s = bytes.toString('utf8');
  if (s.length === 0 || s.includes('\uFFFD')) return null;
  let printable = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13) printable++;
  }
  return printable >= 0.95 * s.length ? s : null;
}

describe('textOf', () => {
  it('is the decoded string exactly when the string is text, on random bytes near the threshold', () => {
    const rnd = random(4);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const pieces: (() => number[])[] = [
      () => [32 + Math.floor(rnd() * 95)],
      () => [pick([9, 10, 13, 0, 7, 27, 127])],
      () => [...Buffer.from(pick(['é', '日', '€', '😀', '\uFEFF', '\uFFFD']), 'utf8')],
      () => [128 + Math.floor(rnd() * 128)],
      () => [0xe6, 0x97],
    ];
    let texts = 0;
    for (let round = 0; round < 4000; round++) {
      const printableShare = rnd();
      const bytes: number[] = [];
      const length = Math.floor(rnd() * 60);
      while (bytes.length < length) bytes.push(...(rnd() < printableShare ? pieces[0]!() : pick(pieces)()));
      const buf = Buffer.from(bytes);
      const expected = reference(buf);
      if (expected !== null) texts++;
      expect(textOf(buf), JSON.stringify(bytes)).toBe(expected);
    }
    // both answers occur
    expect(texts).toBeGreaterThan(200);
    expect(texts).toBeLessThan(3800);
  });
});

describe('base64 runs ruled out from their first bytes (cannotBeText)', () => {
  it('give the views that decoding them whole gives, on text, binary and text near the threshold, short and long', () => {
    const rnd = random(5);
    const printable = () => 32 + Math.floor(rnd() * 95);
    // bytes of which `bad` (a share) are control bytes or bytes of other characters, placed anywhere or all first
    const bytesOf = (n: number, bad: number, badFirst: boolean) => {
      const out = Array.from({ length: n }, () => printable());
      const count = Math.round(n * bad);
      for (let k = 0; k < count; k++) out[badFirst ? k : Math.floor(rnd() * n)] = rnd() < 0.85 ? Math.floor(rnd() * 9) : 128 + Math.floor(rnd() * 128);
      return Buffer.from(out);
    };
    let viewed = 0;
    for (let round = 0; round < 300; round++) {
      const n = 33 + Math.floor(rnd() * (round % 2 ? 3000 : 120));
      const bytes = bytesOf(n, [0, 0.01, 0.03, 0.05, 0.08, 0.5, 1][round % 7]!, rnd() < 0.3);
      const run = bytes.toString(rnd() < 0.5 ? 'base64' : 'base64url');
      // the whole run decoded and judged at once
      const whole = textOf(Buffer.from(run.replace(/=+$/, ''), /[-_]/.test(run) ? 'base64url' : 'base64'));
      const hasShape = /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9+/_-]/.test(run);
      const views = decodedViews(` ${run} `)
        .filter((v) => v.encoding === 'base64')
        .map((v) => v.text);
      expect(views, `round ${round}`).toEqual(hasShape && whole !== null ? [whole] : []);
      if (views.length) viewed++;
    }
    // both answers occur
    expect(viewed).toBeGreaterThan(30);
    expect(viewed).toBeLessThan(250);
  });
});

/** Up to `most` pieces, each drawn from the first `usable` of `pieces`, joined. */
function randomText(rnd: () => number, pieces: (() => string)[], most: number, usable = pieces.length): string {
  return Array.from({ length: 1 + Math.floor(rnd() * most) }, () => pieces[Math.floor(rnd() * usable)]!()).join('');
}

describe('base64 runs from the byte pass (KeywordHits.base64RunsIn)', () => {
  it('give the views a search of the text gives, where the offsets agree or there is no run; none are offered otherwise', () => {
    const rnd = random(11);
    const automaton = new KeywordAutomaton(['signalwire'], { filterAfterBytes: 0 });
    const b64 = (n: number) => Buffer.from(Array.from({ length: n }, () => 32 + Math.floor(rnd() * 95))).toString(rnd() < 0.5 ? 'base64' : 'base64url');
    const pieces = [
      () => b64(20 + Math.floor(rnd() * 80)),
      () => 'x'.repeat(30 + Math.floor(rnd() * 30)),
      () => ' ',
      () => '\n',
      () => '==',
      () => 'signalwire',
      () => '-_+/',
      () => String.fromCharCode(0x80),
      // past these, characters of several bytes (the offsets differ)
      () => 'é',
      () => '\u{1F600}',
    ];
    let offered = 0;
    let refused = 0;
    let noRuns = 0;
    for (let round = 0; round < 400; round++) {
      // round 0: one run over the filter's 256 KB segments
      // half the rounds without characters of several bytes
      const usable = round % 2 ? pieces.length : pieces.length - 2;
      const text = round === 0 ? ` ${b64(300_000)} ` : randomText(rnd, pieces, 40, usable);
      // a lone 0x80 byte decodes to U+FFFD: one character for one byte
      const bytes = Buffer.from(text.replace(/\x80/g, '\uFFFD'), 'utf8');
      const lone = Buffer.from(text, 'latin1');
      const raw = /[^\x00-\x80]/.test(text) ? bytes : lone;
      const decoded = new TextDecoder().decode(raw);
      const hits = automaton.find(raw);
      expect(hits).toBeInstanceOf(KeywordHits);
      const runs = (hits as KeywordHits).base64RunsIn(decoded);
      if (runs === null) {
        refused++;
        expect(decoded.length).not.toBe(raw.length);
        continue;
      }
      offered++;
      // offsets that differ are offered only when there is no run to place
      if (decoded.length !== raw.length) {
        noRuns++;
        expect(runs).toEqual([]);
      }
      expect(decodedViews(decoded, runs), `round ${round}`).toEqual(decodedViews(decoded));
    }
    expect(offered).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(50);
    expect(noRuns).toBeGreaterThan(10);
  });
});

describe("50-character token candidates from the byte pass's base64 runs", () => {
  it('are the ones a search of the whole text finds', () => {
    const rnd = random(12);
    const automaton = new KeywordAutomaton(['signalwire'], { filterAfterBytes: 0 });
    const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    const alnum = (n: number) => Array.from({ length: n }, () => ALNUM[Math.floor(rnd() * ALNUM.length)]).join('');
    const pieces = [
      () => `"${alnum(50)}"`,
      () => ` ${alnum(50)}`,
      () => alnum(40 + Math.floor(rnd() * 40)),
      () => alnum(1 + Math.floor(rnd() * 8)),
      () => ' ',
      () => '\n',
      () => '"',
      () => '+',
      () => '/',
      () => '_',
      () => '-',
      () => '=',
      () => '%2F',
      () => '\\n',
    ];
    let tokens = 0;
    for (let round = 0; round < 300; round++) {
      const text = randomText(rnd, pieces, 30);
      const hits = automaton.find(Buffer.from(text, 'latin1')) as KeywordHits;
      const pairs = hits.base64RunsIn(text);
      expect(pairs).not.toBeNull();
      const known = token50Candidates(new ChunkContext(text, 'a.txt', hits, { min: MIN_BASE64, pairs: pairs! }));
      expect(known, `round ${round}`).toEqual(token50Candidates(new ChunkContext(text, 'a.txt', hits)));
      tokens += known.length;
    }
    expect(tokens).toBeGreaterThan(100);
  });
});
