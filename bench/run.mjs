#!/usr/bin/env node
// The benchmark suite: swlint against ripgrep and git on the same data, in the same run.
//
//   npm run bench                      1 GB synthetic tree, 300,000 small files, 5,000-commit history, 48,700-file staged repo
//   npm run bench -- --quick           100 MB tree and 50,000 small files (same history and staged repos), fewer runs
//   npm run bench -- --repo PATH       also that repository's working tree and history (a real history)
//   options: --size-mb N  --small-files N  --commits N  --seed N  --runs N  --only scan,history,staged,files  --no-write
//   npm run bench -- --report-only [bench/results/<run>/results.json]
//                                      BENCHMARKS.md again from the last run's figures, or a kept run's
//
// Corpora are generated deterministically (no network) under bench/.data/ and reused while
// their parameters stay the same. Each command runs once unmeasured (warm cache), then
// `runs` times interleaved with the commands it is compared with (A B C A B C …); the table
// shows the median wall time with min-max, the median CPU time (user and system, every
// process and thread), MB/s of input, the peak RSS of the largest process (/usr/bin/time) and
// findings against what was planted, and, where a target names a reference, the wall time
// swlint's CPU alone needs on this machine's cores against it (cpuFloor). Results go to
// stdout, to BENCHMARKS.md (unless --no-write), and — every run, raw — to
// bench/results/<date>-<machine>/results.json, so that progress stays visible run to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSmallFilesTree, generateStagedRepo, generateTree, GIT_ENV } from './gen-tree.mjs';
import { buildHistoryRepo } from './history.mjs';
import { parseArgs, seededHex } from './common.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const project = path.resolve(here, '..');
const cli = path.join(project, 'dist', 'cli.js');
const dataDir = path.join(here, '.data');
const patterns = path.join(here, 'patterns.rg');

const args = parseArgs(process.argv.slice(2));
const quick = args.quick === true;
const sizeMb = Number(args['size-mb'] ?? (quick ? 100 : 1024));
const commits = Number(args.commits ?? 5000);
const smallFiles = Number(args['small-files'] ?? (quick ? 50_000 : 300_000));
const seed = Number(args.seed ?? 1);
const runs = Number(args.runs ?? (quick ? 3 : 5));
const only = typeof args.only === 'string' ? new Set(args.only.split(',')) : null;
const want = (what) => !only || only.has(what);
const jobs = Math.max(2, os.availableParallelism?.() ?? os.cpus().length);

const log = (m) => process.stderr.write(m + '\n');
const sh = (cmd, cwd) =>
  execFileSync('bash', ['-c', cmd], { cwd, env: GIT_ENV, maxBuffer: 1 << 30 })
    .toString()
    .trim();
const has = (cmd) => spawnSync('bash', ['-c', `command -v ${cmd}`]).status === 0;

if (!existsSync(cli)) {
  console.error(`no built CLI at ${path.relative(process.cwd(), cli)}: run \`npm run build\` first (npm run bench does)`);
  process.exit(2);
}
const haveRg = has('rg');
const haveTime = existsSync('/usr/bin/time');
if (!haveRg) log('ripgrep (rg) is not installed: the reference rows are skipped. Install it (Debian/Ubuntu: apt-get install -y ripgrep) and run again.');
if (!haveTime) log('/usr/bin/time is not installed: peak RSS is not measured (Debian/Ubuntu: apt-get install -y time).');
mkdirSync(dataDir, { recursive: true });

// ---- measuring ------------------------------------------------------------------------------
// one directory per run: runs from several checkouts may share bench/.data
const tmp = path.join(dataDir, `out-${process.pid}`);
// (results of every run are kept: see the end of this file)
mkdirSync(tmp, { recursive: true });

/**
 * Runs `cmd` (bash) once; wall seconds, peak RSS (MB) of the largest process, CPU seconds (user
 * and system, of every thread of every process the command waited for: node and its git
 * children, both sides of a pipe), output file.
 */
function once(row, cwd) {
  // a limit's output is never read: into /dev/null, so that the limit is the reading alone (the
  // read-once limit written to a file took 6.6 s where its reading took 4.2 s: the issue's 4.1 s)
  const out = row.kind === 'limit' ? '/dev/null' : path.join(tmp, `${row.id}.out`);
  const timeFile = path.join(tmp, `${row.id}.time`);
  const argv = haveTime
    ? ['/usr/bin/time', '-f', '%M %U %S', '-o', timeFile, 'bash', '-c', `${row.cmd} > ${JSON.stringify(out)}`]
    : ['bash', '-c', `${row.cmd} > ${JSON.stringify(out)}`];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { cwd, env: row.env ?? GIT_ENV, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  // swlint exits 1 on findings and rg 1 on no match: both are results, not failures
  if (r.status !== 0 && r.status !== 1) throw new Error(`${row.label} failed (exit ${r.status}): ${String(r.stderr).slice(0, 400)}`);
  const [kb, user, system] = haveTime ? readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number) : [];
  return { wall, rss: haveTime ? kb / 1024 : null, cpu: haveTime ? user + system : null, out };
}

/** Warm-up, then `runs` rounds of every row in turn. */
function measureGroup(rows, cwd) {
  for (const row of rows) {
    log(`  warm-up: ${row.label}`);
    once(row, cwd);
  }
  const walls = new Map(rows.map((r) => [r.id, []]));
  const cpus = new Map(rows.map((r) => [r.id, []]));
  const rss = new Map(rows.map((r) => [r.id, 0]));
  const outs = new Map();
  for (let i = 0; i < runs; i++) {
    for (const row of rows) {
      const r = once(row, cwd);
      walls.get(row.id).push(r.wall);
      if (r.cpu !== null) cpus.get(row.id).push(r.cpu);
      rss.set(row.id, Math.max(rss.get(row.id), r.rss ?? 0));
      outs.set(row.id, r.out);
    }
    log(`  round ${i + 1}/${runs}: ${rows.map((r) => `${r.label} ${walls.get(r.id).at(-1).toFixed(2)} s`).join(', ')}`);
  }
  return rows.map((row) => {
    const w = [...walls.get(row.id)].sort((a, b) => a - b);
    const c = [...cpus.get(row.id)].sort((a, b) => a - b);
    return {
      ...row,
      median: w[Math.floor(w.length / 2)],
      min: w[0],
      max: w.at(-1),
      cpu: c.length ? c[Math.floor(c.length / 2)] : null,
      rss: haveTime ? rss.get(row.id) : null,
      out: outs.get(row.id),
    };
  });
}

const swlint = (argsText) => `node ${JSON.stringify(cli)} ${argsText}`;
const rgArgs = `-f ${JSON.stringify(patterns)}`;
const results = []; // { section, rows, notes }
const machine = {
  date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  nproc: os.availableParallelism?.() ?? os.cpus().length,
  cpu: os.cpus()[0]?.model ?? '?',
  memGiB: (os.totalmem() / 2 ** 30).toFixed(1),
  node: process.version,
  git: sh('git --version').replace('git version ', ''),
  rg: haveRg ? sh('rg --version').split('\n')[0].replace('ripgrep ', '') : 'not installed',
};

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const lines = (file) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

// ---- working tree --------------------------------------------------------------------------
function treeSection(root, label, planted) {
  const bytes = Number(sh('git ls-files -z | xargs -0 cat | wc -c', root));
  const files = Number(sh('git ls-files | wc -l', root));
  if (files === 0) {
    // a clone whose checkout failed (a partial clone, a missing blob) has an empty index: a ratio
    // over no files would read as a result, so the section says what is wrong instead
    log(`working tree ${label}: no tracked files in the index (did the checkout fail?): section skipped; run \`git checkout\` there`);
    results.push({
      section: `Working tree: ${label}`,
      input: 'no tracked files in the index: not measured (the clone is not checked out)',
      expected: 'no planted list',
      rows: [],
      ratios: [],
      notes: ['skipped: `git ls-files` lists nothing; check the repository out and run again'],
    });
    return;
  }
  const rows = [
    { id: `${label}-scan`, label: `swlint scan (--jobs ${jobs})`, cmd: swlint(`scan . --format json --fail-on never --jobs ${jobs}`), kind: 'swlint' },
    { id: `${label}-scan-j1`, label: 'swlint scan --jobs 1', cmd: swlint('scan . --format json --fail-on never --jobs 1'), kind: 'swlint' },
    // what a user gets without --jobs: workers start once the scan proves long (WorkerCostModel)
    { id: `${label}-scan-default`, label: 'swlint scan (no --jobs)', cmd: swlint('scan . --format json --fail-on never'), kind: 'swlint' },
  ];
  if (haveRg) {
    rows.push({ id: `${label}-rg`, label: 'rg (2 threads)', cmd: `rg -j2 -o -n --hidden -g '!.git' ${rgArgs} .`, kind: 'rg' });
    rows.push({ id: `${label}-rg-j1`, label: 'rg -j1', cmd: `rg -j1 -o -n --hidden -g '!.git' ${rgArgs} .`, kind: 'rg' });
  }
  log(`working tree ${label}: ${files} tracked files, ${(bytes / 1e6).toFixed(1)} MB`);
  const measured = measureGroup(rows, root);
  const expected = planted ? planted.filter((p) => p.where === 'tracked-text') : null;
  const key = (file, line) => `${file}:${line}`;
  for (const r of measured) {
    if (expected && r.kind !== 'limit') r.expected = expected.length;
    if (r.kind === 'swlint') {
      const report = readJson(r.out);
      r.findingsCount = report.findings.length;
      if (expected) {
        const got = new Set(report.findings.map((f) => `${key(f.file, f.line)}:${f.ruleId}`));
        const want = new Set(expected.map((p) => `${key(p.file, p.line)}:${p.ruleId}`));
        r.found = expected.filter((p) => got.has(`${key(p.file, p.line)}:${p.ruleId}`)).length;
        r.extra = [...got].filter((k) => !want.has(k)).length;
      }
      r.findingsJson = JSON.stringify(report.findings);
    } else {
      const matched = new Set(
        lines(r.out).map((l) => {
          const m = /^(?:\.\/)?(.*?):(\d+):/.exec(l);
          return m ? key(m[1], m[2]) : l;
        }),
      );
      r.findingsCount = matched.size;
      if (expected) r.found = expected.filter((p) => matched.has(key(p.file, p.line))).length;
    }
    r.mbps = bytes / 1e6 / r.median;
  }
  const [a, b, byDefault] = measured;
  const identical = a.findingsJson === b.findingsJson && a.findingsJson === byDefault.findingsJson;
  const rg = measured.find((r) => r.label.startsWith('rg (2'));
  const rg1 = measured.find((r) => r.label === 'rg -j1');
  const ratios = [];
  if (rg) ratios.push([`swlint scan / rg (2 threads)`, a.median / rg.median]);
  if (rg1) ratios.push([`swlint scan --jobs 1 / rg -j1`, b.median / rg1.median]);
  results.push({
    section: `Working tree: ${label}`,
    input: `${files} tracked files, ${(bytes / 1e6).toFixed(1)} MB of tracked content`,
    expected: expected
      ? `${expected.length} planted in tracked text` +
        (planted.length > expected.length
          ? ` (+${planted.filter((p) => p.where === 'binary').length} in .sqlite files, which swlint reports from their strings and rg skips as binary; +${planted.filter((p) => p.where === 'ignored').length} in ignored files: not findings)`
          : '')
      : 'no planted list',
    rows: measured,
    ratios,
    notes: [`findings with --jobs 1, --jobs ${jobs} and no --jobs: ${identical ? 'identical' : 'DIFFERENT'}`],
  });
}

// ---- files named on the command line ----------------------------------------------------------
/** NAMED of the tree's tracked files named on one command line: what pre-commit's `--all-files` hands one process. */
const NAMED = 3000;
function namedFilesSection(root, label) {
  // -x: one process for the whole list, or an error (never a silently split run); listing the
  // files (about 20 ms) is in both rows
  const named = (cmd) => `git ls-files | head -n ${NAMED} | xargs -x -d '\\n' -s 1000000 ${cmd}`;
  const rows = [{ id: 'named-scan', label: `swlint scan FILE… (${NAMED} files)`, cmd: named(swlint('scan --format json --fail-on never')), kind: 'swlint' }];
  if (haveRg) rows.push({ id: 'named-rg', label: `rg -j2 FILE… (${NAMED} files)`, cmd: named(`rg -j2 -o -n ${rgArgs}`), kind: 'rg' });
  log(`named files: ${NAMED} of ${label}`);
  const measured = measureGroup(rows, root);
  measured[0].findingsCount = readJson(measured[0].out).findings.length;
  if (measured[1]) measured[1].findingsCount = lines(measured[1].out).length;
  results.push({
    section: `Named files: ${NAMED.toLocaleString('en-US')} of the ${label}`,
    input: `the first ${NAMED} of \`git ls-files\`, named on one command line (pre-commit's \`--all-files\` hands one process about as many)`,
    expected: 'no planted list',
    rows: measured,
    ratios: measured[1] ? [['swlint scan FILE… / rg -j2 FILE…', measured[0].median / measured[1].median]] : [],
    notes: [],
  });
}

// ---- history -------------------------------------------------------------------------------
function historySection(root, label, planted, real = false) {
  const logBytes = Number(sh('git log -p --all --no-color 2>/dev/null | wc -c', root));
  const commitCount = Number(sh('git rev-list --all --count', root));
  const rows = [{ id: `${label}-history`, label: 'swlint history', cmd: swlint('history --format json --fail-on never'), kind: 'swlint' }];
  // (a real repository may miss objects git log -p needs; swlint reports them, the reference would fail)
  if (!real) rows.push({ id: `${label}-logp`, label: 'git log -p --all (no matching)', cmd: 'git log -p --all --no-color', kind: 'limit' });
  // the read-once limit: every object read once, nothing matched
  rows.push({
    id: `${label}-readonce`,
    label: 'git cat-file --batch --batch-all-objects (read once, into /dev/null)',
    cmd: 'git cat-file --batch --batch-all-objects --unordered',
    kind: 'limit',
  });
  if (haveRg) {
    if (!real) rows.push({ id: `${label}-logp-rg`, label: 'git log -p --all | rg', cmd: `git log -p --all --no-color | rg -a -o ${rgArgs}`, kind: 'rg' });
    rows.push({
      id: `${label}-catfile-rg`,
      label: 'git cat-file --batch --batch-all-objects | rg',
      cmd: `git cat-file --batch --batch-all-objects | rg -a -o ${rgArgs}`,
      kind: 'rg',
    });
  }
  log(`history ${label}: ${commitCount} commits, git log -p --all = ${(logBytes / 1e6).toFixed(1)} MB`);
  const measured = measureGroup(rows, root);
  for (const r of measured) {
    r.mbps = logBytes / 1e6 / r.median;
    if (r.kind === 'swlint') {
      const report = readJson(r.out);
      r.findingsCount = report.findings.length;
      if (planted) {
        const got = new Set(report.findings.filter((f) => f.ruleId === 'signalwire-api-token').map((f) => `${f.file}\0${f.commit?.message}`));
        const want = new Set(planted.map((p) => `${p.path}\0${p.subject}`));
        r.found = [...want].filter((k) => got.has(k)).length;
        r.expected = want.size;
        r.stillPresentOk = planted.filter((p) =>
          report.findings.some((f) => f.file === p.path && f.commit?.message === p.subject && f.stillPresent === p.stillPresent),
        ).length;
      }
    } else if (r.kind === 'rg') {
      const tokens = new Set(lines(r.out).filter((l) => /^PT[0-9a-f]{48}$/.test(l)));
      r.findingsCount = lines(r.out).length;
      if (planted) {
        const want = new Set(planted.map((p) => p.token));
        r.found = [...want].filter((t) => tokens.has(t)).length;
        r.expected = want.size;
      }
    }
  }
  const sw = measured[0];
  const logRg = measured.find((r) => r.label === 'git log -p --all | rg');
  const catRg = measured.find((r) => r.label === 'git cat-file --batch --batch-all-objects | rg');
  const ratios = [];
  if (logRg) ratios.push(['swlint history / git log -p --all | rg', sw.median / logRg.median]);
  if (catRg) ratios.push(['swlint history / git cat-file --batch-all-objects | rg', sw.median / catRg.median]);
  const readOnce = measured.find((r) => r.label.includes('(read once'));
  if (readOnce) ratios.push(['swlint history / read-once limit', sw.median / readOnce.median]);
  results.push({
    section: `History: ${label}`,
    input: `${commitCount} commits, git log -p --all = ${(logBytes / 1e6).toFixed(1)} MB (the MB/s denominator for every row)`,
    expected: planted
      ? `${new Set(planted.map((p) => `${p.path}\0${p.subject}`)).size} (path, introducing commit) pairs from ${new Set(planted.map((p) => p.token)).size} distinct PT tokens; swlint is scored on path + commit, rg on distinct tokens`
      : 'no planted list',
    rows: measured,
    ratios,
    notes: planted ? [`swlint stillPresent right for ${sw.stillPresentOk}/${planted.length}`] : [],
  });
}

// ---- staged --------------------------------------------------------------------------------
function stagedSection(root, summary) {
  const rows = [
    { id: 'staged', label: 'swlint staged (1 changed file)', cmd: swlint('staged --format json --fail-on never'), kind: 'swlint' },
    { id: 'staged-node', label: 'node -e 0 (start-up floor)', cmd: 'node -e 0', kind: 'limit' },
  ];
  log(`staged: ${summary.files} files, 1 staged change`);
  const measured = measureGroup(rows, root);
  const r = measured[0];
  const report = readJson(r.out);
  r.findingsCount = report.findings.length;
  r.found = summary.planted.filter((p) => report.findings.some((f) => f.file === p.file && f.ruleId === p.ruleId)).length;
  r.expected = summary.planted.length;
  results.push({
    section: `Staged: ${summary.files.toLocaleString('en-US')}-file repository`,
    input: `${summary.files} tracked files, one file changed and staged`,
    expected: '1 planted token in the staged change',
    rows: measured,
    ratios: [],
    notes: [],
  });
}

// ---- pathological files ----------------------------------------------------------------------
const hexOf = seededHex;

/** Two files that once made a rule quadratic, each scanned alone with --max-file-size raised. */
function pathologicalSection() {
  // outside this repository: its .swlintrc.json allowlists bench/, which would skip the files
  const dir = path.join(os.tmpdir(), 'swlint-bench-pathological');
  mkdirSync(dir, { recursive: true });
  // one 20 MB line of near-miss tokens with `signalwire` every 64 bytes
  let unit = `signalwire PT${hexOf(47, 3)}Z `;
  unit += 'x'.repeat(64 - unit.length);
  writeFileSync(path.join(dir, 'one-line-20mb.txt'), unit.repeat(Math.ceil(20e6 / 64)));
  // 40 % signalwire lines, 60 % near-miss PT lines, at three sizes (linear: time doubles with size)
  for (const mb of [1.3, 2.6, 5.2]) {
    let s = '';
    for (let k = 0; s.length < mb * 1e6; k++) s += k % 5 < 2 ? 'const signalwire_client = signalwire.connect(space);\n' : `token = "PT${hexOf(47, k)}";\n`;
    writeFileSync(path.join(dir, `mixed-${mb}mb.txt`), s);
  }
  const rows = [
    {
      id: 'patho-line',
      label: 'swlint scan one-line-20mb.txt',
      cmd: swlint('scan one-line-20mb.txt --format json --fail-on never --max-file-size 100000000'),
      kind: 'swlint',
    },
    ...[1.3, 2.6, 5.2].map((mb) => ({
      id: `patho-mixed-${mb}`,
      label: `swlint scan mixed-${mb}mb.txt`,
      cmd: swlint(`scan mixed-${mb}mb.txt --format json --fail-on never --max-file-size 100000000`),
      kind: 'swlint',
    })),
  ];
  log('pathological files');
  const measured = measureGroup(rows, dir);
  for (const r of measured) r.findingsCount = readJson(r.out).findings.length;
  results.push({
    section: 'Pathological files',
    input: 'one 20 MB line of near-miss tokens with `signalwire` every 64 bytes; 40 % signalwire lines and 60 % near-miss PT lines at 1.3, 2.6 and 5.2 MB',
    expected: 'no findings (near misses only)',
    rows: measured,
    ratios: [],
    notes: [],
  });
}

// ---- corpora -------------------------------------------------------------------------------
const t0 = Date.now();
const resultsFile = path.join(dataDir, 'last-results.json');
// what the header says: the measured run's command line, runs and duration, also when re-rendered
let shownArgs = process.argv.slice(2);
let shownRuns = runs;
let shownSeconds = null;
if (args['report-only']) {
  // re-render BENCHMARKS.md from the last run's figures, or from a kept run's (a quick or partial
  // run made since, with --no-write, is the last run too)
  const saved = readJson(typeof args['report-only'] === 'string' ? path.resolve(args['report-only']) : resultsFile);
  results.push(...saved.results);
  Object.assign(machine, saved.machine);
  if (Array.isArray(saved.args)) {
    shownArgs = saved.args;
    const savedArgs = parseArgs(saved.args);
    shownRuns = Number(savedArgs.runs ?? (savedArgs.quick === true ? 3 : 5));
  }
  if (typeof saved.seconds === 'number') shownSeconds = saved.seconds;
}
if (!args['report-only'] && want('scan')) {
  const tree = path.join(dataDir, `tree-${sizeMb}m-s${seed}`);
  if (!existsSync(`${tree}.summary.json`) || !existsSync(path.join(tree, '.git')) || args.rebuild) {
    log(`generating ${tree} (${sizeMb} MB)…`);
    generateTree({ out: tree, sizeMb, seed, log });
  }
  const planted = lines(`${tree}.planted.jsonl`).map((l) => JSON.parse(l));
  treeSection(tree, `synthetic ${sizeMb} MB tree (seed ${seed})`, planted);
  // a monorepo's many small files: what a file costs apart from its bytes
  const small = path.join(dataDir, `small-${smallFiles}-s${seed}`);
  if (!existsSync(`${small}.summary.json`) || !existsSync(path.join(small, '.git')) || args.rebuild) {
    log(`generating ${small} (${smallFiles} small files)…`);
    generateSmallFilesTree({ out: small, files: smallFiles, seed, log });
  }
  treeSection(
    small,
    `many small files (${smallFiles.toLocaleString('en-US')} synthetic files, seed ${seed})`,
    lines(`${small}.planted.jsonl`).map((l) => JSON.parse(l)),
  );
  namedFilesSection(tree, `synthetic ${sizeMb} MB tree`);
}
if (!args['report-only'] && want('history')) {
  const repo = path.join(dataDir, `hist-${commits}-s${seed}`);
  if (!existsSync(`${repo}.planted.json`) || !existsSync(path.join(repo, '.git')) || args.rebuild) {
    log(`generating ${repo} (${commits} commits)…`);
    buildHistoryRepo({ commits, seed, repo });
  }
  historySection(repo, `synthetic ${commits}-commit repository (seed ${seed})`, readJson(`${repo}.planted.json`));
}
if (!args['report-only'] && want('staged')) {
  const repo = path.join(dataDir, 'staged-48k');
  if (!existsSync(`${repo}.summary.json`) || !existsSync(path.join(repo, '.git')) || args.rebuild) {
    log(`generating ${repo}…`);
    generateStagedRepo({ out: repo, files: 48_700, seed });
  }
  stagedSection(repo, readJson(`${repo}.summary.json`));
}
if (!args['report-only'] && want('files')) pathologicalSection();
if (!args['report-only'] && typeof args.repo === 'string') {
  const repo = path.resolve(args.repo);
  const top = sh('git rev-parse --show-toplevel', repo);
  if (want('scan')) treeSection(top, `${path.basename(top)} working tree`, null);
  if (want('history')) historySection(top, `${path.basename(top)} history (real)`, null, true);
}
if (!args['report-only']) {
  const saved = JSON.stringify(
    {
      machine,
      args: process.argv.slice(2),
      seconds: Math.round((Date.now() - t0) / 1000),
      results: results.map((s) => ({ ...s, rows: s.rows.map(({ findingsJson, ...r }) => r) })),
    },
    null,
    1,
  );
  writeFileSync(resultsFile, saved);
  // every run's raw figures, one directory per run, kept in the repository
  const runDir = path.join(here, 'results', `${machine.date.replace(/[ :]/g, '-').replace(/-UTC$/, '')}-${os.hostname().replace(/[^\w.-]/g, '_')}`);
  mkdirSync(runDir, { recursive: true });
  writeFileSync(path.join(runDir, 'results.json'), saved + '\n');
  log(`raw results: ${path.relative(process.cwd(), runDir)}`);
}

// ---- report --------------------------------------------------------------------------------
const fmt = (x, d = 2) => (x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));
const md = [];
md.push('# Benchmarks', '');
md.push(
  `Generated by \`npm run bench${shownArgs.length ? ' -- ' + shownArgs.join(' ') : ''}\` (bench/run.mjs) on ${machine.date}${shownSeconds === null && args['report-only'] ? '' : `, in ${shownSeconds ?? ((Date.now() - t0) / 1000).toFixed(0)} s`}.`,
  '',
);
md.push(
  `Machine: ${machine.nproc} cores (${machine.cpu}), ${machine.memGiB} GiB RAM, Node ${machine.node}, git ${machine.git}, ripgrep ${machine.rg}. Page cache warm (one unmeasured run of each command first). ${shownRuns} runs per command, interleaved; wall = median (min-max). Peak RSS = largest single process (\`/usr/bin/time -f %M\`); CPU s = median user + system seconds of every thread of every process the command waited for (\`%U\`, \`%S\`). swlint runs the built CLI (\`node dist/cli.js\`), start-up included.`,
  '',
);
/**
 * The row a section's target compares swlint with: ripgrep (2 threads) for the synthetic tree,
 * `cat-file | rg` for the synthetic history, the read-once limit for a real history; undefined
 * for the other sections.
 */
function targetReference(s) {
  if (s.section.startsWith('Working tree: synthetic') || s.section.startsWith('Working tree: many small files'))
    return s.rows.find((r) => r.label.startsWith('rg (2'));
  if (s.section.startsWith('History: synthetic')) return s.rows.find((r) => r.label === 'git cat-file --batch --batch-all-objects | rg');
  if (s.section.startsWith('History:')) return s.rows.find((r) => r.label.includes('(read once'));
  return undefined;
}

/**
 * What swlint's CPU alone allows on this machine's cores, against the reference its target
 * names: a ratio the scan's cost sets whatever the overlap of its threads and git (a run can
 * only come near it). Null for sections without such a reference or without CPU figures.
 */
function cpuFloor(s) {
  const sw = s.rows[0];
  const reference = targetReference(s);
  if (!reference || typeof sw.cpu !== 'number') return null;
  const floor = sw.cpu / machine.nproc;
  return `${sw.label}'s CPU, ${fmt(sw.cpu)} s, needs at least ${fmt(floor)} s on ${machine.nproc} cores: ${fmt(floor / reference.median)}x ${reference.label} (${fmt(reference.median)} s) before any wait`;
}

// the targets of issue 6, judged on this run's figures
const targets = [];
const verdict = (ok) => (ok ? 'met' : '**not met**');
/** A working tree's checks beside its speed: the planted secrets (`found`: how the row says it), peak RSS, the same findings however many threads. */
function workingTreeTargets(s, found) {
  const sw = s.rows[0];
  const identical = s.notes[0].endsWith('identical');
  targets.push([`${s.section}: ${found}`, `${sw.found}/${sw.expected}`, verdict(sw.found === sw.expected)]);
  if (sw.rss) targets.push([`${s.section}: peak RSS ≤ 200 MB`, `${fmt(sw.rss, 0)} MB (--jobs 1: ${fmt(s.rows[1]?.rss, 0)} MB)`, verdict(sw.rss <= 200)]);
  targets.push([`${s.section}: same findings with --jobs 1, --jobs ${jobs} and no --jobs`, identical ? 'identical' : 'different', verdict(identical)]);
}
for (const s of results) {
  const sw = s.rows[0];
  if (s.section.startsWith('Working tree: synthetic')) {
    const rg = targetReference(s);
    if (rg) targets.push([`${s.section}: swlint wall ≤ 2x rg (2 threads)`, `${fmt(sw.median / rg.median)}x`, verdict(sw.median / rg.median <= 2)]);
    workingTreeTargets(s, 'every planted secret in tracked text found');
  } else if (s.section.startsWith('Working tree: many small files')) {
    // no speed target of its own (the issue's is the 1 GB tree's); memory is bounded whatever the tree
    const rg = targetReference(s);
    if (rg) targets.push([`${s.section}: swlint wall against rg (2 threads), no target`, `${fmt(sw.median / rg.median)}x`, '-']);
    workingTreeTargets(s, 'every planted secret found');
  } else if (s.section.startsWith('History: synthetic')) {
    const logRg = s.rows.find((r) => r.label === 'git log -p --all | rg');
    const catRg = targetReference(s);
    if (logRg) targets.push([`${s.section}: ≤ 1x git log -p --all | rg`, `${fmt(sw.median / logRg.median)}x`, verdict(sw.median / logRg.median <= 1)]);
    if (catRg)
      targets.push([
        `${s.section}: heading for ≤ 1.5x git cat-file --batch-all-objects | rg`,
        `${fmt(sw.median / catRg.median)}x`,
        verdict(sw.median / catRg.median <= 1.5),
      ]);
    targets.push([`${s.section}: planted (path, commit) found`, `${sw.found}/${sw.expected}`, verdict(sw.found === sw.expected)]);
  } else if (s.section.startsWith('History:') && s.section.endsWith('(real)')) {
    const once = targetReference(s);
    if (once) targets.push([`${s.section}: ≤ 1.5x the read-once limit`, `${fmt(sw.median / once.median)}x`, verdict(sw.median / once.median <= 1.5)]);
    if (sw.rss) targets.push([`${s.section}: peak RSS ≤ 200 MB`, `${fmt(sw.rss, 0)} MB`, verdict(sw.rss <= 200)]);
  } else if (s.section === 'Pathological files') {
    const line = s.rows.find((r) => r.id === 'patho-line');
    const [small, , big] = s.rows.filter((r) => r.id.startsWith('patho-mixed'));
    targets.push([`20 MB one-line file of near-misses: ≤ 4 s`, `${fmt(line.median)} s`, verdict(line.median <= 4)]);
    targets.push([
      `5.2 MB mixed file: ≤ 1.5 s, linear in size`,
      `${fmt(big.median)} s (1.3 MB: ${fmt(small.median)} s, ratio ${fmt(big.median / small.median)} for 4x the size)`,
      verdict(big.median <= 1.5 && big.median / small.median <= 5),
    ]);
  } else if (s.section.startsWith('Staged')) {
    targets.push([
      `${s.section}: swlint staged ≤ 150 ms, start-up included`,
      `${fmt(sw.median * 1000, 0)} ms (node itself: ${fmt(s.rows[1].median * 1000, 0)} ms)`,
      verdict(sw.median <= 0.15),
    ]);
  }
}
if (targets.length) {
  md.push('## Targets (issues 6 and 10)', '', '| target | this run | |', '|---|---|---|');
  for (const [t, v, ok] of targets) md.push(`| ${t.replaceAll('|', '\\|')} | ${v} | ${ok} |`);
  md.push('');
}
for (const s of results) {
  md.push(`## ${s.section}`, '', `Input: ${s.input}. Expected: ${s.expected}.`, '');
  md.push('| command | wall s (min-max) | CPU s | MB/s | peak RSS MB | findings | planted found |', '|---|---|---|---|---|---|---|');
  for (const r of s.rows) {
    const found = r.found === undefined ? '-' : `${r.found}/${r.expected}`;
    md.push(
      `| ${r.label.replaceAll('|', '\\|')} | ${fmt(r.median)} (${fmt(r.min)}-${fmt(r.max)}) | ${typeof r.cpu === 'number' ? fmt(r.cpu) : '-'} | ${r.mbps ? fmt(r.mbps, 0) : '-'} | ${r.rss === null ? '-' : fmt(r.rss, 0)} | ${r.findingsCount ?? '-'}${r.extra !== undefined ? ` (${r.extra} not planted)` : ''} | ${found} |`,
    );
  }
  md.push('');
  for (const [name, v] of s.ratios) md.push(`- ${name}: **${fmt(v)}x**`);
  const floor = cpuFloor(s);
  if (floor) md.push(`- ${floor}`);
  for (const n of s.notes) md.push(`- ${n}`);
  md.push('');
}
md.push(
  '## Commands',
  '',
  "From the corpus root; `$P` = bench/patterns.rg (the rules' core shapes: PT token, PSK_ key, pat_ token, JWT, UUID, space host, public-env names).",
  '',
  '```sh',
);
const seen = new Set();
for (const s of results)
  for (const r of s.rows)
    if (!seen.has(r.label)) {
      seen.add(r.label);
      md.push(r.cmd.replace(JSON.stringify(cli), 'dist/cli.js').replace(JSON.stringify(patterns), '$P') + (r.out === '/dev/null' ? ' > /dev/null' : ''));
    }
md.push('```', '');
const text = md.join('\n');
process.stdout.write(text);
if (args['no-write'] !== true && args.write !== 'false') {
  const file = path.join(project, 'BENCHMARKS.md');
  const prefix = existsSync(path.join(here, 'BENCHMARKS.head.md')) ? readFileSync(path.join(here, 'BENCHMARKS.head.md'), 'utf8') + '\n' : '';
  writeFileSync(file, prefix + text);
  log(`wrote ${path.relative(process.cwd(), file) || file}`);
}
rmSync(tmp, { recursive: true, force: true });
