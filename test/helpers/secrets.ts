// Synthetic values of the real credential formats, random on each run: test data never holds a real credential.
import { randomBytes, randomUUID } from 'node:crypto';

/** A synthetic API token of the real shape: PT + 48 random lowercase hex digits. */
export const fakeToken = (): string => 'PT' + randomBytes(24).toString('hex');
/** A random v4 UUID (a project id when it sits in SignalWire context). */
export const fakeProjectId = (): string => randomUUID();

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** `n` random letters and digits (the body of a PSK_ signing key or a pat_ token). */
export const fakeAlnum = (n: number): string => [...randomBytes(n)].map((b) => ALNUM[b % ALNUM.length]).join('');
