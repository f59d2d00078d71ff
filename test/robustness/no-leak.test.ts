// Secrets never leak. Canary credentials are planted in the working tree, the index and
// history; every command runs in every format, quiet and verbose, to stdout and to --output,
// and on error paths (broken config and baseline files that contain a canary). No output
// channel and no file the tool wrote (compared before/after, with HOME and TMPDIR pointed at
// empty directories) may hold any 10-character piece of a canary.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fakeProjectId, fakeToken } from '../helpers/secrets.js';
import { runAsync, type Run } from './helpers.js';

afterAll(cleanupTempDirs);

/** path → sha256 of every file under `dir` (following nothing). */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else if (e.isFile()) out.set(abs, createHash('sha256').update(readFileSync(abs)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

function pieces(secret: string, size = 10): string[] {
  const out: string[] = [];
  for (let i = 0; i + size <= secret.length; i++) out.push(secret.slice(i, i + size));
  return out;
}

describe('canary credentials', () => {
  it('appear in no output, message or written file, whatever the command, format or verbosity', async () => {
    const home = tempDir('swlint-home-');
    const tmp = tempDir('swlint-tmp-');
    const outDir = tempDir('swlint-out-');
    const inTree = fakeToken();
    const inHistory = fakeToken();
    const staged = fakeToken();
    const inEnv = fakeToken();
    const projectId = fakeProjectId();
    const basic = Buffer.from(`${projectId}:${fakeToken()}`).toString('base64');
    const canaries = [inTree, inHistory, staged, inEnv, basic, `${projectId}:`];

    const repo = TestRepo.create();
    repo.write('old.js', `const t = '${inHistory}';\n`);
    const base = repo.commit('add old');
    repo.remove('old.js');
    repo.write('app.js', `const client = new RestClient('${projectId}', '${inTree}');\nfetch(url, { headers: { Authorization: 'Basic ${basic}' } });\n`);
    repo.write('.env', `SIGNALWIRE_API_TOKEN=${inEnv}\n`);
    repo.commit('app');
    repo.write('new.js', `export const token = "${staged}";\n`);
    repo.git('add', 'new.js');

    const env = { HOME: home, TMPDIR: tmp, TMP: tmp, TEMP: tmp, XDG_CACHE_HOME: path.join(home, '.cache'), XDG_CONFIG_HOME: path.join(home, '.config') };
    const before = { repo: snapshot(repo.dir), home: snapshot(home), tmp: snapshot(tmp) };
    const pending: { label: string; args: string[] }[] = [];
    const go = (label: string, args: string[]) => pending.push({ label, args });

    const commands = [['scan'], ['history'], ['staged'], ['diff', base]];
    for (const cmd of commands) {
      // --verbose adds to each format (skipped files, why each finding matters): it is the superset
      for (const format of ['text', 'json', 'sarif', 'github', 'junit']) go(`${cmd[0]} ${format} --verbose`, [...cmd, '--format', format, '--verbose']);
      go(`${cmd[0]} text`, [...cmd, '--color']);
      go(`${cmd[0]} --output`, [...cmd, '--format', 'json', '--output', path.join(outDir, `${cmd[0]}.json`)]);
    }
    go('scan --quiet', ['scan', '--quiet']);
    go('baseline', ['baseline', '--out', path.join(outDir, 'baseline.json')]);
    go('rules', ['rules', '--format', 'json']);

    // error paths: files that fail to parse and hold a canary
    const brokenConfig = path.join(outDir, 'broken.json');
    writeFileSync(brokenConfig, `{"allowlist": {"values": [${inTree}]}}`);
    go('broken config', ['scan', '--config', brokenConfig, '--verbose']);
    const badRegex = path.join(outDir, 'bad-regex.json');
    writeFileSync(badRegex, JSON.stringify({ customRules: [{ id: 'x', regex: `(${inEnv}`, message: 'm', fix: 'f' }] }));
    go('invalid regex', ['scan', '--config', badRegex]);
    const brokenBaseline = path.join(outDir, 'broken-baseline.json');
    writeFileSync(brokenBaseline, `{"version": 1, "findings": [${inHistory}]}`);
    go('broken baseline', ['scan', '--baseline', brokenBaseline, '--verbose']);
    go('history of nothing', ['history', path.join(outDir, 'no-such-dir'), '--verbose']);
    go('timeout', ['history', '--timeout', '0.001', '--verbose']);

    // independent runs overlap, in batches (the machine's cores, not one process per run)
    const runs: { label: string; r: Run }[] = [];
    for (let i = 0; i < pending.length; i += 8) {
      const batch = pending.slice(i, i + 8);
      const results = await Promise.all(batch.map((p) => runAsync(p.args, { cwd: repo.dir, env })));
      batch.forEach((p, k) => runs.push({ label: p.label, r: results[k]! }));
    }
    // a later run reads the baseline the batch above wrote
    runs.push({
      label: 'scan with baseline',
      r: await runAsync(['scan', '--baseline', path.join(outDir, 'baseline.json'), '--report-stale', '--verbose'], { cwd: repo.dir, env }),
    });

    // the runs did happen and found the canaries (so that silence is not mistaken for safety)
    const scanJson = JSON.parse(runs.find((x) => x.label === 'scan json --verbose')!.r.stdout) as { findings: unknown[] };
    expect(scanJson.findings.length).toBeGreaterThanOrEqual(3);
    expect(runs.find((x) => x.label === 'broken config')!.r.code).toBe(2);
    expect(runs.find((x) => x.label === 'broken baseline')!.r.code).toBe(2);
    expect(runs.find((x) => x.label === 'invalid regex')!.r.code).toBe(2);

    const leaks: string[] = [];
    const check = (where: string, text: string) => {
      for (const c of canaries) for (const p of pieces(c)) if (text.includes(p)) leaks.push(`${where}: "${p.slice(0, 4)}…" of a canary`);
    };
    for (const { label, r } of runs) {
      check(`${label} stdout`, r.stdout);
      check(`${label} stderr`, r.stderr);
    }
    const after = { repo: snapshot(repo.dir), home: snapshot(home), tmp: snapshot(tmp), out: snapshot(outDir) };
    for (const [file, hash] of after.repo) {
      if (before.repo.get(file) === hash || file.includes(`${path.sep}.git${path.sep}`)) continue;
      check(`wrote ${path.relative(repo.dir, file)}`, readFileSync(file, 'latin1'));
    }
    for (const file of [...after.out.keys()].filter((f) => !/broken|bad-regex/.test(f))) check(`wrote ${path.basename(file)}`, readFileSync(file, 'latin1'));
    // nothing at all is written to HOME or TMPDIR: no cache, no temp file left behind
    expect([...after.home.keys()].filter((f) => !before.home.has(f))).toEqual([]);
    expect([...after.tmp.keys()].filter((f) => !before.tmp.has(f))).toEqual([]);
    expect(statSync(outDir).isDirectory()).toBe(true);
    expect(leaks).toEqual([]);
  });
});

describe('arguments that hold a credential', () => {
  it('an unknown ref (a branch a pull request named), a missing path, config or baseline: one error line, exit 2, the token masked', async () => {
    const repo = TestRepo.create().write('src/app.js', '// app\n');
    repo.commit('base');
    const token = fakeToken();
    const pair = `${fakeProjectId()}:${fakeToken()}`;
    const cases = [
      ['diff', token],
      ['diff', 'HEAD', `feature/${token}`],
      ['diff', `HEAD..${token}`],
      ['diff', 'HEAD', `https://${pair}@acme-voice.signalwire.com`],
      ['scan', `notes-${token}.txt`],
      ['diff', 'HEAD', '--config', `ci/${token}.json`],
      ['scan', '--baseline', `${token}.json`],
    ];
    for (const args of cases) {
      const r = await runAsync(args, { cwd: repo.dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      // with the stack trace too
      const verbose = await runAsync([...args, '--verbose'], { cwd: repo.dir });
      for (const piece of pieces(token)) expect(verbose.stderr, args.join(' ')).not.toContain(piece);
      for (const secret of [token, ...pair.split(':')]) for (const piece of pieces(secret)) expect(r.stderr, args.join(' ')).not.toContain(piece);
      expect(r.stdout).toBe('');
    }
  });
});
