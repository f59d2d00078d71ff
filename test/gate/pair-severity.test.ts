// A test's Space URL or project ID is `info` unless a credential sits beside it (within three
// lines): then it is half of a real pair, a `warning` (src/detect/documentation.ts). staged and
// diff report only what a change adds, but they judge it as `swlint scan` judges the file at
// HEAD: a value added beside a token the file already had is the warning scan gives it, not the
// info it would be alone.
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeProjectId, fakeToken } from '../helpers/secrets.js';
import { runJson } from '../helpers/cli.js';
import { TestRepo } from '../helpers/git-repo.js';

afterAll(cleanupTempDirs);

const fixtureProne = (run: ReturnType<typeof runJson>) =>
  run.findings
    .filter((f) => f.ruleId === 'signalwire-project-id' || f.ruleId === 'signalwire-space-url')
    .map((f) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}`)
    .sort();

describe('a Space URL or project ID added to a test beside a token the file already had', () => {
  const token = fakeToken();
  const project = fakeProjectId();
  const header = ['import os', '', 'import pytest', 'from signalwire.rest import Client', ''];
  const body = [
    '',
    '',
    '@pytest.fixture',
    'def client():',
    '    return Client(SIGNALWIRE_PROJECT_ID, SIGNALWIRE_API_TOKEN, signalwire_space_url=SIGNALWIRE_SPACE_URL)',
    '',
    '',
    'def test_dial_places_a_call(client, requests_mock):',
    '    requests_mock.post(f"https://{SIGNALWIRE_SPACE_URL}/api/laml/2010-04-01/Accounts/{SIGNALWIRE_PROJECT_ID}/Calls.json", json={"sid": "CA1"})',
    '    assert client.calls.create(to="+15551230001", from_="+15551230002", url="https://example.org/voice.xml").sid == "CA1"',
    '',
  ];
  // far from any credential: a test's own invention, info in every command
  const alone = ['', 'def test_space_from_settings(monkeypatch):', '    monkeypatch.setenv("SPACE", "acme-staging.signalwire.com")', '    assert True', ''];

  const repo = TestRepo.create();
  repo.write('tests/test_dialer.py', [...header, `SIGNALWIRE_API_TOKEN = "${token}"`, ...body].join('\n'));
  const base = repo.commit('Dialer tests');
  repo.write(
    'tests/test_dialer.py',
    [
      ...header,
      `SIGNALWIRE_PROJECT_ID = "${project}"`,
      'SIGNALWIRE_SPACE_URL = "acme-dispatch.signalwire.com"',
      `SIGNALWIRE_API_TOKEN = "${token}"`,
      ...body,
      ...alone,
    ].join('\n'),
  );
  repo.git('add', '-A');
  const staged = runJson(['staged', '--fail-on', 'warning'], { cwd: repo.dir });
  repo.commit('Dialer tests: the project and Space');
  const diff = runJson(['diff', base, '--fail-on', 'warning'], { cwd: repo.dir });
  const scan = runJson(['scan', '--fail-on', 'warning'], { cwd: repo.dir });

  it('scan: warnings beside the token, info alone', () => {
    expect(fixtureProne(scan)).toEqual([
      'signalwire-project-id warning tests/test_dialer.py:6',
      'signalwire-space-url info tests/test_dialer.py:22',
      'signalwire-space-url warning tests/test_dialer.py:7',
    ]);
  });

  it('staged and diff: the same severities as scan, and --fail-on warning fails', () => {
    for (const run of [staged, diff]) {
      expect(fixtureProne(run)).toEqual(fixtureProne(scan));
      // the token is BASE's: not reported again
      expect(run.findings.filter((f) => f.ruleId === 'signalwire-api-token')).toEqual([]);
      expect(run.code).toBe(1);
    }
  });

  it('hard negative: a Space URL alone added to a test file with a token far from it stays info, and passes --fail-on warning', () => {
    const other = TestRepo.create();
    other.write('tests/test_dialer.py', [...header, `SIGNALWIRE_API_TOKEN = "${token}"`, ...body].join('\n'));
    const start = other.commit('Dialer tests');
    other.write('tests/test_dialer.py', [...header, `SIGNALWIRE_API_TOKEN = "${token}"`, ...body, ...alone].join('\n'));
    other.git('add', '-A');
    const otherStaged = runJson(['staged', '--fail-on', 'warning'], { cwd: other.dir });
    other.commit('A settings test');
    const otherDiff = runJson(['diff', start, '--fail-on', 'warning'], { cwd: other.dir });
    for (const run of [otherStaged, otherDiff]) {
      expect(fixtureProne(run)).toEqual(['signalwire-space-url info tests/test_dialer.py:20']);
      expect(run.code).toBe(0);
    }
  });
});
