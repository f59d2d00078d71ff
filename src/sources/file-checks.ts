// The checks every working-tree read makes (read-sync.ts, in a scan worker or on the main
// thread), and the skips they give, with the same reasons and details wherever a file is read.
import { constants as fsConstants, type Stats } from 'node:fs';
import type { Skipped } from '../types.js';

/**
 * The largest file or blob read at all, whatever --max-file-size says: the engine needs a file
 * as one string, V8 strings stop at about 512 M characters, and lower-casing doubles it. Larger
 * ones are reported as too-large without being read (a 2 GB file is never loaded).
 */
export const MAX_TEXT_BYTES = 256 * 1024 * 1024;

export interface ReadTarget {
  abs: string;
  rel: string;
  /** the listing saw a regular file (git's index): opened without an lstat first */
  regular?: boolean;
  /** `abs` as bytes, for a name that is not UTF-8: what the file is opened by */
  absBytes?: Uint8Array;
}

// O_NONBLOCK: a file swapped for a FIFO between lstat and open must not block the open (a FIFO
// with no writer would hang the scan); on regular files it changes nothing.
// O_NOFOLLOW: the file may have been swapped for a link since lstat.
export const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0) | (fsConstants.O_NONBLOCK ?? 0);

/** The most bytes read from one file: --max-file-size, and never more than fits in a string. */
export function readLimit(maxFileSize: number): number {
  return Math.min(maxFileSize, MAX_TEXT_BYTES);
}

export function tooLarge(t: ReadTarget, size: number, limit: number, maxFileSize: number): Skipped {
  const why = limit < maxFileSize ? `the largest file swlint reads (${limit} bytes)` : `--max-file-size ${maxFileSize}`;
  return { file: t.rel, reason: 'too-large', detail: `${size} bytes > ${why}` };
}

/** Before opening, from lstat: symlinks, FIFOs/sockets/devices, size. (Binary is decided by content, later.) */
export function skipBeforeOpen(t: ReadTarget, st: Stats, limit: number, maxFileSize: number): Skipped | null {
  if (st.isSymbolicLink()) return { file: t.rel, reason: 'symlink' };
  // FIFOs, sockets and devices are never opened: opening a FIFO blocks, reading a device never ends
  if (!st.isFile()) return { file: t.rel, reason: 'not-a-regular-file' };
  if (st.size > limit) return tooLarge(t, st.size, limit, maxFileSize);
  return null;
}

/** After opening, from fstat: what was opened is what counts, it may have been replaced since lstat. */
export function skipOpened(t: ReadTarget, opened: Stats, limit: number, maxFileSize: number): Skipped | null {
  if (!opened.isFile()) return { file: t.rel, reason: 'not-a-regular-file' };
  if (opened.size > limit) return tooLarge(t, opened.size, limit, maxFileSize);
  return null;
}

/**
 * Grows a full read buffer for a file that grew while it was read, never past limit + 1 bytes;
 * returns a skip once the file is over the limit.
 */
export function growOrSkip(t: ReadTarget, buf: Buffer, length: number, limit: number, maxFileSize: number): Buffer | Skipped {
  if (length > limit) return tooLarge(t, length, limit, maxFileSize);
  const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, limit + 1));
  buf.copy(bigger, 0, 0, length);
  return bigger;
}

export function errnoReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission-denied';
  if (code === 'ENOENT') return 'vanished';
  // O_NOFOLLOW met a symbolic link; a socket cannot be opened: both replaced a listed file
  if (code === 'ELOOP') return 'symlink';
  if (code === 'ENXIO') return 'not-a-regular-file';
  return 'unreadable';
}
