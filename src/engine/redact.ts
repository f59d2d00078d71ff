import { nodeCrypto } from '../io/lazy-builtins.js';

/**
 * Keeps at most the first and last 4 characters, and never more than a third of the
 * secret in all: a 50-char token shows as `PTe3…12b5`, a 9-char value as `P…5`.
 */
export function redact(secret: string): string {
  const keep = Math.min(4, Math.floor(secret.length / 6));
  if (keep === 0) return '…';
  return `${secret.slice(0, keep)}…${secret.slice(-keep)}`;
}

/** Stable across line moves: rule + path + the secret, hashed (the secret never appears). */
export function fingerprint(ruleId: string, path: string, secret: string): string {
  return nodeCrypto().createHash('sha256').update(`${ruleId}\0${path}\0${secret}`).digest('hex').slice(0, 32);
}
