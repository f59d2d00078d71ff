// binaryStrings: the strings a compiled or binary file keeps, as `strings -a` and `strings -el`
// would print them together, plus the shortened copies that free a value from a length byte.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { binaryStrings, decode } from '../../src/scan/decode.js';

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
    expect([r.strings, r.copyOf]).toEqual([1, [0, 0]]);
  });

  it('reads nothing from formats whose bytes are compressed (images, archives, PDFs, fonts, media)', () => {
    for (const format of ['png', 'jpeg', 'zip/jar/docx', 'gzip', 'pdf', 'woff2', 'mp4/mov/heic (ISO media)'])
      expect(binaryStrings(latin('some text here'), format)).toBeNull();
    const png = decode(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), latin('PT0123456789abcdef')]));
    expect(png.ok ? null : binaryStrings(Buffer.alloc(0), png.format)).toBeNull();
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
