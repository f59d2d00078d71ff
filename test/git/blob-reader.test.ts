// `git cat-file --batch` read back blob by blob: every size comes back byte for byte (within
// one read chunk, across chunks, past SHARED_FROM) while earlier answers are released for
// reuse; released buffers are handed out again only for their size class, within a bound; a
// caller that holds large blobs within a bound (history) gets git paused at that bound, and
// buffers of one size that any later blob can reuse.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BlobReader, SHARED_FROM, SpareBuffers } from '../../src/sources/git/blob-reader.js';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';

afterAll(cleanupTempDirs);

function writeBlob(repo: TestRepo, content: Buffer): string {
  const file = path.join(repo.dir, 'blob.tmp');
  writeFileSync(file, content);
  return execFileSync('git', ['hash-object', '-w', file], { cwd: repo.dir, encoding: 'utf8' }).trim();
}

describe('BlobReader', () => {
  it('returns every blob whole and in request order, whatever its size', async () => {
    const repo = TestRepo.create();
    const contents = [0, 1, 100, 70_000, 300_000, SHARED_FROM + 12_345, 5, SHARED_FROM * 2 + 1].map((n) => randomBytes(n));
    const ids = contents.map((c) => writeBlob(repo, c));
    const reader = new BlobReader<number>(repo.dir, 64 << 20);
    ids.forEach((id, k) => reader.read(id, k));
    reader.read('0'.repeat(40), -1);
    reader.endRequests();
    const got: string[] = [];
    for (let a = await reader.next(); a; a = await reader.next()) {
      got.push(a.blob.kind === 'content' ? `${a.tag} ${Buffer.from(a.blob.data).equals(contents[a.tag]!)}` : `${a.tag} ${a.blob.kind}`);
      if (a.blob.kind === 'content') a.blob.release?.();
    }
    await reader.close();
    expect(got).toEqual(['0 true', '1 true', '2 true', '3 true', '4 true', '5 true', '6 true', '7 true', '-1 missing']);
  });
});

describe('BlobReader.take', () => {
  it('answers at once what git has sent, nothing before it has, and null after the last answer', async () => {
    const repo = TestRepo.create();
    const contents = Array.from({ length: 40 }, (_, k) => randomBytes(k * 997));
    const ids = contents.map((c) => writeBlob(repo, c));
    const reader = new BlobReader<number>(repo.dir, 64 << 20);
    ids.forEach((id, k) => reader.read(id, k));
    reader.read('f'.repeat(40), -1);
    reader.endRequests();
    // git's answers arrive as I/O events: none can be in before this turn ends
    expect(reader.take()).toBeUndefined();
    const got: string[] = [];
    let waited = 0;
    for (;;) {
      let a = reader.take();
      if (a === undefined) {
        waited++;
        a = await reader.next();
      }
      if (!a) break;
      got.push(a.blob.kind === 'content' ? `${a.tag} ${Buffer.from(a.blob.data).equals(contents[a.tag]!)}` : `${a.tag} ${a.blob.kind}`);
      if (a.blob.kind === 'content') a.blob.release?.();
    }
    expect(got).toEqual([...contents.map((_, k) => `${k} true`), '-1 missing']);
    expect(waited).toBeGreaterThan(0);
    expect(reader.take()).toBeNull();
    await reader.close();
  });
});

describe('BlobReader holding large blobs within a bound', () => {
  it('stops handing out blobs while that many large ones are held, and goes on once one is released', async () => {
    const repo = TestRepo.create();
    const contents = [2 * SHARED_FROM + 1, 3 * SHARED_FROM, 2 * SHARED_FROM + 7, 5].map((n) => randomBytes(n));
    const ids = contents.map((c) => writeBlob(repo, c));
    const reader = new BlobReader<number>(repo.dir, 64 << 20, { holdLarge: 2 });
    ids.forEach((id, k) => reader.read(id, k));
    reader.endRequests();
    const pull = async (want: number) => {
      const a = await reader.next();
      expect(a?.tag).toBe(want);
      if (a?.blob.kind !== 'content') throw new Error('expected content');
      expect(Buffer.from(a.blob.data).equals(contents[want]!)).toBe(true);
      return a.blob;
    };
    const first = await pull(0);
    const second = await pull(1);
    // two large blobs held: git is paused, the third (over 2 MB) cannot have come whole
    const third = reader.next();
    const waited = await Promise.race([third.then(() => 'answered'), new Promise((r) => setTimeout(() => r('waiting'), 300))]);
    expect(waited).toBe('waiting');
    first.release!();
    const got = await third;
    expect(got?.tag).toBe(2);
    if (got?.blob.kind === 'content') {
      expect(Buffer.from(got.blob.data).equals(contents[2]!)).toBe(true);
      got.blob.release!();
    }
    second.release!();
    await pull(3);
    expect(await reader.next()).toBeNull();
    await reader.close();
  });
});

describe('SpareBuffers', () => {
  it('in one size: any large request reuses any idle buffer, and at most `keep` are kept idle', () => {
    const spare = new SpareBuffers(Infinity, { size: 5 * SHARED_FROM, keep: 1 });
    const a = spare.take(SHARED_FROM + 1);
    const b = spare.take(4 * SHARED_FROM);
    expect(a.byteLength).toBe(5 * SHARED_FROM);
    expect(b).not.toBe(a);
    spare.give(a);
    spare.give(b); // over `keep`: dropped
    expect(spare.take(3 * SHARED_FROM)).toBe(a);
    expect(spare.take(2 * SHARED_FROM)).not.toBe(b);
  });

  it('hands a released buffer out again for a size of its class, and never one still in use', () => {
    const spare = new SpareBuffers(8 * SHARED_FROM);
    const a = spare.take(SHARED_FROM + 10);
    const b = spare.take(SHARED_FROM + 5_000);
    expect(b).not.toBe(a);
    expect(a.byteLength).toBe(2 * SHARED_FROM);
    spare.give(a);
    expect(spare.take(SHARED_FROM + 20)).toBe(a);
    // another class: a new buffer
    const three = spare.take(2 * SHARED_FROM + 1);
    expect(three.byteLength).toBe(3 * SHARED_FROM);
    spare.give(three);
    expect(spare.take(4 * SHARED_FROM)).not.toBe(three);
    expect(spare.take(3 * SHARED_FROM)).toBe(three);
  });

  it('keeps at most its limit of idle buffers', () => {
    const spare = new SpareBuffers(3 * SHARED_FROM);
    const [x, y] = [spare.take(2 * SHARED_FROM), spare.take(2 * SHARED_FROM)];
    spare.give(x);
    spare.give(y); // over the limit: dropped
    expect(spare.take(2 * SHARED_FROM)).toBe(x);
    const z = spare.take(2 * SHARED_FROM);
    expect(z).not.toBe(y);
  });
});
