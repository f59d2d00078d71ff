// A batch's bytes go to a worker in one shared buffer: packing must keep every unit's bytes
// (content and before-versions) exactly, reuse buffers only once released, and pass a large
// blob already in shared memory through without a copy.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SharedBatchMemory, unitBytes } from '../../src/scan/shared-batch.js';
import type { WorkUnit } from '../../src/scan/unit.js';

const unit = (id: number, content: WorkUnit['content'], before?: WorkUnit['content'][]): WorkUnit => ({
  id,
  content,
  paths: [`f${id}.txt`],
  maxFileSize: 1 << 20,
  ...(before ? { before } : {}),
});
const bytes = (n: number) => ({ kind: 'bytes' as const, bytes: new Uint8Array(randomBytes(n)) });

describe('SharedBatchMemory', () => {
  it('copies every unit’s bytes into one shared buffer, unchanged and in place of their own', () => {
    const memory = new SharedBatchMemory(64 * 1024, 4);
    const units = [
      unit(0, bytes(1000)),
      unit(1, { kind: 'too-large', size: 9e9 }),
      unit(2, bytes(0)),
      unit(3, bytes(5000), [bytes(300), { kind: 'missing', detail: 'gone' }]),
    ];
    const originals = units.map((u) => [u.content, ...(u.before ?? [])].map((c) => (c.kind === 'bytes' ? Buffer.from(c.bytes).toString('hex') : c.kind)));
    expect(units.reduce((n, u) => n + unitBytes(u), 0)).toBe(6300);
    const { memory: shared, copied } = memory.pack(units);
    expect(copied).toBe(true);
    expect(shared).toBeInstanceOf(SharedArrayBuffer);
    for (const [k, u] of units.entries()) {
      const now = [u.content, ...(u.before ?? [])].map((c) => (c.kind === 'bytes' ? Buffer.from(c.bytes).toString('hex') : c.kind));
      expect(now).toEqual(originals[k]);
      for (const c of [u.content, ...(u.before ?? [])]) if (c.kind === 'bytes') expect(c.bytes.buffer).toBe(shared);
    }
  });

  it('reuses a buffer only after it was released', () => {
    const memory = new SharedBatchMemory(4096, 2);
    const a = memory.pack([unit(0, bytes(100))]).memory;
    const b = memory.pack([unit(1, bytes(100))]).memory;
    expect(b).not.toBe(a);
    memory.release(a);
    expect(memory.pack([unit(2, bytes(100))]).memory).toBe(a);
    // a batch larger than the usual size gets a buffer of its own, never kept for reuse
    const big = memory.pack([unit(3, bytes(3000)), unit(4, bytes(3000))]).memory!;
    expect(big.byteLength).toBe(6000);
    memory.release(big);
    expect(memory.pack([unit(5, bytes(10))]).memory).not.toBe(big);
  });

  it('passes one large unit already in shared memory through, and copies nothing when there are no bytes', () => {
    const memory = new SharedBatchMemory(4096, 2);
    const shared = new Uint8Array(new SharedArrayBuffer(10_000), 0, 9_000);
    const big = unit(0, { kind: 'bytes', bytes: shared });
    expect(memory.pack([big])).toEqual({ memory: null, copied: false });
    expect(big.content.kind === 'bytes' && big.content.bytes).toBe(shared);
    expect(memory.pack([unit(1, { kind: 'too-large', size: 1 })])).toEqual({ memory: null, copied: true });
  });
});
