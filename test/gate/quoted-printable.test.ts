// An email saved in the repository (`.eml`, an `.mbox` export, a support ticket) written with
// `Content-Transfer-Encoding: quoted-printable` breaks its lines at 76 characters with a soft
// line break (`=` at the end of the line) and writes `=` as `=3D`: a token in it is split in
// two, and staged and diff passed it as clean.
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { runJson } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

/** RFC 2045 quoted-printable: `=` as `=3D`, lines broken at 76 characters with a trailing `=`. */
function quotedPrintable(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const escaped = line.replace(/=/g, '=3D');
      const out: string[] = [];
      let rest = escaped;
      while (rest.length > 76) {
        // never cut an =XX escape
        let cut = 75;
        if (rest[cut - 1] === '=') cut -= 1;
        else if (rest[cut - 2] === '=') cut -= 2;
        out.push(`${rest.slice(0, cut)}=`);
        rest = rest.slice(cut);
      }
      out.push(rest);
      return out.join('\n');
    })
    .join('\n');
}

const email = (body: string) =>
  `From: ops@example.com\nTo: dev@example.com\nSubject: voice app credentials\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n${quotedPrintable(body)}\n`;

function gate(file: string, content: string) {
  const repo = TestRepo.create().write('README.md', '# support\n');
  const base = repo.commit('base');
  repo.write(file, content);
  repo.git('add', '-A');
  const staged = runJson(['staged'], { cwd: repo.dir });
  repo.commit('add the ticket');
  const diff = runJson(['diff', base], { cwd: repo.dir });
  return [staged, diff];
}

describe('a quoted-printable email', () => {
  it('a token split by a soft line break is reported where it starts, over both lines', () => {
    const token = fakeToken();
    const body = `Hi team, here are the production credentials for the voice app we deployed yesterday: SIGNALWIRE_API_TOKEN=${token} and please rotate them after use.`;
    const content = email(body);
    // the encoder split the token: it is nowhere whole in the file
    expect(content).not.toContain(token);
    for (const run of gate('tickets/4711.eml', content)) {
      expect(run.code).toBe(1);
      expect(run.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}-${f.endLine}`)).toEqual(['signalwire-api-token tickets/4711.eml:9-10']);
      expect(run.findings[0]!.message).toBe('Hard-coded SignalWire API token (quoted-printable, split over soft line breaks)');
      expect(run.stdout).not.toContain(token);
    }
  });

  it('a placeholder split the same way, and code whose lines end in `=`, are not findings', () => {
    const placeholder = `PT${'x'.repeat(48)}`;
    const body = `Hi team, the template for the voice app we deployed yesterday reads: SIGNALWIRE_API_TOKEN=${placeholder} until you paste yours.`;
    const code = `const signalwireConfigurationForTheOutboundCallingCampaignHandler =\n  ${fakeToken().slice(2, 50)};\n`;
    for (const run of gate('tickets/4712.eml', email(body))) expect(run.findings).toEqual([]);
    for (const run of gate('src/config.js', code)) expect(run.findings).toEqual([]);
  });
});
