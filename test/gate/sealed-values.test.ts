// The sealed .env exemption (src/detect/sealed.ts) lifts the .env findings of a file whose every
// value looks encrypted (sops `ENC[...]`, dotenvx `encrypted:...`). The markers are a few
// characters anyone can write: a file in which a credential is found in clear is no sealed file,
// and a change that wraps a token in them gets its dotenv-committed finding as well.
import { randomBytes } from 'node:crypto';
import { rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { changeOnBranch } from '../helpers/change.js';
import { TestRepo } from '../helpers/git-repo.js';
import { runJson, summarize } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

describe('a .env whose "encrypted" values hold a credential in clear is not exempt as sealed', () => {
  const b64 = (n: number) => randomBytes(n).toString('base64');
  const enc = (data: string) => `ENC[AES256_GCM,data:${data},iv:${b64(32)},tag:${b64(16)},type:str]`;
  const sops = (data: string) => `SIGNALWIRE_API_TOKEN=${enc(data)}\nsops_lastmodified=2026-02-11T09:12:44Z\nsops_mac=${enc(b64(32))}\nsops_version=3.8.1\n`;

  it('sops and dotenvx markers around a token: dotenv-committed and the token are both reported; a real encrypted .env passes', () => {
    const dotenvx = `DOTENV_PUBLIC_KEY="03${randomBytes(32).toString('hex')}"\nSIGNALWIRE_API_TOKEN="encrypted:${fakeToken()}"\n`;
    const { staged, diff } = changeOnBranch({
      'deploy/.env': Buffer.from(sops(fakeToken())),
      'services/.env': Buffer.from(dotenvx),
      'config/.env': Buffer.from(sops(b64(50))),
    });
    for (const run of [staged, diff]) {
      expect(run.code).toBe(1);
      expect(run.findings.map((f) => `${f.ruleId} ${f.file}`).sort()).toEqual([
        'dotenv-committed deploy/.env',
        'dotenv-committed services/.env',
        'signalwire-api-token deploy/.env',
        'signalwire-api-token services/.env',
      ]);
    }
  });
});

describe('a sealed .env that a change turns into a plain one', () => {
  const b64 = (n: number) => randomBytes(n).toString('base64');
  const enc = () => `ENC[AES256_GCM,data:${b64(24)},iv:${b64(32)},tag:${b64(16)},type:str]`;
  const sealed = () => `DATABASE_URL=${enc()}\nsops_lastmodified=2026-02-11T09:12:44Z\nsops_mac=${enc()}\nsops_version=3.8.1\n`;
  const plain = 'DATABASE_URL=postgres://app:s3cr3t-pw@db.internal:5432/app\n';
  const dotenvFindings = (r: { findings: { ruleId: string; file: string }[] }) =>
    r.findings.filter((f) => f.ruleId.startsWith('dotenv-')).map((f) => `${f.ruleId} ${f.file}`);

  it('decrypted in a later commit of the range: diff reports dotenv-committed, as scan does', () => {
    const repo = TestRepo.create().write('README.md', '# service\n');
    const base = repo.commit('base');
    repo.write('deploy/.env', sealed()).commit('Add the encrypted settings');
    repo.write('deploy/.env', plain).commit('Local settings');
    expect(dotenvFindings(runJson(['scan'], { cwd: repo.dir }))).toEqual(['dotenv-committed deploy/.env']);
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(dotenvFindings(diff)).toEqual(['dotenv-committed deploy/.env']);
    expect(diff.code).toBe(1);
  });

  it("BASE's sealed file decrypted by the change: staged and diff report it; edits to a plain .env BASE had, or a sealed one re-encrypted, add nothing", () => {
    const repo = TestRepo.create().write('config/.env', sealed()).write('legacy/.env', 'PORT=8080\n').write('ops/.env', sealed());
    const base = repo.commit('base');
    repo.write('config/.env', plain).write('legacy/.env', 'PORT=9090\n').write('ops/.env', sealed());
    repo.git('add', '-A');
    const staged = runJson(['staged'], { cwd: repo.dir });
    expect(dotenvFindings(staged)).toEqual(['dotenv-committed config/.env']);
    expect(staged.code).toBe(1);
    repo.commit('Settings');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(dotenvFindings(diff)).toEqual(['dotenv-committed config/.env']);
    expect(diff.code).toBe(1);
  });
});

describe('history: a .env encrypted when first committed and written in clear later', () => {
  const b64 = (n: number) => randomBytes(n).toString('base64');
  const enc = () => `ENC[AES256_GCM,data:${b64(24)},iv:${b64(32)},tag:${b64(16)},type:str]`;
  const sealed = () => `DATABASE_URL=${enc()}\nsops_lastmodified=2026-02-11T09:12:44Z\nsops_mac=${enc()}\nsops_version=3.8.1\n`;
  const dotenvx = () => `DOTENV_PUBLIC_KEY="03${randomBytes(32).toString('hex')}"\nDATABASE_URL="encrypted:${b64(90)}"\n`;
  const plain = 'DATABASE_URL=postgres://app:s3cr3t-pw@db.internal:5432/app\nPORT=8080\n';

  it('is reported at the commit that wrote it in clear; one only ever encrypted (re-encrypted, or removed) is not', () => {
    const repo = TestRepo.create().write('README.md', '# service\n');
    repo.commit('Initial');
    repo.write('deploy/.env', sealed()).write('ops/.env', dotenvx()).write('infra/.env', sealed()).commit('Add the encrypted settings');
    // re-encrypted with new values: still sealed
    repo.write('ops/.env', dotenvx()).write('infra/.env', sealed()).commit('Rotate the encrypted settings');
    repo.write('deploy/.env', plain).commit('Local settings');
    // later encrypted again: the plain version stays in history
    repo.write('deploy/.env', sealed()).commit('Encrypt the settings again');
    repo.git('rm', '-q', 'infra/.env');
    repo.commit('Remove the infra settings');
    const history = runJson(['history'], { cwd: repo.dir });
    expect(summarize(history.findings, { commit: true })).toEqual(['dotenv-committed deploy/.env:1 @ Local settings']);
    expect(history.code).toBe(1);
    // a .env removed, then written back in clear: that commit
    repo.write('infra/.env', plain).commit('Infra settings back, in clear');
    expect(summarize(runJson(['history'], { cwd: repo.dir }).findings, { commit: true })).toEqual([
      'dotenv-committed deploy/.env:1 @ Local settings',
      'dotenv-committed infra/.env:1 @ Infra settings back, in clear',
    ]);
  });
});

describe('a .env that was a symbolic link', () => {
  it('replaced by a plain file: staged and diff report dotenv-committed, as scan does', () => {
    const repo = TestRepo.create().write('.env.defaults', 'PORT=8080\n');
    symlinkSync('.env.defaults', path.join(repo.dir, '.env'));
    const base = repo.commit('base');
    rmSync(path.join(repo.dir, '.env'));
    repo.write('.env', 'DATABASE_URL=postgres://app:s3cr3t-pw@db.internal:5432/app\n');
    repo.git('add', '-A');
    const staged = runJson(['staged'], { cwd: repo.dir });
    expect(staged.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['dotenv-committed .env']);
    expect(staged.code).toBe(1);
    repo.commit('Settings in the file itself');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(diff.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['dotenv-committed .env']);
    expect(diff.code).toBe(1);
  });
});
