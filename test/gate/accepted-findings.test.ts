// What an accepted finding accepts. A baseline entry (or an allowlisted fingerprint) names one
// finding; in a gate it must not accept what a later change adds. Two findings stand for more
// than one value: `swlint-unscanned` (content swlint could not read) and the summary of a file's
// findings past the first 100 of a rule. Each is keyed on what it stands for: the version of the
// content, the values past the first 100.
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeProjectId, fakeToken } from '../helpers/secrets.js';
import { runJson, type JsonFinding } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

const baseline = (findings: JsonFinding[]) =>
  JSON.stringify({
    version: 1,
    tool: 'swlint',
    findings: findings.map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.file, match: f.match })),
  }) + '\n';

const rows = (n: number, row: (i: number) => string) => Array.from({ length: n }, (_, i) => row(i)).join('');

describe('a baselined file too large to scan', () => {
  it('is reported again once a change gives it new content', () => {
    const repo = TestRepo.create().write('README.md', '# billing\n');
    const start = repo.commit('start');
    // a data dump over the size limit the CI job runs with
    const dump = '-- billing export\n' + rows(400, (i) => `INSERT INTO invoices VALUES (${i}, 'acct-${(i * 7919) % 1000}', ${(i * 31) % 500}.00);\n`);
    repo.write('db/dump.sql', dump);
    repo.commit('add the export');
    const accepted = runJson(['diff', start, '--max-file-size', '8K'], { cwd: repo.dir });
    expect(accepted.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['swlint-unscanned db/dump.sql']);
    repo.write('.swlint-baseline.json', baseline(accepted.findings));
    const base = repo.commit('accept the export: checked by hand');

    repo.write('db/dump.sql', dump + `INSERT INTO settings VALUES ('signalwire_token', '${fakeToken()}');\n`);
    repo.write('db/seed.sql', '-- seed\n');
    repo.git('add', '-A');
    const staged = runJson(['staged', '--max-file-size', '8K'], { cwd: repo.dir });
    expect(staged.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['swlint-unscanned db/dump.sql']);
    expect(staged.code).toBe(1);
    repo.commit('append settings');
    const diff = runJson(['diff', base, '--max-file-size', '8K'], { cwd: repo.dir });
    expect(diff.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['swlint-unscanned db/dump.sql']);
    expect(diff.code).toBe(1);
  });

  it('stays accepted for the version it names, wherever that version comes back', () => {
    const repo = TestRepo.create();
    const dump = '-- export\n' + rows(400, (i) => `INSERT INTO calls VALUES (${i}, ${(i * 37) % 90});\n`);
    repo.write('db/dump.sql', dump);
    const start = repo.commit('add the export');
    repo.write('db/dump.sql', dump + '-- end\n');
    repo.commit('close the export');
    const accepted = runJson(['diff', start, '--max-file-size', '4K'], { cwd: repo.dir });
    expect(accepted.findings.map((f) => f.ruleId)).toEqual(['swlint-unscanned']);
    repo.write('.swlint-baseline.json', baseline(accepted.findings));
    const base = repo.commit('accept it');
    // the same content committed again at the same path (a revert of a revert): the same version
    repo.write('db/dump.sql', dump).commit('revert');
    repo.write('db/dump.sql', dump + '-- end\n').commit('redo');
    const r = runJson(['diff', base, '--max-file-size', '4K'], { cwd: repo.dir });
    expect(r.findings.map((f) => `${f.ruleId} ${f.file} @ ${f.commit?.message}`)).toEqual(['swlint-unscanned db/dump.sql @ revert']);
  });
});

describe('a baselined file with more than 100 findings of a rule', () => {
  const legacy = (tokens: string[]) => tokens.map((t, i) => `SW_TENANT_${i + 1}_TOKEN=${t}\n`).join('');

  it('does not accept a new token pushed past the first 100 of a change', () => {
    const repo = TestRepo.create();
    const old = Array.from({ length: 150 }, fakeToken);
    // a generated tenant list with tokens rotated long ago, accepted as a whole
    repo.write('legacy/tenants.env.txt', legacy(old));
    const scan = runJson(['scan'], { cwd: repo.dir });
    expect(scan.findings).toHaveLength(101);
    expect(scan.findings.filter((f) => /more finding/.test(JSON.stringify(f)))).toHaveLength(1);
    repo.write('.swlint-baseline.json', baseline(scan.findings));
    const base = repo.commit('legacy tenants, accepted');
    expect(runJson(['scan'], { cwd: repo.dir }).code).toBe(0);

    // the change repeats 100 accepted lines, then adds a new token: it is the 101st finding it adds
    const added = fakeToken();
    repo.write('legacy/tenants.env.txt', legacy(old) + legacy(old.slice(0, 100)) + `SW_TENANT_NEW_TOKEN=${added}\n`);
    repo.git('add', '-A');
    const staged = runJson(['staged'], { cwd: repo.dir });
    expect(staged.code).toBe(1);
    expect(staged.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.match}`)).toEqual([`signalwire-api-token legacy/tenants.env.txt:251 +1 more`]);
    repo.commit('more tenants');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(diff.code).toBe(1);
    expect(diff.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['signalwire-api-token legacy/tenants.env.txt:251']);
    // scan of the whole file: its summary now covers another set of values
    expect(runJson(['scan'], { cwd: repo.dir }).code).toBe(1);
  });
});

// A pair or a public variable is reported as one finding, of the rule that supersedes the token's;
// BASE's configuration may lower that rule, not the token it holds.
describe('a rule BASE lowered that supersedes the API token', () => {
  it('a token inside a basic-auth pair or a VITE_ variable is still an error (diff and staged)', () => {
    const project = fakeProjectId();
    const config = { rules: { 'signalwire-basic-auth': 'info', 'signalwire-public-env-exposure': 'warning' } };
    const repo = TestRepo.create()
      .write('.swlintrc.json', JSON.stringify(config) + '\n')
      .write('scripts/numbers.sh', `#!/bin/sh\ncurl -u ${project}:"$SIGNALWIRE_API_TOKEN" https://acme.signalwire.com/api/relay/rest/phone_numbers\n`);
    const base = repo.commit('scripts');
    const pair = Buffer.from(`${project}:${fakeToken()}`).toString('base64');
    repo
      .write('scripts/numbers.sh', `#!/bin/sh\ncurl -u ${project}:${fakeToken()} https://acme.signalwire.com/api/relay/rest/phone_numbers\n`)
      .write('http/numbers.http', `GET https://acme.signalwire.com/api/relay/rest/phone_numbers\nAuthorization: Basic ${pair}\n`)
      .write('web/.env.production', `VITE_SIGNALWIRE_TOKEN=${fakeToken()}\n`)
      // hard negatives: a pair whose token is read from the environment, a public variable naming no secret
      .write('scripts/list.sh', `#!/bin/sh\ncurl -u "$SIGNALWIRE_PROJECT_ID:$SIGNALWIRE_API_TOKEN" https://acme.signalwire.com/api/relay/rest/phone_numbers\n`)
      .write('web/.env.example', 'VITE_SIGNALWIRE_TOKEN=\n');
    repo.git('add', '-A');
    const expected = [
      'error signalwire-basic-auth http/numbers.http:2',
      'error signalwire-basic-auth scripts/numbers.sh:2',
      'error signalwire-public-env-exposure web/.env.production:1',
    ];
    const shown = (findings: JsonFinding[]) =>
      findings
        .filter((f) => f.ruleId !== 'dotenv-committed' && f.ruleId !== 'dotenv-not-ignored')
        .map((f) => `${f.severity} ${f.ruleId} ${f.file}:${f.line}`)
        .sort();
    const staged = runJson(['staged'], { cwd: repo.dir });
    expect(shown(staged.findings)).toEqual(expected);
    expect(staged.code).toBe(1);
    repo.commit('hard-code the credentials');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(shown(diff.findings)).toEqual(expected);
    expect(diff.code).toBe(1);
  });
});
