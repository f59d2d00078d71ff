// The shared matchers that skip most of a text (probing runs, indexOf on a literal) must find
// exactly what the plain global regex they replace finds, in order, on any text: these compare
// them on many generated texts built from the pieces that make matches and near-misses.
import { describe, expect, it } from 'vitest';
import { alnumRuns, charRuns, findBounded, findBoundedAt, isAlnum, isHexOrDash, uuidMatches } from '../../src/detect/candidates.js';
import type { DetectInput } from '../../src/types.js';
import { clientCalls } from '../../src/detect/clients.js';
import { insecureUrls } from '../../rules/signalwire-insecure-http.js';
import { ptFragments } from '../../src/detect/assemble.js';
import { isBase64Byte, isKubernetesSecret, runsAround } from '../../src/detect/decoders.js';
import { joseMatches } from '../../rules/signalwire-client-token.js';
import { random } from '../helpers/random.js';

function texts(pieces: readonly string[], count: number, seed: number): string[] {
  const next = random(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    const n = 1 + Math.floor(next() * 40);
    for (let k = 0; k < n; k++) s += pieces[Math.floor(next() * pieces.length)]!;
    out.push(s);
  }
  return out;
}

/** Compares `actual` with `reference` on every text; the number of matches the reference found. */
function sameMatches(all: readonly string[], actual: (text: string) => unknown[], reference: (text: string) => unknown[]): number {
  let found = 0;
  for (const text of all) {
    const expected = reference(text);
    found += expected.length;
    expect(actual(text)).toEqual(expected);
  }
  return found;
}

const hex = (next: () => number, n: number) => Array.from({ length: n }, () => '0123456789abcdefABCDEF'[Math.floor(next() * 22)]).join('');

describe('uuidMatches', () => {
  // the plain form it replaces: the middle regex over the whole text, with the same checks
  function reference(text: string): { index: number; value: string }[] {
    const re = /-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;
    const isHex = (c: string | undefined) => c !== undefined && /[0-9a-fA-F]/.test(c);
    const out: { index: number; value: string }[] = [];
    re.lastIndex = 8;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const p = m.index - 8;
      const head = p >= 0 && /^[0-9a-fA-F]{8}$/.test(text.slice(p, m.index));
      const escaped = (p >= 2 && text[p - 2] === '\\' && 'nrtu"'.includes(text[p - 1]!)) || (p >= 3 && /^%[0-9A-Fa-f]{2}$/.test(text.slice(p - 3, p)));
      if (head && (p === 0 || !isHex(text[p - 1]) || escaped)) {
        out.push({ index: p, value: text.slice(p, p + 36) });
        re.lastIndex = p + 44;
      } else re.lastIndex = m.index + 1;
    }
    return out;
  }
  const next = random(7);
  const pieces = [
    ...Array.from({ length: 6 }, () => `${hex(next, 8)}-${hex(next, 4)}-${hex(next, 4)}-${hex(next, 4)}-${hex(next, 12)}`),
    hex(next, 3),
    hex(next, 9),
    '-',
    '--',
    ' ',
    'word ',
    '\\n',
    '%3A',
    '-abcd-ef01-2345-6789abcdef01',
  ];

  it('finds what the whole-text regex finds, on 3,000 generated texts', () => {
    for (const text of texts(pieces, 3000, 11)) expect(uuidMatches(text)).toEqual(reference(text));
  });
});

describe('clientCalls', () => {
  const reference = (text: string) =>
    [
      ...text.matchAll(
        /\b(?:RestClient|RelayClient|signalwire_client|SignalWireClient|Signalwire::REST::Client\.new|Signalwire::Relay::Client\.new|SignalWire\\Rest\\Client|NewRestClient|TwilioClient\.Init)\b\s*\(?/g,
      ),
    ].map((m) => [m.index, m[0]]);
  const pieces = [
    'RestClient',
    'RelayClient',
    'signalwire_client',
    'SignalWireClient',
    'Signalwire::REST::Client.new',
    'Signalwire::Relay::Client.new',
    'SignalWire\\Rest\\Client',
    'NewRestClient',
    'TwilioClient.Init',
    'Client',
    'client',
    'lient',
    'Signalwire::',
    'New',
    'x',
    '_',
    ' ',
    '(',
    ' (',
    '\n',
  ];

  it('finds what the global constructor regex finds, on 3,000 generated texts', () => {
    for (const text of texts(pieces, 3000, 9)) expect(clientCalls(text).map((m) => [m.index, m[0]])).toEqual(reference(text));
  });
});

describe('charRuns', () => {
  const reference = (text: string, re: RegExp) => [...text.matchAll(re)].map((m) => [m.index, m.index + m[0].length]);
  const next = random(13);
  const pieces = ['a', 'Z', '9', '+', '/', '-', '_', '=', ' ', '\n', 'é', '\u{1F600}', hex(next, 20), 'x'.repeat(49), 'Ab1'.repeat(17), '.'];

  it('finds every maximal run of at least min accepted characters, non-ASCII text included', () => {
    const isDash = (c: number) => c === 45 || c === 95;
    const nonAscii = (c: number) => c > 127;
    for (const text of texts(pieces, 2000, 17)) {
      expect(alnumRuns(text, 50)).toEqual(reference(text, /[A-Za-z0-9]{50,}/g));
      expect(charRuns(text, 3, isDash)).toEqual(reference(text, /[-_]{3,}/g));
      expect(charRuns(text, 1, nonAscii)).toEqual(reference(text, /[^\x00-\x7f]+/g));
    }
  });

  // Their tables ask only the ASCII code units (asciiRunClass): a class that took a non-ASCII
  // character would lose it without a word.
  it('runs the scans use accept ASCII only, so their tables need not ask the rest', () => {
    for (const inRun of [isAlnum, isBase64Byte, isHexOrDash]) {
      const accepted: number[] = [];
      for (let c = 128; c < 65536; c++) if (inRun(c)) accepted.push(c);
      expect(accepted).toEqual([]);
    }
    for (const text of texts([...pieces, '\u00aa', '\u0660', '\uff21'], 500, 19)) {
      expect(charRuns(text, 3, isBase64Byte)).toEqual(reference(text, /[A-Za-z0-9+/_-]{3,}/g));
      expect(charRuns(text, 3, isHexOrDash)).toEqual(reference(text, /[0-9A-Fa-f-]{3,}/g));
    }
  });
});

describe('insecureUrls', () => {
  const reference = (text: string) =>
    [...text.matchAll(/\b(?:http|ws):\/\/([^\s/'"`<>()\\?#]{0,120}?)(signalwire\.com|swire\.io|signalwire\.cloud)(?![A-Za-z0-9-])/gi)].map((m) => [
      m.index,
      m[0],
    ]);
  const pieces = [
    'http://',
    'HTTP://',
    'ws://',
    'Ws://',
    'https://',
    '://',
    'xhttp://',
    'example.',
    'acme.',
    'signalwire.com',
    'SignalWire.COM',
    'swire.io',
    'signalwire.cloud',
    '-x',
    '/',
    ' ',
    ':',
    'a',
  ];

  it('finds what the global scheme regex finds, on 3,000 generated texts', () => {
    for (const text of texts(pieces, 3000, 21)) expect(insecureUrls(text).map((m) => [m.index, m[0]])).toEqual(reference(text));
  });
});

describe('findBoundedAt', () => {
  const next = random(23);
  const pieces = ['PT', 'PT' + hex(next, 48).toLowerCase(), 'PT' + hex(next, 50).toLowerCase(), hex(next, 10).toLowerCase(), 'xPT', ' ', '-', 'Z', '\\n'];

  it('finds what findBounded finds with the global regex, on 3,000 generated texts', () => {
    const keepSome = (v: string, start: number) => (start + v.charCodeAt(5)) % 3 !== 0;
    for (const text of texts(pieces, 3000, 29)) {
      // findBounded and findBoundedAt read nothing but the text
      const input = { text } as DetectInput;
      expect(findBoundedAt(input, 'PT', /PT[0-9a-f]{48}/y, keepSome)).toEqual(findBounded(input, /PT[0-9a-f]{48}/g, keepSome));
    }
  });
});

describe('ptFragments', () => {
  const reference = (text: string) => [...text.matchAll(/(["'`])PT([0-9a-f]{0,46})(?:\1|\$\{|\{)/g)].map((m) => [m.index, m[0], m[2]]);
  const next = random(41);
  const lowerHex = (n: number) => hex(next, n).toLowerCase();
  const pieces = [
    '"',
    "'",
    '`',
    'PT',
    '"PT',
    "'PT",
    `'PT${lowerHex(20)}'`,
    `\`PT${lowerHex(8)}\${`,
    lowerHex(4),
    lowerHex(20),
    lowerHex(46),
    lowerHex(3),
    'A',
    'g',
    '${',
    '{',
    '$',
    ' ',
    'P',
    'T',
  ];

  it('finds what the global fragment regex finds, on 5,000 generated texts', () => {
    const fragments = (text: string) => ptFragments(text).map((m) => [m.index, m[0], m[2]]);
    expect(sameMatches(texts(pieces, 5000, 43), fragments, reference)).toBeGreaterThan(5000); // the texts do hold matches
  });
});

describe('runsAround', () => {
  // the plain form: a run around every match of the global escape regex, overlapping runs merged
  function reference(text: string, escape: RegExp): [number, number][] {
    const isRunChar = (c: number) => c > 32 && c !== 34 && c !== 39 && c !== 60 && c !== 62 && c !== 96;
    const out: [number, number][] = [];
    escape.lastIndex = 0;
    for (let m = escape.exec(text); m; m = escape.exec(text)) {
      let s = m.index;
      const stop = Math.max(0, s - 512);
      while (s > stop && isRunChar(text.charCodeAt(s - 1))) s--;
      let e = m.index + m[0].length;
      const limit = Math.min(text.length, e + 512);
      while (e < limit && isRunChar(text.charCodeAt(e))) e++;
      const last = out[out.length - 1];
      if (last && s <= last[1]) last[1] = Math.max(last[1], e);
      else out.push([s, e]);
    }
    return out;
  }
  const tail = '(?:3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa])';
  const both = (source: string) => [new RegExp(source, 'g'), new RegExp(source, 'y')] as const;
  const forms: [string | string[], ...(readonly [RegExp, RegExp])][] = [
    ['%', ...both(`%(?:25|${tail})`)],
    ['\\u00', ...both(`\\\\u00${tail}`)],
    ['\\x', ...both(`\\\\x${tail}`)],
    ['&#', ...both(`&#(?:0*(?:4[89]|5[0-7]|6[5-9]|[78][0-9]|9[07-9]|1[01][0-9]|12[0-2])(?![0-9])|[xX]0*${tail}(?![0-9A-Fa-f]))`)],
    [['\\u{', '\\x{'], ...both(`\\\\[ux]\\{0*${tail}\\}`)],
    // two literals: octal escapes of letters start `\1`, of digits `\0`
    [['\\0', '\\1'], ...both(`\\\\(?:0(?:6[0-7]|7[01])|1(?:0[1-7]|[12][0-7]|3[0-2]|4[1-7]|[56][0-7]|7[0-2]))`)],
  ];
  const pieces = [
    ...['%', '%3', '%41', '%25', '%2F', '%7a', '\\u0041', '\\u00', '\\u004', '\\x41', '\\x2f', '\\x'],
    ...['&#80;', '&#x54;', '&#X2014;', '&#160;', '&#', '&#0080', '\\u{50}', '\\u{1F600}', '\\u{', '\\x{041}', '\\120', '\\065', '\\033', '\\0', '\\1'],
    ...['a', ' ', '"', '<', 'x'.repeat(300), '\n'],
    // rows of escapes longer than a run's reach: no escape is cut in two where the reach ends
    '&#x50;\\u0041\\x41\\120\\u{50}%41'.repeat(12),
  ];

  it('finds the runs the global escape regexes find, on 2,000 generated texts for each form', () => {
    let found = 0;
    for (const [literal, global, sticky] of forms)
      found += sameMatches(
        texts(pieces, 2000, 59),
        (text) => runsAround(text, literal, sticky),
        (text) => reference(text, global),
      );
    expect(found).toBeGreaterThan(6000); // the texts do hold escapes
  });
});

describe('joseMatches', () => {
  const reference = (text: string) =>
    [...text.matchAll(/eyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){2}(?:\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)?/g)].map((m) => [m.index, m[0]]);
  const pieces = ['eyJ', 'yJ', 'eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxMjM0In0', 'e', 'y', 'J', '.', '..', 'abc_-12', ' ', '\n', '='];

  it('finds what the global JOSE regex finds, on 5,000 generated texts', () => {
    const tokens = (text: string) => joseMatches(text).map((m) => [m.index, m[0]]);
    expect(sameMatches(texts(pieces, 5000, 61), tokens, reference)).toBeGreaterThan(2000); // the texts do hold tokens
  });
});

describe('isKubernetesSecret', () => {
  it('answers as a search for the whole phrase does, on texts made of its pieces and near-misses', () => {
    const all = texts(
      ['kind: Secret', 'kind: ', 'Secret', 'kind:Secret', 'kind:  Secret', 'Kind: Secret', 'kind: secret', 'SecretSecret', 'k', ' ', '\n', 'apiVersion: v1\n'],
      3000,
      11,
    );
    let found = 0;
    for (const text of all) {
      const expected = text.includes('kind: Secret');
      if (expected) found++;
      expect(isKubernetesSecret(text)).toBe(expected);
    }
    expect(found).toBeGreaterThan(100);
    expect(found).toBeLessThan(all.length);
  });
});
