// tsc keeps the source layout (dist/src, dist/rules); the published bin is dist/cli.js.
import { writeFileSync, chmodSync } from 'node:fs';
const bin = new URL('../dist/cli.js', import.meta.url);
writeFileSync(bin, "#!/usr/bin/env node\nimport './src/cli.js';\n");
chmodSync(bin, 0o755);
