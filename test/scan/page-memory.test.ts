// Large buffers come from V8's pages (a resizable ArrayBuffer, a growable SharedArrayBuffer), small
// ones from the C allocator as usual (src/io/page-memory.ts); either way they behave as the
// buffers they replace.
import { describe, expect, it } from 'vitest';
import { MAPPED_FROM, arrayBufferOf, bytesOf, float64sOf, int32sOf, sharedBufferOf, uint32sOf, uint8sOf } from '../../src/io/page-memory.js';
import { latin1Text, rawStrings } from '../../src/scan/decode.js';

describe('page memory', () => {
  it("is resizable (mapped by V8) from the C allocator's mapping size on, plain below it", () => {
    expect(arrayBufferOf(MAPPED_FROM).resizable).toBe(true);
    expect(arrayBufferOf(MAPPED_FROM - 1).resizable).toBe(false);
    expect(sharedBufferOf(MAPPED_FROM).growable).toBe(true);
    expect(sharedBufferOf(1024).growable).toBe(false);
  });

  it('gives zeroed arrays of the length asked for, usable as the plain ones', () => {
    for (const n of [16, MAPPED_FROM / 4, MAPPED_FROM]) {
      for (const v of [int32sOf(n), uint32sOf(n), float64sOf(n), uint8sOf(n)]) {
        expect(v.length).toBe(n);
        expect(v.every((x) => x === 0)).toBe(true);
        v[n - 1] = 7;
        expect(v[n - 1]).toBe(7);
      }
    }
  });

  it('gives Buffers that node reads into, copies and decodes like any other', () => {
    const b = bytesOf(MAPPED_FROM + 10);
    expect(Buffer.isBuffer(b)).toBe(true);
    expect(b.length).toBe(MAPPED_FROM + 10);
    b.write('signalwire', MAPPED_FROM);
    expect(b.toString('latin1', MAPPED_FROM, MAPPED_FROM + 10)).toBe('signalwire');
    expect(new TextDecoder().decode(b.subarray(MAPPED_FROM, MAPPED_FROM + 10))).toBe('signalwire');
    const copy = Buffer.alloc(10);
    b.copy(copy, 0, MAPPED_FROM);
    expect(copy.toString()).toBe('signalwire');
  });
});

describe('Latin-1 text of large bytes', () => {
  it('is the string node gives, across the pieces it is read in', () => {
    const bytes = Buffer.alloc(2_345_678);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + (i >> 9)) & 0xff;
    const text = latin1Text(bytes);
    expect(text.length).toBe(bytes.length);
    expect(text === bytes.toString('latin1')).toBe(true);
  });

  it("gives a large binary's strings whole where they straddle two pieces", () => {
    const token = 'PT' + 'a1b2c3d4'.repeat(6);
    const binary = Buffer.alloc(1_200_000);
    binary.write(`token=${token}`, 999_999 - 20, 'latin1');
    expect(rawStrings(binary).text).toContain(`token=${token}`);
  });
});
