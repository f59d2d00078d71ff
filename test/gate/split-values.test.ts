// A token spread over lines is added by a change that completes it: the first half already in
// BASE (or HEAD), the change fills in the second. The finding sits on the first line, which the
// change did not add; `diff` and `staged` still report it.
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { runJson } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

const cases: { name: string; file: string; before: (a: string) => string; after: (a: string, b: string) => string; line: number }[] = [
  {
    name: 'TypeScript: two constants joined',
    file: 'src/config.ts',
    before: (a) => `const a = "PT${a}";\nconst b = "";\nexport const TOKEN = a + b;\n`,
    after: (a, b) => `const a = "PT${a}";\nconst b = "${b}";\nexport const TOKEN = a + b;\n`,
    line: 1,
  },
  {
    name: 'Python: adjacent literals in parentheses',
    file: 'settings.py',
    before: (a) => `SIGNALWIRE_TOKEN = ("PT${a}"\n    "")\n`,
    after: (a, b) => `SIGNALWIRE_TOKEN = ("PT${a}"\n    "${b}")\n`,
    line: 1,
  },
  {
    name: 'shell: a continued line',
    file: 'deploy.sh',
    before: (a) => `export SIGNALWIRE_API_TOKEN=PT${a}\\\n\n`,
    after: (a, b) => `export SIGNALWIRE_API_TOKEN=PT${a}\\\n${b}\n`,
    line: 1,
  },
];

describe('a change completing a token split over lines', () => {
  for (const c of cases) {
    it(`${c.name}: staged and diff report it`, () => {
      const token = fakeToken();
      const [a, b] = [token.slice(2, 26), token.slice(26)];
      const repo = TestRepo.create().write(c.file, c.before(a));
      const base = repo.commit('first half');
      repo.write(c.file, c.after(a, b));
      repo.git('add', '-A');
      const staged = runJson(['staged'], { cwd: repo.dir });
      expect(staged.code).toBe(1);
      expect(staged.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([`signalwire-api-token ${c.file}:${c.line}`]);
      repo.commit('second half');
      const diff = runJson(['diff', base], { cwd: repo.dir });
      expect(diff.code).toBe(1);
      expect(diff.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([`signalwire-api-token ${c.file}:${c.line}`]);
    });
  }
});

describe('an inline ignore BASE had above the first half', () => {
  it('hides nothing in diff once the change completes the token on a line below', () => {
    const token = fakeToken();
    const [a, b] = [token.slice(0, 26), token.slice(26)];
    const file = 'src/legacy.js';
    const ignore = '// swlint-ignore-next-line -- legacy fixture, rotated\n';
    const repo = TestRepo.create().write(file, `${ignore}const signalwireToken = '${a}' +\n  '';\nmodule.exports = signalwireToken;\n`);
    const base = repo.commit('first half under an old ignore');
    repo.write(file, `${ignore}const signalwireToken = '${a}' +\n  '${b}';\nmodule.exports = signalwireToken;\n`).commit('complete it');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(diff.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([`signalwire-api-token ${file}:2`]);
    expect(diff.code).toBe(1);
    // an edit elsewhere in the file leaves the old directive its meaning: nothing the change adds is a token
    repo.write(file, `${ignore}const signalwireToken = '${a}' +\n  '${b}';\nmodule.exports = { signalwireToken };\n`);
    const after = repo.commit('export an object');
    repo.write('src/other.js', '// other\n').commit('other');
    const later = runJson(['diff', after], { cwd: repo.dir });
    expect(later.findings).toEqual([]);
    expect(later.code).toBe(0);
  });
});
