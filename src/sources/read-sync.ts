// Synchronous twin of read.ts's readOne, for the scan workers (src/engine/batch.ts): a worker
// thread has nothing else to do while a file is read, and synchronous lstat/open/read/close
// cost a fraction of the promise round trips (~150 µs a file on the main thread). Same checks,
// same limits, same skip reasons and details, in the same order as readOne: keep the two in step
// (test/e2e/jobs.test.ts compares a one-thread scan, which uses readOne, with a pooled one).
import { closeSync, constants as fsConstants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import type { Skipped } from '../types.js';
import { MAX_TEXT_BYTES, hasBinaryExtension } from './decode.js';
import { errnoReason } from './worktree.js';
import type { ReadTarget } from './read.js';

// as in read.ts: O_NONBLOCK so that a file swapped for a FIFO cannot block the open,
// O_NOFOLLOW so that a file swapped for a link is not followed
const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0) | (fsConstants.O_NONBLOCK ?? 0);

function tooLarge(t: ReadTarget, size: number, limit: number, maxFileSize: number): Skipped {
  const why = limit < maxFileSize ? `the largest file swlint reads (${limit} bytes)` : `--max-file-size ${maxFileSize}`;
  return { file: t.rel, reason: 'too-large', detail: `${size} bytes > ${why}` };
}

/** What decode() would do with `buf` without decoding it: plain UTF-8 (no BOM, no NUL in the first 8 KB). */
export function isPlainUtf8(buf: Uint8Array): boolean {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return false;
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) return false;
  return !buf.subarray(0, 8192).includes(0);
}

/** The bytes of a text-file candidate, after readOne's checks, before decoding. */
export function readBytesSync(t: ReadTarget, maxFileSize: number): { raw: Buffer } | { skipped: Skipped } {
  const limit = Math.min(maxFileSize, MAX_TEXT_BYTES);
  try {
    const st = lstatSync(t.abs);
    if (st.isSymbolicLink()) return { skipped: { file: t.rel, reason: 'symlink' } };
    if (!st.isFile()) return { skipped: { file: t.rel, reason: 'not-a-regular-file' } };
    if (st.size > limit) return { skipped: tooLarge(t, st.size, limit, maxFileSize) };
    if (hasBinaryExtension(t.rel)) return { skipped: { file: t.rel, reason: 'binary' } };
    const fd = openSync(t.abs, OPEN_FLAGS);
    try {
      const opened = fstatSync(fd);
      if (!opened.isFile()) return { skipped: { file: t.rel, reason: 'not-a-regular-file' } };
      if (opened.size > limit) return { skipped: tooLarge(t, opened.size, limit, maxFileSize) };
      let buf = Buffer.allocUnsafe(Math.min(opened.size, limit) + 1);
      let length = 0;
      for (;;) {
        const bytesRead = readSync(fd, buf, length, buf.length - length, null);
        if (bytesRead === 0) break;
        length += bytesRead;
        if (length === buf.length) {
          if (length > limit) return { skipped: tooLarge(t, length, limit, maxFileSize) };
          const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, limit + 1));
          buf.copy(bigger, 0, 0, length);
          buf = bigger;
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
