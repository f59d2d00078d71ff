// --max-file-size: a byte count, or a number with a unit. Every unit is binary (1 KB = 1 KiB =
// 1024 bytes), as git reads `core.bigFileThreshold` and as the contract's default "5 MB" means
// 5242880 bytes; so `5MB` and the default are the same limit.
import { UsageError } from '../errors.js';

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** `5MB`, `512KiB`, `1.5M`, `100000` → bytes (whole, rounded down); a usage error otherwise. */
export function parseSize(raw: string, option: string): number {
  // digits as before units existed (1e6 included), then an optional unit
  const m = /^\s*((?:\d+(?:\.\d+)?|\.\d+)(?:e\d+)?)\s*([a-z]*)\s*$/i.exec(raw);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined)
    throw new UsageError(`--${option} must be a size such as 5242880, 512KiB, 5MB or 1.5G (units K, M, G; 1 KB = 1024 bytes) (got "${raw}")`);
  const bytes = Math.floor(Number(m[1]) * unit);
  if (!Number.isSafeInteger(bytes)) throw new UsageError(`--${option} is too large (got "${raw}")`);
  // 0 skipped every file: a scan of nothing, reported as 0 files scanned and passing a gate
  // that has no .env to flag; 0.5 (or 0.0001K) rounds down to the same
  if (bytes < 1) throw new UsageError(`--${option} must be at least 1 byte, e.g. 512K or 5MB (got "${raw}")`);
  return bytes;
}
