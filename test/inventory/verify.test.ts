// --verify against a real HTTPS server on 127.0.0.1 with a throwaway CA made by openssl here.
// The built CLI reaches it through the test-only SWLINT_TEST_ONLY_SPACE_ADDRESS override (one
// Space name → 127.0.0.1:PORT) and trusts the CA through NODE_EXTRA_CA_CERTS, so TLS is
// verified against the Space's name exactly as in production.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { GIT_TEST_ENV } from '../helpers/git-env.js';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fakeProjectId, fakeToken } from '../helpers/secrets.js';

const SPACE = 'northwind-labs.signalwire.com';

interface Seen {
  host: string;
  path: string;
  project: string;
  token: string;
}

let server: https.Server;
let port = 0;
let caFile = '';
const seen: Seen[] = [];
/** what the server answers for each token */
const behaviour = new Map<string, 'ok' | '401' | '403' | '500' | 'hang' | 'redirect'>();

function makeCa(dir: string): { key: string; cert: string; ca: string } {
  const o = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  o(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=swlint throwaway test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  o('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${SPACE}`);
  writeFileSync(path.join(dir, 'ext.cnf'), `subjectAltName=DNS:${SPACE}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  o('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf');
  const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
  return { key: read('server.key'), cert: read('server.pem'), ca: path.join(dir, 'ca.pem') };
}

beforeAll(async () => {
  const dir = tempDir('swlint-ca-');
  const pki = makeCa(dir);
  caFile = pki.ca;
  server = https.createServer({ key: pki.key, cert: pki.cert }, (req, res) => {
    const auth = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
    const [project = '', token = ''] = auth.split(':');
    seen.push({ host: req.headers.host ?? '', path: req.url ?? '', project, token });
    const b = behaviour.get(token);
    if (b === 'hang') return; // never answers: the client's 5 s deadline must end it
    if (b === 'redirect') {
      res.writeHead(302, { Location: 'https://collector.example.org/steal' }).end();
      return;
    }
    const code = b === 'ok' ? 200 : b === '401' ? 401 : b === '403' ? 403 : 500;
    res.writeHead(code, { 'Content-Type': 'application/json' }).end(code === 200 ? '{"sid":"x","status":"active"}' : '{"message":"no"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  cleanupTempDirs();
});

/** Spawned asynchronously: the test's own server must keep answering while the CLI runs. */
function cli(cwd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...GIT_TEST_ENV, NODE_EXTRA_CA_CERTS: caFile, SWLINT_TEST_ONLY_SPACE_ADDRESS: `${SPACE}=127.0.0.1:${port}` };
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Cred {
  id: string;
  locations: { file: string }[];
  verification: { status: string; checkedAt: string | null; reason?: string } | null;
}

const statusOf = (creds: Cred[], file: string) => creds.find((c) => c.locations.some((l) => l.file === file))?.verification;

describe('--verify', () => {
  it('asks the Space once per credential and reports live, invalid and unknown', async () => {
    const project = fakeProjectId();
    const tokens = { live: fakeToken(), revoked: fakeToken(), forbidden: fakeToken(), broken: fakeToken(), slow: fakeToken(), moved: fakeToken() };
    behaviour
      .set(tokens.live, 'ok')
      .set(tokens.revoked, '401')
      .set(tokens.forbidden, '403')
      .set(tokens.broken, '500')
      .set(tokens.slow, 'hang')
      .set(tokens.moved, 'redirect');
    const repo = TestRepo.create();
    repo.write('.env.example', `SIGNALWIRE_SPACE_URL=${SPACE}\nSIGNALWIRE_PROJECT_ID=${project}\n`);
    for (const [name, t] of Object.entries(tokens)) repo.write(`config/${name}.js`, `const signalwireToken = '${t}';\n`);
    // the live token twice more: in another file and inside a Basic header (still one request)
    repo.write('src/client.js', `const auth = 'Basic ${Buffer.from(`${project}:${tokens.live}`).toString('base64')}';\n`);
    repo.write('src/again.js', `const signalwireToken = '${tokens.live}';\n`);
    repo.commit('config');
    const before = seen.length;
    const r = await cli(repo.dir, ['scan', '--verify', '--format', 'json', '--fail-on', 'live']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { credentials: Cred[]; findings: { file: string; verification?: { status: string } }[] };
    const creds = doc.credentials;
    expect(statusOf(creds, 'config/live.js')).toMatchObject({ status: 'live' });
    expect(statusOf(creds, 'config/live.js')!.checkedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(statusOf(creds, 'config/revoked.js')).toMatchObject({ status: 'invalid', reason: 'HTTP 401' });
    expect(statusOf(creds, 'config/forbidden.js')).toMatchObject({ status: 'invalid', reason: 'HTTP 403' });
    expect(statusOf(creds, 'config/broken.js')).toMatchObject({ status: 'unknown', reason: 'HTTP 500' });
    expect(statusOf(creds, 'config/slow.js')).toMatchObject({ status: 'unknown', reason: 'no answer within 5 s' });
    expect(statusOf(creds, 'config/moved.js')).toMatchObject({ status: 'unknown', reason: 'HTTP 302 redirect not followed' });
    expect(creds[0]!.verification!.status).toBe('live'); // live first
    expect(doc.findings.find((f) => f.file === 'src/client.js')!.verification).toMatchObject({ status: 'live' });
    const asked = seen.slice(before);
    // six distinct tokens, six requests: the live one once although found three times; the redirect not followed
    expect(asked).toHaveLength(6);
    expect(asked.filter((s) => s.token === tokens.live)).toHaveLength(1);
    for (const s of asked) {
      expect(s.host).toBe(`${SPACE}:${port}`); // the Space name, at the test port
      expect(s.path).toBe(`/api/laml/2010-04-01/Accounts/${project}`);
      expect(s.project).toBe(project);
    }
    for (const t of Object.values(tokens)) {
      expect(r.stdout).not.toContain(t);
      expect(r.stderr).not.toContain(t);
    }
  });

  it('says so in text and SARIF; --fail-on live passes when nothing is live', async () => {
    const project = fakeProjectId();
    const live = fakeToken();
    const dead = fakeToken();
    behaviour.set(live, 'ok').set(dead, '401');
    const repo = TestRepo.create();
    repo.write('a.js', `// ${SPACE}\nconst signalwireProject = '${project}';\nconst signalwireToken = '${live}';\n`).commit('a');
    const text = await cli(repo.dir, ['scan', '--verify', '--no-color']);
    expect(text.stdout).toMatch(/^1 credential to rotate, 1 live$/m);
    expect(text.stdout).toContain('LIVE');
    const sarif = JSON.parse((await cli(repo.dir, ['scan', '--verify', '--format', 'sarif'])).stdout) as {
      runs: { results: { ruleId: string; properties?: Record<string, unknown> }[] }[];
    };
    const token = sarif.runs[0]!.results.find((x) => x.ruleId === 'signalwire-api-token')!;
    expect(token.properties!['security-severity']).toBe('10.0');
    expect(token.properties!.verification).toMatchObject({ status: 'live' });

    const other = TestRepo.create();
    other.write('a.js', `// ${SPACE}\nconst signalwireProject = '${project}';\nconst signalwireToken = '${dead}';\n`).commit('a');
    const gate = await cli(other.dir, ['scan', '--verify', '--fail-on', 'live', '--no-color']);
    expect(gate.code).toBe(0);
    expect(gate.stdout).toMatch(/^1 credential to rotate, 0 live$/m);
    expect(gate.stdout).toContain('invalid (revoked)');
  });

  it('sends nothing when the scanned content names no SignalWire Space, and never without --verify', async () => {
    const project = fakeProjectId();
    const token = fakeToken();
    behaviour.set(token, 'ok');
    const repo = TestRepo.create();
    // a look-alike host that is not a Space: the token must not be sent anywhere
    repo
      .write('client.js', `const url = 'https://${project}:${token}@api.signalwire-status.example.net/v1';\nconst signalwireToken = '${token}';\n`)
      .commit('a');
    const before = seen.length;
    const r = await cli(repo.dir, ['scan', '--verify', '--format', 'json']);
    const doc = JSON.parse(r.stdout) as { credentials: Cred[] };
    expect(doc.credentials).toHaveLength(1);
    expect(doc.credentials[0]!.verification).toMatchObject({ status: 'unknown', checkedAt: null });
    expect(doc.credentials[0]!.verification!.reason).toMatch(/no Space known/);
    // the text report says why it could not tell
    const text = await cli(repo.dir, ['scan', '--verify', '--no-color']);
    expect(text.stdout).toContain('unknown (no Space known for this token: pass --verify-space)');
    // the same repository with the Space named: without --verify nothing is asked either
    repo.write('space.txt', `signalwire space: ${SPACE}\n`).commit('b');
    const quiet = await cli(repo.dir, ['scan', '--format', 'json']);
    expect((JSON.parse(quiet.stdout) as { credentials: Cred[] }).credentials[0]!.verification).toBeNull();
    expect(seen.length).toBe(before);
  });

  it('refuses a --verify-space that is not a SignalWire Space, and --fail-on live without --verify', async () => {
    const repo = TestRepo.create();
    repo.write('a.txt', 'nothing\n').commit('a');
    for (const bad of ['https://evil.example.com', 'http://acme.signalwire.com', 'a.b.signalwire.com', 'signalwire.com.evil.net']) {
      const r = await cli(repo.dir, ['scan', '--verify', '--verify-space', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--verify-space must be a SignalWire Space/);
    }
    const r = await cli(repo.dir, ['scan', '--fail-on', 'live']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--fail-on live needs --verify/);
  });

  it('verifies in history, and in a scan large enough to run on worker threads', async () => {
    const project = fakeProjectId();
    const gone = fakeToken();
    const kept = fakeToken();
    behaviour.set(gone, '401').set(kept, 'ok');
    const repo = TestRepo.create();
    repo.write('.env.example', `SIGNALWIRE_SPACE_URL=${SPACE}\nSIGNALWIRE_PROJECT_ID=${project}\n`);
    repo.write('old.js', `const signalwireToken = '${gone}';\n`).commit('old');
    repo.remove('old.js');
    // over the worker-pool threshold (200 files): findings come back from worker threads
    for (let i = 0; i < 220; i++) repo.write(`pad/f${i}.txt`, `file ${i}\n`);
    repo.write('pad/zz.js', `const signalwireToken = '${kept}';\n`).commit('many');
    const history = JSON.parse((await cli(repo.dir, ['history', '--verify', '--format', 'json'])).stdout) as { credentials: Cred[] };
    expect(statusOf(history.credentials, 'old.js')).toMatchObject({ status: 'invalid' });
    expect(statusOf(history.credentials, 'pad/zz.js')).toMatchObject({ status: 'live' });
    const scan = JSON.parse((await cli(repo.dir, ['scan', '--verify', '--jobs', '2', '--format', 'json'])).stdout) as {
      credentials: Cred[];
      summary: { files: number };
    };
    expect(scan.summary.files).toBeGreaterThan(200);
    expect(statusOf(scan.credentials, 'pad/zz.js')).toMatchObject({ status: 'live' });
  });

  it('uses --verify-space and --verify-project when the content does not say', async () => {
    const project = fakeProjectId();
    const token = fakeToken();
    behaviour.set(token, 'ok');
    const repo = TestRepo.create();
    repo.write('a.js', `const signalwireToken = '${token}';\n`).commit('a');
    const before = seen.length;
    const r = await cli(repo.dir, ['scan', '--verify', '--verify-space', 'northwind-labs', '--verify-project', project, '--format', 'json']);
    expect((JSON.parse(r.stdout) as { credentials: Cred[] }).credentials[0]!.verification).toMatchObject({ status: 'live' });
    expect(seen.slice(before).map((s) => s.project)).toEqual([project]);
  });
});
