// binaryStrings: the strings a compiled or binary file keeps, as `strings -a` and `strings -el`
// would print them together, plus the shortened copies that free a value from a length byte.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { binaryStrings, decode, mayHide, wideReadings, wideRunsInText } from '../../src/scan/decode.js';

const u16 = (s: string) => Buffer.from(s, 'utf16le');
const latin = (s: string) => Buffer.from(s, 'latin1');
const stringsOf = (b: Buffer) => {
  const r = binaryStrings(b, 'unknown')!;
  return r.text.split('\n').slice(0, r.strings);
};

describe('binaryStrings', () => {
  it('reads ASCII and UTF-16LE strings in file order, and drops runs shorter than six characters', () => {
    const b = Buffer.concat([
      latin('\0\x01abc\0'),
      latin('SignalWire.Relay\0\0'),
      u16('joshua.signalwire.com'),
      latin('\0\0\x07'),
      u16('ok'),
      latin('\xff\xfeconnect_timeout\0'),
    ]);
    expect(stringsOf(b)).toEqual(['SignalWire.Relay', 'joshua.signalwire.com', 'connect_timeout']);
  });

  it('keeps the first character of a wide string that follows a narrow one or a printable length byte', () => {
    expect(stringsOf(Buffer.concat([latin('\0e'), u16('PT0123456789')]))).toEqual(['PT0123456789']);
    expect(stringsOf(Buffer.concat([latin('\0Assembly.Name'), u16('PT0123456789'), latin('\0\0')]))).toEqual(['Assembly.Name', 'PT0123456789']);
  });

  it('follows the strings with copies shortened by one and two characters, each naming its string', () => {
    const r = binaryStrings(latin('\0z2PT0123456789\0short\0'), 'python bytecode')!;
    expect(r.text.split('\n')).toEqual(['z2PT0123456789', '2PT0123456789', 'PT0123456789']);
    expect([r.strings, r.copyOf, r.copyDrop]).toEqual([1, [0, 0], [1, 2]]);
  });

  it("copies a value glued to the field before it and to a record's header byte after it (a database row), naming where it starts", () => {
    const token = 'PT' + '7c1e94a0d2b85f3e6a09c4d17b2e85f0a3c96d41e7b0285f';
    const r = binaryStrings(latin(`\0\x03-qsignalwire_token${token}9\x02\x03-Odisplay_nameFront desk\0`), 'sqlite')!;
    const lines = r.text.split('\n');
    expect(lines.slice(0, r.strings)).toEqual([`-qsignalwire_token${token}9`, '-Odisplay_nameFront desk']);
    const at = lines.indexOf(token) - r.strings;
    expect(at).toBeGreaterThanOrEqual(0);
    expect([r.copyOf[at], r.copyDrop[at]]).toEqual([0, '-qsignalwire_token'.length]);
    // a capital inside a word too short to hold a value is no glue point
    expect(lines.slice(r.strings).filter((l) => l.startsWith('Front'))).toEqual([]);
  });

  it('reads nothing from formats whose bytes are compressed (images, archives, PDFs, fonts, media)', () => {
    const compressed = Buffer.concat([latin('\0\x01'), randomBytes(4096), latin('\0SIGNALWIRE_API_TOKEN=PT0123456789\0'), randomBytes(4096)]);
    for (const format of ['png', 'jpeg', 'zip/jar/docx', 'gzip', 'pdf', 'woff2', 'mp4/mov/heic (ISO media)'])
      expect(binaryStrings(compressed, format)).toBeNull();
    // metadata at the head (XMP, EXIF) is no text where the compressed bytes are
    expect(binaryStrings(Buffer.concat([latin('<x:xmpmeta>'.repeat(100)), randomBytes(8192)]), 'jpeg')).toBeNull();
  });

  it("reads text behind a compressed format's signature, and a text line appended to one", () => {
    const line = 'SIGNALWIRE_API_TOKEN=PT0123456789\n';
    const read = (b: Buffer) => stringsOf(b).filter((s) => s.startsWith('SIGNALWIRE'));
    for (const header of ['PK\x03\x04\n', '\x1f\x8b\n', '\xff\xd8\xff\n', '%PDF-\0\n', 'BZh\0\n']) {
      const b = latin(header + line);
      const d = decode(b);
      expect(d.ok).toBe(false);
      expect(d.ok ? null : binaryStrings(b, d.format)?.text).toContain('SIGNALWIRE_API_TOKEN=PT0123456789');
      expect(read(latin(header + line.repeat(200)))).toHaveLength(200);
    }
    // UTF-16 text behind one
    expect(binaryStrings(Buffer.concat([latin('PK\x03\x04'), u16(line.repeat(20))]), 'zip/jar/docx')?.text).toContain('PT0123456789');
    // a line after a real image's bytes
    expect(binaryStrings(Buffer.concat([latin('\x89PNG\r\n\x1a\n'), randomBytes(8192), latin('\n' + line)]), 'png')?.text).toContain('PT0123456789');
  });

  it('reads UTF-16BE and UTF-32 strings, big-endian ones up to the end of the file', () => {
    const u32 = (s: string, le: boolean) => Buffer.concat([...s].map((c) => Buffer.from(le ? [c.charCodeAt(0), 0, 0, 0] : [0, 0, 0, c.charCodeAt(0)])));
    const b = Buffer.concat([
      latin('\x01\x02'),
      u32('utf32-little', true),
      latin('\x01\x02'),
      u32('utf32-big-endian', false),
      latin('\x01\x02'),
      u16('utf16-big').swap16(),
    ]);
    expect(stringsOf(b)).toEqual(['utf32-little', 'utf32-big-endian', 'utf16-big']);
  });

  it('finds every printable ASCII run of six or more in random binary data', () => {
    for (let round = 0; round < 20; round++) {
      const b = randomBytes(4096);
      const wanted = (b.toString('latin1').match(/[\x20-\x7e\t]{6,}/g) ?? []).filter((run, k, all) => all.indexOf(run) === k);
      const text = binaryStrings(b, 'unknown')!.text;
      for (const run of wanted) expect(text).toContain(run.slice(0, -1));
    }
  });
});

describe('which texts may spell UTF-16 strings (mayHide, wideRunsInText, wideReadings)', () => {
  const printable = (b: number) => b === 9 || (b >= 0x20 && b <= 0x7e);
  const spells = (unit: number) => printable(unit >> 8) && printable(unit & 0xff);
  const utf8 = (s: string) => Buffer.from(s, 'utf8');

  it('takes exactly the characters whose code unit is two printable bytes, from the text and from its UTF-8 bytes alike', () => {
    for (let unit = 0; unit < 0x10000; unit++) {
      if (unit >= 0xd800 && unit <= 0xdfff) continue;
      const text = `é${String.fromCharCode(unit).repeat(3)}\n`;
      const expected = spells(unit) ? [{ chars: text, at: 0 }] : [];
      expect(wideRunsInText(text), `U+${unit.toString(16)} in a text`).toEqual(expected);
      expect(mayHide(utf8(text)).wide, `U+${unit.toString(16)} in UTF-8`).toEqual(expected);
    }
  });

  it('finds each run with the character on either side, where it is in the text or the bytes, and no run of two', () => {
    const text = 'ab — 䥓䝎䅎 x 㐵㘷 ’ 敹㴢\n';
    expect(wideRunsInText(text)).toEqual([{ chars: ' 䥓䝎䅎 ', at: 4 }]);
    expect(mayHide(utf8(text)).wide).toEqual([{ chars: ' 䥓䝎䅎 ', at: 6 }]);
  });

  it('reads the ASCII a CJK-looking text spells, and nothing from dashes, quotes, a box-drawing tree or arrows', () => {
    const hidden = Buffer.from('SIGNALWIRE_PROJECT=space', 'latin1').swap16().toString('utf16le'); // big-endian pairs read as characters
    const doc = `# 说明\n${hidden}\n`;
    expect(wideReadings(mayHide(utf8(doc)).wide)!.text).toContain('SIGNALWIRE_PROJECT=space');
    expect(wideReadings(wideRunsInText(doc))!.text).toContain('SIGNALWIRE_PROJECT=space');
    const prose = '“Quoted” — a note… ├── src/\n│   └── index.ts → main ✅ 日本語のテキスト\n';
    expect(mayHide(utf8(prose))).toEqual({ nul: false, nonAscii: true, wide: [] });
    expect(wideRunsInText(prose)).toEqual([]);
  });
});
