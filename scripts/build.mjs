// Builds dist/ (the `prepare` script).
//
// With devDependencies (a clone, CI, the Action): TypeScript type-checks the sources, then
// esbuild bundles them: dist/swlint.cjs (the CLI, one CommonJS file), dist/cli.js (the bin, which
// compiles it with the V8 code cache made here, dist/swlint.cjs.cache: src/bin.ts), and
// dist/worker.js (the scan worker thread). Each module a command may not need (reporters,
// yargs' help, fix, audit, inventory, HTML) runs only when first imported. One file compiled
// from a code cache instead of ~90 modules parsed and compiled on every start, and CommonJS
// packages converted ahead of time, is what keeps `swlint staged` (a pre-commit hook) near
// node's own start-up: bench/BENCHMARKS.head.md, "Staged latency".
// The npm packages are bundled in, except yargs (it reads its locale files from its own
// folder, and only help and error messages load it) and re2js (loaded on demand by require).
// The Action gets its own bundle at dist/src/action/main.js (the path action.yml runs).
//
// Without devDependencies (npm installing swlint from git runs `prepare` with no devDependencies:
// pre-commit's `npm install -g git+…`, npm/cli#8440) it fetches the same TypeScript with npx and
// only emits JavaScript, unbundled: dist/src/**, with dist/cli.js a one-line shim. Slower to
// start, same behaviour.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

/**
 * esbuild escapes what is not ASCII in strings, not in comments and regular expression literals;
 * one such character makes node read the whole bundle into a two-byte string, 2-3 ms slower on
 * every start. \uXXXX means the same character in both places.
 */
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8');
  writeFileSync(
    file,
    text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
}

/**
 * dist/swlint.cjs.cache, the V8 code cache src/bin.ts compiles the bundle with: the bytecode of
 * what one `swlint staged` (a pre-commit hook's run) compiled, in a throwaway repository with a
 * staged synthetic token, saved when that run exits. Made by a plain `node` like the bin's (V8
 * rejects a cache made under other flags). Optional: without it the CLI compiles as usual, so a
 * failure here is a warning, not a failed build.
 */
function writeCodeCache() {
  const work = mkdtempSync(path.join(os.tmpdir(), 'swlint-code-cache-'));
  const cli = path.join(root, 'dist', 'cli.js');
  const gitEnv = {
    ...cleanEnv,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'build',
    GIT_AUTHOR_EMAIL: 'build@example.com',
    GIT_COMMITTER_NAME: 'build',
    GIT_COMMITTER_EMAIL: 'build@example.com',
  };
  const git = (...args) => spawnSync('git', args, { cwd: work, env: gitEnv, stdio: 'ignore' }).status === 0;
  const produce = [
    "import { writeFileSync } from 'node:fs';",
    `process.argv = [process.execPath, ${JSON.stringify(cli)}, 'staged'];`,
    `const { script, CODE_CACHE } = await import(${JSON.stringify(pathToFileURL(cli).href)});`,
    "process.on('exit', () => writeFileSync(CODE_CACHE, script.createCachedData()));",
  ].join('\n');
  try {
    writeFileSync(path.join(work, 'app.js'), "export const region = 'us';\n");
    if (!git('init', '-q') || !git('add', '.') || !git('commit', '-q', '-m', 'start')) throw new Error('git could not make a repository');
    // a synthetic token (PT + 48 random hex digits), made here: a finding to report compiles the report's code too
    writeFileSync(path.join(work, 'app.js'), `export const region = 'us';\nexport const token = 'PT${randomBytes(24).toString('hex')}';\n`);
    if (!git('add', '.')) throw new Error('git add failed');
    const { NODE_OPTIONS: _ignored, ...env } = cleanEnv;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', produce], { cwd: work, env: { ...env, NO_COLOR: '1' }, encoding: 'utf8' });
    if (!existsSync(path.join(root, 'dist', 'swlint.cjs.cache'))) throw new Error(r.stderr.trim().split('\n')[0] || `exit ${r.status}`);
  } catch (e) {
    console.warn(`swlint build: no V8 code cache (the CLI starts slower): ${e instanceof Error ? e.message : e}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The bundle as the bin compiles it: inside the function expression src/bin.ts names
 * (`WRAPPER_HEAD`), written here once rather than joined on every start.
 */
function wrapForBin(file) {
  const head = /const WRAPPER_HEAD = '([^']+)';/.exec(readFileSync(path.join(root, 'src', 'bin.ts'), 'utf8'))?.[1];
  if (!head) throw new Error('src/bin.ts names no WRAPPER_HEAD');
  writeFileSync(file, `${head}${readFileSync(file, 'latin1')}\n})`, 'latin1');
}

const MODULE_URL = "const __swlintModuleUrl = require('node:url').pathToFileURL(__filename).href;";

// start from an empty dist/: a module renamed or deleted in src/ must not live on in the package
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
mkdirSync(path.join(root, 'dist'));
const esbuild = await loadEsbuild();
if (esbuild) {
  const status = run(localTsc, ['-p', 'tsconfig.build.json', '--noEmit']);
  if (status !== 0) process.exit(status);
  // Everything in dist/ is CommonJS (dist/package.json says so): the bin then starts without
  // node's ES module loader (5-7 ms of a hook's start-up), and CommonJS is what the bin can
  // compile with a code cache. CommonJS has no import.meta: each file's own URL, from __filename.
  const common = {
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['yargs', 'yargs/*', 're2js'],
    define: { 'import.meta.url': '__swlintModuleUrl' },
    banner: { js: MODULE_URL },
    logLevel: 'warning',
    absWorkingDir: root,
  };
  writeFileSync(path.join(root, 'dist', 'package.json'), '{ "type": "commonjs" }\n');
  // the CLI, one file the bin compiles with a V8 code cache (src/bin.ts); a module a command may
  // not need is wrapped by esbuild and runs only when first imported
  await esbuild.build({ ...common, entryPoints: { swlint: 'src/cli.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' } });
  asciiOnly(path.join(root, 'dist', 'swlint.cjs'));
  wrapForBin(path.join(root, 'dist', 'swlint.cjs'));
  // the scan worker thread (src/scan/pool.ts), and the bin (shebang, executable)
  await esbuild.build({ ...common, entryPoints: { worker: 'src/scan/worker.ts' }, outdir: 'dist' });
  await esbuild.build({ ...common, banner: { js: `#!/usr/bin/env node\n${MODULE_URL}` }, entryPoints: { cli: 'src/bin.ts' }, outdir: 'dist' });
  chmodSync(path.join(root, 'dist', 'cli.js'), 0o755);
  await esbuild.build({ ...common, entryPoints: ['src/action/main.ts'], outfile: 'dist/src/action/main.js' });
  writeCodeCache();
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
