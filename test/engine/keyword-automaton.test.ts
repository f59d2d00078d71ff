// Property tests of the keyword prefilter on bytes: the hand-assembled WebAssembly loop
// (src/engine/keyword-wasm.ts) against the same loop in JavaScript on random tables, and the
// whole automaton against the keyword regex it stands in for, on random text. Seeded, so a
// failure replays.
import { describe, expect, it } from 'vitest';
import { MAX_WASM_INPUT, wasmRunner } from '../../src/engine/keyword-wasm.js';
import { keywordTrie } from '../../src/engine/engine.js';
import { KeywordAutomaton } from '../../src/engine/keyword-automaton.js';
// the bench scripts' seeded generator (mulberry32)
import { rng as random } from '../../fixtures/seeded.mjs';

/** The reference: the table walk in plain JavaScript, one (end offset, state) pair per accepting step. */
function jsHits(table: Uint8Array, accepting: Uint8Array, bytes: Uint8Array): number[] {
  const hits: number[] = [];
  let st = 0;
  for (let i = 0; i < bytes.length; i++) {
    st = table[(st << 8) | bytes[i]!]!;
    if (accepting[st] !== 0) hits.push(i, st);
  }
  return hits;
}

/** The keywords the engine's regex finds in a text (Engine.keywordsIn's semantics). */
function regexKeywords(keywords: string[], text: string): Set<string> {
  const re = new RegExp(keywordTrie(keywords), 'gi');
  const found = new Set<string>();
  for (const m of text.matchAll(re)) found.add(m[0].toLowerCase());
  return found;
}

describe('the WebAssembly keyword loop', () => {
  it('gives the same hits as the JavaScript loop on random tables and inputs', () => {
    const rnd = random(1);
    for (let round = 0; round < 40; round++) {
      const states = 1 + Math.floor(rnd() * 256);
      const table = Uint8Array.from({ length: states * 256 }, () => Math.floor(rnd() * states));
      const accepting = Uint8Array.from({ length: states }, () => (rnd() < 0.1 ? 1 : 0));
      const run = wasmRunner(table, accepting);
      expect(run).not.toBeNull();
      // sizes across the memory growth boundary (the input area starts at 640 KiB)
      for (const size of [0, 1, 7, 4096, 70_000, 300_000]) {
        const bytes = Uint8Array.from({ length: size }, () => Math.floor(rnd() * 256));
        const expected = jsHits(table, accepting, bytes);
        const hits: number[] = [];
        const complete = run!(bytes, hits);
        // more hits than its buffer holds: it says so and the caller falls back to JavaScript
        if (expected.length / 2 > 32768) expect(complete).toBe(false);
        else {
          expect(complete).toBe(true);
          expect(hits).toEqual(expected);
        }
      }
    }
  });
});

describe('the WebAssembly memory', () => {
  it('is bounded: an input over MAX_WASM_INPUT goes to the JavaScript loop, with the same keywords', () => {
    const keywords = ['signalwire', 'sw_'];
    const big = Buffer.alloc(MAX_WASM_INPUT + 10, 'x');
    big.write('SignalWire', MAX_WASM_INPUT);
    const hits: number[] = [];
    const automaton = new KeywordAutomaton(keywords);
    // the runner refuses it rather than growing its memory to the file's size …
    expect(wasmRunner(new Uint8Array(256 * 4), new Uint8Array(4))!(big, hits)).toBe(false);
    // … and the automaton still finds the keyword past the bound
    expect([...automaton.find(big)]).toEqual(['signalwire']);
  });
});

describe('the keyword automaton on bytes', () => {
  const alphabet = [
    'signalwire',
    'SignalWire',
    'sw_',
    'swire',
    'PT',
    'pt',
    'basic',
    'BASIC ',
    'laml',
    'twilio',
    'space',
    '.signalwire.com',
    's',
    'w',
    'i',
    'a',
    ' ',
    '\n',
    'é',
    '日本',
    'x',
    'sig',
    'nal',
  ];
  it('finds exactly the keywords the regex finds in the decoded text', () => {
    const rnd = random(2);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    for (let round = 0; round < 300; round++) {
      // overlapping and nested keywords (prefixes of each other, one inside another)
      const pool = ['signalwire', 'signalwire.com', 'sw_', 'swire', 'wire', 'pt', 'basic', 'laml', 'twilio', 'sig', 'nalw', 'a', 'ire.c'];
      const keywords = pool.filter(() => rnd() < 0.5);
      if (keywords.length === 0) keywords.push(pick(pool));
      const text = Array.from({ length: Math.floor(rnd() * 200) }, () => pick(alphabet)).join('');
      const automaton = new KeywordAutomaton(keywords);
      expect(automaton.usable).toBe(true);
      expect([...automaton.find(Buffer.from(text, 'utf8'))].sort()).toEqual([...regexKeywords(keywords, text)].sort());
    }
  });

  it('agrees with the regex when more keywords occur than the WebAssembly hit buffer holds', () => {
    const text = 'a sw_ b '.repeat(40_000) + 'signalwire';
    const keywords = ['sw_', 'signalwire', 'twilio'];
    expect([...new KeywordAutomaton(keywords).find(Buffer.from(text))].sort()).toEqual([...regexKeywords(keywords, text)].sort());
  });
});
