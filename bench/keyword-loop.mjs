// A/B of the keyword prefilter's inner loop on the engine's real keyword table: the
// WebAssembly loop (src/engine/keyword-wasm.ts), the same loop in JavaScript, and
// Buffer.indexOf per keyword (case-folded copy). Input: every blob of a repository's history
// (`git cat-file --batch-all-objects`), or generated text. Usage (after `npm run build`):
//   node bench/keyword-loop.mjs [repo] [--mb N]
import { spawnSync } from 'node:child_process';
import { KeywordAutomaton, CONTEXT_KEYWORDS } from '../dist/src/engine/engine.js';
import { wasmRunner } from '../dist/src/engine/keyword-wasm.js';
import { RULES } from '../dist/rules/index.js';

const args = process.argv.slice(2);
const repo = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--mb');
const mb = Number(args[args.indexOf('--mb') + 1] ?? 100) || 100;

const keywords = [...new Set([...CONTEXT_KEYWORDS, ...RULES.flatMap((r) => r.keywords ?? [])].map((k) => k.toLowerCase()))];
const automaton = new KeywordAutomaton(keywords);
// the private table, for the JS and wasm runs on the very same states
const { table, accepting } = automaton;

let input;
if (repo) {
  // the first N MB of every object's content, in the order git stores them
  const child = spawnSync('git', ['-C', repo, 'cat-file', '--batch-all-objects', '--batch'], { maxBuffer: mb * 1e6, stdio: ['ignore', 'pipe', 'inherit'] });
  input = child.stdout;
} else {
  const words = ['const', 'value', 'the', 'signalwire', 'function', 'return', 'space', 'token', '=', '\n', 'docs', 'project'];
  const parts = [];
  let n = 0;
  for (let i = 0; n < mb * 1e6; i++) {
    const w = words[(i * 7919) % words.length];
    parts.push(w, ' ');
    n += w.length + 1;
  }
  input = Buffer.from(parts.join(''));
}

function jsLoop(bytes) {
  const hits = [];
  let st = 0;
  for (let i = 0, n = bytes.length; i < n; i++) {
    st = table[(st << 8) | bytes[i]];
    if (accepting[st] !== 0) hits.push(i, st);
  }
  return hits.length;
}
const wasm = wasmRunner(table, accepting);
const wasmLoop = (bytes) => {
  const hits = [];
  if (!wasm(bytes, hits)) return jsLoop(bytes);
  return hits.length;
};
const indexOfScan = (bytes) => {
  const lower = Buffer.from(bytes);
  for (let i = 0; i < lower.length; i++) if (lower[i] >= 65 && lower[i] <= 90) lower[i] += 32;
  let found = 0;
  for (const k of keywords) if (lower.indexOf(k) !== -1) found++;
  return found;
};
// blobs of 64 KiB, the size of a typical source file version's neighbourhood
const chunks = [];
for (let o = 0; o < input.length; o += 65536) chunks.push(input.subarray(o, o + 65536));
const time = (name, f) => {
  const t = process.hrtime.bigint();
  let sink = 0;
  for (const c of chunks) sink += f(c);
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  console.log(`${name.padEnd(16)} ${s.toFixed(3)} s  ${(input.length / 1e6 / s).toFixed(0)} MB/s  (${sink})`);
  return s;
};
console.log(`${(input.length / 1e6).toFixed(0)} MB in ${chunks.length} chunks, ${keywords.length} keywords, ${table.length / 256} states`);
for (let r = 0; r < 3; r++) {
  time('wasm loop', wasmLoop);
  time('js loop', jsLoop);
  time('indexOf/keyword', indexOfScan);
}
