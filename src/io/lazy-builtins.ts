// node's modules that only some runs use, loaded on first use instead of when the CLI starts.
// `swlint staged` (a pre-commit hook) with nothing to report needs none of them; required at
// start-up they cost it about 6 ms (crypto 3.5 ms, worker_threads and v8 1.6 ms, perf_hooks 1 ms: a
// script requiring each in turn after child_process; bench/BENCHMARKS.head.md, round 15).
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

let crypto: typeof import('node:crypto') | undefined;
let workers: typeof import('node:worker_threads') | undefined;
let v8: typeof import('node:v8') | undefined;
let perfHooks: typeof import('node:perf_hooks') | undefined;
let zlib: typeof import('node:zlib') | undefined;

/** node:crypto: fingerprints and credential ids (only for findings), temporary names, hash seeds */
export const nodeCrypto = (): typeof import('node:crypto') => (crypto ??= load('node:crypto') as typeof import('node:crypto'));
/** node:worker_threads: only when scan workers start */
export const nodeWorkers = (): typeof import('node:worker_threads') => (workers ??= load('node:worker_threads') as typeof import('node:worker_threads'));
/** node:v8: the V8 flags a scan sets (src/scan/v8-settings.ts) and its workers' young generation */
export const nodeV8 = (): typeof import('node:v8') => (v8 ??= load('node:v8') as typeof import('node:v8'));
/** node:perf_hooks: the worker cost model's clock, only for large sources */
export const nodePerfHooks = (): typeof import('node:perf_hooks') => (perfHooks ??= load('node:perf_hooks') as typeof import('node:perf_hooks'));
/** node:zlib: only for a compressed file or a base64 run of gzip (1.3 MB of memory in each thread that loads it) */
export const nodeZlib = (): typeof import('node:zlib') => (zlib ??= load('node:zlib') as typeof import('node:zlib'));
/**
 * fzstd (an npm package, not a built-in): only for a zstd file (src/io/zstd.ts). createRequire
 * called in place: the package test finds a runtime dependency by that call.
 */
let fzstd: typeof import('fzstd') | undefined;
export const fzstdPackage = (): typeof import('fzstd') => (fzstd ??= createRequire(import.meta.url)('fzstd') as typeof import('fzstd'));
