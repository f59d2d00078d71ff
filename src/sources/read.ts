// Reads working-tree files with bounded concurrency and hands each decoded text to a callback.
import { promises as fs, constants as fsConstants } from 'node:fs';
import type { Skipped } from '../types.js';
import { MAX_TEXT_BYTES, decode, hasBinaryExtension } from './decode.js';
import { errnoReason } from './worktree.js';

export interface ReadTarget {
  abs: string;
  rel: string;
}

export interface ReadStats {
  files: number;
  bytes: number;
  /** the deadline passed before every target was read */
  incomplete?: boolean;
}

export interface ReadOptions {
  maxFileSize: number;
  /** at most this many files open and being read at once */
  concurrency: number;
  /** Date.now() value after which no further file is started (--timeout) */
  deadline?: number;
}

// O_NONBLOCK: a file swapped for a FIFO between lstat and open must not block the open (a FIFO
// with no writer would hang the scan); on regular files it changes nothing.
// O_NOFOLLOW: the file may have been swapped for a link since lstat.
const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0) | (fsConstants.O_NONBLOCK ?? 0);

/**
 * Reads each target unless it is a symlink, not a regular file, over `maxFileSize` or
 * binary; those are reported in `skipped`, never dropped silently. Once `deadline` has
 * passed no further file is started and `incomplete` is set.
 */
export async function readTexts(
  targets: readonly ReadTarget[],
  opts: ReadOptions,
  onText: (target: ReadTarget, text: string) => void,
  skipped: Skipped[],
): Promise<ReadStats> {
  const stats: ReadStats = { files: 0, bytes: 0 };
  const limit = Math.min(opts.maxFileSize, MAX_TEXT_BYTES);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      if (opts.deadline !== undefined && Date.now() >= opts.deadline) {
        stats.incomplete = true;
        return;
      }
      const t = targets[next++]!;
      const skip = await readOne(t, limit, opts.maxFileSize, stats, onText);
      if (skip) skipped.push(skip);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, targets.length)) }, worker));
  return stats;
}

function tooLarge(t: ReadTarget, size: number, limit: number, maxFileSize: number): Skipped {
  const why = limit < maxFileSize ? `the largest file swlint reads (${limit} bytes)` : `--max-file-size ${maxFileSize}`;
  return { file: t.rel, reason: 'too-large', detail: `${size} bytes > ${why}` };
}

async function readOne(t: ReadTarget, limit: number, maxFileSize: number, stats: ReadStats, onText: (target: ReadTarget, text: string) => void): Promise<Skipped | null> {
  try {
    const st = await fs.lstat(t.abs);
    if (st.isSymbolicLink()) return { file: t.rel, reason: 'symlink' };
    // FIFOs, sockets and devices are never opened: opening a FIFO blocks, reading a device never ends
    if (!st.isFile()) return { file: t.rel, reason: 'not-a-regular-file' };
    if (st.size > limit) return tooLarge(t, st.size, limit, maxFileSize);
    if (hasBinaryExtension(t.rel)) return { file: t.rel, reason: 'binary' };
    const handle = await fs.open(t.abs, OPEN_FLAGS);
    let buf: Buffer;
    try {
      // what was opened is what counts: it may have been replaced since lstat
      const opened = await handle.stat();
      if (!opened.isFile()) return { file: t.rel, reason: 'not-a-regular-file' };
      if (opened.size > limit) return tooLarge(t, opened.size, limit, maxFileSize);
      // never more than limit + 1 bytes, however much the file grows while it is read
      buf = Buffer.allocUnsafe(Math.min(opened.size, limit) + 1);
      let length = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buf, length, buf.length - length, null);
        if (bytesRead === 0) break;
        length += bytesRead;
        if (length === buf.length) {
          if (length > limit) return tooLarge(t, length, limit, maxFileSize);
          // it grew: read on in a bigger buffer, still bounded by limit + 1
          const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, limit + 1));
          buf.copy(bigger, 0, 0, length);
          buf = bigger;
        }
      }
      buf = buf.subarray(0, length);
    } finally {
      await handle.close();
    }
    const decoded = decode(buf);
    if (!decoded.ok) return { file: t.rel, reason: 'binary' };
    stats.files++;
    stats.bytes += buf.length;
    onText(t, decoded.text);
    return null;
  } catch (e) {
    return { file: t.rel, reason: errnoReason(e) };
  }
}
