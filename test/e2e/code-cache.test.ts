// The bin compiles the CLI's bundle with the V8 code cache the build made beside it
// (src/bin.ts): the cache must fit the bundle (V8 would otherwise reject it and every start
// would compile from scratch), and a cache that does not fit must change nothing the user sees.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, PROJECT_ROOT, runCli } from '../helpers/cli.js';
import { GIT_TEST_ENV } from '../helpers/git-env.js';
import { TestRepo } from '../helpers/git-repo.js';
import { fakeToken } from '../helpers/secrets.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';

afterAll(cleanupTempDirs);

/** Runs `bin` with `args` through an import that reports, on stderr's last line, whether V8 rejected the cache. */
function cacheVerdict(bin: string, args: string[], cwd: string): { stdout: string; stderr: string; rejected: string } {
  const code = [
    `process.argv = [process.execPath, ${JSON.stringify(bin)}, ...${JSON.stringify(args)}];`,
    `const { script } = await import(${JSON.stringify(pathToFileURL(bin).href)});`,
    "process.on('exit', () => process.stderr.write(`\\nrejected=${script.cachedDataRejected}\\n`));",
  ].join('\n');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd, env: { ...GIT_TEST_ENV, NODE_OPTIONS: '' }, encoding: 'utf8' });
  const lines = r.stderr.trimEnd().split('\n');
  return { stdout: r.stdout, stderr: lines.slice(0, -1).join('\n').trim(), rejected: lines.at(-1) ?? '' };
}

function stagedRepo(): TestRepo {
  const repo = TestRepo.create();
  repo.write('app.js', '// app\n').commit('Initial commit');
  repo.write('app.js', `// app\nconst signalwireToken = '${fakeToken()}';\n`);
  repo.git('add', 'app.js');
  return repo;
}

describe('the V8 code cache of the bundled CLI', () => {
  it('fits the bundle it was built for: V8 uses it', () => {
    const repo = stagedRepo();
    const r = cacheVerdict(CLI, ['staged', '--format', 'json'], repo.dir);
    expect(r.rejected).toBe('rejected=false');
    expect(JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['signalwire-api-token']);
  });

  it('a damaged cache is ignored: same report, nothing on stderr, same exit code', () => {
    const repo = stagedRepo();
    // a copy of the package whose cache is garbage of the same length
    const pkg = tempDir('swlint-cache-pkg-');
    mkdirSync(path.join(pkg, 'dist'));
    for (const f of ['cli.js', 'swlint.cjs', 'worker.js', 'package.json']) cpSync(path.join(PROJECT_ROOT, 'dist', f), path.join(pkg, 'dist', f));
    cpSync(path.join(PROJECT_ROOT, 'package.json'), path.join(pkg, 'package.json'));
    const cache = readFileSync(path.join(PROJECT_ROOT, 'dist', 'swlint.cjs.cache'));
    writeFileSync(path.join(pkg, 'dist', 'swlint.cjs.cache'), Buffer.alloc(cache.length, 0x5a));
    const bin = path.join(pkg, 'dist', 'cli.js');

    const damaged = cacheVerdict(bin, ['staged', '--format', 'json'], repo.dir);
    expect(damaged.rejected).toBe('rejected=true');
    expect(damaged.stderr).toBe('');
    const plain = runCli(['staged', '--format', 'json'], { cwd: repo.dir });
    const withoutDuration = (s: string) => s.replace(/"durationMs": \d+/, '');
    expect(withoutDuration(damaged.stdout)).toBe(withoutDuration(plain.stdout));

    // and run as the bin, the exit code is the usual one
    const run = spawnSync(process.execPath, [bin, 'staged'], { cwd: repo.dir, env: { ...GIT_TEST_ENV, NO_COLOR: '1' }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('signalwire-api-token');
  });

  it('names the bundle as the package does: neither the cache nor a stack trace carries the directory it was built in', () => {
    const cache = readFileSync(path.join(PROJECT_ROOT, 'dist', 'swlint.cjs.cache'));
    expect(cache.includes(Buffer.from(PROJECT_ROOT))).toBe(false);
    // a copy of the package elsewhere, with the same cache: a trace through the bundle's code
    const pkg = tempDir('swlint-cache-moved-');
    cpSync(path.join(PROJECT_ROOT, 'dist'), path.join(pkg, 'dist'), { recursive: true });
    cpSync(path.join(PROJECT_ROOT, 'package.json'), path.join(pkg, 'package.json'));
    const bin = path.join(pkg, 'dist', 'cli.js');
    const code = [
      `process.argv = [process.execPath, ${JSON.stringify(bin)}, '--version'];`,
      `const { script } = await import(${JSON.stringify(pathToFileURL(bin).href)});`,
      // the bundle's first require, made to throw: its trace has a frame in the bundle
      'try { script.runInThisContext()({}, () => { throw new Error("probe"); }, { exports: {} }, "", "", () => undefined, null); } catch (e) { process.stderr.write(e.stack); }',
      "process.on('exit', () => process.stderr.write(`\\nrejected=${script.cachedDataRejected}\\n`));",
    ].join('\n');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: pkg, env: { ...GIT_TEST_ENV, NODE_OPTIONS: '' }, encoding: 'utf8' });
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('rejected=false');
    const trace = lines.slice(0, -1).join('\n');
    expect(trace).toContain('probe');
    expect(trace).toMatch(/ at dist\/swlint\.cjs:\d+:\d+/);
    expect(trace).not.toContain(PROJECT_ROOT);
  });

  it("the bundle is ASCII and already inside the bin's wrapper: V8 compiles the file as read, with no copy joined at start-up", () => {
    const head = /const WRAPPER_HEAD = '([^']+)';/.exec(readFileSync(path.join(PROJECT_ROOT, 'src', 'bin.ts'), 'utf8'))?.[1];
    expect(head).toBeTruthy();
    const bundle = readFileSync(path.join(PROJECT_ROOT, 'dist', 'swlint.cjs'));
    // read as Latin-1 by the bin: one byte outside ASCII would change the text
    expect(bundle.findIndex((b) => b > 0x7f)).toBe(-1);
    const text = bundle.toString('latin1');
    expect(text.startsWith(head!)).toBe(true);
    expect(text.endsWith('\n})')).toBe(true);
  });
});
