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
import { seededHex } from './common.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '..', 'dist');
const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const MB = Number(opt('mb', 10));
const LIMIT_S = Number(opt('limit', 60));

// deterministic filler (no randomness: the figures must be comparable run to run)
const hex = seededHex;
const uuid = `${hex(8, 1)}-${hex(4, 2)}-4${hex(3, 3)}-a${hex(3, 4)}-${hex(12, 5)}`;
const b64 = (s) => Buffer.from(s).toString('base64');

/**
 * Near-matches per rule: each almost completes the rule's pattern and then fails (one
 * character short, a wrong character at the end, a prefix repeated without end), which is
 * what makes a backtracking pattern retry.
 */
export const SHAPES = {
  'signalwire-api-token': [`PT${hex(47)} `, `SIGNALWIRE_API_TOKEN="${'a'.repeat(30)}" `, `UFQ${'A'.repeat(58)} `, `'PT${hex(20)}' + 'PT' + `, `PTPTPT${hex(40)}`],
  'signalwire-signing-key': [`PSK_${'a'.repeat(19)} `, 'PSK_PSK_PSK_', `signing_key="PSK_${'Z'.repeat(19)}-" `],
  'signalwire-personal-access-token': [`pat_${'a'.repeat(19)}- `, 'pat_pat_pat_', `PAT=pat_${'9'.repeat(19)}! `],
  'signalwire-basic-auth': [`Authorization: Basic ${b64('x'.repeat(28))} `, `curl -u ${uuid}:PT${hex(47)} `, `https://${uuid}:PT${hex(47)}x. `, 'basic \t basic ', `https://${uuid}%3APT${hex(47)}%4 `],
  'signalwire-public-env-exposure': ['VITE_SIGNALWIRE_TOKEN ', `process.env.SIGNALWIRE_${'A'.repeat(40)} `, 'NEXT_PUBLIC_NEXT_PUBLIC_', `VITE_SW_TOKEN=${'x'.repeat(10)} `],
  'signalwire-client-token': [`eyJ${'a'.repeat(8)}.`, 'eyJeyJeyJeyJ', `eyJ${'b'.repeat(20)}..eyJ`, `signalwire jwt eyJ${'c'.repeat(30)}.${'d'.repeat(10)} `],
  'signalwire-project-id': [`signalwire project "${uuid.slice(0, -1)}" `, `'${hex(8)}' + '-${hex(4)}-' + `, `-${hex(4)}-${hex(4)}-${hex(4)}-${hex(11)}g`, `SIGNALWIRE_PROJECT_ID=${uuid}-`],
  'signalwire-space-url': ['a.signalwire.com.', 'x-y.signalwire.co ', 'signalwire.com.signalwire.com.', `${'a-'.repeat(20)}.signalwire.comm `],
  'signalwire-insecure-http': [`http://${'a'.repeat(119)}signalwire.co `, 'http://http://http://', `ws://${'b.'.repeat(60)}signalwire.cloudx `],
  'swlint-suppression-added': ['// swlint-ignore-line ', 'swlint-ignore swlint-ignore-next-line ', '# gitleaks:allow '],
};

function line(units, bytes) {
  const unit = units.join('');
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

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
    const r = spawnSync(process.execPath, ['--max-old-space-size=4096', fileURLToPath(import.meta.url), '--one', id, String(bytes)], { encoding: 'utf8', timeout: LIMIT_S * 1000 });
    let cell;
    if (r.error || r.signal) cell = { ms: `> ${LIMIT_S * 1000}`, rate: '—', findings: '—' };
    else if (r.status !== 0) cell = { ms: 'error', rate: '—', findings: (r.stderr.split('\n').find((l) => l.trim()) ?? '').slice(0, 40) };
    else {
      const { ms, findings } = JSON.parse(r.stdout);
      cell = { ms: ms.toFixed(0), rate: (MB / (ms / 1000)).toFixed(1), findings: String(findings) };
    }
    rows.push({ id, ...cell });
    console.log(`${(id === 'all' ? 'all rules, all shapes' : id).padEnd(36)} ${String(cell.ms).padStart(9)} ${String(cell.rate).padStart(8)} ${String(cell.findings).padStart(9)}`);
  }
  if (rows.some((r) => String(r.ms).startsWith('>') || r.ms === 'error')) process.exitCode = 1;
}
