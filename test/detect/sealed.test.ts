// Which .env contents count as encrypted throughout (src/detect/sealed.ts): the shapes sops and
// dotenvx write, and the near misses that stay ordinary .env files.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSealedDotenv } from '../../src/detect/sealed.js';
import { fakeToken } from '../helpers/secrets.js';

const b64 = (n: number) => randomBytes(n).toString('base64');
const sops = (n: number) => `ENC[AES256_GCM,data:${b64(n)},iv:${b64(32)},tag:${b64(16)},type:str]`;
const sopsTail = `sops_age__list_0__map_recipient=age1${randomBytes(20).toString('hex')}\nsops_lastmodified=2024-06-11T09:12:44Z\nsops_mac=${sops(32)}\nsops_version=3.8.1\n`;
const dotenvx = () => `"encrypted:${b64(90)}"`;
const dotenvxHead = `#/-------------------[DOTENV_PUBLIC_KEY]--------------------/\n#/            public-key encryption for .env files          /\nDOTENV_PUBLIC_KEY="03${randomBytes(32).toString('hex')}"\n\n# .env\n`;

describe('isSealedDotenv', () => {
  it('a sops-encrypted .env (every value ENC[…], sops_ metadata) is sealed', () => {
    expect(isSealedDotenv(`SIGNALWIRE_PROJECT_ID=${sops(36)}\nSIGNALWIRE_API_TOKEN=${sops(50)}\n${sopsTail}`)).toBe(true);
  });
  it('a dotenvx-encrypted .env (every value "encrypted:…", a public key) is sealed, CRLF too', () => {
    expect(isSealedDotenv(`${dotenvxHead}SIGNALWIRE_API_TOKEN=${dotenvx()}\nexport SIGNALWIRE_PROJECT_ID=${dotenvx()}\n`.replace(/\n/g, '\r\n'))).toBe(true);
  });
  it('one value in clear, a line that is no assignment, or no marker of the tool, and it is an ordinary .env', () => {
    expect(isSealedDotenv(`SIGNALWIRE_PROJECT_ID=${sops(36)}\nSIGNALWIRE_API_TOKEN=${fakeToken()}\n${sopsTail}`)).toBe(false);
    expect(isSealedDotenv(`SIGNALWIRE_API_TOKEN=${sops(50)}\nthis line is not an assignment\n${sopsTail}`)).toBe(false);
    expect(isSealedDotenv(`SIGNALWIRE_API_TOKEN=${sops(50)}\nSIGNALWIRE_PROJECT_ID=${sops(36)}\n`)).toBe(false);
    expect(isSealedDotenv(`SIGNALWIRE_API_TOKEN=${dotenvx()}\n`)).toBe(false);
    expect(isSealedDotenv(`${dotenvxHead}SIGNALWIRE_SPACE_URL=orbit-demo.signalwire.com\nSIGNALWIRE_API_TOKEN=${dotenvx()}\n`)).toBe(false);
    expect(isSealedDotenv(sopsTail)).toBe(false);
    expect(isSealedDotenv('')).toBe(false);
  });
});
