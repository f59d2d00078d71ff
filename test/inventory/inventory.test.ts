// Credential inventory end to end: real repositories, the built CLI, what a user reads in the
// JSON, text and SARIF reports. One credential per distinct secret, whatever the file, commit,
// encoding or rule.
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { GIT_TEST_ENV } from '../helpers/git-env.js';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeProjectId, fakeToken } from '../helpers/secrets.js';
import { runCli } from '../helpers/cli.js';
import { fixtureRepo } from '../helpers/credentials-repo.js';

afterAll(cleanupTempDirs);

interface Cred {
  id: string;
  kind: string;
  match: string;
  space: string | null;
  project: string | null;
  rules: string[];
  firstExposure: { commit: string; author: string; date: string; file: string; line: number } | null;
  locations: { file: string; line: number; commit: string | null; ruleId: string }[];
  stillPresent: boolean | null;
  presentIn: string[];
  exposure: string[];
  verification: unknown;
  remediation: { id: string; text: string }[];
}
interface Report {
  findings: { ruleId: string; file: string; credentialId?: string; match: string }[];
  credentials: Cred[];
}

function json(dir: string, args: string[]): { code: number | null; doc: Report; stdout: string } {
  const r = runCli([...args, '--format', 'json'], { cwd: dir });
  expect(r.stderr).not.toMatch(/error/i);
  return { code: r.code, doc: JSON.parse(r.stdout) as Report, stdout: r.stdout };
}

describe('credential inventory', () => {
  it('groups every guise of one token into one credential with its history, presence, exposure and checklist', () => {
    const f = fixtureRepo();
    const { code, doc, stdout } = json(f.repo.dir, ['history']);
    expect(code).toBe(1);
    expect(doc.credentials).toHaveLength(4);
    for (const raw of [f.shared, f.removed, f.bundled, f.docker]) expect(stdout).not.toContain(raw);

    const shared = doc.credentials.find((c) => c.locations.some((l) => l.file === 'src/client.js'))!;
    expect(shared.kind).toBe('api-token');
    expect(shared.rules).toEqual(['signalwire-api-token', 'signalwire-basic-auth']);
    expect(shared.locations.map((l) => l.file).sort()).toEqual(['config/signalwire.env', 'src/client.js']);
    expect(shared.firstExposure).toMatchObject({ commit: f.first, author: 'Test Author', file: 'config/signalwire.env', line: 3 });
    expect(shared.stillPresent).toBe(true);
    expect(shared.presentIn).toEqual(['config/signalwire.env', 'src/client.js']);
    expect(shared.exposure).toEqual(['committed']);
    expect(shared.space).toMatch(/^nort…/);
    expect(shared.project).toBe(`${f.project.slice(0, 4)}…${f.project.slice(-4)}`);
    expect(shared.match).toBe(`${f.shared.slice(0, 4)}…${f.shared.slice(-4)}`);
    expect(shared.remediation.map((s) => s.id)).toEqual(['rotate', 'update-deployments', 'remove-from-code', 'purge-history']);
    expect(shared.remediation[0]!.text).toContain('API > Tokens');
    expect(shared.verification).toBeNull();
    // every finding of that token points at it; the project ID alone is not a credential
    const ids = doc.findings
      .filter((x) => x.file === 'src/client.js' || (x.file === 'config/signalwire.env' && x.ruleId === 'signalwire-api-token'))
      .map((x) => x.credentialId);
    expect(ids).toEqual([shared.id, shared.id]);
    expect(doc.findings.find((x) => x.ruleId === 'signalwire-project-id')!.credentialId).toBeUndefined();

    const removed = doc.credentials.find((c) => c.locations.some((l) => l.file === 'scripts/try.py'))!;
    expect(removed.stillPresent).toBe(false);
    expect(removed.presentIn).toEqual([]);
    expect(removed.exposure).toEqual(['history-only']);
    expect(doc.credentials.find((c) => c.locations.some((l) => l.file === 'web/.env.local'))!.exposure).toContain('browser-bundle');
    expect(doc.credentials.find((c) => c.locations.some((l) => l.file === 'Dockerfile'))!.exposure).toContain('docker-context');
    expect(new Set(doc.credentials.map((c) => c.id)).size).toBe(4);
  });

  it('gives the same ids in every run and shows the secret only with --no-redact', () => {
    const f = fixtureRepo();
    const a = json(f.repo.dir, ['history']).doc;
    const b = json(f.repo.dir, ['history']).doc;
    expect(a.credentials.map((c) => c.id)).toEqual(b.credentials.map((c) => c.id));
    for (const c of a.credentials) expect(c.id).toMatch(/^swc_[0-9a-f]{24}$/);
    const plain = json(f.repo.dir, ['history', '--no-redact']).doc;
    expect(plain.credentials.map((c) => c.match).sort()).toEqual([f.shared, f.removed, f.bundled, f.docker].sort());
    expect(plain.credentials.map((c) => c.id).sort()).toEqual(a.credentials.map((c) => c.id).sort());
  });

  it('scan: the working tree, committed or not, and the same ids as history', () => {
    const f = fixtureRepo();
    f.repo.write('notes.txt', `signalwire token ${fakeToken()}\n`);
    const scan = json(f.repo.dir, ['scan']).doc;
    const history = json(f.repo.dir, ['history']).doc;
    const notes = scan.credentials.find((c) => c.locations.some((l) => l.file === 'notes.txt'))!;
    expect(notes.exposure).toEqual(['working-tree']);
    expect(notes.firstExposure).toBeNull();
    const shared = scan.credentials.find((c) => c.locations.some((l) => l.file === 'src/client.js'))!;
    expect(shared.exposure).toEqual(['committed']);
    expect(history.credentials.map((c) => c.id)).toContain(shared.id);
    expect(scan.credentials).toHaveLength(4); // shared, bundled, docker, notes (the removed one is history only)
  });

  it('text summary says how many credentials to rotate; SARIF links the other locations', () => {
    const f = fixtureRepo();
    const text = runCli(['history', '--no-color'], { cwd: f.repo.dir });
    expect(text.stdout).toMatch(/^4 credentials to rotate$/m);
    const sarif = JSON.parse(runCli(['history', '--format', 'sarif'], { cwd: f.repo.dir }).stdout) as {
      runs: {
        results: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
          relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } } }[];
          properties?: { credentialId?: string };
        }[];
      }[];
    };
    const client = sarif.runs[0]!.results.find((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === 'src/client.js')!;
    expect(client.relatedLocations!.map((l) => l.physicalLocation.artifactLocation.uri)).toEqual(['config/signalwire.env']);
    expect(client.properties!.credentialId).toMatch(/^swc_/);
  });

  it('inventory lines carry no control character from paths or author names', () => {
    const repo = TestRepo.create();
    repo.write('a\x1b[31mred.js', `const signalwireToken = '${fakeToken()}';\n`).commit('a');
    const out = runCli(['history', '--no-color'], { cwd: repo.dir }).stdout;
    const inventory = out.slice(out.indexOf('1 credential to rotate'));
    expect(inventory).toContain('a\\x1b[31mred.js');
    expect(inventory).not.toContain('\x1b');
  });

  it('two different tokens in one file are two credentials; no credential, no summary line', () => {
    const repo = TestRepo.create();
    repo.write('a.js', `const signalwireToken = '${fakeToken()}';\nconst signalwireToken2 = '${fakeToken()}';\n`).commit('a');
    expect(json(repo.dir, ['scan']).doc.credentials).toHaveLength(2);
    const clean = TestRepo.create();
    clean.write('a.js', `const projectId = '${fakeProjectId()}'; // signalwire project\n`).commit('a');
    const r = json(clean.dir, ['scan']);
    expect(r.doc.credentials).toEqual([]);
    expect(runCli(['scan', '--no-color'], { cwd: clean.dir }).stdout).not.toMatch(/credentials? to rotate/);
  });

  it("a client token is grouped under the project its own claims name, not the file's other project", () => {
    const bundled = fakeProjectId(); // the SDK's fixture project, bundled into the app
    const own = fakeProjectId();
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const header = b64({ typ: 'JWT', alg: 'HS512' });
    const fabric = `${header}.${b64({ jti: fakeProjectId(), exp: 1755280326, subscriber_id: fakeProjectId(), project_id: own })}.${'Qk3n9x0GJt1pL8aZc2Vb7YwE5rT4uIoP6sDfGhJk'}`;
    const repo = TestRepo.create();
    repo
      .write('dist/app.js', `/* @signalwire/js */\nvar cs={authorization:{type:"video",project_id:"${bundled}"}};\nconst subscriberToken = '${fabric}';\n`)
      .commit('a');
    const doc = json(repo.dir, ['scan']).doc;
    expect(doc.findings.map((f) => f.ruleId).sort()).toEqual(['signalwire-client-token', 'signalwire-project-id']);
    const token = doc.credentials.find((c) => c.kind === 'client-token')!;
    expect(token.project).toBe(`${own.slice(0, 4)}…${own.slice(-4)}`);
  });

  it('first exposure is the earliest instant, whatever offset each author wrote the date in', () => {
    const repo = TestRepo.create();
    const token = fakeToken();
    repo.write('README.md', '# app\n').commit('Initial commit');
    const at = (iso: string) => ({ ...GIT_TEST_ENV, GIT_AUTHOR_DATE: iso, GIT_COMMITTER_DATE: iso });
    const commitAt = (message: string, iso: string) => {
      execFileSync('git', ['add', '-A'], { cwd: repo.dir, env: at(iso) });
      execFileSync('git', ['commit', '-q', '-m', message], { cwd: repo.dir, env: at(iso) });
    };
    // 06:00 in London, on main
    repo.write('server/client.js', `const signalwireToken = '${token}';\n`);
    commitAt('Add the server client', '2024-03-01T06:00:00+00:00');
    // 10:00 in Karachi is 05:00 UTC: an hour earlier, on a branch from the first commit
    repo.git('checkout', '-q', '-b', 'mobile', 'HEAD~1');
    repo.write('mobile/client.js', `const signalwireToken = '${token}';\n`);
    commitAt('Add the mobile client', '2024-03-01T10:00:00+05:00');
    const { doc } = json(repo.dir, ['history']);
    expect(doc.credentials).toHaveLength(1);
    expect(doc.credentials[0]!.firstExposure).toMatchObject({ file: 'mobile/client.js', date: '2024-03-01T10:00:00+05:00' });
  });
});
