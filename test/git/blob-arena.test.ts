// The ring that blobs read from git are copied into (src/sources/git/blob-arena.ts): a region
// is written again only once it and every region before it were released; a ring without
// room hands out a buffer of its own; nothing handed out is ever overwritten while held.
import { describe, expect, it } from 'vitest';
import { BlobArena } from '../../src/sources/git/blob-arena.js';

const fill = (bytes: Buffer, value: number) => bytes.fill(value);

describe('BlobArena', () => {
  it('reuses released memory in a ring, oldest first', () => {
    const arena = new BlobArena(100);
    const a = arena.take(40);
    const b = arena.take(40);
    expect(a.bytes.buffer).toBe(b.bytes.buffer);
    expect(b.bytes.byteOffset - a.bytes.byteOffset).toBe(40);
    a.release();
    // 20 bytes left before the end, 40 free at the front: a 30-byte blob wraps to the front
    const c = arena.take(30);
    expect(c.bytes.buffer).toBe(a.bytes.buffer);
    expect(c.bytes.byteOffset).toBe(a.bytes.byteOffset);
    expect(arena.held).toBe(40 + 20 + 30);
    expect(arena.overflows).toBe(0);
  });

  it('never writes over a region still held, even when later ones were released first', () => {
    const arena = new BlobArena(100);
    const held = arena.take(30);
    fill(held.bytes, 7);
    for (let round = 0; round < 50; round++) {
      const later = arena.take(25);
      fill(later.bytes, 9);
      later.release();
    }
    expect([...held.bytes].every((v) => v === 7)).toBe(true);
    held.release();
    expect(arena.held).toBe(0);
  });

  it('gives a blob a buffer of its own when the ring has no room, and a never-released region only costs room', () => {
    const arena = new BlobArena(64);
    const forgotten = arena.take(50);
    fill(forgotten.bytes, 1);
    const big = arena.take(200);
    expect(big.bytes.length).toBe(200);
    expect(big.bytes.buffer).not.toBe(forgotten.bytes.buffer);
    const noRoom = arena.take(20);
    expect(noRoom.bytes.buffer).not.toBe(forgotten.bytes.buffer);
    fill(noRoom.bytes, 2);
    noRoom.release();
    expect(arena.overflows).toBe(2);
    expect([...forgotten.bytes].every((v) => v === 1)).toBe(true);
    // once released, the ring starts again at the front
    forgotten.release();
    forgotten.release();
    const again = arena.take(60);
    expect(again.bytes.buffer).toBe(forgotten.bytes.buffer);
    expect(again.bytes.byteOffset).toBe(forgotten.bytes.byteOffset);
  });

  it('keeps every held region intact over a long run of mixed sizes and out-of-order releases', () => {
    const arena = new BlobArena(4096);
    let seed = 12345;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const held: { region: ReturnType<BlobArena['take']>; value: number }[] = [];
    for (let i = 0; i < 5000; i++) {
      const value = i % 251;
      const region = arena.take(random(900));
      fill(region.bytes, value);
      held.push({ region, value });
      // release one held region at random, or the oldest, now and then
      if (held.length > 6 || random(3) === 0) {
        const k = random(2) === 0 ? 0 : random(held.length);
        const [gone] = held.splice(k, 1);
        expect([...gone!.region.bytes].every((v) => v === gone!.value)).toBe(true);
        gone!.region.release();
      }
    }
    for (const h of held) expect([...h.region.bytes].every((v) => v === h.value)).toBe(true);
    // most blobs found room in the ring
    expect(arena.overflows).toBeLessThan(2500);
  });
});
