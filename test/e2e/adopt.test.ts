// Adoption features end to end: configuration, custom rules, baseline round trip, inline
// ignores and suppression-added in diff mode — on real temporary repositories.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeProjectId, fakeToken } from '../helpers/secrets.js';
import { runCli, runJson, summarize } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

describe('configuration', () => {
  it('is found from the scanned directory up to the repository root, and --config wins', () => {
    const repo = TestRepo.create();
    repo.write('.swlintrc.json', JSON.stringify({ rules: { 'signalwire-space-url': 'off' } }));
    repo.write('app/src/a.js', `const t = '${fakeToken()}';\nconst host = 'orbit-demo.signalwire.com';\n`).commit('init');
    expect(summarize(runJson(['scan', 'app/src'], { cwd: repo.dir }).findings)).toEqual(['signalwire-api-token a.js:1']);
    repo.write('other.json', JSON.stringify({ rules: { 'signalwire-api-token': 'warning' } }));
    const r = runJson(['scan', 'app/src', '--config', 'other.json'], { cwd: repo.dir });
    expect(summarize(r.findings)).toEqual(['signalwire-api-token a.js:1', 'signalwire-space-url a.js:2']);
    expect(r.code).toBe(0); // the token is only a warning now
  });

  it('reads the "swlint" key of package.json', () => {
    const repo = TestRepo.create();
    repo.write('package.json', JSON.stringify({ name: 'x', swlint: { allowlist: { paths: ['test/**'] } } }));
    repo.write('test/fixture.js', `const t = '${fakeToken()}';\n`).write('src/a.js', `const t = '${fakeToken()}';\n`).commit('init');
    expect(summarize(runJson(['scan'], { cwd: repo.dir }).findings)).toEqual(['signalwire-api-token src/a.js:1']);
  });

  it('runs custom rules through the same engine, and refuses dangerous or unknown settings', () => {
    const repo = TestRepo.create();
    const rules = [
      {
        id: 'acme-proxy-key',
        regex: 'acme_swp_([A-Za-z0-9]{32})',
        keywords: ['acme_swp_'],
        severity: 'error',
        message: 'ACME proxy key',
        fix: 'Read it from ACME_SWP_KEY.',
      },
    ];
    repo.write('.swlintrc.json', JSON.stringify({ customRules: rules }));
    repo.write('a.js', "const k = 'acme_swp_Zq3xH1kF0s9aZ2vB7nC4dE5fG6hJ8kL0';\n").commit('init');
    const r = runJson(['scan'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.findings.map((f) => [f.ruleId, f.line, f.match])).toEqual([['acme-proxy-key', 1, 'Zq3x…8kL0']]);
    expect(r.findings[0]!.match).not.toContain('Zq3xH1kF0s9aZ2vB7nC4dE5fG6hJ8kL0');

    for (const [config, message] of [
      [{ customRules: [{ ...rules[0], regex: 'acme_(?=swp)' }] }, /is not a pattern swlint can run/],
      [{ customRules: [{ ...rules[0], id: 'signalwire-api-token' }] }, /already a rule id/],
      [{ rules: { 'no-such-rule': 'off' } }, /"rules\.no-such-rule" is not a rule id/],
      [{ allowlist: { paths: 'src' } }, /"allowlist\.paths" must be an array of strings/],
      [{ colour: true }, /"colour" is not a known setting/],
    ] as const) {
      writeFileSync(path.join(repo.dir, '.swlintrc.json'), JSON.stringify(config));
      const bad = runCli(['scan'], { cwd: repo.dir });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(message);
      expect(bad.stderr).toMatch(/\.swlintrc\.json/);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    }
    writeFileSync(path.join(repo.dir, '.swlintrc.json'), '{ "rules": ');
    expect(runCli(['scan'], { cwd: repo.dir }).stderr).toMatch(/invalid JSON in .*\.swlintrc\.json/);
  });
});

describe('baseline', () => {
  it('round trip: accepted findings stay quiet after lines move, new ones fail, stale ones are listed', () => {
    const repo = TestRepo.create();
    const oldToken = fakeToken();
    const otherToken = fakeToken();
    repo.write('src/legacy.js', `// legacy\nconst t = '${oldToken}';\n`).write('src/other.py', `TOKEN = "${otherToken}"\n`).commit('legacy');
    const written = runCli(['baseline'], { cwd: repo.dir });
    expect(written.code).toBe(0);
    expect(written.stdout).toMatch(/wrote 2 accepted findings to \.swlint-baseline\.json/);
    const baseline = readFileSync(path.join(repo.dir, '.swlint-baseline.json'), 'utf8');
    expect(baseline).not.toContain(oldToken);
    expect(baseline).not.toMatch(/"line"|"commit"/);
    expect(JSON.parse(baseline).findings.map((e: { file: string }) => e.file)).toEqual(['src/legacy.js', 'src/other.py']);

    // lines move: still accepted
    repo.write('src/legacy.js', `// legacy\n\n\n// moved down\nconst t = '${oldToken}';\n`).commit('move');
    const quiet = runJson(['scan'], { cwd: repo.dir });
    expect(quiet.code).toBe(0);
    expect(quiet.findings).toEqual([]);

    // a different secret on the same line is not accepted
    repo.write('src/legacy.js', `// legacy\n\n\n// moved down\nconst t = '${fakeToken()}';\n`);
    expect(summarize(runJson(['scan'], { cwd: repo.dir }).findings)).toEqual(['signalwire-api-token src/legacy.js:5']);

    // the other one is fixed: its entry is stale
    repo.write('src/other.py', 'TOKEN = os.environ["SIGNALWIRE_API_TOKEN"]\n');
    const stale = runCli(['scan', '--report-stale', '--format', 'json'], { cwd: repo.dir });
    expect(stale.stderr).toMatch(/stale baseline entry \(no longer found\): signalwire-api-token src\/other\.py PT/);
    expect(stale.stderr).toMatch(/stale baseline entry \(no longer found\): signalwire-api-token src\/legacy\.js/);

    // the baseline applies in git modes too
    expect(runJson(['history'], { cwd: repo.dir }).findings.map((f) => f.file)).toEqual([]);
  });

  it('a --baseline that cannot be read is an error', () => {
    const repo = TestRepo.create();
    repo.write('a.js', '// a\n').commit('init');
    const r = runCli(['scan', '--baseline', 'nope.json'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read baseline .*nope\.json/);
  });
});

describe('suppressions are reviewed in diff mode', () => {
  it('reports added inline ignores and config/baseline changes, which no ignore can hide; a new ignore does not hide its finding', () => {
    const repo = TestRepo.create();
    repo.write('src/a.js', '// app\n').commit('init');
    const base = repo.git('rev-parse', 'HEAD').trim();
    repo.write('src/a.js', `// app\nconst t = '${fakeToken()}'; // swlint-ignore\n`).commit('Hide a token');
    repo.write('.swlintrc.json', '{\n  "allowlist": { "paths": ["docs/**"] }\n}\n').commit('Allowlist everything');
    repo.write('src/b.py', `PROJECT = "${fakeProjectId()}"  # gitleaks:allow\n`).commit('Foreign marker');
    const r = runJson(['diff', base, 'HEAD', '--fail-on', 'warning'], { cwd: repo.dir });
    expect(summarize(r.findings)).toEqual([
      'signalwire-api-token src/a.js:2 @ Hide a token',
      'swlint-suppression-added .swlintrc.json:2 @ Allowlist everything',
      'swlint-suppression-added src/a.js:2 @ Hide a token',
      'swlint-suppression-added src/b.py:1 @ Foreign marker',
    ]);
    expect(r.code).toBe(1);
    // not in scan mode: there the ignores simply work
    const scan = runJson(['scan'], { cwd: repo.dir });
    expect(scan.findings).toEqual([]);
    expect(scan.code).toBe(0);
  });
});

describe('inline ignores through the CLI', () => {
  it('honours foreign markers unless --no-foreign-ignores', () => {
    const repo = TestRepo.create();
    repo.write('a.py', `TOKEN = "${fakeToken()}"  # pragma: allowlist secret\n`).commit('init');
    expect(runJson(['scan'], { cwd: repo.dir }).findings).toEqual([]);
    expect(summarize(runJson(['scan', '--no-foreign-ignores'], { cwd: repo.dir }).findings)).toEqual(['signalwire-api-token a.py:1']);
  });
});
