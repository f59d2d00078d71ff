// Reads one working-tree file for the pipeline (src/scan/unit.ts), in a scan worker or on the
// main thread: a worker has nothing else to do while a file is read, and synchronous
// lstat/open/read/close cost a fraction of the promise round trips (~150 µs a file). The checks
// live in file-checks.ts.
// through the module object, not named imports: tests replace lstatSync to stage races
import fs from 'node:fs';
import type { Skipped } from '../types.js';
import { bufferView } from '../io/buffer-view.js';
import { OPEN_FLAGS, errnoReason, growOrSkip, readLimit, skipBeforeOpen, skipOpened, type ReadTarget } from './file-checks.js';
import { bytesOf } from '../io/page-memory.js';

/**
 * Files up to this size are read into one buffer per thread, reused for the next file: a fresh
 * buffer per file is memory outside the JS heap that a worker's garbage collector returns only
 * after tens of megabytes (the worker threads' malloc arenas held 58-71 MB at the peak of a scan
 * of the 1 GB tree, `/proc/PID/smaps`), and pages the kernel must fault in as the file is read.
 * 8 MB holds every file under the default --max-file-size (5 MB): with 1 MB, the bench tree's 39
 * files over 1 MB (82 MB) each took fresh memory, and the scan was 4 % slower at a higher peak
 * (6 paired runs: 3.09-3.23 s and 148-156 MiB against 3.16-3.43 s and 155-168 MiB). Larger
 * files (a raised --max-file-size) get a buffer of their own, so that one of them does not stay
 * in memory for the rest of the scan. The buffer's pages are only touched as far as the largest
 * file read.
 */
const REUSED_UP_TO = 8 * 1024 * 1024;
let reused: Buffer | null = null;

/**
 * The bytes of a file, after the checks of file-checks.ts, before any decoding. `raw` may be a
 * view of this thread's reused buffer: valid until the next call (src/scan/unit.ts scans it
 * before reading another file).
 */
export function readBytesSync(t: ReadTarget, maxFileSize: number): { raw: Buffer } | { skipped: Skipped } {
  const limit = readLimit(maxFileSize);
  const where = t.absBytes ? bufferView(t.absBytes) : t.abs;
  try {
    // a file git's index lists as regular is opened at once: O_NOFOLLOW turns a symbolic link
    // put in its place into ELOOP, O_NONBLOCK keeps a FIFO from blocking, and fstat below
    // decides (reading 24,000 of the bench tree's files, half a scan's: 335 → 261 ms without
    // the lstat). Anything else is looked at first: a device or a socket in an untracked
    // directory is never opened.
    if (!t.regular) {
      const early = skipBeforeOpen(t, fs.lstatSync(where), limit, maxFileSize);
      if (early) return { skipped: early };
    }
    const fd = fs.openSync(where, OPEN_FLAGS);
    try {
      const opened = fs.fstatSync(fd);
      const late = skipOpened(t, opened, limit, maxFileSize);
      if (late) return { skipped: late };
      const size = Math.min(opened.size, limit) + 1;
      let buf: Buffer = size <= REUSED_UP_TO ? (reused ??= Buffer.allocUnsafeSlow(REUSED_UP_TO)).subarray(0, size) : bytesOf(size);
      let length = 0;
      for (;;) {
        const wanted = buf.length - length;
        const bytesRead = fs.readSync(fd, buf, length, wanted, null);
        length += bytesRead;
        // a short read once fstat's size is in is the end of the file: no second read to hear
        // it (one system call in five; 352 → 335 ms for those 24,000 files). Short before
        // that (a FUSE file system may do so): read on.
        if (bytesRead === 0 || (bytesRead < wanted && length >= opened.size)) break;
        if (length === buf.length) {
          const grown = growOrSkip(t, buf, length, limit, maxFileSize);
          if (!Buffer.isBuffer(grown)) return { skipped: grown };
          buf = grown;
        }
      }
      return { raw: buf.subarray(0, length) };
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    return { skipped: { file: t.rel, reason: errnoReason(e) } };
  }
}
