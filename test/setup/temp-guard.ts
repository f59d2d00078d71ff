// vitest globalSetup: the whole run (workers, the CLI and git they spawn) gets a fresh
// temporary directory through TMPDIR/TMP/TEMP, and the run fails if anything is left in it,
// so that a test or a command that leaves a temporary file behind is caught where it is added.
import { chmodSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const VARS = ['TMPDIR', 'TMP', 'TEMP'] as const;
const SHOWN = 10;

export default function setup(): () => void {
  const saved = VARS.map((v) => [v, process.env[v]] as const);
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'swlint-vitest-')));
  // like /tmp itself: tests that run the CLI as another user (files.test.ts, as root) must reach their directories
  chmodSync(dir, 0o1777);
  // workers are started after globalSetup and inherit this environment, as do their child processes
  for (const v of VARS) process.env[v] = dir;
  return () => {
    for (const [v, value] of saved) {
      if (value === undefined) delete process.env[v];
      else process.env[v] = value;
    }
    const left = readdirSync(dir).sort();
    rmSync(dir, { recursive: true, force: true });
    if (left.length > 0) {
      // vitest only logs an error thrown here ("error during close") and still exits 0
      process.exitCode = 1;
      const names = left.slice(0, SHOWN).map((n) => JSON.stringify(n));
      const more = left.length > SHOWN ? ` and ${left.length - SHOWN} more` : '';
      const error = new Error(
        `the tests left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in the temporary directory: ${names.join(', ')}${more} (create temporary files with tempDir() from test/helpers/temp.ts)`,
      );
      error.stack = `Error: ${error.message}`; // the place in this file says nothing about the leak
      throw error;
    }
  };
}
