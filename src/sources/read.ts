// Reads working-tree files with bounded concurrency and hands each decoded text to a callback.
import { promises as fs } from 'node:fs';
import type { Skipped } from '../types.js';
import { decode } from './decode.js';
import { errnoReason } from './worktree.js';
import { OPEN_FLAGS, growOrSkip, readLimit, skipBeforeOpen, skipOpened, type ReadTarget } from './file-checks.js';

export type { ReadTarget };

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
  const limit = readLimit(opts.maxFileSize);
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

async function readOne(t: ReadTarget, limit: number, maxFileSize: number, stats: ReadStats, onText: (target: ReadTarget, text: string) => void): Promise<Skipped | null> {
  try {
    const early = skipBeforeOpen(t, await fs.lstat(t.abs), limit, maxFileSize);
    if (early) return early;
    const handle = await fs.open(t.abs, OPEN_FLAGS);
    let buf: Buffer;
    try {
      const opened = await handle.stat();
      const late = skipOpened(t, opened, limit, maxFileSize);
      if (late) return late;
      // never more than limit + 1 bytes, however much the file grows while it is read
      buf = Buffer.allocUnsafe(Math.min(opened.size, limit) + 1);
      let length = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buf, length, buf.length - length, null);
        if (bytesRead === 0) break;
        length += bytesRead;
        if (length === buf.length) {
          // it grew: read on in a bigger buffer, still bounded by limit + 1
          const grown = growOrSkip(t, buf, length, limit, maxFileSize);
          if (!Buffer.isBuffer(grown)) return grown;
          buf = grown;
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
