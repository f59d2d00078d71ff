// Synthetic values of the real credential formats, random on each run: test data never holds a real credential.
import { randomBytes, randomUUID } from 'node:crypto';

/** A synthetic API token of the real shape: PT + 48 random lowercase hex digits. */
export const fakeToken = (): string => 'PT' + randomBytes(24).toString('hex');
/** A random v4 UUID (a project id when it sits in SignalWire context). */
export const fakeProjectId = (): string => randomUUID();

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/**
 * `n` random letters and digits (the body of a PSK_ signing key or a pat_ token), mixing upper
 * case, lower case and digits as real ones do, and spelling no placeholder word (`here`, `your`…):
 * a draw without a digit or with such a word would be a different test, failing at random.
 */
export function fakeAlnum(n: number): string {
  for (;;) {
    const s = [...randomBytes(n)].map((b) => ALNUM[b % ALNUM.length]).join('');
    if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s) && !/your|token|here|example|test|fake|dummy|sample|xxx/i.test(s)) return s;
  }
}
