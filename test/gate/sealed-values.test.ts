// The sealed .env exemption (src/detect/sealed.ts) lifts the .env findings of a file whose every
// value looks encrypted (sops `ENC[...]`, dotenvx `encrypted:...`). The markers are a few
// characters anyone can write: a file in which a credential is found in clear is no sealed file,
// and a change that wraps a token in them gets its dotenv-committed finding as well.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { changeOnBranch } from '../helpers/change.js';

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
