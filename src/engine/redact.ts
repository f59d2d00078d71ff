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

// UUIDs, long alphanumeric runs (tokens, keys, base64) and hex runs
const CREDENTIAL_LIKE = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9+/]{20,}={0,2}/g;

/** Replaces credential-like runs in context text with their redacted form. */
export function maskCredentials(s: string): string {
  return s.replace(CREDENTIAL_LIKE, (run) => (isPathLike(run) ? run : redact(run)));
}

/** a run with a slash and no long alphanumeric stretch: a path (`src/config/app`), not base64 */
function isPathLike(run: string): boolean {
  return run.includes('/') && !/[A-Za-z0-9+]{20,}/.test(run);
}

/** what an error message names that is no secret: a git object id (what git could not read), a word (a config key: `honourNewInlineIgnores`) */
const NO_SECRET = /^(?:[0-9a-f]{40}|[0-9a-f]{64}|[A-Za-z]+)$/;

/**
 * An error line with credential-like runs masked as in snippets (object ids and words kept): it
 * may quote what the user typed, and a ref, a path or a config name can hold a token (a branch a
 * pull request named, passed on by CI as `swlint diff origin/main "origin/$HEAD_REF"`).
 */
export function maskMessage(s: string): string {
  return s.replace(CREDENTIAL_LIKE, (run) => (NO_SECRET.test(run) || isPathLike(run) ? run : redact(run)));
}
