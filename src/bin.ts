// The bin of the bundled build (dist/cli.js): runs swlint's CommonJS bundle (dist/swlint.cjs)
// compiled with the V8 code cache the build made for it (dist/swlint.cjs.cache). Without the
// cache node parses and compiles the bundle's code on every start, about 40-60 ms of CPU a
// pre-commit hook pays on every commit (bench/BENCHMARKS.head.md, "Staged latency").
//
// The cache is read only from beside the bundle, in the installed package, never from a shared
// writable place (the temporary directory, the scanned repository, the user's cache): bytecode
// there could be planted by someone else. V8 checks it against its own version, its flags and
// the source, and compiles normally when it does not fit (`cachedDataRejected`): a stale or
// damaged cache costs time, never behaviour.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { bytesOf } from './io/page-memory.js';
import { startStagedQuestions, type StagedQuestions } from './sources/git/hardened.js';

// a pre-commit hook's git calls start before the bundle loads, and run while it does (src/sources/git/hardened.ts)
const stagedQuestions = process.argv[2] === 'staged' ? startStagedQuestions() : null;

const bundle = fileURLToPath(new URL('./swlint.cjs', import.meta.url));
export const CODE_CACHE = fileURLToPath(new URL('./swlint.cjs.cache', import.meta.url));

/**
 * CommonJS' own function wrapper (the bundle sees the variables a required module sees), the
 * import() the bundle's code cannot call itself under `vm` (src/cli/import-esm.ts), and the
 * git calls started above (src/cli/early-staged.ts).
 */
type ModuleFunction = (
  exports: unknown,
  require: NodeJS.Require,
  module: { exports: unknown },
  filename: string,
  dirname: string,
  importEsm: (specifier: string) => Promise<unknown>,
  stagedQuestions: StagedQuestions | null,
) => void;

/**
 * A file's bytes, in memory from V8's pages (src/io/page-memory.ts): the bundle and its cache
 * are megabytes read once, and freed as plain buffers they raised glibc's mmap threshold for the
 * whole run from its first milliseconds.
 */
function readWhole(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const bytes = bytesOf(fstatSync(fd).size);
    let length = 0;
    for (let n = 1; n > 0 && length < bytes.length; length += n) n = readSync(fd, bytes, length, bytes.length - length, null);
    return bytes.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

function readCache(): Buffer | undefined {
  try {
    return readWhole(CODE_CACHE);
  } catch {
    return undefined; // no cache (a build that could not make one): compile as usual
  }
}

/**
 * How the bundle's text starts: the build writes it inside this function expression
 * (scripts/build.mjs reads it from here), so that V8 compiles the file as read. Joining the
 * wrapper at start-up made one more megabyte-long string, and reading the file as Latin-1 (the
 * build makes it ASCII) skips UTF-8 decoding: 11 ms of a pre-commit hook's main-thread CPU
 * together (bench/BENCHMARKS.head.md, round 15). A bundle without it (an older build) is wrapped here.
 */
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname, __swlintImportEsm, __swlintStagedQuestions) {';

/**
 * The name stack traces give the bundle: where it sits in the package, not an absolute path.
 * node 20's V8 keeps the name a code cache was made under, so an absolute one would be the
 * build machine's directory (its user's home, on a developer's machine) in every installed
 * copy's traces, and in the published cache's bytes.
 */
const SCRIPT_NAME = 'dist/swlint.cjs';

function compile(): vm.Script {
  const source = readWhole(bundle).toString('latin1');
  return new vm.Script(source.startsWith(WRAPPER_HEAD) ? source : `${WRAPPER_HEAD}${source}\n})`, {
    filename: SCRIPT_NAME,
    cachedData: readCache(),
  });
}

/** The compiled bundle, exported for the build, which saves its code cache once a run has compiled what `staged` uses. */
export const script = compile();
const module = { exports: {} };
(script.runInThisContext() as ModuleFunction)(
  module.exports,
  createRequire(bundle),
  module,
  bundle,
  path.dirname(bundle),
  (specifier) => import(specifier),
  stagedQuestions,
);
