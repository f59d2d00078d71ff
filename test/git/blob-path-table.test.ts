// The (blob id, path number) → date table history keeps for every pair it hands on: it must
// behave as a Map keyed by the pair, through growth, for SHA-1 and SHA-256 ids alike.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BlobPathTable } from '../../src/sources/git/blob-path-table.js';

const sha1 = (n: number) => createHash('sha1').update(`blob ${n}`).digest('hex');
const sha256 = (n: number) => createHash('sha256').update(`blob ${n}`).digest('hex');

describe('BlobPathTable', () => {
  it('answers like a Map keyed by (id, path) through many growths', () => {
    const table = new BlobPathTable();
    const reference = new Map<string, number>();
    for (let n = 0; n < 20_000; n++) {
      const id = sha1(n % 7_000);
      const path = (n * 31) % 900;
      const when = 1_700_000_000 + ((n * 7919) % 100_000);
      table.set(id, path, when);
      reference.set(`${id} ${path}`, when);
    }
    expect(table.size).toBe(reference.size);
    for (const [key, when] of reference) {
      const [id, path] = key.split(' ');
      expect(table.get(id!, Number(path))).toBe(when);
    }
    // the same blob at another path, and another blob at the same path, are other pairs
    expect(table.get(sha1(1), 899_999)).toBeUndefined();
    expect(table.has(sha1(9_999), 0)).toBe(false);
  });

  it('keeps -Infinity (a version from before a limited walk) and updates a value in place', () => {
    const table = new BlobPathTable();
    table.set(sha1(1), 3, -Infinity);
    expect(table.get(sha1(1), 3)).toBe(-Infinity);
    table.set(sha1(1), 3, 42);
    expect(table.get(sha1(1), 3)).toBe(42);
    expect(table.size).toBe(1);
  });

  it('lower() sets a pair only when it is new or the value is lower, as the walk needs', () => {
    const table = new BlobPathTable();
    expect(table.lower(sha1(1), 0, 100)).toBe(true);
    expect(table.lower(sha1(1), 0, 100)).toBe(false);
    expect(table.lower(sha1(1), 0, 150)).toBe(false);
    expect(table.get(sha1(1), 0)).toBe(100);
    expect(table.lower(sha1(1), 0, 50)).toBe(true);
    expect(table.get(sha1(1), 0)).toBe(50);
    expect(table.lower(sha1(1), 1, 500)).toBe(true);
    expect(table.size).toBe(2);
  });

  it('takes SHA-256 ids, and refuses what is not an object id', () => {
    const table = new BlobPathTable();
    for (let n = 0; n < 3_000; n++) table.set(sha256(n), n % 5, n);
    for (let n = 0; n < 3_000; n++) expect(table.get(sha256(n), n % 5)).toBe(n);
    expect(() => table.get(sha1(1), 0)).toThrow(/another length/);
    expect(() => new BlobPathTable().set('not-an-id', 0, 1)).toThrow(/not a git object id/);
    expect(() => new BlobPathTable().set('g'.repeat(40), 0, 1)).toThrow(/not a git object id/);
  });
});
