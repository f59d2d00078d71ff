// The queue between a source that pushes and the pipeline that pulls: items come out in order
// whether they were queued before or after the consumer asked, the iteration ends with the
// source and fails with it, and a producer past the byte bound is told to wait until the
// consumer has taken the queue below half of it.
import { describe, expect, it } from 'vitest';
import { ItemQueue } from '../../src/sources/queue.js';

async function drain<T>(queue: ItemQueue<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of queue) out.push(item);
  return out;
}

describe('ItemQueue', () => {
  it('hands over queued items and items pushed while the consumer waits, in order, then ends', async () => {
    const queue = new ItemQueue<string>(1024);
    queue.push('a');
    queue.push('b');
    const consumed = drain(queue);
    await new Promise((r) => setTimeout(r, 5));
    queue.push('c');
    await Promise.resolve();
    queue.push('d');
    queue.end();
    expect(await consumed).toEqual(['a', 'b', 'c', 'd']);
  });

  it("ends a consumer that waits, and fails it with the source's error", async () => {
    const ended = new ItemQueue<number>(1024);
    const waiting = drain(ended);
    ended.end();
    expect(await waiting).toEqual([]);

    const failing = new ItemQueue<number>(1024);
    failing.push(1);
    const consumer = drain(failing);
    failing.fail(new Error('git log failed: bad revision'));
    await expect(consumer).rejects.toThrow('git log failed: bad revision');
  });

  it('keeps order across many items taken and compacted', async () => {
    const queue = new ItemQueue<number>(1 << 30);
    const n = 5000;
    for (let k = 0; k < n; k++) queue.push(k, 1);
    queue.end();
    const got = await drain(queue);
    expect(got.length).toBe(n);
    expect(got.every((v, k) => v === k)).toBe(true);
  });

  it('tells a producer past the byte bound to wait, until the consumer has taken it below half', async () => {
    const calls: string[] = [];
    const queue = new ItemQueue<string>(
      100,
      () => calls.push('full'),
      () => calls.push('room'),
    );
    queue.push('a', 60);
    expect(queue.overBound).toBe(false);
    queue.push('b', 60);
    expect(queue.overBound).toBe(true);
    let roomed = false;
    const room = queue.room().then(() => (roomed = true));
    const it = queue[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ value: 'a', done: false });
    // 60 bytes left: still over half the bound
    await Promise.resolve();
    expect(roomed).toBe(false);
    expect(queue.overBound).toBe(true);
    expect(await it.next()).toEqual({ value: 'b', done: false });
    await room;
    expect(queue.overBound).toBe(false);
    expect(calls).toEqual(['full', 'room']);
    queue.end();
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it('never tells a producer to wait once the consumer is gone (ended or failed)', async () => {
    const queue = new ItemQueue<string>(10);
    queue.push('big', 100);
    expect(queue.overBound).toBe(true);
    const room = queue.room();
    queue.end();
    await room;
    expect(queue.overBound).toBe(false);
  });
});
