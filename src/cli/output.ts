// Where the report goes. Kept to this one function so that an atomic write (temp file + rename)
// can replace the writeFileSync line without touching the callers.
import { writeFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

/** Writes the report to --output FILE, or to stdout when there is none or it is `-`. */
export function writeReport(output: string | undefined, report: string): void {
  if (output === undefined || output === '-') {
    process.stdout.write(report);
    return;
  }
  try {
    writeFileSync(output, report);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'its directory does not exist'
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : code === 'EISDIR' ? 'it is a directory'
      : code ?? 'write failed';
    throw new UsageError(`cannot write the report to ${output}: ${why}; create the directory or choose another --output`);
  }
}
