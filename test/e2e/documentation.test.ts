// Documentation awareness end to end: examples in a documentation tree are not findings, the
// same value in application code is, and the answer does not depend on the mode or on --jobs.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitAll } from '../helpers/git-env.js';
import { copyFixture, runJson } from '../helpers/cli.js';
import { fakeAlnum, fakeToken } from '../helpers/secrets.js';
import { tempDir } from '../helpers/temp.js';
import { randomUUID } from 'node:crypto';

const EXPECTED = [
  'signalwire-api-token error docs/ops/runbook.md:7',
  'signalwire-project-id info docs/ops/runbook.md:7',
  'signalwire-project-id warning src/app.js:2',
  'signalwire-space-url info docs/ops/runbook.md:3',
  'signalwire-space-url info docs/ops/runbook.md:4',
];

const seen = (findings: { ruleId: string; severity: string; file: string; line: number }[]) =>
  findings.map((f) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}`).sort();

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

function docsSite(fillers: number): string {
  const fx = copyFixture('docs-site');
  cleanup = fx.cleanup;
  // enough plain files that --jobs hands the tree to worker threads
  mkdirSync(path.join(fx.dir, 'notes'));
  for (let i = 0; i < fillers; i++) writeFileSync(path.join(fx.dir, 'notes', `n${i}.md`), `note ${i} about signalwire\n`);
  return fx.dir;
}

describe('documentation tree', () => {
  it('scan: examples dropped, documentation lowered to info, code kept; the same with --jobs 1 and 4', () => {
    const dir = docsSite(250);
    const one = runJson(['scan', '.', '--jobs', '1'], { cwd: dir });
    const four = runJson(['scan', '.', '--jobs', '4'], { cwd: dir });
    expect(seen(one.report.findings)).toEqual(EXPECTED);
    expect(seen(four.report.findings)).toEqual(EXPECTED);
  });

  it('history: the same judgement over every commit, with --jobs 1 and 4', () => {
    const dir = docsSite(0);
    commitAll(dir, 'docs site');
    for (const jobs of ['1', '4']) {
      const r = runJson(['history', '--jobs', jobs], { cwd: dir });
      expect(seen(r.report.findings)).toEqual(EXPECTED);
    }
  });

  it('a setup page that names `.env.example` above the real Space and project does not make them examples (scan and history); prose "for example" still does', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'docs'));
    const project = randomUUID();
    writeFileSync(
      path.join(dir, 'docs', 'setup.md'),
      [
        '# Local setup',
        '',
        '1. Copy `.env.example` to `.env` (see `config.sample.yml` too).',
        '2. Use our Space: https://meadowbank-care.signalwire.com',
        `3. Our project is \`${project}\` (ask ops for a token).`,
        '',
        'A Space URL looks like https://harborline-dental.signalwire.com, for example.',
        '',
      ].join('\n'),
    );
    commitAll(dir, 'setup docs');
    const expected = ['signalwire-project-id info docs/setup.md:5', 'signalwire-space-url info docs/setup.md:4'];
    expect(seen(runJson(['scan', '.', '--fail-on', 'never'], { cwd: dir }).report.findings)).toEqual(expected);
    expect(seen(runJson(['history', '--fail-on', 'never'], { cwd: dir }).report.findings)).toEqual(expected);
  });

  it('without the config key, the handbook is not documentation: its repeated value is reported', () => {
    const dir = docsSite(0);
    writeFileSync(path.join(dir, '.swlintrc.json'), '{}\n');
    const r = runJson(['scan', '.'], { cwd: dir });
    expect(seen(r.report.findings).filter((s) => s.includes('handbook/'))).toEqual([
      'signalwire-project-id warning handbook/install.txt:3',
      'signalwire-project-id warning handbook/setup.txt:3',
      'signalwire-project-id warning handbook/upgrade.txt:3',
    ]);
  });
});

describe('client tokens in documentation', () => {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const sig = fakeAlnum(86);
  const vrt = (payload: object) => `${b64({ typ: 'VRT', alg: 'HS512' })}.${b64(payload)}.${sig}`;
  const relay = (payload: object) => `${b64({ typ: 'JWT', alg: 'HS512' })}.${b64(payload)}.${sig}`;

  it('a minted video room token (no exp, as SignalWire mints them) is reported; hand-edited samples and a Relay JWT without exp are not', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'docs'));
    const minted = vrt({ iat: 1760280485, jti: randomUUID(), sub: randomUUID(), u: 'kiosk', r: 'lobby', s: ['room.self.audio_mute'] });
    // jti version nibble 1 and sub variant 5: not what SignalWire mints
    const edited = vrt({
      iat: 1632491780,
      jti: 'c66e789d-2f22-1234-a733-8ef0637f5b6b',
      sub: 'a16d8f9e-2166-4e82-5678-a4840f217bc3',
      u: 'john',
      r: 'office',
      s: [],
    });
    const relayNoExp = relay({ iss: 'SignalWire JWT', scope: 'webrtc', resource: randomUUID(), sub: randomUUID(), jti: randomUUID(), iat: 1760280485 });
    writeFileSync(
      path.join(dir, 'docs', 'video.md'),
      [
        '# Joining a room',
        '',
        'The kiosk joins with:',
        '',
        '```js',
        `const token = '${minted}';`,
        '```',
        '',
        'Another page:',
        '',
        `    token: "${edited}"`,
        '',
        'And the v2 SDK:',
        '',
        `    jwt: "${relayNoExp}"`,
        '',
      ].join('\n'),
    );
    const r = runJson(['scan', '.', '--fail-on', 'never'], { cwd: dir });
    expect(seen(r.report.findings)).toEqual(['signalwire-client-token info docs/video.md:6']);
    // the same token in code is a warning
    writeFileSync(path.join(dir, 'room.js'), `export const token = '${minted}';\n`);
    const code = runJson(['scan', 'room.js', '--fail-on', 'never'], { cwd: dir });
    expect(seen(code.report.findings)).toEqual(['signalwire-client-token warning room.js:1']);
  });

  it('a file is documentation by its path from the repository top, wherever the scan starts', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'specs', 'relay'), { recursive: true });
    for (const name of ['calls', 'faxes', 'messages'])
      writeFileSync(path.join(dir, 'specs', 'relay', `${name}.yaml`), `servers:\n  - url: https://copperlane-ops.signalwire.com/api/${name}\n`);
    writeFileSync(path.join(dir, 'specs', 'relay', 'runbook.yaml'), 'servers:\n  - url: https://harborline-dental.signalwire.com/api\n');
    commitAll(dir);
    const expected = ['signalwire-space-url info relay/runbook.yaml:2'];
    // the value on three pages is an example; the one on a single page is lowered to info
    expect(seen(runJson(['scan', '.', '--fail-on', 'never'], { cwd: dir }).report.findings)).toEqual(['signalwire-space-url info specs/relay/runbook.yaml:2']);
    expect(seen(runJson(['scan', 'specs', '--fail-on', 'never'], { cwd: dir }).report.findings)).toEqual(expected);
    expect(seen(runJson(['scan', '.', '--fail-on', 'never'], { cwd: path.join(dir, 'specs') }).report.findings)).toEqual(expected);
  });

  it("RSpec's spec/ is test code, not documentation: the project and Space three recorded cassettes share are reported (at info, as a test's identifiers), in scan and history", () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'spec', 'vcr_cassettes'), { recursive: true });
    writeFileSync(path.join(dir, 'Gemfile'), "gem 'signalwire'\n");
    const project = randomUUID();
    for (const name of ['calls', 'faxes', 'messages'])
      writeFileSync(
        path.join(dir, 'spec', 'vcr_cassettes', `${name}.yml`),
        [
          '---',
          'http_interactions:',
          '- request:',
          '    method: get',
          `    uri: https://copperlane-ops.signalwire.com/api/laml/2010-04-01/Accounts/${project}/${name}.json`,
          '',
        ].join('\n'),
      );
    commitAll(dir);
    const expected = ['calls', 'faxes', 'messages']
      .flatMap((n) => [`signalwire-project-id info spec/vcr_cassettes/${n}.yml:5`, `signalwire-space-url info spec/vcr_cassettes/${n}.yml:5`])
      .sort();
    expect(seen(runJson(['scan', '.', '--fail-on', 'never'], { cwd: dir }).report.findings)).toEqual(expected);
    expect(seen(runJson(['history', '--fail-on', 'never'], { cwd: dir }).report.findings)).toEqual(expected);
  });

  it("a test's Space URLs and project IDs are info unless a credential sits beside them; the same values in application code are warnings", () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'tests'));
    mkdirSync(path.join(dir, 'src', 'test', 'resources'), { recursive: true });
    mkdirSync(path.join(dir, 'app'));
    const project = randomUUID();
    const token = fakeToken();
    writeFileSync(
      path.join(dir, 'tests', 'test_creds.py'),
      [
        'from app.creds import normalize',
        '',
        'def test_normalize():',
        '    creds = {"SIGNALWIRE_PROJECT_ID": "PX-unit", "SIGNALWIRE_TOKEN": "PT-fake-1234", "SIGNALWIRE_SPACE": "qa7.signalwire.com"}',
        '    assert normalize(creds)["SIGNALWIRE_SPACE"] == "qa7.signalwire.com"',
        '',
        '',
        '@pytest.mark.live',
        'def test_live():',
        `    client = Client("${project}", "${token}", signalwire_space_url="copperlane-ops.signalwire.com")`,
        '',
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'src', 'test', 'resources', 'fax.json'),
      `{\n  "account_sid": "${project}",\n  "from": "+15551234567",\n  "url": "https://qa7.signalwire.com/api/laml/2010-04-01/Accounts/${project}/Faxes"\n}\n`,
    );
    writeFileSync(path.join(dir, 'app', 'settings.py'), `# SignalWire\nSIGNALWIRE_SPACE = "qa7.signalwire.com"\nSIGNALWIRE_PROJECT_ID = "${project}"\n`);
    commitAll(dir);
    const expected = [
      'signalwire-api-token error tests/test_creds.py:10',
      'signalwire-project-id info src/test/resources/fax.json:2',
      'signalwire-project-id info src/test/resources/fax.json:4',
      'signalwire-project-id warning app/settings.py:3',
      'signalwire-project-id warning tests/test_creds.py:10',
      'signalwire-space-url info src/test/resources/fax.json:4',
      'signalwire-space-url info tests/test_creds.py:4',
      'signalwire-space-url info tests/test_creds.py:5',
      'signalwire-space-url warning app/settings.py:2',
      'signalwire-space-url warning tests/test_creds.py:10',
    ].sort();
    expect(seen(runJson(['scan', '.', '--fail-on', 'never'], { cwd: dir }).report.findings)).toEqual(expected);
    // history lists a value once per file version (at its first line)
    const once = expected.filter(
      (f) => f !== 'signalwire-project-id info src/test/resources/fax.json:4' && f !== 'signalwire-space-url info tests/test_creds.py:5',
    );
    expect(seen(runJson(['history', '--fail-on', 'never'], { cwd: dir }).report.findings)).toEqual(once);
  });

  it("Perl's tests (t/*.t, xt/) are tests: their made-up Spaces are info, a token beside one still counts, the module's own Space is a warning", () => {
    const dir = tempDir();
    for (const d of ['t', 'xt', 'lib/SignalWire']) mkdirSync(path.join(dir, d), { recursive: true });
    const project = randomUUID();
    const token = fakeToken();
    writeFileSync(
      path.join(dir, 't', '58_top_level.t'),
      [
        'use Test::More;',
        'use SignalWire;',
        '',
        "subtest 'builds a client from positional args' => sub {",
        "    my $client = SignalWire::RestClient('proj', 'tok', 'lindenhall.signalwire.com');",
        "    isa_ok($client, 'SignalWire::REST::RestClient');",
        '};',
        '',
        'my $live = SignalWire::RestClient(',
        `    '${project}', '${token}', 'copperlane-ops.signalwire.com');`,
        'done_testing;',
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(dir, 'xt', 'live.pl'), "my $space = 'lindenhall.signalwire.com';\n");
    writeFileSync(path.join(dir, 'lib', 'SignalWire', 'Config.pm'), "package SignalWire::Config;\nour $SPACE = 'lindenhall.signalwire.com';\n1;\n");
    commitAll(dir);
    const expected = [
      'signalwire-api-token error t/58_top_level.t:10',
      'signalwire-project-id warning t/58_top_level.t:10',
      'signalwire-space-url info t/58_top_level.t:5',
      'signalwire-space-url info xt/live.pl:1',
      'signalwire-space-url warning lib/SignalWire/Config.pm:2',
      'signalwire-space-url warning t/58_top_level.t:10',
    ].sort();
    expect(seen(runJson(['scan', '.', '--fail-on', 'never'], { cwd: dir }).report.findings)).toEqual(expected);
    expect(seen(runJson(['history', '--fail-on', 'never'], { cwd: dir }).report.findings)).toEqual(expected);
  });
});
