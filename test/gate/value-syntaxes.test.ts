// A pull request fills in a SignalWire token where the language writes something between the name
// and the value (a TOML multi-line string opened on the line above, a Dockerfile's `ENV NAME value`,
// an Elixir sigil, R's `<-`) or hex-encodes it. The name may sit on a line the change does not
// touch; `diff` and `staged` still report the value, and leave another service's value beside it alone.
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeAlnum, fakeToken } from '../helpers/secrets.js';
import { runJson } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

const hexLines = (text: string) =>
  (
    Buffer.from(text)
      .toString('hex')
      .match(/.{1,60}/g) ?? []
  ).join('\n') + '\n';

const cases: { name: string; file: string; before: string; after: (t: string, other: string) => string; line: number }[] = [
  {
    name: 'TOML: a multi-line string whose key is on the unchanged line above',
    file: 'config.toml',
    before: '[signalwire]\ntoken = """\n${SIGNALWIRE_TOKEN}"""\n',
    after: (t, o) => `[signalwire]\ntoken = """\n${t}"""\n\n[analytics]\nwrite_key = """\n${o}"""\n`,
    line: 3,
  },
  {
    name: "Dockerfile: ENV without '='",
    file: 'Dockerfile',
    before: 'FROM node:20-slim\nWORKDIR /app\n',
    after: (t, o) => `FROM node:20-slim\nWORKDIR /app\nENV SIGNALWIRE_TOKEN ${t}\nENV RAILS_MASTER_KEY ${o}\n`,
    line: 3,
  },
  {
    name: 'Elixir: a sigil in a config block named for SignalWire',
    file: 'config/runtime.exs',
    before: 'import Config\n',
    after: (t, o) => `import Config\n\nconfig :app, :signalwire,\n  token: ~s(${t})\n\nconfig :app, :mailgun, api_key: ~s(${o})\n`,
    line: 4,
  },
  {
    name: "R: '<-'",
    file: 'R/notify.R',
    before: 'library(httr)\n',
    after: (t, o) => `library(httr)\nsignalwire_token <- "${t}"\nshiny_secret <- "${o}"\n`,
    line: 2,
  },
];

describe('a change filling in a 50-character token in another syntax', () => {
  for (const c of cases) {
    it(`${c.name}: staged and diff report it, and not the other value`, () => {
      const repo = TestRepo.create().write(c.file, c.before);
      const base = repo.commit('placeholder');
      repo.write(c.file, c.after(fakeAlnum(50), fakeAlnum(50)));
      repo.git('add', '-A');
      const staged = runJson(['staged'], { cwd: repo.dir });
      expect(staged.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([`signalwire-api-token ${c.file}:${c.line}`]);
      expect(staged.code).toBe(1);
      repo.commit('fill in');
      const diff = runJson(['diff', base], { cwd: repo.dir });
      expect(diff.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([`signalwire-api-token ${c.file}:${c.line}`]);
      expect(diff.code).toBe(1);
    });
  }

  it('a hex dump of a .env (xxd -p, 60 digits a line) is reported in diff', () => {
    const repo = TestRepo.create().write('README.md', '# bootstrap\n');
    const base = repo.commit('base');
    const token = fakeToken();
    repo.write('ops/env.hex', hexLines(`SIGNALWIRE_PROJECT_ID=unset\nSIGNALWIRE_API_TOKEN=${token}\n`)).commit('add the env dump');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(diff.code).toBe(1);
    expect(diff.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['signalwire-api-token ops/env.hex']);
    expect(diff.findings[0]!.match).toBe(`${token.slice(0, 4)}…${token.slice(-4)}`);
  });
});
