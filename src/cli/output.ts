// Where the report goes: stdout, or --output FILE written atomically (never through a symlink,
// never half-written: src/io/atomic-write.ts).
import { writeFileAtomic } from '../io/atomic-write.js';

/** Writes the report to --output FILE, or to stdout when there is none or it is `-`. */
export function writeReport(output: string | undefined, report: string, cwd: string): void {
  if (output === undefined || output === '-') process.stdout.write(report);
  else writeFileAtomic(output, report, { within: cwd });
}
