// Property tests of the keyword prefilter on bytes (src/engine/keyword-automaton.ts): the SIMD
// filter pass (src/engine/prefilter-wasm.ts) against the Aho-Corasick table walk, both against
// the keyword regex they stand in for, and the pass's encoded-content verdict against
// mayHoldEncoded (src/detect/decoders.ts). Inputs cross the filter's 256 KiB segments. Seeded,
// so a failure replays.
import { describe, expect, it } from 'vitest';
import { keywordTrie } from '../../src/engine/engine.js';
import { KeywordAutomaton, KeywordHits, fingerprintOffset } from '../../src/engine/keyword-automaton.js';
import { keywordNeighbours, mayHoldEncoded as mayHoldEncodedOf } from '../../src/detect/decoders.js';
// the bench scripts' seeded generator (mulberry32)
import { rng as random } from '../../fixtures/seeded.mjs';

/** The keywords the engine's regex finds in a text (Engine.keywordsIn's semantics). */
function regexKeywords(keywords: string[], text: string): Set<string> {
  const re = new RegExp(keywordTrie(keywords), 'gi');
  const found = new Set<string>();
  for (const m of text.matchAll(re)) found.add(m[0].toLowerCase());
  return found;
}

const SEGMENT = 256 * 1024;
const sorted = (s: Set<string>) => [...s].sort();

/** Every path of find: the filter's result, the table walk's, and the regex's, all equal. */
function expectSameKeywords(keywords: string[], text: string) {
  const automaton = new KeywordAutomaton(keywords, { filterAfterBytes: 0 });
  expect(automaton.usable).toBe(true);
  const bytes = Buffer.from(text, 'utf8');
  const filtered = automaton.find(bytes);
  expect(filtered).toBeInstanceOf(KeywordHits);
  const expected = sorted(regexKeywords(keywords, text));
  expect(sorted(filtered)).toEqual(expected);
  expect(sorted(automaton.findByTable(bytes))).toEqual(expected);
}

describe('the keyword prefilter on bytes', () => {
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
    '_',
    '\x7f',
    'SW\x7f',
  ];
  it('finds exactly the keywords the regex finds in the decoded text', () => {
    const rnd = random(2);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    for (let round = 0; round < 400; round++) {
      // overlapping and nested keywords (prefixes of each other, one inside another), and
      // keywords shorter than the filter's three-byte fingerprint
      const pool = ['signalwire', 'signalwire.com', 'sw_', 'swire', 'wire', 'pt', 'basic', 'laml', 'twilio', 'sig', 'nalw', 'a', 'ire.c', 'sw'];
      const keywords = pool.filter(() => rnd() < 0.5);
      if (keywords.length === 0) keywords.push(pick(pool));
      const text = Array.from({ length: Math.floor(rnd() * 200) }, () => pick(alphabet)).join('');
      expectSameKeywords(keywords, text);
    }
  });

  it("finds the rules' own keywords across segment boundaries, at the very end and in a nested keyword", () => {
    const keywords = ['signalwire', 'signalwire.com', 'sw_', 'swire', 'twilio', 'laml', 'basic', 'psk_', 'pat_', 'eyj', 'accounts/', 'http://', 'ws://'];
    for (const at of [SEGMENT - 12, SEGMENT - 3, SEGMENT - 1, SEGMENT, 2 * SEGMENT - 5]) {
      for (const word of ['SignalWire.COM', 'sw_', 'eyJ', 'accounts/', 'hTTp://']) {
        const text = 'x'.repeat(at) + word + 'y'.repeat(40);
        expectSameKeywords(keywords, text);
        expectSameKeywords(keywords, 'x'.repeat(at) + word);
      }
    }
  });

  it('agrees with the regex when keywords occur at nearly every position', () => {
    const text = 'a sw_ b '.repeat(40_000) + 'signalwire' + 'swswsw_'.repeat(50_000);
    expectSameKeywords(['sw_', 'signalwire', 'twilio', 'swsw'], text);
  });

  it('walks the table for the first bytes and sets the filter up after them', () => {
    const automaton = new KeywordAutomaton(['signalwire', 'sw_'], { filterAfterBytes: 100 });
    const first = automaton.find(Buffer.from('a SignalWire ' + 'x'.repeat(100)));
    expect(first).not.toBeInstanceOf(KeywordHits);
    expect(sorted(first)).toEqual(['signalwire']);
    const then = automaton.find(Buffer.from('sw_ signalwirE'));
    expect(then).toBeInstanceOf(KeywordHits);
    expect(sorted(then)).toEqual(['signalwire', 'sw_']);
  });

  it('puts each fingerprint on the least common bytes of its keyword, and still finds keywords that start before it', () => {
    const at = (word: string) => {
      const off = fingerprintOffset(Buffer.from(word, 'latin1'));
      return word.slice(off, off + 4);
    };
    // not on the common words' first letters (`acc`ess, `rea`d, `pub`lish)
    expect(at('accounts/')).toBe('nts/');
    expect(at('react_app_')).toBe('_app');
    expect(at('public_')).toBe('lic_');
    expect(at('eyj')).toBe('eyj');
    // a keyword whose fingerprint is past its start, found at the very start and split by a segment boundary
    const keywords = ['accounts/', 'react_app_', 'public_'];
    expectSameKeywords(keywords, 'accounts/x');
    expectSameKeywords(keywords, 'y'.repeat(SEGMENT - 3) + 'REACT_APP_' + 'z'.repeat(10));
    expectSameKeywords(keywords, 'access, read, publish and react_ap_ are not keywords');
  });

  it('says whether a marker occurs, in any case, without changing the keywords found', () => {
    const markers = ['swlint-ignore', 'gitleaks:allow', 'allowlist', 'secretlint-disable', 'trufflehog:ignore'];
    const keywords = ['signalwire', 'sw_', 'swire', 'basic', 'accounts/'];
    const automaton = new KeywordAutomaton(keywords, { filterAfterBytes: 0, markers });
    const rnd = random(6);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const pieces = [
      'swlint-ignore',
      'SWLINT-IGNORE',
      'swlint-ignor',
      'wlint-ignore',
      'gitleaks:allow',
      'allow',
      'list',
      'allowlist',
      'signalwire',
      'sw_',
      ' ',
      '\n',
      '// ',
      'x',
    ];
    let seen = 0;
    for (let round = 0; round < 300; round++) {
      const text = (round % 10 === 0 ? ' '.repeat(SEGMENT - 5) : '') + Array.from({ length: Math.floor(rnd() * 12) }, () => pick(pieces)).join('');
      const hits = automaton.find(Buffer.from(text, 'latin1')) as KeywordHits;
      const expected = markers.some((m) => text.toLowerCase().includes(m));
      if (expected) seen++;
      expect(hits.mayHoldMarker(), JSON.stringify(text.slice(-100))).toBe(expected);
      expect(sorted(hits)).toEqual(sorted(regexKeywords(keywords, text)));
    }
    expect(seen).toBeGreaterThan(50);
    expect(seen).toBeLessThan(280);
  });

  it('an empty input and an input shorter than a block', () => {
    expectSameKeywords(['signalwire'], '');
    expectSameKeywords(['sw_'], 'sw_');
    expectSameKeywords(['sw_'], 'sw');
  });
});

describe("the pass's encoded-content verdict", () => {
  const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const words = ['signalwire', 'sw_', 'twilio', 'basic'];
  const automaton = new KeywordAutomaton(words, { filterAfterBytes: 0 });
  const neighbours = keywordNeighbours(words);
  const mayHoldEncoded = (bytes: Uint8Array) => mayHoldEncodedOf(bytes, neighbours);
  const verdict = (bytes: Uint8Array) => {
    const hits = automaton.find(bytes);
    expect(hits).toBeInstanceOf(KeywordHits);
    return (hits as KeywordHits).mayHoldEncoded();
  };

  it('is mayHoldEncoded on random text with base64 runs, escapes and near misses', () => {
    const rnd = random(3);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const run = (n: number, set: string) => Array.from({ length: n }, () => pick([...set])).join('');
    const pieces = [
      () => ' ',
      () => '\n',
      () => '"',
      () => run(1 + Math.floor(rnd() * 12), 'abcdefghij'),
      // base64 of text (a .env), of random bytes, and runs of one case or digits only
      () => Buffer.from(`SIGNALWIRE_TOKEN=${run(30, 'abcdef0123')}\n`).toString('base64'),
      () => Buffer.from(run(40, '\x00\x01\xff\xfe\x80')).toString('base64'),
      () => run(40 + Math.floor(rnd() * 10), b64),
      // base64 of text a little short of a run the encoded views read (the pass reports runs from 36)
      () =>
        Buffer.from(`SIGNALWIRE=${run(30, 'abcdef0123')}`)
          .toString('base64')
          .slice(0, 36 + Math.floor(rnd() * 8)),
      () => run(50, 'abcdef'),
      () => run(50, '0123456789'),
      // escapes hiding letters and digits, and escapes that do not
      () => pick(['\\u0041', '\\u0020', '\\x41', '\\x0a', '\\X41', '|x41', '\\u0130', '\\x7a', '\\x8f', '\\u00']),
      // character references, code-point and octal escapes of letters and digits, and of other characters
      () => pick(['&#80;', '&#x54;', '&#X6a;', '&#0000112;', '&#55', '&#160;', '&#8212;', '&#x2014;', '&#38;', '&#x;', '&#', '&amp;', '&#x7B;']),
      () => pick(['\\u{50}', '\\u{0074}', '\\x{41}', '\\u{1F600}', '\\u{20}', '\\u{', '\\u{50', '\\U{50}', '|u{50}']),
      () => pick(['\\120', '\\124', '\\065', '\\172', '\\033', '\\0', '\\173', '\\100', '\\12', '\\1', '\\060', '\\077', '|120']),
      // percent escapes of letters and digits (alone, beside letters, in a row, twice encoded), and of separators
      () => pick(['%50', '%54%35', '%4d', '%6A', '%7a', '%5A', '%30', '%2550', '%252F', '%2F', '%3A', '%40', '%60', '%5f', '%7B', '%25', '%4', '%']),
      () => pick(['%50', '%2550', '%6d']) + run(1 + Math.floor(rnd() * 3), 'abc_.%'),
      () => pick(['-', '_', '+', '/', '=']),
    ];
    let encoded = 0;
    for (let round = 0; round < 600; round++) {
      const text = Array.from({ length: Math.floor(rnd() * 40) }, () => pick(pieces)()).join('');
      const bytes = Buffer.from(text, 'latin1');
      const expected = mayHoldEncoded(bytes);
      if (expected) encoded++;
      expect(verdict(bytes), JSON.stringify(text)).toBe(expected);
    }
    // both answers occur: the property is not vacuous
    expect(encoded).toBeGreaterThan(50);
    expect(encoded).toBeLessThan(550);
  });

  it('sees base64 runs and escapes across segment boundaries, and a run ending the input', () => {
    const head = Buffer.from('SIGNALWIRE_PROJECT=' + 'ab12'.repeat(10)).toString('base64');
    for (const at of [SEGMENT - 60, SEGMENT - 20, SEGMENT - 1, SEGMENT, SEGMENT + 7]) {
      const cases = [
        ' '.repeat(at) + head + ' ',
        ' '.repeat(at) + head,
        ' '.repeat(at) + '\\u0041',
        ' '.repeat(at) + '\\x4',
        ' '.repeat(at) + '\\x',
        ' '.repeat(at) + '%50%54',
        ' '.repeat(at) + 'u=%2550T',
        ' '.repeat(at) + '%4d ',
        ' '.repeat(at) + '&#80;',
        ' '.repeat(at) + '&#x5',
        ' '.repeat(at) + '&#0000000000000000000080;',
        ' '.repeat(at) + '\\u{50}',
        ' '.repeat(at) + '\\u{5',
        ' '.repeat(at) + '\\120',
        ' '.repeat(at) + '\\12',
        // a run spanning the boundary whose start decodes to binary: not encoded text
        ' '.repeat(at) + Buffer.from('\x00\xff\x01'.repeat(20), 'latin1').toString('base64') + head.slice(0, 20),
      ];
      for (const text of cases) {
        const bytes = Buffer.from(text, 'latin1');
        expect(verdict(bytes), `${at}: ${text.trim().slice(0, 20)}`).toBe(mayHoldEncoded(bytes));
      }
    }
    expect(verdict(Buffer.from(' '.repeat(SEGMENT - 20) + head))).toBe(true);
  });

  it("sees a token percent-encoded whole, not a URL's separators or a format string", () => {
    const whole = (s: string) => [...s].map((c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
    const yes = [`u=${whole('PT' + 'a1'.repeat(24))}`, `u=${whole('PT').toUpperCase()}a1b2`, 'signalwir%65', 's%77_', 'si%25%36%37nalwire', '%2550T'];
    const no = [
      'https://example.com/a%2Fb%3Ac%40d%20e?q=%E2%80%99',
      'printf("%4d\\n", n); printf("%6.2f %4d|", x, y);',
      'x=(t+J(r))%64;c=k %31;',
      '%252F %3D %5B%5D %7B %60',
    ];
    for (const text of [...yes, ...no]) {
      const bytes = Buffer.from(' '.repeat(SEGMENT) + text, 'latin1');
      expect(verdict(bytes), text).toBe(yes.includes(text));
      expect(mayHoldEncoded(bytes), text).toBe(yes.includes(text));
    }
  });

  it('sees a token in character references, code-point or octal escapes, not entities, emoji, colour codes or file modes', () => {
    const token = 'PT262c3fc226ee241b46794e3bdd51829688bbade774df460f';
    const each = (f: (code: number) => string) => [...token].map((c) => f(c.charCodeAt(0))).join('');
    const yes = [
      `<input value="${each((c) => `&#${c};`)}">`,
      `<input value="${each((c) => `&#x${c.toString(16).toUpperCase()};`)}">`,
      // some characters only
      `<code>PT&#99;4e1a97f03b2</code>`,
      `const t = "${each((c) => `\\u{${c.toString(16)}}`)}";`,
      `my $t = "\\x{50}\\x{54}";`,
      `static const char T[] = "${each((c) => `\\${c.toString(8).padStart(3, '0')}`)}";`,
      `T=$'\\120\\124'`,
      // a digit alone
      `"\\061"`,
    ];
    const no = [
      '<p>Caf&#233; &#8212; open&#160;daily &#x2014; &#x27;quoted&#x27; &#38; more&#8230;</p>',
      'printf("\\033[0m\\033[1;32mok\\033[0m\\n"); char z = \'\\0\'; chmod(path, 0755);',
      'const smile = "\\u{1F600}\\u{2764}\\u{FE0F}";',
      'x = "\\177\\200\\377\\12\\1"',
      '&#x;&#;&#xZZ;&#00;',
    ];
    for (const text of [...yes, ...no]) {
      const bytes = Buffer.from(' '.repeat(SEGMENT) + text, 'latin1');
      expect(verdict(bytes), text).toBe(yes.includes(text));
      expect(mayHoldEncoded(bytes), text).toBe(yes.includes(text));
    }
  });
});
