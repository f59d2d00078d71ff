// Stand-in text (src/scan/stand-ins.ts): the rules read an ASCII stand-in for each character
// outside ASCII, so that a page with a few typographic quotes stays a one-byte string. What a
// user sees must not change: the same findings, lines, columns and snippets as on the real text.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { buildCustomRule } from '../../src/config/custom-rules.js';
import { RULES } from '../../rules/index.js';
import { scanUnit } from '../../src/scan/unit.js';
import { CHAR_STAND_IN, SPACE_STAND_IN, standInText } from '../../src/scan/stand-ins.js';
import type { ContentRule, Rule } from '../../src/types.js';
import { random } from '../helpers/random.js';
import { fakeProjectId, fakeToken } from '../helpers/secrets.js';

/** Characters outside ASCII that real files hold: quotes, dashes, an ellipsis, accents, CJK, emoji, spaces. */
const PALETTE = [
  '’',
  '“',
  '”',
  '—',
  '–',
  '…',
  'é',
  'ü',
  '©',
  '\u00a0',
  '中',
  '文',
  '😀',
  '🚀',
  '\u3000',
  '\u2009',
  '\ufeff',
  '\u0130',
  '\u017f',
  '\u212a',
  '\ufffd',
];

const standInEngine = new Engine(RULES, { redact: true, mode: 'history' });
/** The same rules, flagged as telling characters outside ASCII apart: they read the real text. */
const REAL_TEXT_RULES = RULES.map((r): Rule => (r.kind === 'content' ? { ...r, tellsNonAsciiApart: true } : r));
const realEngine = new Engine(REAL_TEXT_RULES, { redact: true, mode: 'history' });
/** The stand-in engine once its byte pass runs the SIMD filter (after its first MB, as in a long scan): its base64 runs come from the bytes. */
const filteredEngine = new Engine(RULES, { redact: true, mode: 'history' });
for (let k = 0; k < 2; k++) filteredEngine.keywordsInUtf8(Buffer.alloc((1 << 20) + 1, 'x'));

function scan(engine: Engine, text: string, path: string) {
  return scanUnit(engine, { id: 0, content: { kind: 'bytes', bytes: Buffer.from(text, 'utf8') }, paths: [path], maxFileSize: 1 << 24 });
}

function sprinkle(text: string, next: () => number, count: number): string {
  let out = text;
  for (let k = 0; k < count; k++) {
    const at = Math.floor(next() * (out.length + 1));
    // never between the two halves of a surrogate pair
    const safe = at > 0 && at < out.length && out.charCodeAt(at - 1) >= 0xd800 && out.charCodeAt(at - 1) <= 0xdbff ? at + 1 : at;
    out = out.slice(0, safe) + PALETTE[Math.floor(next() * PALETTE.length)]! + out.slice(safe);
  }
  return out;
}

describe('standInText', () => {
  it('keeps every offset and ASCII character, with a stand-in for each UTF-16 unit outside ASCII', () => {
    const next = random(7);
    for (let n = 0; n < 300; n++) {
      const real = sprinkle('const SIGNALWIRE_SPACE = "acme.signalwire.com"; // the Space\n'.repeat(1 + (n % 4)), next, 1 + (n % 9));
      const got = standInText(Buffer.from(real, 'utf8'))!;
      expect(got.text.length).toBe(real.length);
      const expected: number[] = [];
      for (let i = 0; i < real.length; i++) {
        const c = real.charCodeAt(i);
        if (c < 0x80) expect(got.text[i]).toBe(real[i]);
        else {
          expected.push(i);
          // \s decides which stand-in: a space stays a space for the rules' patterns
          expect(got.text[i]).toBe(/\s/.test(String.fromCharCode(c)) ? SPACE_STAND_IN : CHAR_STAND_IN);
        }
      }
      expect(got.standIns).toEqual(expected);
    }
  });

  it("gives the text's offset of every ASCII byte and of the end, past characters of two, three and four bytes", () => {
    const next = random(11);
    for (let n = 0; n < 200; n++) {
      const real = sprinkle('SIGNALWIRE_TOKEN=UFQ1ZTc4; // the Space acme.signalwire.com\n'.repeat(1 + (n % 3)), next, 1 + (n % 7));
      const bytes = Buffer.from(real, 'utf8');
      const got = standInText(bytes)!;
      let byte = 0;
      for (let i = 0; i < real.length; i++) {
        const c = real.charCodeAt(i);
        if (c < 0x80) expect(got.textOffset(byte), `byte ${byte} of ${JSON.stringify(real)}`).toBe(i);
        byte += Buffer.byteLength(String.fromCodePoint(real.codePointAt(i)!), 'utf8');
        if (real.codePointAt(i)! > 0xffff) i++;
      }
      expect(got.textOffset(bytes.length)).toBe(real.length);
    }
  });

  it('crosses the blocks it checks whole, with a character split between two of them', () => {
    for (const at of [4094, 4095, 4096, 8191]) {
      const real = 'a'.repeat(at) + '😀' + 'b'.repeat(5000) + '—';
      const got = standInText(Buffer.from(real, 'utf8'))!;
      expect(got.text).toBe('a'.repeat(at) + CHAR_STAND_IN + CHAR_STAND_IN + 'b'.repeat(5000) + CHAR_STAND_IN);
      expect(got.standIns).toEqual([at, at + 1, at + 5002]);
    }
  });

  it('reads a text larger than the buffer it keeps, and a small one after it', () => {
    const line = 'title: “SignalWire” — the Space acme.signalwire.com\n';
    const large = line.repeat(Math.ceil((9 << 20) / line.length));
    const got = standInText(Buffer.from(large, 'utf8'))!;
    expect(got.text.length).toBe(large.length);
    expect(got.standIns.length).toBe(3 * (large.length / line.length));
    expect(got.text.slice(0, line.length)).toBe(`title: ${CHAR_STAND_IN}SignalWire${CHAR_STAND_IN} ${CHAR_STAND_IN} the Space acme.signalwire.com\n`);
    const small = standInText(Buffer.from('é\n', 'utf8'))!;
    expect([small.text, small.standIns]).toEqual([`${CHAR_STAND_IN}\n`, [0]]);
  });

  it('gives nothing for ASCII, for invalid UTF-8, and for text with a line or paragraph separator', () => {
    expect(standInText(Buffer.from('SIGNALWIRE_TOKEN=PT00\n'))).toBeNull();
    expect(standInText(Buffer.from([0x61, 0xe2, 0x80, 0x0a]))).toBeNull();
    expect(standInText(Buffer.from('one\u2028two — three', 'utf8'))).toBeNull();
    expect(standInText(Buffer.from('one\u2029two', 'utf8'))).toBeNull();
  });
});

describe('scanning stand-in text', () => {
  const contentRules = RULES.filter((r): r is ContentRule => r.kind === 'content');
  const examples = contentRules.flatMap((r) => [...r.examples.positive, ...r.examples.negative]);

  it('reports what the real text reports, for every rule example with characters outside ASCII put anywhere', () => {
    const next = random(2026);
    let readStandIns = 0;
    let withFindings = 0;
    for (const example of examples) {
      for (let variant = 0; variant < 6; variant++) {
        const text = sprinkle(example.text, next, 1 + variant * 2);
        const path = example.path ?? 'src/config.ts';
        if (standInText(Buffer.from(text, 'utf8'))) readStandIns++;
        const expected = scan(realEngine, text, path);
        expect(scan(standInEngine, text, path), `${example.text.slice(0, 60)} (variant ${variant})`).toEqual(expected);
        expect(scan(filteredEngine, text, path), `${example.text.slice(0, 60)} (variant ${variant}, byte filter)`).toEqual(expected);
        if (expected.results.some((r) => r.findings.length > 0)) withFindings++;
      }
    }
    // the comparison is not vacuous: most texts went through the stand-ins, and many have findings
    expect(readStandIns).toBeGreaterThan(examples.length * 5);
    expect(withFindings).toBeGreaterThan(examples.length / 2);
  });

  it('finds base64-encoded credentials after characters outside ASCII, where the real text has them', () => {
    const token = fakeToken();
    const project = fakeProjectId();
    const encoded = Buffer.from(`${project}:${token}`).toString('base64');
    const text = [
      '# Intégration — « production » 🚀',
      '',
      'Les en-têtes ci-dessous sont envoyés tels quels… ne pas les partager.',
      '',
      `SIGNALWIRE_CREDENTIALS_B64=${encoded}`,
      `SIGNALWIRE_TOKEN_B64=${Buffer.from(token).toString('base64')}`,
      '',
    ].join('\n');
    for (const engine of [standInEngine, filteredEngine]) {
      const got = scan(engine, text, 'deploy/app.env.sh');
      expect(got).toEqual(scan(realEngine, text, 'deploy/app.env.sh'));
      const where = got.results[0]!.findings.map((f) => [f.ruleId, f.line, f.column]);
      expect(where).toContainEqual(['signalwire-api-token', 6, 22]);
      expect(where.some(([, line]) => line === 5)).toBe(true);
    }
  });

  it("reports Basic headers and Spaces where the byte pass found them as the text's own search does, in any case", () => {
    const next = random(31);
    const pair = Buffer.from(`${fakeProjectId()}:${fakeToken()}`).toString('base64');
    const pieces = [
      'Authorization: Basic ',
      'BASIC  ',
      'basic\t',
      'xbasic ',
      pair,
      `${pair.slice(0, 30)}basic${pair.slice(30)}`,
      'https://acme.signalwire.com',
      'Acme.SignalWire.COM',
      '.signalwire.com',
      'signalwire.community',
      ' "',
      '\n',
      'é',
      '“',
      '😀',
    ];
    let found = 0;
    for (let n = 0; n < 400; n++) {
      let text = '';
      for (let k = 1 + Math.floor(next() * 12); k > 0; k--) text += pieces[Math.floor(next() * pieces.length)]!;
      const expected = scan(realEngine, text, 'docs/auth.md');
      expect(scan(filteredEngine, text, 'docs/auth.md'), JSON.stringify(text)).toEqual(expected);
      found += expected.results[0]?.findings.length ?? 0;
    }
    expect(found).toBeGreaterThan(100);
  });

  it('reports a finding and its snippet exactly, with accents and emoji on its line', () => {
    const token = fakeToken();
    const text = `# Configuración — “producción” 🚀\nSIGNALWIRE_PROJECT_ID=${fakeProjectId()}\nSIGNALWIRE_TOKEN=${token} # clé privée, ne pas partager…\n`;
    const got = scan(standInEngine, text, 'deploy/app.env.sh');
    expect(got).toEqual(scan(realEngine, text, 'deploy/app.env.sh'));
    const tokenFinding = got.results[0]!.findings.find((f) => f.ruleId === 'signalwire-api-token')!;
    expect([tokenFinding.line, tokenFinding.column]).toEqual([3, 18]);
    expect(tokenFinding.snippet!.text).toContain('# clé privée, ne pas partager…');
  });

  it('reads an ignore comment whose reason follows an em dash as written', () => {
    // the dash ends the list of rule ids: the project ID named in the reason is still reported
    const text = [
      'import { RestClient } from "@signalwire/compatibility-api";',
      '// swlint-ignore-next-line signalwire-api-token — rotated; not signalwire-project-id, which stays',
      `const client = RestClient("${fakeProjectId()}", "${fakeToken()}", { signalwireSpaceUrl: "acme.signalwire.com" });`,
      '',
    ].join('\n');
    const got = scan(standInEngine, text, 'src/client.ts');
    expect(got).toEqual(scan(realEngine, text, 'src/client.ts'));
    expect(got.results[0]!.findings.map((f) => f.ruleId)).toContain('signalwire-project-id');
    expect(got.results[0]!.findings.map((f) => f.ruleId)).not.toContain('signalwire-api-token');
  });

  it('reports only the added lines of a change, counted on the real text', () => {
    const before = `# Guía rápida — “SignalWire”\nSIGNALWIRE_SPACE=acme.signalwire.com\nSIGNALWIRE_TOKEN=${fakeToken()} # ya rotado…\n`;
    const token = fakeToken();
    const after = before.replace('# Guía rápida', '# Guía rápida 🚀') + `SIGNALWIRE_TOKEN_NUEVO=${token} # añadido — no lo subas\n`;
    const diffUnit = (engine: Engine) =>
      scanUnit(engine, {
        id: 0,
        content: { kind: 'bytes', bytes: Buffer.from(after, 'utf8') },
        before: [{ kind: 'bytes', bytes: Buffer.from(before, 'utf8') }],
        paths: ['deploy/app.env.sh'],
        maxFileSize: 1 << 20,
      });
    const diffEngine = new Engine(RULES, { redact: true, mode: 'diff' });
    const got = diffUnit(diffEngine);
    expect(got).toEqual(diffUnit(new Engine(REAL_TEXT_RULES, { redact: true, mode: 'diff' })));
    // the old token's line is unchanged, the heading's change holds no credential: only the new token
    expect(got.results[0]!.findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['signalwire-api-token', 4, 24]]);
  });

  it('reads the real text for a custom rule, whose pattern may name a character outside ASCII', () => {
    const custom = buildCustomRule({
      id: 'acme-vault-key',
      regex: 'Schlüssel=(\\w{12,})',
      keywords: ['schl'],
      message: 'A vault key.',
      fix: 'Move it to the vault.',
    });
    const engine = new Engine([...RULES, custom], { redact: true, mode: 'scan' });
    expect(engine.readsStandIns).toBe(false);
    const got = scan(engine, 'Tresor: Schlüssel=Zq81Lk20Xv77Mn4\n', 'config/tresor.ini');
    expect(got.results[0]!.findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['acme-vault-key', 1, 19]]);
  });
});
