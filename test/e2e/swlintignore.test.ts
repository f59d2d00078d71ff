// Issue 12.14: `.swlintignore` at the repository root — gitignore-style path globs (with `!`),
// fingerprints (32 hex) and `#` comments — applies like allowlist paths/fingerprints; in
// `diff` it is read from BASE's tree and in `staged` from HEAD's, and a range that adds or
// changes it gets a `swlint-suppression-added` finding.
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { runCli, runJson, summarize } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

const line = (token: string) => `client = Client(project, '${token}')\n`;

describe('12.14 .swlintignore', () => {
  it('scan: path globs with negation, fingerprints and comments', () => {
    const repo = TestRepo.create();
    // `fixtures/` names a directory: src/fixtures, a file of that name, is not ignored (as in git)
    for (const f of ['fixtures/a.py', 'fixtures/keep.py', 'deep/x/generated.py', 'src/accepted.py', 'src/new.py', 'src/fixtures'])
      repo.write(f, line(fakeToken()));
    repo.commit('app');
    const fp = runJson(['scan'], { cwd: repo.dir }).findings.find((f) => f.file === 'src/accepted.py')!.fingerprint;
    repo.write('.swlintignore', ['# test data', 'fixtures/', '!fixtures/keep.py', 'generated.py', '', `${fp}  `, ''].join('\n'));
    const r = runJson(['scan'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(summarize(r.findings)).toEqual([
      'signalwire-api-token fixtures/keep.py:1',
      'signalwire-api-token src/fixtures:1',
      'signalwire-api-token src/new.py:1',
    ]);
    const doc = JSON.parse(r.stdout) as { allowlisted: string[]; suppressed: Record<string, number> };
    expect(doc.allowlisted).toEqual(['deep/x/generated.py', 'fixtures/a.py']);
    expect(doc.suppressed.allowlist).toBe(1);
    // history reads the working tree's file too
    expect(summarize(runJson(['history'], { cwd: repo.dir }).findings)).toEqual([
      'signalwire-api-token fixtures/keep.py:1 @ app',
      'signalwire-api-token src/fixtures:1 @ app',
      'signalwire-api-token src/new.py:1 @ app',
    ]);
  });

  it("diff: a .swlintignore the range adds does not apply and is reported; BASE's does apply", () => {
    const repo = TestRepo.create();
    repo.write('.swlintignore', 'fixtures/**\n');
    repo.write('README.md', '# app\n');
    const base = repo.commit('base');
    repo.write('fixtures/t.py', line(fakeToken()));
    repo.write('src/app.py', line(fakeToken()));
    repo.write('.swlintignore', 'fixtures/**\n# hide it\nsrc/app.py\n');
    repo.commit('feature');
    const r = runJson(['diff', base], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(summarize(r.findings)).toEqual(['signalwire-api-token src/app.py:1 @ feature', 'swlint-suppression-added .swlintignore:3 @ feature']);
    const text = runCli(['diff', base], { cwd: repo.dir }).stdout;
    expect(text).toContain('.swlintignore path pattern "src/app.py"');
  });

  it("staged: HEAD's .swlintignore applies, not the one being committed", () => {
    const repo = TestRepo.create();
    repo.write('.swlintignore', 'fixtures/\n');
    repo.commit('ignore fixtures');
    repo.write('fixtures/t.py', line(fakeToken()));
    repo.write('src/app.py', line(fakeToken()));
    repo.write('.swlintignore', 'fixtures/\nsrc/\n');
    repo.git('add', '-A');
    const r = runJson(['staged'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(summarize(r.findings)).toEqual(['signalwire-api-token src/app.py:1']);
  });
});
