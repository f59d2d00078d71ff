// Builds dist/ (the `prepare` script).
//
// With devDependencies (a clone, CI, the Action): TypeScript type-checks the sources, then
// esbuild bundles them: dist/cli.js (the bin) and dist/worker.js (the scan worker thread) share
// code chunks (dist/chunk-*.js), and each module a command may not need (reporters, yargs' help,
// fix, audit, inventory, HTML) is its own chunk, loaded by `import()` only when used. One file
// per chunk instead of ~90 modules, and CommonJS packages converted ahead of time, is what keeps
// `swlint staged` (a pre-commit hook) near node's own start-up: BENCHMARKS.md, "staged latency".
// The npm packages are bundled in, except yargs (it reads its locale files from its own
// folder, and only help and error messages load it) and re2js (loaded on demand by require).
// The Action gets its own bundle at dist/src/action/main.js (the path action.yml runs).
//
// Without devDependencies (npm installing swlint from git runs `prepare` with no devDependencies:
// pre-commit's `npm install -g git+…`, npm/cli#8440) it fetches the same TypeScript with npx and
// only emits JavaScript, unbundled: dist/src/**, with dist/cli.js a one-line shim. Slower to
// start, same behaviour.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const localTsc = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsc.cmd' : 'tsc');
const run = (cmd, args, env = process.env) => spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;
// the outer `npm install -g` leaks its settings (global, prefix …) through npm_config_* variables
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k)));

/** esbuild, when the devDependencies are installed; null otherwise. */
async function loadEsbuild() {
  if (!existsSync(localTsc)) return null;
  try {
    return await import('esbuild');
  } catch {
    return null;
  }
}

// start from an empty dist/: a module renamed or deleted in src/ must not live on in the package
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
const esbuild = await loadEsbuild();
if (esbuild) {
  const status = run(localTsc, ['-p', 'tsconfig.build.json', '--noEmit']);
  if (status !== 0) process.exit(status);
  const common = {
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['yargs', 'yargs/*', 're2js'],
    // bundled CommonJS packages call require() for node's built-ins; ESM has none of its own
    banner: { js: "import { createRequire as __swlintRequire } from 'node:module';\nconst require = __swlintRequire(import.meta.url);" },
    logLevel: 'warning',
    absWorkingDir: root,
  };
  await esbuild.build({
    ...common,
    entryPoints: { cli: 'src/cli.ts', worker: 'src/scan/worker.ts' },
    outdir: 'dist',
    splitting: true,
    chunkNames: '[name]-[hash]',
  });
  // dist/cli.js is the bin: a shebang first, and executable
  const bin = path.join(root, 'dist', 'cli.js');
  writeFileSync(bin, `#!/usr/bin/env node\n${readFileSync(bin, 'utf8')}`);
  chmodSync(bin, 0o755);
  await esbuild.build({ ...common, entryPoints: ['src/action/main.ts'], outfile: 'dist/src/action/main.js' });
} else {
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
}
