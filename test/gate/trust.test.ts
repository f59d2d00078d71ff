// Issue 9.1–9.5 and the trust model: in `swlint diff` a pull request cannot switch the gate
// off. Config, baseline and allowlists come from BASE's tree (in `staged`, from HEAD's); the
// range's own changes to them are reported (judged on parsed JSON) but do not apply; inline
// ignores the range adds do not hide findings unless BASE opts in.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { runJson, summarize } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

const line = (token: string) => `const client = new RestClient('proj', '${token}');\n`;

/** A repository with one harmless commit (BASE); returns the repo and BASE's id. */
function based(files: Record<string, string> = {}): { repo: TestRepo; base: string } {
  const repo = TestRepo.create();
  repo.write('src/app.js', '// app\n');
  for (const [f, c] of Object.entries(files)) repo.write(f, c);
  return { repo, base: repo.commit('base') };
}

const sorted = (f: { ruleId: string; file: string; line: number }[]) => f.map((x) => `${x.ruleId} ${x.file}:${x.line}`).sort();

describe('9.1 a pull request that turns rules off in .swlintrc.json', () => {
  for (const level of ['off', 'info']) {
    it(`is still gated (rules set to "${level}" in the range)`, () => {
      const { repo, base } = based();
      repo.write('.swlintrc.json', JSON.stringify({ rules: { 'swlint-suppression-added': level, 'signalwire-api-token': level } }, null, 2) + '\n');
      repo.write('src/b.js', line(fakeToken()));
      repo.commit('Quiet the linter');
      const r = runJson(['diff', base], { cwd: repo.dir });
      expect(r.code).toBe(1);
      expect(sorted(r.findings)).toEqual([
        'signalwire-api-token src/b.js:1',
        'swlint-suppression-added .swlintrc.json:3',
        'swlint-suppression-added .swlintrc.json:4',
      ]);
      const text = runJson(['diff', base], { cwd: repo.dir }).stdout;
      expect(text).toContain('rules.signalwire-api-token');
    });
  }

  it('while a rule BASE turned off stays off (the maintainer decided)', () => {
    const { repo, base } = based({ '.swlintrc.json': '{"rules":{"signalwire-api-token":"off"}}\n' });
    repo.write('src/b.js', line(fakeToken())).commit('token');
    const r = runJson(['diff', base], { cwd: repo.dir });
    expect(r.findings).toEqual([]);
    expect(r.code).toBe(0);
  });
});

describe('a pull request that weakens the configuration without adding an allowlist entry', () => {
  it('widening documentation, dropping a rule level or a custom rule BASE set: each is a swlint-suppression-added', () => {
    const customRule = { id: 'billing-key', regex: 'BILL_[A-Z0-9]{24}', message: 'Billing key', fix: 'Read it from the environment' };
    const before = { rules: { 'signalwire-project-id': 'error', 'signalwire-space-url': 'error' }, customRules: [customRule] };
    const { repo, base } = based({ '.swlintrc.json': JSON.stringify(before, null, 2) + '\n' });
    const after = { rules: { 'signalwire-space-url': 'error' }, documentation: ['**'] };
    repo.write('.swlintrc.json', JSON.stringify(after, null, 2) + '\n').commit('Tidy the linter config');
    const r = runJson(['diff', base, '--fail-on', 'warning'], { cwd: repo.dir });
    expect(r.findings.map((f) => f.match).sort()).toEqual([
      'customRules "billing-key" removed',
      'documentation entry "**"',
      'rules.signalwire-project-id no longer set (its default severity applies)',
    ]);
    expect(r.code).toBe(1);
    // the whole file deleted drops them too
    const deleted = based({ '.swlintrc.json': JSON.stringify(before, null, 2) + '\n' });
    deleted.repo.git('rm', '-q', '.swlintrc.json');
    deleted.repo.commit('Drop the linter config');
    const d = runJson(['diff', deleted.base, '--fail-on', 'warning'], { cwd: deleted.repo.dir });
    expect(d.findings.map((f) => `${f.file}:${f.line} ${f.match}`).sort()).toEqual([
      '.swlintrc.json:1 customRules "billing-key" removed',
      '.swlintrc.json:1 rules.signalwire-project-id no longer set (its default severity applies)',
      '.swlintrc.json:1 rules.signalwire-space-url no longer set (its default severity applies)',
    ]);
    expect(d.code).toBe(1);
  });

  it('what keeps or tightens the gate adds nothing (hard negative)', () => {
    const { repo, base } = based({ '.swlintrc.json': '{\n  "rules": { "signalwire-space-url": "off" },\n  "documentation": ["handbook/**"]\n}\n' });
    repo.write('.swlintrc.json', '{\n  "documentation": ["handbook/**"]\n}\n').commit('Report Space URLs again');
    const r = runJson(['diff', base, '--fail-on', 'warning'], { cwd: repo.dir });
    expect(r.findings).toEqual([]);
    expect(r.code).toBe(0);
  });
});

describe('9.2 a pull request that allowlists every value', () => {
  it('is gated, with or without --rule', () => {
    const { repo, base } = based();
    repo.write('.swlintrc.json', '{"allowlist":{"values":["."]}}\n');
    repo.write('src/b.js', line(fakeToken()));
    repo.commit('allow all');
    for (const extra of [[], ['--rule', 'signalwire-api-token', '--rule', 'swlint-suppression-added']]) {
      const r = runJson(['diff', base, ...extra], { cwd: repo.dir });
      expect(r.code).toBe(1);
      expect(sorted(r.findings)).toEqual(['signalwire-api-token src/b.js:1', 'swlint-suppression-added .swlintrc.json:1']);
    }
  });

  it("allowlisted values (even BASE's) never drop swlint-suppression-added", () => {
    const { repo, base } = based({ '.swlintrc.json': '{"allowlist":{"values":["."]}}\n' });
    repo.write('src/b.js', `const t = load(); // swlint-ignore\n`).commit('ignore');
    const r = runJson(['diff', base, '--rule', 'signalwire-api-token', '--rule', 'swlint-suppression-added', '--fail-on', 'warning'], { cwd: repo.dir });
    expect(sorted(r.findings)).toEqual(['swlint-suppression-added src/b.js:1']);
    expect(r.code).toBe(1);
  });
});

describe('9.3 suppressions spelled with JSON escapes', () => {
  it('a package.json key "\\u0073wlint" neither applies nor hides', () => {
    const { repo, base } = based({ 'package.json': '{\n  "name": "app"\n}\n' });
    repo.write('package.json', '{\n  "name": "app",\n  "\\u0073wlint": {\n    "allowlist": { "paths": ["src/**"] }\n  }\n}\n');
    repo.write('src/b.js', line(fakeToken()));
    repo.commit('pkg');
    const r = runJson(['diff', base], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(sorted(r.findings)).toEqual(['signalwire-api-token src/b.js:1', 'swlint-suppression-added package.json:4']);
  });

  it('a baseline entry keyed "\\u0066ingerprint" neither applies nor hides', () => {
    const { repo, base } = based();
    repo.write('src/b.js', line(fakeToken()));
    const fp = runJson(['scan'], { cwd: repo.dir }).findings[0]!.fingerprint;
    repo.write(
      '.swlint-baseline.json',
      `{\n  "version": 1,\n  "tool": "swlint",\n  "findings": [\n    {"\\u0066ingerprint": "${fp}", "ruleId": "signalwire-api-token", "file": "src/b.js", "match": "x"}\n  ]\n}\n`,
    );
    repo.commit('baseline');
    // the working tree's baseline would hide it (scan reads the working tree)
    expect(runJson(['scan'], { cwd: repo.dir }).findings).toEqual([]);
    const r = runJson(['diff', base], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(sorted(r.findings)).toEqual(['signalwire-api-token src/b.js:1', 'swlint-suppression-added .swlint-baseline.json:5']);
  });

  it('a baseline merged into BASE does apply', () => {
    const { repo } = based();
    const token = fakeToken();
    repo.write('src/b.js', line(token));
    const fp = runJson(['scan'], { cwd: repo.dir }).findings[0]!.fingerprint;
    repo.remove('src/b.js');
    repo.write(
      '.swlint-baseline.json',
      JSON.stringify({ version: 1, tool: 'swlint', findings: [{ fingerprint: fp, ruleId: 'signalwire-api-token', file: 'src/b.js', match: 'x' }] }),
    );
    const base = repo.commit('accept');
    repo.write('src/b.js', line(token)).commit('token');
    const r = runJson(['diff', base], { cwd: repo.dir });
    expect(r.findings).toEqual([]);
    expect(r.code).toBe(0);
  });
});

describe('a file renamed away from where findings went unreported is judged whole', () => {
  it('out of a .swlintignore-d folder: diff and staged report the token at its new path', () => {
    const { repo, base } = based({ '.swlintignore': 'fixtures/\n', 'fixtures/recorded.py': `TOKEN = "${fakeToken()}"\n` });
    repo.git('mv', 'fixtures/recorded.py', 'src/settings.py');
    const staged = runJson(['staged'], { cwd: repo.dir });
    expect(staged.code).toBe(1);
    expect(sorted(staged.findings)).toEqual(['signalwire-api-token src/settings.py:1']);
    repo.commit('move');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(diff.code).toBe(1);
    expect(sorted(diff.findings)).toEqual(['signalwire-api-token src/settings.py:1']);
  });

  it('out of a baselined file: diff reports the token at its new path', () => {
    const { repo } = based();
    repo.write('legacy/old.py', `TOKEN = "${fakeToken()}"\n`);
    const fp = runJson(['scan'], { cwd: repo.dir }).findings[0]!.fingerprint;
    repo.write(
      '.swlint-baseline.json',
      JSON.stringify({ version: 1, tool: 'swlint', findings: [{ fingerprint: fp, ruleId: 'signalwire-api-token', file: 'legacy/old.py', match: 'x' }] }),
    );
    const base = repo.commit('accept the legacy token');
    repo.git('mv', 'legacy', 'web');
    repo.commit('move');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(diff.code).toBe(1);
    expect(sorted(diff.findings)).toEqual(['signalwire-api-token web/old.py:1']);
  });

  it('out of a file whose token BASE accepted by fingerprint (allowlist.fingerprints, .swlintignore): diff and staged report it at its new path', () => {
    for (const where of ['allowlist', 'ignore file'] as const) {
      const { repo } = based({ 'src/old.py': `TOKEN = "${fakeToken()}"\n` });
      repo.write('tests/recorded.py', `SIGNALWIRE_TOKEN = "${fakeToken()}"\n`);
      const fp = runJson(['scan'], { cwd: repo.dir }).findings.find((f) => f.file === 'tests/recorded.py')!.fingerprint;
      if (where === 'allowlist') repo.write('.swlintrc.json', JSON.stringify({ allowlist: { fingerprints: [fp] } }) + '\n');
      else repo.write('.swlintignore', `${fp}\n`);
      const base = repo.commit('accept the recorded fixture');
      // the fingerprint names the path: at the new one, scan reports the token again
      repo.git('mv', 'tests/recorded.py', 'src/settings.py');
      // a rename of a file whose token BASE reported adds nothing (hard negative)
      repo.git('mv', 'src/old.py', 'src/legacy.py');
      expect(
        runJson(['scan'], { cwd: repo.dir })
          .findings.map((f) => f.file)
          .sort(),
      ).toEqual(['src/legacy.py', 'src/settings.py']);
      const staged = runJson(['staged'], { cwd: repo.dir });
      expect(sorted(staged.findings)).toEqual(['signalwire-api-token src/settings.py:1']);
      expect(staged.code).toBe(1);
      repo.commit('move the fixture into the app');
      const diff = runJson(['diff', base], { cwd: repo.dir });
      expect(sorted(diff.findings)).toEqual(['signalwire-api-token src/settings.py:1']);
      expect(diff.code).toBe(1);
    }
  });

  it('out of a documentation page or a test into code: its Space URL is reported at the severity code gets', () => {
    const page = '## Setup\n\nOur Space: https://harbor-dental.signalwire.com\n';
    const { repo, base } = based({ 'docs/setup.md': page, 'test/fixtures/space.txt': 'space = harbor-clinic.signalwire.com\n', 'docs/faq.md': page });
    for (const dir of ['config', 'handbook']) mkdirSync(path.join(repo.dir, dir));
    repo.git('mv', 'docs/setup.md', 'config/space.txt');
    repo.git('mv', 'test/fixtures/space.txt', 'config/clinic.txt');
    // documentation to documentation: judged the same way, nothing new (hard negative)
    repo.git('mv', 'docs/faq.md', 'handbook/faq.md');
    const scan = runJson(['scan', '--fail-on', 'warning'], { cwd: repo.dir });
    const atCode = (r: { findings: { ruleId: string; file: string; severity: string }[] }) =>
      r.findings
        .filter((f) => f.file.startsWith('config/'))
        .map((f) => `${f.ruleId} ${f.file} ${f.severity}`)
        .sort();
    expect(atCode(scan)).toEqual(['signalwire-space-url config/clinic.txt warning', 'signalwire-space-url config/space.txt warning']);
    const staged = runJson(['staged', '--fail-on', 'warning'], { cwd: repo.dir });
    expect(atCode(staged)).toEqual(atCode(scan));
    expect(staged.findings.filter((f) => f.file.startsWith('handbook/'))).toEqual([]);
    expect(staged.code).toBe(1);
    repo.commit('move the setup notes');
    const diff = runJson(['diff', base, '--fail-on', 'warning'], { cwd: repo.dir });
    expect(atCode(diff)).toEqual(atCode(scan));
    expect(diff.findings.filter((f) => f.file.startsWith('handbook/'))).toEqual([]);
    expect(diff.code).toBe(1);
  });

  it('to a name the rules judge differently (a bundler config): what it now exposes is reported, as scan reports it', () => {
    const viteConfig = [
      "import { defineConfig } from 'vite';",
      '',
      'export default defineConfig({',
      '  define: {',
      "    'process.env.SIGNALWIRE_API_TOKEN': JSON.stringify(process.env.SIGNALWIRE_API_TOKEN),",
      '  },',
      '});',
      '',
    ].join('\n');
    // the same file moved to another folder under its own name adds nothing (hard negative)
    const { repo, base } = based({ 'build/settings.ts': viteConfig, 'build/legacy/vite.config.ts': viteConfig });
    expect(runJson(['scan'], { cwd: repo.dir }).findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual([
      'signalwire-public-env-exposure build/legacy/vite.config.ts',
    ]);
    repo.git('mv', 'build/settings.ts', 'vite.config.ts');
    repo.git('mv', 'build/legacy', 'legacy');
    expect(sorted(runJson(['scan'], { cwd: repo.dir }).findings)).toEqual([
      'signalwire-public-env-exposure legacy/vite.config.ts:5',
      'signalwire-public-env-exposure vite.config.ts:5',
    ]);
    const staged = runJson(['staged'], { cwd: repo.dir });
    expect(sorted(staged.findings)).toEqual(['signalwire-public-env-exposure vite.config.ts:5']);
    expect(staged.code).toBe(1);
    repo.commit('Use the settings as the Vite config');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(sorted(diff.findings)).toEqual(['signalwire-public-env-exposure vite.config.ts:5']);
    expect(diff.code).toBe(1);
  });

  it('a plain rename of a file whose token was already reported adds nothing', () => {
    const { repo, base } = based({ 'src/old.py': `TOKEN = "${fakeToken()}"\n` });
    repo.git('mv', 'src/old.py', 'src/new.py');
    repo.commit('rename');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(diff.findings).toEqual([]);
    expect(diff.code).toBe(0);
  });
});

describe('9.4 --config naming a file inside the repository', () => {
  it("is read from BASE, and the range's edit to it is reported", () => {
    const { repo, base } = based({ 'ci/swlint.json': '{\n  "rules": {}\n}\n' });
    repo.write('ci/swlint.json', '{\n  "rules": {\n    "signalwire-api-token": "off"\n  }\n}\n');
    repo.write('src/b.js', line(fakeToken()));
    repo.commit('ci config');
    const r = runJson(['diff', base, '--config', 'ci/swlint.json'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(sorted(r.findings)).toEqual(['signalwire-api-token src/b.js:1', 'swlint-suppression-added ci/swlint.json:3']);
  });

  it('a --config file outside the repository is read from disk (the CI job owns it)', () => {
    const { repo, base } = based();
    repo.write('src/b.js', line(fakeToken())).commit('token');
    const outside = path.join(tempDir('swlint-cfg-'), 'swlint.json');
    writeFileSync(outside, '{"rules":{"signalwire-api-token":"off"}}');
    const r = runJson(['diff', base, '--config', outside], { cwd: repo.dir });
    expect(r.findings).toEqual([]);
    expect(r.code).toBe(0);
  });
});

describe('9.5 inline ignores added in the range', () => {
  it('a token with // swlint-ignore on its line is reported, with the suppression', () => {
    const { repo, base } = based();
    repo.write('src/b.js', line(fakeToken()).replace('\n', ' // swlint-ignore\n')).commit('ignore');
    const r = runJson(['diff', base], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(sorted(r.findings)).toEqual(['signalwire-api-token src/b.js:1', 'swlint-suppression-added src/b.js:1']);
  });

  it('editing only the line under an existing swlint-ignore-next-line is reported', () => {
    const { repo, base } = based({ 'src/b.js': '// swlint-ignore-next-line\nconst client = null;\n' });
    repo.write('src/b.js', '// swlint-ignore-next-line\n' + line(fakeToken())).commit('fill in');
    const r = runJson(['diff', base], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(sorted(r.findings)).toEqual(['signalwire-api-token src/b.js:2']);
  });

  it('a foreign marker (gitleaks:allow) added in the range does not hide either', () => {
    const { repo, base } = based();
    repo.write('src/b.py', `TOKEN = "${fakeToken()}"  # gitleaks:allow\n`).commit('foreign');
    const r = runJson(['diff', base], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(sorted(r.findings)).toEqual(['signalwire-api-token src/b.py:1', 'swlint-suppression-added src/b.py:1']);
  });

  it('in a commit message of the range: the ignore comment hides nothing', () => {
    const { repo, base } = based();
    repo.write('src/b.js', '// b\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'rotate', '-m', `# swlint-ignore-next-line\n${fakeToken()}`);
    const r = runJson(['diff', base], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.findings.filter((f) => f.ruleId === 'signalwire-api-token').map((f) => f.file)).toEqual(['(commit message)']);
  });

  it("among a binary's strings: the ignore comment hides nothing in diff, and is counted in scan", () => {
    const { repo, base } = based();
    const pad = Buffer.alloc(3000);
    mkdirSync(path.join(repo.dir, 'lib'));
    writeFileSync(path.join(repo.dir, 'lib/native.so'), Buffer.concat([pad, Buffer.from(`const t = "${fakeToken()}"; // swlint-ignore\0`), pad]));
    repo.commit('native');
    const r = runJson(['diff', base], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.findings.filter((f) => f.ruleId === 'signalwire-api-token').map((f) => f.file)).toEqual(['lib/native.so']);
    const scan = runJson(['scan'], { cwd: repo.dir });
    expect(scan.code).toBe(0);
    expect((scan.report as unknown as { suppressed: { inline: number } }).suppressed.inline).toBe(1);
  });

  it('BASE\'s "diff": {"honourNewInlineIgnores": true} lets them hide (the suppression is still shown)', () => {
    const { repo, base } = based({ '.swlintrc.json': '{"diff":{"honourNewInlineIgnores":true}}\n' });
    repo.write('src/b.js', line(fakeToken()).replace('\n', ' // swlint-ignore\n')).commit('ignore');
    const r = runJson(['diff', base], { cwd: repo.dir });
    expect(sorted(r.findings)).toEqual(['swlint-suppression-added src/b.js:1']);
    expect(r.code).toBe(0);
  });

  it('the same setting added by the range itself does not apply, and is reported', () => {
    const { repo, base } = based();
    repo.write('.swlintrc.json', '{"diff":{"honourNewInlineIgnores":true}}\n');
    repo.write('src/b.js', line(fakeToken()).replace('\n', ' // swlint-ignore\n')).commit('ignore');
    const r = runJson(['diff', base], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(sorted(r.findings)).toEqual(['signalwire-api-token src/b.js:1', 'swlint-suppression-added .swlintrc.json:1', 'swlint-suppression-added src/b.js:1']);
  });

  it('rejects a non-boolean honourNewInlineIgnores (exit 2)', () => {
    const { repo, base } = based({ '.swlintrc.json': '{"diff":{"honourNewInlineIgnores":"yes"}}\n' });
    repo.write('src/b.js', '// x\n').commit('x');
    const r = runJson(['diff', base], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"diff.honourNewInlineIgnores" must be true or false/);
  });
});

describe('9.1–9.5 staged: config from HEAD', () => {
  it('a staged .swlintrc.json does not allowlist the staged token', () => {
    const { repo } = based();
    repo.write('.swlintrc.json', '{"allowlist":{"paths":["src/**"]},"rules":{"signalwire-api-token":"off"}}\n');
    repo.write('src/b.js', line(fakeToken()));
    repo.git('add', '-A');
    const r = runJson(['staged'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(sorted(r.findings)).toEqual(['signalwire-api-token src/b.js:1']);
  });

  it("HEAD's config applies", () => {
    const { repo } = based({ '.swlintrc.json': '{"allowlist":{"paths":["fixtures/**"]}}\n' });
    repo.write('fixtures/b.js', line(fakeToken()));
    repo.git('add', '-A');
    const r = runJson(['staged'], { cwd: repo.dir });
    expect(r.findings).toEqual([]);
    expect(r.code).toBe(0);
  });

  it("before the first commit the working tree's config applies", () => {
    const repo = TestRepo.create();
    repo.write('.swlintrc.json', '{"allowlist":{"paths":["fixtures/**"]}}\n');
    repo.write('fixtures/b.js', line(fakeToken()));
    repo.git('add', '-A');
    const r = runJson(['staged'], { cwd: repo.dir });
    expect(r.findings).toEqual([]);
    expect(r.code).toBe(0);
  });
});
