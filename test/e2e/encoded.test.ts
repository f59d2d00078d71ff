// Decoders applied to every file (src/detect/decoders.ts): a .env base64-encoded into cloud-init,
// a Kubernetes Secret's data block, a base64url Helm value, a URL percent-encoded twice, JSON \u
// escapes, Python \x escapes. Each is found at the line of the encoded run, in scan and history.
import { afterEach, describe, expect, it } from 'vitest';
import { commitAll } from '../helpers/git-env.js';
import { copyFixture, runJson, summarize } from '../helpers/cli.js';
import { fakeProjectId, fakeToken } from '../helpers/secrets.js';

const EXPECTED = [
  'signalwire-api-token cloud-init/user-data.yaml:7',
  'signalwire-api-token helm/values.yaml:2',
  'signalwire-api-token k8s/app-config.yaml:7',
  'signalwire-api-token monitor/targets.txt:1',
  'signalwire-api-token tools/seed.py:2',
  'signalwire-api-token web/config.json:3',
  'signalwire-project-id cloud-init/user-data.yaml:7',
  'signalwire-space-url cloud-init/user-data.yaml:7',
];

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe('encoded credentials', () => {
  it('scan decodes and rescans with every rule, and says how it was encoded', () => {
    const fx = copyFixture('encoded');
    cleanup = fx.cleanup;
    const r = runJson(['scan', '.'], { cwd: fx.dir });
    expect(summarize(r.report)).toEqual(EXPECTED);
    const messages = new Map(r.report.findings.map((f) => [f.file, (f as unknown as { message: string }).message]));
    expect(messages.get('k8s/app-config.yaml')).toMatch(/base64-encoded/);
    expect(messages.get('monitor/targets.txt')).toMatch(/percent-encoded/);
    expect(messages.get('web/config.json')).toMatch(/\\u escapes/);
    expect(messages.get('tools/seed.py')).toMatch(/\\x escapes/);
    // the decoded secret is redacted like any other
    expect(r.report.findings.every((f) => f.match.includes('…'))).toBe(true);
  });

  it('history finds them too, in files with no keyword in clear', () => {
    const fx = copyFixture('encoded');
    cleanup = fx.cleanup;
    commitAll(fx.dir, 'encoded');
    const r = runJson(['history'], { cwd: fx.dir });
    expect(summarize(r.report, { commit: false })).toEqual(EXPECTED);
  });

  it('a row of escapes longer than the 512 characters a run reaches past its first escape is read whole', () => {
    // a project ID and token pair in `\u` escapes is 522 characters: its last escape straddled the run's end
    const pair = [...`${fakeProjectId()}:${fakeToken()}`].map((c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')).join('');
    const r = runJson(['scan', '-', '--stdin-filename', 'deploy/auth.json'], { input: `{\n  "basic": "${pair}"\n}\n` });
    expect(r.code).toBe(1);
    expect(summarize(r.report)).toEqual(['signalwire-api-token deploy/auth.json:2', 'signalwire-project-id deploy/auth.json:2']);
  });

  it('a hex-encoded token is found, on one line or wrapped as `xxd -p` writes it, and a hash beside it is not', () => {
    const token = fakeToken();
    const hex = (t: string) => Buffer.from(t).toString('hex');
    // `xxd -p`: 60 hex digits a line, the token starting mid-line
    const dump = hex(`SIGNALWIRE_API_TOKEN=${token}\n`).replace(/.{60}/g, '$&\n');
    const text = `# token.hex\n${hex(token)}\n# env.hex (xxd -p .env)\n${dump}\n# sha256 of the release\n5054d52ab3d31b6d9e1a5e0eb4b219f7cc4e76db4b18f38099c293e1998f8605\n`;
    const r = runJson(['scan', '-', '--stdin-filename', 'ops/bootstrap.txt'], { input: text });
    expect(r.code).toBe(1);
    expect(summarize(r.report)).toEqual(['signalwire-api-token ops/bootstrap.txt:2', 'signalwire-api-token ops/bootstrap.txt:4']);
    for (const f of r.report.findings) {
      expect((f as unknown as { message: string }).message).toMatch(/hex-encoded/);
      expect(f.match).toBe(`${token.slice(0, 4)}…${token.slice(-4)}`);
    }
  });
});
