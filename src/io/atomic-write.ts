// Every file swlint writes (--output, the baseline, the Action's SARIF) goes through here:
// never through a symlink the scanned repository may have planted (a committed
// `swlint.sarif -> ~/.bashrc`), and never half-written. The data goes to a new temporary file
// in the same directory (O_EXCL | O_NOFOLLOW), is flushed, then renamed over the target:
// rename replaces a symlink itself, not what it points to, and a failed write (disk full)
// leaves the old file, or none, never a truncated report.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, lstatSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

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
  const tmp = path.join(dir, `.${path.basename(abs)}.${randomBytes(6).toString('hex')}.swlint-tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o666);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
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
    throw new WriteError(`cannot write ${file}: ${reason(e)}; nothing was written (free some space or choose another path)`);
  }
}

/** The first directory from `top` down to `dir` (both absolute) that is a symlink, or null; null when `dir` is not under `top`. */
function symlinkedDirectory(dir: string, top: string): string | null {
  const rel = path.relative(top, dir);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  let at = top;
  for (const part of rel.split(path.sep).filter(Boolean)) {
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
  };
  return known[err?.code ?? ''] ?? (err?.code || (e instanceof Error ? e.message.split('\n')[0]! : String(e)));
}
