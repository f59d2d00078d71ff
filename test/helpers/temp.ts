// Temporary directories of the test suite: real paths (so that they match what git prints),
// removed together by cleanupTempDirs() (call it from afterAll).
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
