// Builds dist/ (the `prepare` script). With the project's own TypeScript (a clone with
// devDependencies) it compiles with full type checking. When npm installs swlint from git
// and runs `prepare` without devDependencies (pre-commit's `npm install -g git+…`,
// npm/cli#8440), it fetches the same TypeScript with npx and only emits JavaScript.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const localTsc = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsc.cmd' : 'tsc');
const run = (cmd, args, env = process.env) => spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;
// the outer `npm install -g` leaks its settings (global, prefix …) through npm_config_* variables
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k)));

// start from an empty dist/: a module renamed or deleted in src/ must not live on in the package
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
let status;
if (existsSync(localTsc)) {
  status = run(localTsc, ['-p', 'tsconfig.build.json']);
} else {
  const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies.typescript;
  console.error(`swlint: building without devDependencies; fetching typescript@${version} with npx (emit only, no type check)`);
  status = run('npx', ['--yes', '--package', `typescript@${version}`, 'tsc', '-p', 'tsconfig.emit.json', '--noCheck'], cleanEnv);
}
if (status !== 0) process.exit(status);
await import('./write-bin.mjs');
