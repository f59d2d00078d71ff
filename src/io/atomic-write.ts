// Every file swlint writes (--output, the baseline, the Action's SARIF) goes through here:
// never through a symlink the scanned repository may have planted (a committed
// `swlint.sarif -> ~/.bashrc`), and never half-written. The data goes to a new temporary file
// in the same directory (O_EXCL | O_NOFOLLOW), is flushed, then renamed over the target:
// rename replaces a symlink itself, not what it points to, and a failed write (disk full)
// leaves the old file, or none, never a truncated report. A FIFO, a character device or a
// socket (`/dev/null`, `/dev/stdout`, a shell's `>(jq …)`) is written in place, as a shell
// redirection would: a rename would put a regular file where the device node was (as root,
// `-o /dev/null` replaced /dev/null itself), or fail for want of a writable directory.
import { closeSync, constants, fstatSync, fsyncSync, lstatSync, openSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import path from 'node:path';
import { nodeCrypto } from './lazy-builtins.js';

export class WriteError extends Error {}

/**
 * Writes `data` to `file` atomically. `within`: the directory the user ran in; a directory
 * between it and `file` that is a symlink is refused (the repository controls those; paths the
 * user gives outside it are theirs).
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, opts: { within?: string } = {}): void {
  const abs = path.resolve(opts.within ?? '.', file);
  const dir = path.dirname(abs);
  if (opts.within) {
    const link = symlinkedDirectory(dir, path.resolve(opts.within));
    if (link) throw new WriteError(`refusing to write ${file}: ${link} is a symbolic link, and swlint never writes through one; choose another path`);
  }
  const special = specialTarget(abs, opts.within);
  if (special) {
    writeInPlace(file, abs, data, special);
    return;
  }
  const tmp = path.join(dir, `.${path.basename(abs)}.${nodeCrypto().randomBytes(6).toString('hex')}.swlint-tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o666);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    writeAll(fd, bytes);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, abs);
  } catch (e) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already failing: the first error is the one to report
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      // never created, or already gone
    }
    const full = ['ENOSPC', 'EDQUOT'].includes((e as NodeJS.ErrnoException)?.code ?? '');
    throw new WriteError(`cannot write ${file}: ${reason(e)}; nothing was written (${full ? 'free some space or ' : ''}choose another path)`);
  }
}

/** A target that is not a file: a FIFO, a character device or a socket, or a block device (refused). */
interface SpecialTarget {
  stats: Stats;
  /** reached through a symlink the user named (/dev/stdout, /dev/fd/63) */
  follow: boolean;
}

/**
 * `abs` when it is a FIFO, a device or a socket, or a symlink to one that the user named
 * (outside `within`); null for a file, a missing path or anything else. A symlink inside
 * `within` is never followed, whatever it points to: the repository may have planted it.
 */
function specialTarget(abs: string, within: string | undefined): SpecialTarget | null {
  const special = (st: Stats) => st.isFIFO() || st.isCharacterDevice() || st.isSocket() || st.isBlockDevice();
  try {
    const st = lstatSync(abs);
    if (!st.isSymbolicLink()) return special(st) ? { stats: st, follow: false } : null;
    if (within !== undefined && isUnder(abs, path.resolve(within))) return null;
    const target = statSync(abs);
    return special(target) ? { stats: target, follow: true } : null;
  } catch {
    return null; // missing, or a link to nothing: written as a new file
  }
}

function isUnder(abs: string, top: string): boolean {
  const rel = path.relative(top, abs);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Writes to a FIFO, device or socket as it is: no temporary file, no rename, no fsync (a pipe
 * has none). Our own standard output or error (/dev/stdout, which cannot be opened by name when
 * it is a socket) goes through node's stream, as `--output -` does: node may have made the
 * descriptor non-blocking, where a synchronous write of a large report fails with EAGAIN. A
 * block device is refused.
 */
function writeInPlace(file: string, abs: string, data: string | Uint8Array, target: SpecialTarget): void {
  if (target.stats.isBlockDevice()) throw new WriteError(`refusing to write ${file}: it is a block device; choose a file`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const own = ([1, 2] as const).find((fd) => {
    try {
      const st = fstatSync(fd);
      return st.dev === target.stats.dev && st.ino === target.stats.ino;
    } catch {
      return false;
    }
  });
  if (own !== undefined) {
    (own === 1 ? process.stdout : process.stderr).write(bytes);
    return;
  }
  let fd: number | undefined;
  try {
    fd = openSync(abs, constants.O_WRONLY | (target.follow ? 0 : (constants.O_NOFOLLOW ?? 0)));
    writeAll(fd, bytes);
  } catch (e) {
    throw new WriteError(`cannot write ${file}: ${reason(e)}`);
  } finally {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // what was written is with the reader; a failure to close loses nothing
      }
    }
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
}

/** The first directory from `top` down to `dir` (both absolute) that is a symlink, or null; null when `dir` is not under `top`. */
export function symlinkedDirectory(dir: string, top: string): string | null {
  if (!isUnder(dir, top)) return null;
  let at = top;
  for (const part of path.relative(top, dir).split(path.sep).filter(Boolean)) {
    at = path.join(at, part);
    try {
      if (lstatSync(at).isSymbolicLink()) return at;
    } catch {
      return null; // missing: the open below reports it
    }
  }
  return null;
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const known: Record<string, string> = {
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOENT: 'no such directory',
    EISDIR: 'it is a directory',
    EROFS: 'read-only file system',
    EPIPE: 'nothing reads from it any more',
    ENXIO: 'nothing can be written to it by name (a socket)',
  };
  return known[err?.code ?? ''] ?? (err?.code || (e instanceof Error ? e.message.split('\n')[0]! : String(e)));
}
