// The bound of decoded text (src/detect/decoders.ts): twice the chunk's length, at least 1 MB,
// shared by every level of views. Real files stay within it, however much base64 they hold; text
// that passes it (several encodings of the same characters) says what it left undecoded, and
// the scan lists the file as partly decoded (a swlint-unscanned error in staged and diff).
import { describe, expect, it } from 'vitest';
import { decodedViews } from '../../src/detect/decoders.js';
import { Engine } from '../../src/engine/engine.js';
import { RULES } from '../../rules/index.js';
import { scanUnit } from '../../src/scan/unit.js';
import { fakeToken } from '../helpers/secrets.js';

const engine = new Engine(RULES, { redact: true, mode: 'scan' });
const b64 = (s: string) => Buffer.from(s).toString('base64');
const escaped = (s: string, prefix: string, width: number) => [...s].map((c) => prefix + c.charCodeAt(0).toString(16).padStart(width, '0')).join('');
/** each line a percent, a \u and a \x run at once: its views are more than twice its length */
const decoy = (lines: number) => `x=${'%41\\u0041\\x41'.repeat(40)}\n`.repeat(lines);

describe('the bound of decoded text', () => {
  it('counts the views it leaves undecoded once it is spent', () => {
    const text = ['one', 'two', 'three'].map((w) => `${w}: ${b64(`the ${w} value is a long enough sentence of text`)}`).join('\n');
    const all = { left: 1 << 20, undecoded: 0 };
    expect(decodedViews(text, null, all)).toHaveLength(3);
    expect(all.undecoded).toBe(0);
    const small = { left: 10, undecoded: 0 };
    expect(decodedViews(text, null, small)).toHaveLength(1);
    expect(small.undecoded).toBe(2);
  });

  it('is twice the text: a token in \\u escapes after 3 MB of base64 of text is found, and nothing is left undecoded', () => {
    const lorem = b64('lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor '.repeat(12));
    const values = Array.from({ length: Math.ceil(3_000_000 / lorem.length) }, (_, i) => `"k${i}": "${lorem}",`);
    const text = `{\n${values.join('\n')}\n"auth": "${escaped(fakeToken(), '\\u', 4)}"\n}\n`;
    const result = engine.scan({ path: 'a.json', text });
    expect(result.findings.map((f) => `${f.ruleId} ${f.line}`)).toEqual([`signalwire-api-token ${values.length + 2}`]);
    expect(result.undecoded).toBeUndefined();
  });

  it('text past it is partly decoded: skipped in part, and unscanned for a gate', () => {
    const text = `${decoy(1200)}t=${escaped(fakeToken(), '\\x', 2)}\n`;
    const result = engine.scan({ path: 'a.txt', text });
    expect(result.undecoded).toBeGreaterThan(0);
    const unit = scanUnit(engine, { id: 0, content: { kind: 'bytes', bytes: Buffer.from(text) }, paths: ['a.txt'], maxFileSize: 5 << 20 });
    expect(unit.scannedBytes).toBe(text.length);
    expect(unit.skipped).toEqual([{ file: 'a.txt', reason: 'partly-decoded', detail: expect.stringMatching(/^\d+ encoded values not decoded/) as unknown }]);
    expect(unit.unscanned?.reason).toBe('partly-decoded');
    // the same lines, fewer of them: within the bound, the token is found and nothing is skipped
    const within = scanUnit(engine, {
      id: 0,
      content: { kind: 'bytes', bytes: Buffer.from(`${decoy(100)}t=${escaped(fakeToken(), '\\x', 2)}\n`) },
      paths: ['a.txt'],
      maxFileSize: 5 << 20,
    });
    expect(within.skipped).toEqual([]);
    expect(within.unscanned).toBeNull();
    expect(within.results.flatMap((r) => r.findings).map((f) => f.ruleId)).toEqual(['signalwire-api-token']);
  });
});
