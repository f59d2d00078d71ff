#!/usr/bin/env node
// ReDoS bench: for each built-in rule, one line of near-matches of that rule's shapes (no
// newline, default 10 MB), scanned by the engine with only that rule on, then with every
// rule on. A linear rule scans 10 MB in well under a second; a backtracking one takes
// minutes, so each case runs in a child process with a time limit and is reported as
// "> LIMIT" instead of hanging the bench.
//
//   npm run build && npm run bench:redos [-- --mb 10 --limit 60]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { SHAPES, nearMissLine as line } from '../fixtures/near-misses.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '..', 'dist');
const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const MB = Number(opt('mb', 10));
const LIMIT_S = Number(opt('limit', 60));

async function one(ruleId, bytes, shape) {
  const { RULES } = await import(path.join(dist, 'rules/index.js'));
  const { Engine } = await import(path.join(dist, 'src/engine/engine.js'));
  const all = ruleId === 'all' ? Object.values(SHAPES).flat() : SHAPES[ruleId];
  const units = shape === undefined ? all : [all[Number(shape)]];
  const rules = ruleId === 'all' ? RULES : RULES.filter((r) => r.id === ruleId);
  const engine = new Engine(rules, { redact: true });
  const text = line(units, bytes);
  const t0 = process.hrtime.bigint();
  const findings = engine.scan({ path: 'near-misses.js', text }).findings;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  process.stdout.write(JSON.stringify({ ms, findings: findings.length }));
}

if (argv[0] === '--one') {
  // --one RULE BYTES [SHAPE-INDEX]: one case, for the table or for finding which shape is slow
  await one(argv[1], Number(argv[2]), argv[3]);
} else {
  const bytes = Math.round(MB * 1024 * 1024);
  const ids = [...Object.keys(SHAPES), 'all'];
  const rows = [];
  console.log(`ReDoS bench: one ${MB} MB line of near-matches per rule (limit ${LIMIT_S} s per case), node ${process.version}\n`);
  console.log(`${'rule'.padEnd(36)} ${'ms'.padStart(9)} ${'MB/s'.padStart(8)} ${'findings'.padStart(9)}`);
  for (const id of ids) {
    const r = spawnSync(process.execPath, ['--max-old-space-size=4096', fileURLToPath(import.meta.url), '--one', id, String(bytes)], {
      encoding: 'utf8',
      timeout: LIMIT_S * 1000,
    });
    let cell;
    if (r.error || r.signal) cell = { ms: `> ${LIMIT_S * 1000}`, rate: '—', findings: '—' };
    else if (r.status !== 0) cell = { ms: 'error', rate: '—', findings: (r.stderr.split('\n').find((l) => l.trim()) ?? '').slice(0, 40) };
    else {
      const { ms, findings } = JSON.parse(r.stdout);
      cell = { ms: ms.toFixed(0), rate: (MB / (ms / 1000)).toFixed(1), findings: String(findings) };
    }
    rows.push({ id, ...cell });
    console.log(
      `${(id === 'all' ? 'all rules, all shapes' : id).padEnd(36)} ${String(cell.ms).padStart(9)} ${String(cell.rate).padStart(8)} ${String(cell.findings).padStart(9)}`,
    );
  }
  if (rows.some((r) => String(r.ms).startsWith('>') || r.ms === 'error')) process.exitCode = 1;
}
