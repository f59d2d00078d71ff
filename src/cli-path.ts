// The CLI's own entry module, for commands that run swlint again in a child process (audit).
// This module sits beside it in both builds: dist/src/cli.js (tsc, unbundled) and dist/cli.js
// (the esbuild bundle, whose chunks all sit in dist/).
import { fileURLToPath } from 'node:url';

export const CLI_PATH = fileURLToPath(new URL('./cli.js', import.meta.url));
