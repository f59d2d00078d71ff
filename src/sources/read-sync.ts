// Synchronous twin of read.ts's readOne, for the scan workers (src/engine/batch.ts): a worker
// thread has nothing else to do while a file is read, and synchronous lstat/open/read/close
// cost a fraction of the promise round trips (~150 µs a file on the main thread). The checks
// themselves live in file-checks.ts and are shared with readOne.
import { closeSync, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import type { Skipped } from '../types.js';
import { errnoReason } from './worktree.js';
import { OPEN_FLAGS, growOrSkip, readLimit, skipBeforeOpen, skipOpened, type ReadTarget } from './file-checks.js';

/** The bytes of a text-file candidate, after the same checks as readOne, before decoding. */
export function readBytesSync(t: ReadTarget, maxFileSize: number): { raw: Buffer } | { skipped: Skipped } {
  const limit = readLimit(maxFileSize);
  try {
    const early = skipBeforeOpen(t, lstatSync(t.abs), limit, maxFileSize);
    if (early) return { skipped: early };
    const fd = openSync(t.abs, OPEN_FLAGS);
    try {
      const opened = fstatSync(fd);
      const late = skipOpened(t, opened, limit, maxFileSize);
      if (late) return { skipped: late };
      let buf: Buffer = Buffer.allocUnsafe(Math.min(opened.size, limit) + 1);
      let length = 0;
      for (;;) {
        const bytesRead = readSync(fd, buf, length, buf.length - length, null);
        if (bytesRead === 0) break;
        length += bytesRead;
        if (length === buf.length) {
          const grown = growOrSkip(t, buf, length, limit, maxFileSize);
          if (!Buffer.isBuffer(grown)) return { skipped: grown };
          buf = grown;
        }
      }
      return { raw: buf.subarray(0, length) };
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    return { skipped: { file: t.rel, reason: errnoReason(e) } };
  }
}
