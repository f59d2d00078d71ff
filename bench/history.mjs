#!/usr/bin/env node
// Benchmark: `swlint history` against `git log -p --all | grep` on a synthetic repository.
//
//   npm run build && npm run bench:history [-- --commits 10000 --seed 1 --runs 3 --keep]
//
// Builds (once per commits/seed, cached under bench/.data/) a deterministic repository with
// `git fast-import`: a few hundred realistic source files edited commit after commit, side
// branches merged back, two branches never merged, a file renamed, and PT tokens planted
// at known commits (most removed again later). Then times both commands in turn (A B A B …),
// prints the median of each, the ratio, and the findings against what was planted.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, rng, WORDS } from './common.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const project = path.resolve(here, '..');
const args = parseArgs(process.argv.slice(2));
const commits = Number(args.commits ?? 10000);
const seed = Number(args.seed ?? 1);
const runs = Number(args.runs ?? 3);
const dataDir = path.join(here, '.data');
const repo = path.join(dataDir, `hist-${commits}-s${seed}`);
const cli = path.join(project, 'dist', 'cli.js');
const gitEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C' };

// Same shapes as the rules' core patterns: API token, project UUID, space host.
const PATTERN = 'PT[0-9a-f]{48}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+\\.signalwire\\.com';

// ---- deterministic generator ---------------------------------------------------------

function generator(r) {
  const pick = (arr) => arr[Math.floor(r() * arr.length)];
  const ident = () => pick(WORDS) + pick(WORDS).replace(/^./, (c) => c.toUpperCase());
  const sentence = () => Array.from({ length: 6 + Math.floor(r() * 8) }, () => pick(WORDS)).join(' ');
  const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('');
  const line = (lang) => {
    const x = r();
    if (lang === 'py') {
      if (x < 0.2) return `# ${sentence()}`;
      if (x < 0.5) return `    ${ident()} = ${ident()}(${ident()}, ${Math.floor(r() * 1000)})`;
      if (x < 0.7) return `def ${ident()}(${ident()}, ${ident()}=None):`;
      return `    return ${ident()}.get("${pick(WORDS)}", ${Math.floor(r() * 100)})`;
    }
    if (lang === 'md') return x < 0.15 ? `## ${sentence()}` : sentence() + '.';
    if (x < 0.2) return `// ${sentence()}`;
    if (x < 0.45) return `const ${ident()} = await ${ident()}(${ident()}, { ${pick(WORDS)}: ${Math.floor(r() * 1000)} });`;
    if (x < 0.6) return `export function ${ident()}(${ident()}, ${ident()}) {`;
    if (x < 0.75) return `  if (${ident()}.${pick(WORDS)} > ${Math.floor(r() * 50)}) return ${ident()};`;
    return `  logger.info('${sentence()}', { ${pick(WORDS)}: ${ident()} });`;
  };
  return { pick, ident, sentence, hex, line };
}

/**
 * Builds the repository at `repo` (replacing it) and writes `<repo>.planted.json` next to it.
 * Exported for bench/run.mjs.
 */
export function buildHistoryRepo({ commits, seed, repo }) {
  return buildRepository(commits, seed, repo);
}

function buildRepository(commits, seed, repo) {
  const r = rng(seed);
  const g = generator(r);
  const dirs = ['src', 'src/handlers', 'src/lib', 'scripts', 'services/voice', 'services/sms', 'docs', 'app'];
  const exts = { src: 'js', 'src/handlers': 'js', 'src/lib': 'ts', scripts: 'py', 'services/voice': 'py', 'services/sms': 'js', docs: 'md', app: 'ts' };
  /** path → array of lines (the file's current text at the tip being built) */
  const files = new Map();
  const langOf = (p) => (p.endsWith('.py') ? 'py' : p.endsWith('.md') ? 'md' : 'js');
  const newFile = () => {
    const dir = g.pick(dirs);
    const p = `${dir}/${g.ident().replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())}.${exts[dir]}`;
    return files.has(p) ? null : p;
  };
  const out = [];
  const enc = (s) => Buffer.from(s, 'utf8');
  const data = (s) => {
    const b = enc(s);
    out.push(enc(`data ${b.length}\n`), b, enc('\n'));
  };
  let mark = 0;
  let time = 1_600_000_000;
  const planted = []; // {token, path, commit (subject)}
  const author = (name) => `${name} <${name.toLowerCase()}@example.invalid> ${time} +0000`;
  const people = ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken'];

  /** one commit on `ref`; `changes` mutate `state` (a Map path → lines) and list the touched paths */
  const commit = (ref, state, subject, from, merges, change) => {
    time += 600 + Math.floor(r() * 3000);
    const touched = change(state);
    const m = ++mark;
    out.push(enc(`commit ${ref}\nmark :${m}\n`));
    const who = g.pick(people);
    out.push(enc(`author ${author(who)}\ncommitter ${author(who)}\n`));
    data(subject);
    if (from) out.push(enc(`from :${from}\n`));
    for (const mm of merges) out.push(enc(`merge :${mm}\n`));
    for (const [p, kind] of touched) {
      if (kind === 'D') out.push(enc(`D ${p}\n`));
      else {
        out.push(enc(`M 100644 inline ${p}\n`));
        data(state.get(p).join('\n') + '\n');
      }
    }
    return m;
  };

  const edit = (state) => {
    const touched = [];
    const n = 1 + Math.floor(r() * 3);
    for (let i = 0; i < n; i++) {
      if (state.size < 40 || r() < 0.04) {
        const p = newFile();
        if (!p || state.has(p)) continue;
        state.set(
          p,
          Array.from({ length: 30 + Math.floor(r() * 120) }, () => g.line(langOf(p))),
        );
        touched.push([p, 'M']);
        continue;
      }
      const keys = [...state.keys()];
      const p = keys[Math.floor(r() * keys.length)];
      const lines = state.get(p).slice();
      const at = Math.floor(r() * lines.length);
      const del = Math.floor(r() * 3);
      lines.splice(at, del, ...Array.from({ length: 1 + Math.floor(r() * 4) }, () => g.line(langOf(p))));
      if (lines.length > 400) lines.splice(0, 40);
      state.set(p, lines);
      touched.push([p, 'M']);
    }
    return touched;
  };

  // planted tokens: [commit index, removal index or null, kind]
  const plantAt = new Map();
  const plantCount = Math.max(20, Math.floor(commits / 250));
  for (let i = 0; i < plantCount; i++) {
    const at = 50 + Math.floor(((i + 0.5) * (commits - 100)) / plantCount);
    const removeAfter = i % 3 === 2 ? null : 5 + Math.floor(r() * 200);
    plantAt.set(at, { removeAt: removeAfter === null ? null : Math.min(commits - 1, at + removeAfter) });
  }
  const removals = new Map(); // commit index → {path, line}
  let main = null;
  const state = files;
  let renamed = false;
  for (let i = 0; i < commits; i++) {
    const plant = plantAt.get(i);
    if (plant) {
      const keys = [...state.keys()].filter((p) => !p.endsWith('.md'));
      const p = keys[Math.floor(r() * keys.length)];
      const token = `PT${g.hex(48)}`;
      const lineText = p.endsWith('.py') ? `SIGNALWIRE_TOKEN = "${token}"` : `const signalwireToken = '${token}';`;
      const subject = `Wire up ${g.pick(WORDS)} notifications (${i})`;
      main = commit('refs/heads/main', state, subject, main, [], (s) => {
        const lines = s.get(p).slice();
        lines.splice(Math.floor(lines.length / 2), 0, lineText);
        s.set(p, lines);
        return [[p, 'M']];
      });
      planted.push({ token, path: p, subject, stillPresent: plant.removeAt === null });
      if (plant.removeAt !== null) removals.set(plant.removeAt, { p, lineText });
      continue;
    }
    const removal = removals.get(i);
    if (removal && state.has(removal.p)) {
      main = commit('refs/heads/main', state, `Read the token from the environment (${i})`, main, [], (s) => {
        const lines = s.get(removal.p).filter((l) => l !== removal.lineText);
        s.set(removal.p, lines);
        return [[removal.p, 'M']];
      });
      continue;
    }
    if (!renamed && i === Math.floor(commits / 2)) {
      // rename a file that holds a planted token now, if any, else any file: an edit may have cut
      // the planted line since (then the renamed file introduces nothing, and no finding is due)
      const holder = planted.find((x) => state.get(x.path)?.some((l) => l.includes(x.token))) ?? null;
      const from = holder ? holder.path : [...state.keys()][0];
      const to = from.replace(/(\.[a-z]+)$/, '_v2$1');
      main = commit('refs/heads/main', state, `Rename ${path.basename(from)}`, main, [], (s) => {
        s.set(to, s.get(from));
        s.delete(from);
        return [
          [from, 'D'],
          [to, 'M'],
        ];
      });
      if (holder) planted.push({ token: holder.token, path: to, subject: `Rename ${path.basename(from)}`, stillPresent: true, renamed: true });
      renamed = true;
      continue;
    }
    if (i > 0 && i % 400 === 0) {
      // a short side branch, merged back with a merge commit
      const side = new Map([...state].map(([k, v]) => [k, v.slice()]));
      let tip = main;
      for (let j = 0; j < 3; j++) tip = commit(`refs/heads/feature-${i}`, side, `Feature ${i} step ${j + 1}: ${g.sentence()}`, tip, [], edit);
      main = commit('refs/heads/main', state, `Merge branch 'feature-${i}'`, main, [tip], (s) => {
        const touched = [];
        for (const [k, v] of side) {
          if (s.get(k) !== v && (s.get(k) ?? []).join('\n') !== v.join('\n')) {
            s.set(k, v);
            touched.push([k, 'M']);
          }
        }
        return touched;
      });
      continue;
    }
    main = commit('refs/heads/main', state, `${g.pick(['Fix', 'Add', 'Update', 'Refactor', 'Tidy'])} ${g.sentence()}`, main, [], edit);
  }
  // edits may have cut a planted line since: what is at the tip decides stillPresent
  for (const p of planted) p.stillPresent = (state.get(p.path) ?? []).some((l) => l.includes(p.token));
  // two branches never merged, one with a token only there
  for (const b of ['experiment-a', 'experiment-b']) {
    const side = new Map([...state].map(([k, v]) => [k, v.slice()]));
    let tip = main;
    for (let j = 0; j < 5; j++) {
      if (b === 'experiment-b' && j === 2) {
        const p = [...side.keys()].find((k) => k.endsWith('.js'));
        const token = `PT${g.hex(48)}`;
        const subject = `Try the new client on ${b}`;
        tip = commit(`refs/heads/${b}`, side, subject, tip, [], (s) => {
          s.set(p, [...s.get(p), `const signalwireToken = '${token}';`]);
          return [[p, 'M']];
        });
        planted.push({ token, path: p, subject, stillPresent: false, branchOnly: b });
        continue;
      }
      tip = commit(`refs/heads/${b}`, side, `${b}: ${g.sentence()}`, tip, [], edit);
    }
  }
  rmSync(repo, { recursive: true, force: true });
  mkdirSync(repo, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main', repo], { env: gitEnv });
  execFileSync('git', ['-C', repo, 'fast-import', '--quiet'], { input: Buffer.concat(out), env: gitEnv, maxBuffer: 1 << 30 });
  execFileSync('git', ['-C', repo, 'checkout', '-q', '-f', 'main'], { env: gitEnv });
  execFileSync('git', ['-C', repo, 'repack', '-adq'], { env: gitEnv });
  writeFileSync(path.join(repo, '..', `${path.basename(repo)}.planted.json`), JSON.stringify(planted, null, 1));
}

// ---- timing (when run as a script) ----------------------------------------------------
const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) await main();

async function main() {
  function timeIt(cmd, argv, opts = {}) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, argv, { cwd: repo, env: gitEnv, maxBuffer: 1 << 30, ...opts });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 300)}`);
    return { s, stdout: r.stdout };
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  if (!existsSync(cli)) {
    console.error(`no built CLI at ${cli}: run \`npm run build\` first`);
    process.exit(2);
  }
  mkdirSync(dataDir, { recursive: true });
  const plantedFile = path.join(dataDir, `${path.basename(repo)}.planted.json`);
  if (!existsSync(plantedFile) || !existsSync(path.join(repo, '.git')) || args.rebuild) {
    const t0 = Date.now();
    buildRepository(commits, seed, repo);
    console.log(`built ${repo} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const planted = JSON.parse(readFileSync(plantedFile, 'utf8'));
  const commitCount = execFileSync('git', ['-C', repo, 'rev-list', '--all', '--count'], { env: gitEnv }).toString().trim();
  const logBytes = Number(execFileSync('bash', ['-c', 'git log -p --all --no-color | wc -c'], { cwd: repo, env: gitEnv }).toString().trim());
  const rg = spawnSync('rg', ['--version']).status === 0;
  const matcher = rg ? `rg -a -o -e '${PATTERN}'` : `grep -a -E -o '${PATTERN}'`;
  const pipeline = `git log -p --all --no-color | ${matcher}`;
  console.log(`repository: ${commitCount} commits, git log -p --all = ${(logBytes / 1e6).toFixed(1)} MB; matcher: ${rg ? 'rg' : 'grep -E (rg not installed)'}`);

  // one unmeasured warm-up each, then A B A B …
  timeIt('node', [cli, 'history', '--format', 'json', '--fail-on', 'never']);
  timeIt('bash', ['-c', pipeline]);
  const swTimes = [];
  const pipeTimes = [];
  let swOut = null;
  let pipeOut = null;
  for (let i = 0; i < runs; i++) {
    const a = timeIt('node', [cli, 'history', '--format', 'json', '--fail-on', 'never']);
    swTimes.push(a.s);
    swOut = a.stdout;
    const b = timeIt('bash', ['-c', pipeline]);
    pipeTimes.push(b.s);
    pipeOut = b.stdout;
  }
  const report = JSON.parse(String(swOut));
  const tokenFindings = report.findings.filter((f) => f.ruleId === 'signalwire-api-token');
  const expected = new Set(planted.map((p) => `${p.path}\0${p.subject}`));
  const got = new Set(tokenFindings.map((f) => `${f.file}\0${f.commit?.message}`));
  const hits = [...expected].filter((k) => got.has(k)).length;
  const stillOk = planted.filter((p) =>
    tokenFindings.some((f) => f.file === p.path && f.commit?.message === p.subject && f.stillPresent === p.stillPresent),
  ).length;
  const pipeDistinct = new Set(
    String(pipeOut)
      .split('\n')
      .filter((l) => l.startsWith('PT')),
  ).size;
  const distinctTokens = new Set(planted.map((p) => p.token)).size;
  const sw = median(swTimes);
  const pipe = median(pipeTimes);
  console.log(`swlint history --format json : median ${sw.toFixed(2)} s  (runs: ${swTimes.map((t) => t.toFixed(2)).join(', ')})`);
  console.log(`${pipeline.replace(PATTERN, '<patterns>')} : median ${pipe.toFixed(2)} s  (runs: ${pipeTimes.map((t) => t.toFixed(2)).join(', ')})`);
  console.log(`ratio swlint / pipeline: ${(sw / pipe).toFixed(2)}x`);
  console.log(`planted: ${planted.length} (path, introducing commit) pairs from ${distinctTokens} distinct tokens`);
  console.log(
    `swlint: ${report.findings.length} findings (${tokenFindings.length} api-token), ${hits}/${expected.size} planted found at the right path and commit, ${stillOk}/${planted.length} with the right stillPresent; summary ${JSON.stringify({ files: report.summary.files, commits: report.summary.commits })}`,
  );
  console.log(`pipeline: ${pipeDistinct} distinct PT tokens matched (no attribution, no stillPresent)`);
  if (args.keep !== true && args.clean) rmSync(repo, { recursive: true, force: true });
}
