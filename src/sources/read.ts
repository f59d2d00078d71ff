// Reads working-tree files with bounded concurrency and hands each decoded text to a callback.
import { promises as fs, constants as fsConstants } from 'node:fs';
import type { Skipped } from '../types.js';
import { decode, hasBinaryExtension } from './decode.js';
import { errnoReason } from './worktree.js';

export interface ReadTarget {
  abs: string;
  rel: string;
}

export interface ReadStats {
  files: number;
  bytes: number;
}

/**
 * Reads each target unless it is a symlink, not a regular file, over `maxFileSize` or
 * binary; those are reported in `skipped`, never dropped silently.
 */
export async function readTexts(
  targets: readonly ReadTarget[],
  opts: { maxFileSize: number; concurrency: number },
  onText: (target: ReadTarget, text: string) => void,
  skipped: Skipped[],
): Promise<ReadStats> {
  const stats: ReadStats = { files: 0, bytes: 0 };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const t = targets[next++]!;
      const skip = await readOne(t, opts.maxFileSize, stats, onText);
      if (skip) skipped.push(skip);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, targets.length)) }, worker));
  return stats;
}

async function readOne(t: ReadTarget, maxFileSize: number, stats: ReadStats, onText: (target: ReadTarget, text: string) => void): Promise<Skipped | null> {
  try {
    const st = await fs.lstat(t.abs);
    if (st.isSymbolicLink()) return { file: t.rel, reason: 'symlink' };
    if (!st.isFile()) return { file: t.rel, reason: 'not-a-regular-file' };
    if (st.size > maxFileSize) return { file: t.rel, reason: 'too-large', detail: `${st.size} bytes > --max-file-size ${maxFileSize}` };
    if (hasBinaryExtension(t.rel)) return { file: t.rel, reason: 'binary' };
    // O_NOFOLLOW: the file may have been swapped for a link since lstat
    const handle = await fs.open(t.abs, fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0));
    let buf: Buffer;
    try {
      buf = await handle.readFile();
    } finally {
      await handle.close();
    }
    if (buf.length > maxFileSize) return { file: t.rel, reason: 'too-large', detail: `${buf.length} bytes > --max-file-size ${maxFileSize}` };
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
