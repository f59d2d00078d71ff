// A/B of the first pass over every byte, on the engine's real keywords: the SIMD filter pass
// (src/engine/prefilter-wasm.ts, with its exact checks: KeywordAutomaton.find), the Aho-Corasick
// table walk in JavaScript (findByTable, the fallback), the encoded-content check in JavaScript
// (mayHoldEncoded) and the pass's own verdict on it. Input: every object of a repository
// (`git cat-file --batch-all-objects`, e.g. the bench tree), or generated text, cut in 64 KiB
// chunks. The sources are bundled with esbuild into a temporary file first (no build needed):
//   node bench/keyword-loop.mjs [repo] [--mb N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const repo = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--mb');
const mb = Number(args[args.indexOf('--mb') + 1] ?? 100) || 100;

const dir = mkdtempSync(path.join(tmpdir(), 'swlint-keyword-loop-'));
const out = path.join(dir, 'loop.mjs');
await esbuild.build({
  stdin: {
    contents: [
      "export { KeywordAutomaton } from './src/engine/keyword-automaton.ts';",
      "export { CONTEXT_KEYWORDS } from './src/engine/engine.ts';",
      "export { mayHoldEncoded } from './src/detect/decoders.ts';",
      "export { RULES } from './rules/index.ts';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: out,
  external: ['re2js', 'yargs'],
  banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  logLevel: 'warning',
});
const { KeywordAutomaton, CONTEXT_KEYWORDS, mayHoldEncoded, RULES } = await import(pathToFileURL(out).href);
rmSync(dir, { recursive: true, force: true });

const keywords = [...new Set([...CONTEXT_KEYWORDS, ...RULES.flatMap((r) => r.keywords ?? [])].map((k) => k.toLowerCase()))];
const automaton = new KeywordAutomaton(keywords, { filterAfterBytes: 0 });

let input;
if (repo) {
  // the first N MB of every object's content, in the order git stores them
  const child = spawnSync('git', ['-C', repo, 'cat-file', '--batch-all-objects', '--batch'], { maxBuffer: mb * 1e6, stdio: ['ignore', 'pipe', 'ignore'] });
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

// blobs of 64 KiB, the size of a typical source file version's neighbourhood
const chunks = [];
for (let o = 0; o < input.length; o += 65536) chunks.push(input.subarray(o, o + 65536));
// wall and user CPU: on a shared machine the CPU time is the steadier of the two
const time = (name, f) => {
  const t = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let sink = 0;
  for (const c of chunks) sink += Number(f(c));
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  const user = process.cpuUsage(cpu).user / 1e6;
  console.log(
    `${name.padEnd(30)} wall ${s.toFixed(3)} s  user ${user.toFixed(3)} s  ${(input.length / 1e6 / user).toFixed(0).padStart(5)} MB/s of CPU  (${sink})`,
  );
};
console.log(`${(input.length / 1e6).toFixed(0)} MB in ${chunks.length} chunks, ${keywords.length} keywords`);
for (let r = 0; r < 3; r++) {
  time('filter pass: keywords', (c) => automaton.find(c).size);
  time('filter pass: + encoded verdict', (c) => {
    const hits = automaton.find(c);
    return hits.size + (hits.mayHoldEncoded() ? 1000 : 0);
  });
  time('table walk (JS): keywords', (c) => automaton.findByTable(c).size);
  time('mayHoldEncoded (JS)', (c) => mayHoldEncoded(c));
}
