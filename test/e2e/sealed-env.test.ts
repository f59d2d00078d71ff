// A .env file encrypted throughout (sops, dotenvx) is the one kind meant to be committed: no
// dotenv-not-ignored, dotenv-committed or dotenv-shipped finding for it in any command, while an
// ordinary .env beside it, or an encrypted one with a value left in clear, is reported as before.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { runJson, summarize } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

const b64 = (n: number) => randomBytes(n).toString('base64');
const enc = (n: number) => `ENC[AES256_GCM,data:${b64(n)},iv:${b64(32)},tag:${b64(16)},type:str]`;
const sopsEnv = (token = enc(50)) =>
  `SIGNALWIRE_PROJECT_ID=${enc(36)}\nSIGNALWIRE_API_TOKEN=${token}\nsops_lastmodified=2024-06-11T09:12:44Z\nsops_mac=${enc(32)}\nsops_version=3.8.1\n`;
const dotenvxEnv = () => `DOTENV_PUBLIC_KEY="03${randomBytes(32).toString('hex')}"\nSIGNALWIRE_API_TOKEN="encrypted:${b64(90)}"\n`;

describe('encrypted .env files', () => {
  it('scan: an encrypted .env git does not ignore, or tracks, is no finding; a plain one and a half-encrypted one are', () => {
    const repo = TestRepo.create();
    repo.write('.gitignore', 'node_modules/\n');
    repo.write('deploy/.env.production', sopsEnv()).write('.env.enc', dotenvxEnv()).commit('Encrypted settings');
    repo.write('.env', sopsEnv()).write('services/api/.env', 'DEBUG=1\n');
    const token = fakeToken();
    repo.write('services/web/.env.staging', sopsEnv(token));
    const r = runJson(['scan', '.'], { cwd: repo.dir });
    expect(summarize(r.findings)).toEqual([
      'dotenv-not-ignored services/api/.env:1',
      'dotenv-not-ignored services/web/.env.staging:1',
      'signalwire-api-token services/web/.env.staging:2',
    ]);
  });

  it('staged, diff and history: an encrypted .env added is no finding; a plain one added in the same commit is', () => {
    const repo = TestRepo.create();
    repo.write('README.md', '# app\n');
    const base = repo.commit('Initial');
    repo.write('.env', sopsEnv()).write('config/.env.local', 'DEBUG=1\n');
    repo.git('add', '-A');
    expect(summarize(runJson(['staged'], { cwd: repo.dir }).findings)).toEqual(['dotenv-committed config/.env.local:1']);
    repo.commit('Add settings');
    expect(summarize(runJson(['diff', base], { cwd: repo.dir }).findings)).toEqual(['dotenv-committed config/.env.local:1 @ Add settings']);
    // history judges each version at the commit that added it: the .env was encrypted there
    repo.write('.env.production', dotenvxEnv()).commit('Add production settings');
    expect(summarize(runJson(['history'], { cwd: repo.dir }).findings, { commit: true })).toEqual(['dotenv-committed config/.env.local:1 @ Add settings']);
  });
});
