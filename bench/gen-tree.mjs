#!/usr/bin/env node
// Deterministic synthetic working trees for the benchmark (no network, no randomness
// beyond a seeded generator): realistic sources in several languages, minified bundles with
// very long lines, JSON data with UUIDs and integrity hashes, an ignored node_modules/,
// binaries (random-byte images, .sqlite files with NULs and secrets inside), one file over
// --max-file-size, and planted synthetic secrets of every kind at known file:line.
//
//   node bench/gen-tree.mjs --size-mb 100 --seed 1 --out bench/.data/tree-100m-s1
//
// Writes the tree (a git repository with one commit; node_modules/ is ignored), and next to
// it <out>.planted.jsonl (one line per planted secret: file, line, ruleId, where) and
// <out>.summary.json. Also exports generateTree() and generateStagedRepo() for bench/run.mjs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, existsSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rng, WORDS } from './common.mjs';

export { rng };

export const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  LC_ALL: 'C',
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_AUTHOR_DATE: '2025-01-01T00:00:00Z',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_DATE: '2025-01-01T00:00:00Z',
};

const SPACES = 'harbor quill copper birch lumen cobalt delta ember fjord granite'.split(' ');

/** Makes `out` a repository on `main` with everything in it committed as one commit. */
function commitAll(out, message) {
  execFileSync('git', ['init', '-q', '-b', 'main', out], { env: GIT_ENV });
  execFileSync('git', ['-C', out, 'add', '-A'], { env: GIT_ENV, maxBuffer: 1 << 30 });
  execFileSync('git', ['-C', out, 'commit', '-q', '-m', message], { env: GIT_ENV });
}

function makeGen(r) {
  const pick = (arr) => arr[Math.floor(r() * arr.length)];
  const int = (n) => Math.floor(r() * n);
  const ident = () => pick(WORDS) + pick(WORDS).replace(/^./, (c) => c.toUpperCase());
  const snake = () => `${pick(WORDS)}_${pick(WORDS)}`;
  const sentence = () => Array.from({ length: 5 + int(9) }, () => pick(WORDS)).join(' ');
  const chars = (set, n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += set[int(set.length)];
    return s;
  };
  const hex = (n) => chars('0123456789abcdef', n);
  const alnum = (n) => chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', n);
  const b64 = (n) => chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', n);
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  /** mixed case and digits, as the rules want for PSK_/pat_ bodies */
  const mixed = (n) => {
    for (;;) {
      const s = alnum(n);
      if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s)) return s;
    }
  };
  return { pick, int, ident, snake, sentence, hex, alnum, b64, uuid, mixed };
}

function line(g, lang) {
  const x = g.int(100) / 100;
  switch (lang) {
    case 'py':
      if (x < 0.15) return `# ${g.sentence()}`;
      if (x < 0.45) return `    ${g.snake()} = ${g.snake()}(${g.snake()}, ${g.int(1000)})`;
      if (x < 0.6) return `def ${g.snake()}(${g.snake()}, ${g.snake()}=None):`;
      if (x < 0.7) return `    logger.debug("${g.sentence()}: %s", ${g.snake()})`;
      return `    return ${g.snake()}.get("${g.pick(WORDS)}", ${g.int(100)})`;
    case 'go':
      if (x < 0.15) return `// ${g.sentence()}`;
      if (x < 0.4) return `\t${g.ident()} := ${g.ident()}(ctx, ${g.int(1000)})`;
      if (x < 0.55) return `\tif err != nil {\n\t\treturn nil, fmt.Errorf("${g.sentence()}: %w", err)\n\t}`;
      if (x < 0.7) return `func (s *${g.ident()}) ${g.ident()}(ctx context.Context, ${g.ident()} string) error {`;
      return `\ts.${g.ident()}.Store(${g.ident()}, ${g.int(100)})`;
    case 'md':
      if (x < 0.1) return `## ${g.sentence()}`;
      if (x < 0.2) return `- ${g.sentence()}`;
      if (x < 0.25) return '```';
      return `${g.sentence()}. ${g.sentence()}.`;
    case 'yaml':
      if (x < 0.2) return `# ${g.sentence()}`;
      if (x < 0.6) return `  ${g.snake()}: ${g.int(5000)}`;
      return `  ${g.snake()}: "${g.pick(WORDS)}-${g.pick(WORDS)}"`;
    default:
      if (x < 0.15) return `// ${g.sentence()}`;
      if (x < 0.4) return `const ${g.ident()} = await ${g.ident()}(${g.ident()}, { ${g.pick(WORDS)}: ${g.int(1000)} });`;
      if (x < 0.5) return `export function ${g.ident()}(${g.ident()}, ${g.ident()}) {`;
      if (x < 0.65) return `  if (${g.ident()}.${g.pick(WORDS)} > ${g.int(50)}) return ${g.ident()};`;
      if (x < 0.72) return `  const url = \`\${baseUrl}/api/${g.pick(WORDS)}/\${${g.ident()}}?page=\${page}\`;`;
      return `  logger.info('${g.sentence()}', { ${g.pick(WORDS)}: ${g.ident()} });`;
  }
}

const EXT_LANG = { js: 'js', ts: 'js', jsx: 'js', py: 'py', go: 'go', md: 'md', yml: 'yaml', rb: 'py', java: 'js', sh: 'py' };

/**
 * The planted secret kinds: each returns [text of the line, ruleId the line must produce].
 * Values are random (synthetic) and the shapes are the ones the rules document.
 */
function plantLine(g, kind, lang) {
  const space = `${g.pick(SPACES)}-${g.pick(SPACES)}${g.int(90) + 10}`;
  const pt = `PT${g.hex(48)}`;
  const js = lang === 'js';
  switch (kind) {
    case 'api-token':
      return [js ? `const signalwireToken = '${pt}';` : lang === 'yaml' ? `  signalwire_token: "${pt}"` : `SIGNALWIRE_TOKEN = "${pt}"`, 'signalwire-api-token'];
    case 'signing-key':
      return [js ? `const SIGNING_KEY = 'PSK_${g.mixed(24)}';` : `SIGNING_KEY = "PSK_${g.mixed(24)}"`, 'signalwire-signing-key'];
    case 'pat':
      return [js ? `const signalwirePat = 'pat_${g.mixed(24)}';` : `  signalwire_pat: "pat_${g.mixed(24)}"`, 'signalwire-personal-access-token'];
    case 'basic-auth':
      return [`# curl -s -u ${g.uuid()}:${pt} "$API_BASE/api/relay/rest/phone_numbers"`, 'signalwire-basic-auth'];
    case 'public-env':
      return [
        js ? `const ${g.ident()}Token = import.meta.env.VITE_SIGNALWIRE_TOKEN;` : `VITE_SIGNALWIRE_API_TOKEN = "${pt}"`,
        'signalwire-public-env-exposure',
      ];
    case 'client-token': {
      const header = Buffer.from('{"typ":"VRT","ch":"relay.signalwire.com","alg":"HS512"}').toString('base64url');
      const payload = Buffer.from(
        `{"iat":${1750000000 + g.int(9999999)},"jti":"${g.uuid()}","u":"guest","r":"${g.pick(WORDS)}","s":["room.self.audio_mute"]}`,
      ).toString('base64url');
      return [`const ROOM_TOKEN = '${header}.${payload}.${g.alnum(86)}';`, 'signalwire-client-token'];
    }
    case 'project-id':
      return [
        js ? `const client = RestClient('${g.uuid()}', process.env.SIGNALWIRE_API_TOKEN);` : `SIGNALWIRE_PROJECT_ID = "${g.uuid()}"`,
        'signalwire-project-id',
      ];
    case 'space-url':
      return [
        js ? `const baseURL = 'https://${space}.signalwire.com/api/relay/rest';` : `SIGNALWIRE_SPACE_URL = "${space}.signalwire.com"`,
        'signalwire-space-url',
      ];
    case 'insecure-http':
      return [
        js
          ? `const cdn = 'http://cdn.signalwire.com/default-music/${g.pick(WORDS)}-${g.int(1000)}.mp3';`
          : `HOLD_MUSIC = "http://cdn.signalwire.com/default-music/${g.pick(WORDS)}-${g.int(1000)}.mp3"`,
        'signalwire-insecure-http',
      ];
    default:
      throw new Error(kind);
  }
}
export const KINDS = ['api-token', 'signing-key', 'pat', 'basic-auth', 'public-env', 'client-token', 'project-id', 'space-url', 'insecure-http'];

/** Builds a pool of lines per language once; files pick from it (fast for a GB). */
function pools(g) {
  const out = {};
  for (const lang of ['js', 'py', 'go', 'md', 'yaml']) out[lang] = Array.from({ length: 6000 }, () => line(g, lang));
  return out;
}

function textFile(g, pool, lang, bytes) {
  const lines = [];
  let n = 0;
  const p = pool[lang];
  while (n < bytes) {
    const l = p[g.int(p.length)];
    lines.push(l);
    n += l.length + 1;
  }
  return lines;
}

function minified(g, pool, bytes) {
  // long lines of 100 KB-2 MB: statements glued with ';', whitespace squeezed
  const lines = [];
  let n = 0;
  while (n < bytes) {
    const target = Math.min(bytes - n, 100_000 + g.int(1_900_000));
    const parts = [];
    let len = 0;
    while (len < target) {
      const s = pool.js[g.int(pool.js.length)].replace(/\s+/g, ' ').replace(/ ?([=,{}();]) ?/g, '$1');
      parts.push(s);
      len += s.length + 1;
    }
    const l = parts.join(';');
    lines.push(l);
    n += l.length + 1;
  }
  return lines;
}

function jsonData(g, bytes) {
  // lock-file / fixture style data: UUIDs, integrity hashes, hex ids (no SignalWire context)
  const lines = ['{', '  "items": ['];
  let n = 0;
  while (n < bytes) {
    const l = `    { "id": "${g.int(5) === 0 ? g.uuid() : g.hex(24)}", "name": "${g.pick(WORDS)}-${g.pick(WORDS)}", "integrity": "sha512-${g.b64(86)}==", "rev": "${g.hex(40)}", "count": ${g.int(10000)} },`;
    lines.push(l);
    n += l.length + 1;
  }
  lines.push('    {}', '  ]', '}');
  return lines;
}

/**
 * Writes a tree of about `sizeMb` MB under `out`. Returns the summary; the planted list is
 * written to `${out}.planted.jsonl`.
 */
export function generateTree({ out, sizeMb, seed = 1, log = () => {} }) {
  const r = rng(seed);
  const g = makeGen(r);
  const pool = pools(g);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const plantedFile = `${out}.planted.jsonl`;
  rmSync(plantedFile, { force: true });
  const total = sizeMb * 1024 * 1024;
  const planted = [];
  const dirsMade = new Set();
  const write = (rel, data) => {
    const abs = path.join(out, rel);
    const dir = path.dirname(abs);
    if (!dirsMade.has(dir)) {
      mkdirSync(dir, { recursive: true });
      dirsMade.add(dir);
    }
    writeFileSync(abs, data);
    return typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  };
  const plantInto = (rel, lines, lang, where, count) => {
    for (let k = 0; k < count; k++) {
      const kind = KINDS[g.int(KINDS.length)];
      const [text, ruleId] = plantLine(g, kind, lang === 'md' || lang === 'go' ? 'py' : lang);
      const at = g.int(lines.length + 1);
      lines.splice(at, 0, text);
      // lines inserted later above this one shift it: fix up afterwards from the final text
      planted.push({ file: rel, text, ruleId, kind, where });
    }
  };
  const finish = (rel, lines) => {
    const text = lines.join('\n') + '\n';
    // resolve each planted line's number in the final text
    const mine = planted.filter((p) => p.file === rel && p.line === undefined);
    if (mine.length) {
      const index = new Map();
      text.split('\n').forEach((l, i) => {
        if (!index.has(l)) index.set(l, i + 1);
      });
      for (const p of mine) p.line = index.get(p.text);
    }
    return write(rel, text);
  };

  write('.gitignore', 'node_modules/\n*.log\n.cache/\n');
  write('README.md', '# Synthetic benchmark tree\n\nGenerated by bench/gen-tree.mjs; every secret in it is synthetic.\n');
  let written = 0;
  let fileNo = 0;
  const share = { source: 0.66, bundle: 0.08, data: 0.05, binary: 0.07, ignored: 0.14 };
  const budget = Object.fromEntries(Object.entries(share).map(([k, v]) => [k, v * total]));
  const used = { source: 0, bundle: 0, data: 0, binary: 0, ignored: 0 };
  // plant about 1.5 secrets per MB of tracked text, in a subset of files
  const plantRate = 1.5 / (1024 * 1024);
  const dirs = [
    'src',
    'src/api',
    'src/handlers',
    'src/lib',
    'lib',
    'services/voice',
    'services/sms',
    'scripts',
    'docs',
    'app/components',
    'config',
    'cmd/server',
    'internal/store',
    'tools',
  ];
  const exts = ['js', 'ts', 'jsx', 'py', 'go', 'md', 'yml', 'rb', 'java', 'sh'];
  let plantCarry = 0;
  const nextPlants = (bytes) => {
    plantCarry += bytes * plantRate;
    const n = Math.floor(plantCarry);
    plantCarry -= n;
    return n;
  };
  const progress = () => {
    if (fileNo % 5000 === 0) log(`  ${fileNo} files, ${(written / 1e6).toFixed(0)} MB`);
  };

  // regular sources: 1-60 KB, deep-ish directories
  while (used.source < budget.source) {
    const ext = exts[g.int(exts.length)];
    const lang = EXT_LANG[ext];
    const sub = `${g.pick(dirs)}/${g.pick(WORDS)}${g.int(40)}`;
    const rel = `${sub}/${g.snake()}_${fileNo++}.${ext}`;
    const size = 1000 + Math.floor(Math.pow(r(), 2) * 60_000);
    const lines = textFile(g, pool, lang, size);
    plantInto(rel, lines, lang, 'tracked-text', nextPlants(size));
    const n = finish(rel, lines);
    used.source += n;
    written += n;
    progress();
  }
  // minified bundles
  let b = 0;
  while (used.bundle < budget.bundle) {
    const size = Math.min(budget.bundle - used.bundle + 1, 300_000 + g.int(3_000_000));
    const lines = minified(g, pool, size);
    const rel = `dist/assets/chunk-${b++}.min.js`;
    // secrets inside long lines: insert into a random line at a random offset
    const n = nextPlants(size);
    for (let k = 0; k < n; k++) {
      const kind = g.pick(['api-token', 'signing-key', 'space-url', 'project-id']);
      const [text, ruleId] = plantLine(g, kind, 'js');
      const li = g.int(lines.length);
      const l = lines[li];
      const cut = l.indexOf(';', g.int(l.length));
      const at = cut < 0 ? l.length : cut + 1;
      lines[li] = l.slice(0, at) + text + l.slice(at);
      planted.push({ file: rel, line: li + 1, text: text.slice(0, 40), ruleId, kind, where: 'tracked-text' });
    }
    const w = write(rel, lines.join('\n') + '\n');
    used.bundle += w;
    written += w;
    fileNo++;
  }
  // JSON data (UUIDs, hashes; no SignalWire context: nothing to find)
  let d = 0;
  while (used.data < budget.data) {
    const size = 20_000 + g.int(400_000);
    const w = write(`data/fixtures/set-${d++}.json`, jsonData(g, size).join('\n') + '\n');
    used.data += w;
    written += w;
    fileNo++;
  }
  // one file over the default --max-file-size (5 MB): reported as skipped, not scanned
  written += write('data/huge-export.csv', Array.from({ length: 120_000 }, (_, i) => `${i},${g.pick(WORDS)},${g.int(1e6)},${g.hex(16)}`).join('\n') + '\n');
  // binaries: random-byte images and .sqlite files (NULs) with secrets inside
  let bi = 0;
  while (used.binary < budget.binary) {
    const sqlite = bi % 4 === 0;
    let buf;
    let rel;
    if (sqlite) {
      rel = `var/db/store-${bi}.sqlite`;
      const parts = [Buffer.from('SQLite format 3\0'), Buffer.alloc(84)];
      const records = 200 + g.int(2000);
      for (let k = 0; k < records; k++) parts.push(Buffer.from(`\0\0\x03${g.snake()}\0${g.sentence()}\0`));
      const [text, ruleId] = plantLine(g, 'api-token', 'py');
      parts.splice(3 + g.int(records), 0, Buffer.from(`\0${text}\0`));
      planted.push({ file: rel, text: text.slice(0, 30), ruleId, kind: 'api-token', where: 'binary' });
      buf = Buffer.concat(parts);
    } else {
      rel = `assets/img/${g.pick(WORDS)}-${bi}.png`;
      const n = 5_000 + g.int(600_000);
      buf = Buffer.alloc(n);
      for (let k = 0; k < n; k += 4) buf.writeUInt32LE((r() * 4294967296) >>> 0, Math.min(k, n - 4));
      buf.write('\x89PNG\r\n\x1a\n', 0, 'latin1');
    }
    const w = write(rel, buf);
    used.binary += w;
    written += w;
    bi++;
    fileNo++;
  }
  // ignored dependencies: scanned by nothing, secrets there are not findings
  let m = 0;
  while (used.ignored < budget.ignored) {
    const pkg = `node_modules/${g.pick(WORDS)}-${g.pick(WORDS)}-${m++}`;
    written += write(`${pkg}/package.json`, `{ "name": "${path.basename(pkg)}", "version": "1.${g.int(20)}.${g.int(10)}" }\n`);
    const files = 3 + g.int(20);
    for (let k = 0; k < files; k++) {
      const rel = `${pkg}/lib/${g.pick(WORDS)}-${k}.js`;
      const size = 500 + g.int(30_000);
      const lines = textFile(g, pool, 'js', size);
      if (k === 0 && m % 3 === 0) plantInto(rel, lines, 'js', 'ignored', 1);
      const n = finish(rel, lines);
      used.ignored += n;
      written += n;
      fileNo++;
    }
  }
  log(`  wrote ${fileNo} files, ${(written / 1e6).toFixed(0)} MB; git add + commit`);
  commitAll(out, 'synthetic tree');
  for (const p of planted)
    appendFileSync(plantedFile, JSON.stringify({ file: p.file, line: p.line ?? null, ruleId: p.ruleId, kind: p.kind, where: p.where }) + '\n');
  const trackedBytes = Number(execFileSync('bash', ['-c', 'git ls-files -z | xargs -0 cat | wc -c'], { cwd: out, env: GIT_ENV }).toString().trim());
  const trackedFiles = Number(execFileSync('bash', ['-c', 'git ls-files | wc -l'], { cwd: out, env: GIT_ENV }).toString().trim());
  const summary = {
    sizeMb,
    seed,
    files: fileNo,
    bytesOnDisk: written,
    trackedFiles,
    trackedBytes,
    planted: {
      trackedText: planted.filter((p) => p.where === 'tracked-text').length,
      binary: planted.filter((p) => p.where === 'binary').length,
      ignored: planted.filter((p) => p.where === 'ignored').length,
    },
  };
  writeFileSync(`${out}.summary.json`, JSON.stringify(summary, null, 1) + '\n');
  return summary;
}

/**
 * A repository of `files` small tracked files with one file changed and staged (one new
 * token line): the `swlint staged` pre-commit case.
 */
export function generateStagedRepo({ out, files = 25_000, seed = 1, log = () => {} }) {
  const g = makeGen(rng(seed + 1000));
  const pool = pools(g);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const made = new Set();
  let first = null;
  for (let i = 0; i < files; i++) {
    const dir = `pkg${i % 250}/src/${g.pick(WORDS)}`;
    if (!made.has(dir)) {
      mkdirSync(path.join(out, dir), { recursive: true });
      made.add(dir);
    }
    const rel = `${dir}/file_${i}.js`;
    first ??= rel;
    writeFileSync(path.join(out, rel), textFile(g, pool, 'js', 300 + g.int(3000)).join('\n') + '\n');
  }
  log(`  wrote ${files} files; git add + commit`);
  commitAll(out, 'initial');
  const [text, ruleId] = plantLine(g, 'api-token', 'js');
  appendFileSync(path.join(out, first), text + '\n');
  execFileSync('git', ['-C', out, 'add', first], { env: GIT_ENV });
  const summary = { files, changed: first, planted: [{ file: first, ruleId }] };
  writeFileSync(`${out}.summary.json`, JSON.stringify(summary, null, 1) + '\n');
  return summary;
}

/**
 * A monorepo-like tree of `files` small tracked files (100-600 bytes of source each, in
 * directories of 100), where a file costs its system calls more than its bytes; a token line is
 * planted in one file of every 20,000. Writes <out>.planted.jsonl and <out>.summary.json as
 * generateTree does; the objects are packed, not left as `files` loose ones.
 */
export function generateSmallFilesTree({ out, files = 300_000, seed = 1, log = () => {} }) {
  const g = makeGen(rng(seed + 2000));
  const pool = pools(g);
  rmSync(out, { recursive: true, force: true });
  rmSync(`${out}.planted.jsonl`, { force: true });
  mkdirSync(out, { recursive: true });
  const langs = ['js', 'py', 'go', 'yaml'];
  const planted = [];
  let written = 0;
  let service = '';
  let dir = '';
  for (let i = 0; i < files; i++) {
    const lang = langs[i % langs.length];
    if (i % 5000 === 0) service = `services/${g.pick(WORDS)}-${i / 5000}`;
    if (i % 100 === 0) mkdirSync(path.join(out, (dir = `${service}/module${i / 100}`)), { recursive: true });
    const rel = `${dir}/${g.pick(WORDS)}_${i}.${lang}`;
    const lines = textFile(g, pool, lang, 100 + g.int(500));
    if (i % 20_000 === 7) {
      const [text, ruleId] = plantLine(g, 'api-token', lang);
      const at = g.int(lines.length + 1);
      lines.splice(at, 0, text);
      planted.push({ file: rel, line: at + 1, ruleId, kind: 'api-token', where: 'tracked-text' });
    }
    const body = lines.join('\n') + '\n';
    writeFileSync(path.join(out, rel), body);
    written += body.length;
  }
  log(`  wrote ${files} files, ${(written / 1e6).toFixed(0)} MB; git add + commit + repack`);
  commitAll(out, 'synthetic tree of small files');
  execFileSync('git', ['-C', out, 'repack', '-adq'], { env: GIT_ENV });
  execFileSync('git', ['-C', out, 'prune-packed'], { env: GIT_ENV });
  for (const p of planted) appendFileSync(`${out}.planted.jsonl`, JSON.stringify(p) + '\n');
  const summary = { files, seed, bytesOnDisk: written, planted: { trackedText: planted.length } };
  writeFileSync(`${out}.summary.json`, JSON.stringify(summary, null, 1) + '\n');
  return summary;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const argv = process.argv.slice(2);
  const get = (k, d) => {
    const i = argv.indexOf(`--${k}`);
    return i >= 0 ? argv[i + 1] : d;
  };
  const sizeMb = Number(get('size-mb', '100'));
  const seed = Number(get('seed', '1'));
  const here = path.dirname(fileURLToPath(import.meta.url));
  const out = path.resolve(get('out', path.join(here, '.data', `tree-${sizeMb}m-s${seed}`)));
  if (existsSync(out) && !argv.includes('--force')) console.error(`${out} exists; regenerating`);
  const t0 = Date.now();
  const s = generateTree({ out, sizeMb, seed, log: (m) => console.error(m) });
  console.log(JSON.stringify(s));
  console.error(`built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
