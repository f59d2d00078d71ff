// What the engine attaches to each finding for the credential inventory: which credential
// (or which project / Space) the match is, as a deterministic keyed hash of the value alone,
// so that the same token found in a .env file, inside a base64 Basic header and in an old
// commit is one credential. Nothing here is printed as is: reporters print `id` and the
// already-redacted `shown`; `secret` (the raw value) exists only with --verify, only in
// memory, and is taken off the findings before any reporter runs (src/inventory/index.ts).
import { nodeCrypto } from '../io/lazy-builtins.js';
import { redact } from '../engine/redact.js';
import { UUID_SOURCE } from '../detect/candidates.js';
import { jsonSegment } from '../detect/decoders.js';

export type CredentialKind = 'api-token' | 'signing-key' | 'personal-access-token' | 'client-token';

export interface CredentialRef {
  /** a secret to rotate, or the project / Space a secret belongs to (context for the inventory) */
  role: 'secret' | 'project' | 'space';
  /** `swc_` + keyed hash of the value alone: the same value gives the same id in every run and repository */
  id: string;
  kind?: CredentialKind;
  /** the value as reports show it: redacted unless --no-redact */
  shown: string;
  /** the project the secret names itself: a basic-auth pair's user, a client token's project claim (hashed id and display) */
  project?: { id: string; shown: string; value?: string };
  /** raw value: only with --verify, only in memory (never serialised) */
  value?: string;
}

/**
 * A fixed, public key: the id must be the same in every run and on every machine (merging
 * reports across repositories depends on it). The key only separates these ids from plain
 * hashes of the same value; tokens carry 192 random bits, so the hash reveals nothing.
 */
const ID_KEY = 'swlint credential id v1';

export function credentialId(role: CredentialRef['role'], value: string): string {
  return 'swc_' + nodeCrypto().createHmac('sha256', ID_KEY).update(`${role}\0${value}`).digest('hex').slice(0, 24);
}

/** The kind a secret's own shape says it is; the rule decides when the shape does not. */
function kindOf(ruleId: string, value: string): CredentialKind {
  if (/^PSK_/.test(value) || ruleId === 'signalwire-signing-key') return 'signing-key';
  if (/^pat_/.test(value) || ruleId === 'signalwire-personal-access-token') return 'personal-access-token';
  if (/^eyJ/.test(value) || ruleId === 'signalwire-client-token') return 'client-token';
  return 'api-token';
}

const SECRET_RULES = new Set([
  'signalwire-api-token',
  'signalwire-signing-key',
  'signalwire-personal-access-token',
  'signalwire-client-token',
  'signalwire-basic-auth',
  'signalwire-public-env-exposure',
]);

/** An environment variable's name or prefix (what some public-env findings point at), not a value. */
const VARIABLE_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * The inventory fields of one match, or nothing when the match is not a credential or its
 * context (insecure transport, suppressions, custom rules, variable names).
 */
export function credentialFields(ruleId: string, secret: string, options: { redact: boolean; keepSecrets?: boolean }): { credential?: CredentialRef } {
  // copies that share no memory with the scanned text (see detach in src/engine/engine.ts)
  const own = (v: string) => v.split('').join('');
  const show = (v: string) => own(options.redact ? redact(v) : v);
  const keep = options.keepSecrets === true;
  if (ruleId === 'signalwire-project-id') {
    const v = secret.toLowerCase();
    return { credential: { role: 'project', id: credentialId('project', v), shown: show(v), ...(keep ? { value: own(v) } : {}) } };
  }
  if (ruleId === 'signalwire-space-url') {
    const v = secret.toLowerCase();
    return { credential: { role: 'space', id: credentialId('space', v), shown: show(v), ...(keep ? { value: own(v) } : {}) } };
  }
  if (!SECRET_RULES.has(ruleId) || secret === '' || VARIABLE_NAME.test(secret)) return {};
  let value = secret;
  let project: CredentialRef['project'];
  if (ruleId === 'signalwire-basic-auth') {
    // `project-id:token`: the credential is the token; the project is its context
    const colon = secret.indexOf(':');
    if (colon > 0) {
      const p = secret.slice(0, colon).toLowerCase();
      value = secret.slice(colon + 1);
      project = { id: credentialId('project', p), shown: show(p), ...(keep ? { value: own(p) } : {}) };
    }
  }
  if (!project && kindOf(ruleId, value) === 'client-token') {
    const p = projectClaim(value);
    if (p) project = { id: credentialId('project', p), shown: show(p), ...(keep ? { value: own(p) } : {}) };
  }
  return {
    credential: {
      role: 'secret',
      id: credentialId('secret', value),
      kind: kindOf(ruleId, value),
      shown: show(value),
      ...(project ? { project } : {}),
      ...(keep ? { value: own(value) } : {}),
    },
  };
}

const UUID = new RegExp(`^${UUID_SOURCE}$`);

/**
 * The project a signed client token says it belongs to: a Fabric subscriber token's
 * `project_id`, a Relay JWT's `sub` (`iss` "SignalWire JWT"). Encrypted tokens (JWE) say nothing
 * readable. Read from the token, it beats the one-project-in-the-file guess the inventory makes
 * otherwise (an app that bundles the SDK also bundles the SDK's fixture project).
 */
function projectClaim(token: string): string | null {
  const parts = token.split('.');
  const claims = parts.length === 3 ? jsonSegment(parts[1] ?? '') : null;
  if (!claims) return null;
  const named = typeof claims.project_id === 'string' ? claims.project_id.toLowerCase() : null;
  if (named && UUID.test(named)) return named;
  const sub = typeof claims.sub === 'string' ? claims.sub.toLowerCase() : null;
  return claims.iss === 'SignalWire JWT' && sub && UUID.test(sub) ? sub : null;
}
