// A token spread over lines is added by a change that completes it: the first half already in
// BASE (or HEAD), the change fills in the second. The finding sits on the first line, which the
// change did not add; `diff` and `staged` still report it.
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { seededHex } from '../helpers/random.js';
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

// Each line of the token is one BASE already had; what is new is that they now stand together.
describe('a change joining two halves BASE already had', () => {
  it('removing the line between them adds the token (diff and staged)', () => {
    const token = fakeToken();
    const [a, b] = [token.slice(0, 26), token.slice(26)];
    const file = 'src/client.js';
    const head = `import { RestClient } from '@signalwire/compatibility-api';\n\nconst project = process.env.SIGNALWIRE_PROJECT_ID;\nconst token = "${a}" +\n`;
    const tail = `  "${b}";\n\nexport const client = RestClient(project, token);\n`;
    // BASE: a hex piece between the halves, so its value is no token (PT + 54 hex)
    const repo = TestRepo.create().write(file, `${head}  "${token.slice(20, 26)}" +\n${tail}`);
    const base = repo.commit('client');
    expect(runJson(['scan'], { cwd: repo.dir }).findings).toEqual([]);
    repo.write(file, head + tail);
    repo.git('add', '-A');
    const staged = runJson(['staged'], { cwd: repo.dir });
    expect(staged.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([`signalwire-api-token ${file}:4`]);
    expect(staged.code).toBe(1);
    repo.commit('tidy the token');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(diff.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([`signalwire-api-token ${file}:4`]);
    expect(diff.code).toBe(1);
  });

  it('an old inline ignore above the first half hides nothing once the line between the halves goes', () => {
    const token = fakeToken();
    const [a, b] = [token.slice(0, 26), token.slice(26)];
    const file = 'src/legacy.js';
    const top = `// swlint-ignore-next-line -- legacy, not a token\nconst signalwireToken = '${a}' +\n`;
    const repo = TestRepo.create().write(file, `${top}  '-rotated-' +\n  '${b}';\nmodule.exports = signalwireToken;\n`);
    const base = repo.commit('legacy');
    repo.write(file, `${top}  '${b}';\nmodule.exports = signalwireToken;\n`).commit('drop the marker');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(diff.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([`signalwire-api-token ${file}:2`]);
    expect(diff.code).toBe(1);
  });

  it('a large file rewritten past the edit-script bound: halves moved next to each other are added, unchanged values are not', () => {
    const token = fakeToken();
    const [a, b] = [token.slice(0, 26), token.slice(26)];
    const old = fakeToken();
    const file = 'src/generated/messages.js';
    // 3,000 distinct lines, reversed by the change: too different for an edit script, so every
    // line of the new version is one the old had
    const body = Array.from({ length: 3000 }, (_, i) => `export const m${i} = "${seededHex(i, 16)}";`);
    const legacy = [`// swlint-ignore-next-line -- rotated long ago`, `export const legacyToken = "${old.slice(0, 26)}" +`, `  "${old.slice(26)}";`];
    const before = [...body];
    before.splice(100, 0, `export const apiToken = "${a}" +`, '  "";');
    before.splice(2000, 0, '// messages', `  "${b}";`);
    before.splice(2500, 0, ...legacy);
    const repo = TestRepo.create().write(file, before.join('\n') + '\n');
    const base = repo.commit('generated');
    const after = [...body].reverse();
    after.splice(1500, 0, `export const apiToken = "${a}" +`, `  "${b}";`);
    after.splice(500, 0, ...legacy);
    repo.write(file, after.join('\n') + '\n').commit('regenerate');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(diff.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.match}`)).toEqual([
      `signalwire-api-token ${file}:1504 ${token.slice(0, 4)}…${token.slice(-4)}`,
    ]);
    expect(diff.code).toBe(1);
  });
});

describe('a wrapped base64 block a change shortens', () => {
  it('removing one line of the block joins the token it had cut in two (diff)', () => {
    const token = fakeToken();
    // a cloud-init file writing a base64'd .env; base64 lines of 76 characters hold 57 bytes
    // each, so a 57-byte run of the text is one line of the block, and the lines around it stay
    let head = `# app settings\nSIGNALWIRE_SPACE_URL=https://acme.signalwire.com\nLOG_LEVEL=info`;
    while ((head.length + '\nSIGNALWIRE_API_TOKEN='.length + 20) % 57) head += '#';
    head += '\nSIGNALWIRE_API_TOKEN=';
    const cut = head.length + 20;
    const env = `${head}${token}\nPORT=8080\nREGION=us-east\n${'NOTE='.padEnd(120, 'z')}\n`;
    const withJunk = env.slice(0, cut) + 'x'.repeat(57) + env.slice(cut);
    const yaml = (text: string) =>
      `#cloud-config\nwrite_files:\n  - path: /etc/app/.env\n    encoding: b64\n    content: |\n      ${Buffer.from(text)
        .toString('base64')
        .match(/.{1,76}/g)!
        .join('\n      ')}\n`;
    const file = 'deploy/cloud-init.yaml';
    const repo = TestRepo.create().write(file, yaml(withJunk));
    const base = repo.commit('cloud-init');
    expect(runJson(['scan'], { cwd: repo.dir }).findings.filter((f) => f.ruleId === 'signalwire-api-token')).toEqual([]);
    repo.write(file, yaml(env)).commit('drop a line');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(diff.findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`)).toEqual([
      `signalwire-api-token ${file}:6 Hard-coded SignalWire API token (base64-encoded)`,
    ]);
    expect(diff.code).toBe(1);
  });
});
