// A basic-auth pair written over lines (a .netrc's login and password lines, an HTTP client's
// auth option spread over lines) is reported at its first line, and the token it holds keeps a
// finding on its own line; what accepts the pair (an inline ignore, a baseline) accepts both.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runJson, summarize } from '../helpers/cli.js';
import { fakeProjectId, fakeToken } from '../helpers/secrets.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';

afterAll(cleanupTempDirs);

const SPACE = 'harbor-ops.signalwire.com';

function tree(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function requestsCall(project: string, token: string, marker = ''): string {
  return [
    'import requests',
    '',
    'r = requests.get(',
    `    "https://${SPACE}/api/relay/rest/phone_numbers",`,
    '    auth=(',
    ...(marker ? [`        ${marker}`] : []),
    `        "${project}",`,
    `        "${token}",`,
    '    ),',
    ')',
    '',
  ].join('\n');
}

describe('a basic-auth pair over lines', () => {
  it('marks the line of the token as well as the line the pair starts on; a pair on one line stays one finding', () => {
    const [project, token] = [fakeProjectId(), fakeToken()];
    const dir = tree({
      '.netrc': `machine ${SPACE}\n  login ${project}\n  password ${token}\n`,
      'numbers.py': requestsCall(project, token),
      'auth.conf': `machine ${SPACE} login ${project} password ${token}\n`,
    });
    const r = runJson(['scan', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(summarize(r.report)).toEqual([
      'signalwire-api-token .netrc:3',
      'signalwire-api-token numbers.py:7',
      'signalwire-basic-auth .netrc:2',
      'signalwire-basic-auth auth.conf:1',
      'signalwire-basic-auth numbers.py:6',
      'signalwire-space-url .netrc:1',
      'signalwire-space-url auth.conf:1',
      'signalwire-space-url numbers.py:4',
    ]);
    expect(r.stdout).not.toContain(token);
  });

  it('an ignore that covers the pair covers the token it holds', () => {
    const [project, token] = [fakeProjectId(), fakeToken()];
    const dir = tree({ 'numbers.py': requestsCall(project, token, '# swlint-ignore-next-line signalwire-basic-auth -- sandbox project') });
    const r = runJson(['scan', '.'], { cwd: dir });
    expect(summarize(r.report)).toEqual(['signalwire-space-url numbers.py:4']);
    expect((JSON.parse(r.stdout) as { suppressed: Record<string, number> }).suppressed.inline).toBe(2);
  });

  it('a baseline that accepted the pair accepts the token it holds (a baseline written before the token had a finding of its own)', () => {
    const [project, token] = [fakeProjectId(), fakeToken()];
    const dir = tree({ 'numbers.py': requestsCall(project, token) });
    const first = runJson(['scan', '.'], { cwd: dir });
    const pair = first.report.findings.find((f) => f.ruleId === 'signalwire-basic-auth')!;
    const baseline = { version: 1, findings: [{ fingerprint: pair.fingerprint, ruleId: pair.ruleId, file: pair.file }] };
    writeFileSync(path.join(dir, 'accepted.json'), JSON.stringify(baseline));
    const r = runJson(['scan', '.', '--baseline', 'accepted.json'], { cwd: dir });
    expect(summarize(r.report)).toEqual(['signalwire-space-url numbers.py:4']);
    expect((JSON.parse(r.stdout) as { suppressed: Record<string, number> }).suppressed.baseline).toBe(2);
  });
});
