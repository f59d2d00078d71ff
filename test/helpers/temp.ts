// Temporary directories of the test suite: real paths (so that they match what git prints),
// removed together by cleanupTempDirs(), which test/setup/temp-cleanup.ts runs after every test
// file (call it yourself only to remove them sooner). Everything a test writes outside its
// repository goes in one of these too: the run fails if anything is left in the temporary
// directory (test/setup/temp-guard.ts).
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const made: string[] = [];

export function tempDir(prefix = 'swlint-test-'): string {
  const d = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  made.push(d);
  return d;
}

export function cleanupTempDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}
