// The package as it would be published: `npm pack` holds exactly what runs, and the tarball
// installed into a fresh project (offline, no registry) gives a working `swlint`: the
// version, a scan, and a pre-commit hook that runs the pinned local copy.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/cli.js';

interface PackageJson {
  name: string;
  version: string;
  license?: string;
  keywords?: string[];
  homepage?: string;
  bugs?: { url?: string };
  repository?: { type?: string; url?: string };
  dependencies?: Record<string, string>;
  files?: string[];
}

const PKG = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as PackageJson;
/** metadata npm packs besides `files` (package.json, README, LICENSE) plus the changelog */
const METADATA = ['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json'];
/** data the README points users at inside the installed package (the configuration's `$schema`) */
const DOCUMENTED = ['schema/swlintrc.schema.json'];

/** npm with none of the outer npm's settings (npm test sets npm_config_*), offline, with a private cache. */
function npmEnv(cache: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return {
    ...env,
    npm_config_cache: cache,
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    NO_COLOR: '1',
  };
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/**
 * The files the CLI can load, from dist/cli.js through every static import, literal dynamic
 * import and `new URL('./x', <the module's URL>)` (the bundle the bin compiles, its code cache,
 * worker threads), with the package.json beside each (node reads its `type` to know how to load
 * the files there); the bare package names they import; and the packages the esbuild
 * bundle carries inside itself (it marks each inlined file with a `// node_modules/<package>/…`
 * line; the unbundled build has none).
 */
function reachable(root: string): { files: Set<string>; packages: Set<string>; inlined: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const inlined = new Set<string>();
  const queue = ['dist/cli.js'];
  const specifiers = [
    // `from '…'` closing an import or export statement (not the word inside bundled code's strings),
    // `import('…')` (and importEsm('…'), its stand-in in the CommonJS bundle: src/cli/import-esm.ts),
    // a side-effect `import '…'` at the start of a line (not `import "os"` inside a string of Go
    // source that swlint fix writes)
    /(?:^(?:import|export)\b[^\n'"]*?\bfrom\s*|^\}\s*from\s*|\bimport(?:Esm)?\s*\(\s*|^import\s*)(['"])([^'"]+)\1/gm,
    // the module's own URL: import.meta.url, or in the CommonJS bundle the URL the bin hands it
    /new URL\(\s*(['"])(\.[^'"]+)\1\s*,\s*(?:import\.meta\.url|__swlintModuleUrl)\s*\)/g,
    // createRequire(…)('…'), `(0, …createRequire)(…)('…')` once bundled: a CommonJS package loaded
    // on demand (the bundle's plain require() calls are node's built-ins and the optional
    // requires of the packages inlined into it)
    /\bcreateRequire\)?\([^()]*\)\(\s*(['"])([^'"]+)\1\s*\)/g,
  ];
  const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
  while (queue.length) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const scope = path.posix.join(path.posix.dirname(file), 'package.json');
    if (scope !== 'package.json' && existsSync(path.join(root, scope))) files.add(scope);
    if (!/\.[cm]?js$/.test(file)) continue; // data (the V8 code cache), not code
    const text = readFileSync(path.join(root, file), 'utf8');
    for (const m of specifiers.flatMap((re) => [...text.matchAll(re)])) {
      const spec = m[2]!;
      if (spec.startsWith('node:')) continue;
      if (spec.startsWith('.')) queue.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));
      else packages.add(packageOf(spec));
    }
    // esbuild writes the path it read the file by: `../../elsewhere/node_modules/…` when node_modules is a link
    for (const m of text.matchAll(/^\/\/ (?:\S*?\/)?node_modules\/(\S+)/gm)) inlined.add(packageOf(m[1]!));
  }
  return { files, packages, inlined };
}

describe('the npm package', () => {
  let work = '';
  let tarball = '';
  let packed: string[] = [];
  let project = '';
  let env: NodeJS.ProcessEnv = {};

  beforeAll(() => {
    work = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'swlint-pack-')));
    env = npmEnv(path.join(work, 'npm-cache'));
    // dist/ is built by `npm test`; --ignore-scripts packs it as it is
    const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], PROJECT_ROOT, env);
    if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(work, info!.filename);
    packed = info!.files.map((f) => f.path).sort();

    // a fresh project; the runtime dependencies come from this checkout's node_modules (no registry)
    project = path.join(work, 'app');
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    const deps = run('npm', ['ls', '--omit=dev', '--all', '--parseable'], PROJECT_ROOT, env);
    for (const dir of deps.stdout.split('\n').filter((d) => d && path.resolve(d) !== PROJECT_ROOT))
      cpSync(dir, path.join(project, path.relative(PROJECT_ROOT, dir)), { recursive: true });
    const install = run('npm', ['install', '--save-dev', '--no-audit', '--no-fund', tarball], project, env);
    if (install.status !== 0) throw new Error(`npm install of the tarball failed: ${install.stderr}`);
  }, 240_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds exactly the files the CLI can load, the metadata and nothing else', () => {
    const { files, packages, inlined } = reachable(PROJECT_ROOT);
    expect(packed.filter((f) => !METADATA.includes(f) && !DOCUMENTED.includes(f))).toEqual([...files].sort());
    expect(packed.filter((f) => DOCUMENTED.includes(f))).toEqual(DOCUMENTED);
    expect(packed.filter((f) => METADATA.includes(f))).toEqual(METADATA);
    // every package the CLI imports is a runtime dependency (a devDependency would be missing after install),
    // and every runtime dependency is imported or bundled in (the unbundled build, which npm makes when it
    // installs from git without devDependencies, imports them all)
    const dependencies = Object.keys(PKG.dependencies ?? {}).sort();
    expect([...packages].filter((p) => !dependencies.includes(p))).toEqual([]);
    expect(dependencies.filter((d) => !packages.has(d) && !inlined.has(d))).toEqual([]);
  });

  it('the README installs exactly this tarball, and none of its recipes can fetch a package by name', () => {
    const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const code = [...readme.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]!).join('\n');
    expect(code).toContain(`npm install --save-dev ./vendor/${path.basename(tarball)}`);
    expect(code).toMatch(/npm install --save-dev "git\+https:\/\/github\.com\/SWLINT_REPO\.git#v\d/);
    for (const line of code.split('\n')) {
      expect(line, 'npx without --no-install may download and run another package').not.toMatch(/\bnpx (?!--no-install )/);
      expect(line).not.toMatch(/\bnpm (?:i|install|add)\b(?: +-\S+)* +swlint\b/);
    }
    // one placeholder, defined once, before its first use
    expect(readme).not.toMatch(/\bOWNER\b/);
    expect(readme.match(/\*\*`SWLINT_REPO`\*\*/g)).toHaveLength(1);
    expect(readme.indexOf('SWLINT_REPO')).toBe(readme.indexOf('**`SWLINT_REPO`**') + 3);
  });

  it("the README's configuration example names a $schema that the installed package holds, and the example is valid by it", async () => {
    const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const example = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes('"$schema"'));
    expect(example, 'the README shows a configuration with "$schema"').toBeDefined();
    const config = JSON.parse(example!) as { $schema: string };
    // the path is relative to the project, where the config file sits
    const schemaFile = path.join(project, config.$schema);
    expect(existsSync(schemaFile), `${config.$schema} in the installed package`).toBe(true);
    const { Ajv } = await import('ajv');
    const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it('has the fields a registry page and provenance need', () => {
    expect(PKG.license).toBe('MIT');
    expect(existsSync(path.join(PROJECT_ROOT, 'LICENSE'))).toBe(true);
    expect(PKG.keywords).toEqual(expect.arrayContaining(['signalwire', 'secrets', 'pre-commit']));
    const repo = /^git\+(https:\/\/github\.com\/[^/]+\/swlint)\.git$/.exec(PKG.repository?.url ?? '')?.[1];
    expect(repo, 'repository.url').toBeTruthy();
    expect(PKG.homepage).toBe(`${repo}#readme`);
    expect(PKG.bugs?.url).toBe(`${repo}/issues`);
  });

  it('installed from the tarball, runs with npx --no-install: version and a scan', () => {
    const version = run('npx', ['--no-install', 'swlint', '--version'], project, env);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(PKG.version);

    run('git', ['init', '-q', '-b', 'main'], project, env);
    writeFileSync(path.join(project, '.gitignore'), 'node_modules/\n');
    mkdirSync(path.join(project, 'src'));
    const token = 'PT' + randomBytes(24).toString('hex');
    writeFileSync(path.join(project, 'src', 'config.js'), `export const SIGNALWIRE_API_TOKEN = '${token}';\n`);
    writeFileSync(path.join(project, 'src', 'ok.js'), 'export const token = process.env.SIGNALWIRE_API_TOKEN;\n');
    const scan = run('npx', ['--no-install', 'swlint', 'scan', '--format', 'json'], project, env);
    expect(scan.status, scan.stderr).toBe(1);
    const report = JSON.parse(scan.stdout) as { findings: { ruleId: string; file: string; line: number }[] };
    expect(report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['signalwire-api-token src/config.js:1']);
    expect(scan.stdout).not.toContain(token);
  });

  it('the hook it installs runs the pinned copy in node_modules/.bin and blocks a token', () => {
    const gitEnv = {
      ...env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'T',
      GIT_AUTHOR_EMAIL: 't@example.invalid',
      GIT_COMMITTER_NAME: 'T',
      GIT_COMMITTER_EMAIL: 't@example.invalid',
    };
    if (!existsSync(path.join(project, '.git'))) run('git', ['init', '-q', '-b', 'main'], project, gitEnv);
    const install = run(path.join(project, 'node_modules', '.bin', 'swlint'), ['hook', 'install'], project, gitEnv);
    expect(install.status, install.stderr).toBe(0);
    expect(install.stdout).toMatch(/It runs node_modules\/\.bin\/swlint, version /);
    writeFileSync(path.join(project, 'leak.py'), `SIGNALWIRE_API_TOKEN = "${'PT' + randomBytes(24).toString('hex')}"\n`);
    run('git', ['add', 'leak.py'], project, gitEnv);
    const commit = run('git', ['commit', '-m', 'leak'], project, gitEnv);
    expect(commit.status).not.toBe(0);
    expect(commit.stdout + commit.stderr).toContain('signalwire-api-token');
  });
});

describe('release and hook metadata', () => {
  const read = (f: string) => readFileSync(path.join(PROJECT_ROOT, f), 'utf8');

  it('release.yml: on a version tag, test, pack, then publish that tarball with provenance', () => {
    const wf = read('.github/workflows/release.yml');
    expect(wf).toMatch(/^on:\n {2}push:\n {4}tags: \['v\*'\]$/m);
    expect(wf).toMatch(/^ {6}id-token: write\b/m);
    const steps = ['npm ci', 'npm test', 'npm pack --ignore-scripts', 'npm publish "./swlint-${GITHUB_REF_NAME#v}.tgz" --provenance'];
    const at = steps.map((step) => wf.indexOf(`run: ${step}`));
    expect(
      at.every((i) => i > 0),
      `steps present: ${steps.join(', ')}`,
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('.pre-commit-hooks.yaml points at documentation that exists', () => {
    const hooks = read('.pre-commit-hooks.yaml');
    const doc = /See (\S+\.md), section "([^"]+)"/.exec(hooks);
    expect(doc).not.toBeNull();
    expect(read(doc![1]!)).toContain(`### ${doc![2]}\n`);
    expect(hooks).not.toMatch(/docs\//);
  });
});
