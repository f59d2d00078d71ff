// Issue 12.3: history needs a baseline. `baseline --history` / `--diff BASE [HEAD]`, any earlier
// JSON report as a baseline, several --baseline files, `baseline --update` keeping reasons and
// notes, and --report-stale results in the JSON report.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { runCli, runJson, summarize } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

const line = (token: string) => `client = Client(project, '${token}')\n`;
type BaselineJson = { findings: { fingerprint: string; file: string; match: string; reason?: string; note?: string }[] };
const readBaselineJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as BaselineJson;

/** A repository that once held a secret, since removed (rotated): history fails forever without a baseline. */
function rotated(): { repo: TestRepo; token: string } {
  const repo = TestRepo.create();
  const token = fakeToken();
  repo.write('app.py', line(token));
  repo.commit('add client');
  repo.write('app.py', 'client = Client(project, os.environ["SIGNALWIRE_API_TOKEN"])\n');
  repo.commit('read the token from the environment');
  return { repo, token };
}

describe('12.3 baselines for every mode', () => {
  it('baseline --history makes the weekly history audit pass, and only for what was accepted', () => {
    const { repo, token } = rotated();
    expect(runCli(['history'], { cwd: repo.dir }).code).toBe(1);
    const w = runCli(['baseline', '--history'], { cwd: repo.dir });
    expect(w.code).toBe(0);
    expect(w.stdout).toMatch(/wrote 1 accepted finding to \.swlint-baseline\.json/);
    const written = readFileSync(path.join(repo.dir, '.swlint-baseline.json'), 'utf8');
    expect(written).not.toContain(token);
    expect(readBaselineJson(path.join(repo.dir, '.swlint-baseline.json')).findings.map((e) => e.file)).toEqual(['app.py']);
    const after = runCli(['history'], { cwd: repo.dir });
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/1 hidden: 1 baseline/);
    // a new secret later is still reported
    repo.write('other.py', line(fakeToken()));
    repo.commit('another');
    expect(summarize(runJson(['history'], { cwd: repo.dir }).findings)).toEqual(['signalwire-api-token other.py:1 @ another']);
  });

  it('`swlint baseline history` says to use --history', () => {
    const { repo } = rotated();
    const r = runCli(['baseline', 'history'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/swlint baseline --history/);
  });

  it("baseline --diff BASE HEAD: the range's findings only; applied with --baseline", () => {
    const repo = TestRepo.create();
    repo.write('old.py', line(fakeToken()));
    const base = repo.commit('base');
    repo.write('new.py', line(fakeToken()));
    repo.commit('feature');
    const out = path.join(tempDir(), 'pr-baseline.json');
    const w = runCli(['baseline', '--diff', base, 'HEAD', '--out', out], { cwd: repo.dir });
    expect(w.code).toBe(0);
    expect(readBaselineJson(out).findings.map((e) => e.file)).toEqual(['new.py']);
    expect(runCli(['diff', base], { cwd: repo.dir }).code).toBe(1);
    expect(runCli(['diff', base, '--baseline', out], { cwd: repo.dir }).code).toBe(0);
  });

  it('an earlier --format json report is a baseline; --baseline is repeatable and every file applies', () => {
    const repo = TestRepo.create();
    repo.write('a.py', line(fakeToken()));
    repo.write('b.py', line(fakeToken()));
    repo.commit('two');
    const dir = tempDir();
    const all = runJson(['scan'], { cwd: repo.dir });
    expect(all.findings).toHaveLength(2);
    const doc = JSON.parse(all.stdout) as { findings: { file: string }[] };
    const onlyA = path.join(dir, 'a.json');
    const onlyB = path.join(dir, 'b.json');
    writeFileSync(onlyA, JSON.stringify({ ...doc, findings: doc.findings.filter((f) => f.file === 'a.py') }));
    writeFileSync(onlyB, JSON.stringify({ ...doc, findings: doc.findings.filter((f) => f.file === 'b.py') }));
    expect(summarize(runJson(['scan', '--baseline', onlyA], { cwd: repo.dir }).findings)).toEqual(['signalwire-api-token b.py:1']);
    // before: the second replaced the first
    const both = runCli(['scan', '--baseline', onlyA, '--baseline', onlyB], { cwd: repo.dir });
    expect(both.code).toBe(0);
    expect(both.stdout).toMatch(/2 hidden: 2 baseline/);
    expect(runCli(['scan', '-b', onlyA, '-b', path.join(dir, 'missing.json')], { cwd: repo.dir }).code).toBe(2);
  });

  it('baseline --update keeps reason and note of entries still found, drops the gone ones', () => {
    const repo = TestRepo.create();
    repo.write('a.py', line(fakeToken()));
    repo.write('b.py', line(fakeToken()));
    repo.commit('two');
    expect(runCli(['baseline'], { cwd: repo.dir }).code).toBe(0);
    const file = path.join(repo.dir, '.swlint-baseline.json');
    const b = readBaselineJson(file);
    b.findings = b.findings.map((e) => ({ ...e, reason: `test fixture ${e.file}`, note: 'rotated 2024-05' }));
    writeFileSync(file, JSON.stringify({ version: 1, tool: 'swlint', ...b }));
    repo.remove('b.py');
    repo.write('c.py', line(fakeToken()));
    const u = runCli(['baseline', '--update'], { cwd: repo.dir });
    expect(u.code).toBe(0);
    expect(u.stdout).toMatch(/wrote 2 accepted findings, 1 with their reason\/note kept/);
    const after = readBaselineJson(file).findings.map((e) => [e.file, e.reason ?? null, e.note ?? null]);
    expect(after).toEqual([
      ['a.py', 'test fixture a.py', 'rotated 2024-05'],
      ['c.py', null, null],
    ]);
    // plain `baseline` would have dropped them; --update without a baseline says what to do
    const other = TestRepo.create();
    const none = runCli(['baseline', '--update'], { cwd: other.dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no baseline at \.swlint-baseline\.json to update/);
  });

  it('--report-stale: stale entries are in the JSON report, redacted', () => {
    const repo = TestRepo.create();
    const token = fakeToken();
    repo.write('a.py', line(token));
    repo.commit('one');
    // a report written with --no-redact is a baseline too; its stale entry must not leak
    const raw = runCli(['scan', '--format', 'json', '--no-redact'], { cwd: repo.dir }).stdout;
    expect(raw).toContain(token);
    const report = path.join(tempDir(), 'report.json');
    writeFileSync(report, raw);
    repo.write('a.py', 'client = Client(project, os.environ["T"])\n');
    const r = runCli(['scan', '--baseline', report, '--report-stale', '--format', 'json'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { stale: { file: string; ruleId: string; match: string; baseline: string }[] };
    expect(doc.stale).toHaveLength(1);
    expect(doc.stale[0]).toMatchObject({ file: 'a.py', ruleId: 'signalwire-api-token', baseline: report });
    expect(doc.stale[0]!.match).toMatch(/…/);
    expect(r.stdout + r.stderr).not.toContain(token);
    expect(r.stderr).toMatch(/stale baseline entry/);
  });
});
