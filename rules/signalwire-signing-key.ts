import type { ContentRule, DetectInput, RuleMatch } from '../src/types.js';
import { findBounded } from '../src/detect/candidates.js';
import { isPlaceholderSecret } from '../src/detect/placeholders.js';

/** How to rotate the key, in the fix and once HEAD no longer holds it */
const ROTATE_SIGNING_KEY =
  "Rotate it: in your Space open the project's API credentials and rotate the signing key (POST /api/projects/{id}/signing-key/rotate), then deploy the new key.";
import { readFromEnvironment, PURGE_HISTORY, PURGE_IF_SHARED } from '../src/detect/language.js';

const SIGNING_KEY = /PSK_[A-Za-z0-9]{20,64}/g;

/** Shannon entropy of the characters, in bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/** Upper/lower case changes between neighbouring letters: about half of them in random text, a few per word in an identifier. */
function caseChanges(s: string): number {
  const letters = s.replace(/[^A-Za-z]/g, '');
  let n = 0;
  for (let i = 1; i < letters.length; i++) if (/[A-Z]/.test(letters[i]!) !== /[A-Z]/.test(letters[i - 1]!)) n++;
  return n;
}

/**
 * Random, not a name: real keys are 24 random alphanumerics (about 1.5 % of them hold no digit)
 * or hex. Judged by randomness: hex, or mixed case with high entropy and case changing all
 * along (PSK_SOMETHINGCONSTANT and PSK_SomeConstantName are identifiers).
 */
function isSigningKey(v: string): boolean {
  const body = v.slice(4);
  if (isPlaceholderSecret(v) || /test|example|your|sample/i.test(body)) return false;
  if (/^[0-9a-f]+$/.test(body) || /^[0-9A-F]+$/.test(body)) return /[0-9]/.test(body) && /[A-Fa-f]/.test(body);
  if (/[0-9]/.test(body)) return /[A-Za-z]/.test(body) && !/^[A-Z0-9]+$/.test(body);
  if (!/[A-Z]/.test(body) || !/[a-z]/.test(body)) return false;
  // camel-case words all along (PSK_SignalWireHeaderName): a name
  if (/^[a-z]*(?:[A-Z]{1,2}[a-z]{2,})+[A-Z]?$/.test(body)) return false;
  return entropy(body) >= 3.2 && caseChanges(body) >= body.length / 8;
}

function detect(input: DetectInput): RuleMatch[] {
  return findBounded(input, SIGNING_KEY, isSigningKey).map((c) => ({ start: c.start, end: c.end, secret: c.value }));
}

const rule: ContentRule = {
  kind: 'content',
  id: 'signalwire-signing-key',
  severity: 'error',
  precision: 'very-high',
  message: 'Hard-coded SignalWire signing key',
  description:
    'A SignalWire signing key (PSK_…) is in the code. It is the HMAC key behind X-SignalWire-Signature: whoever has it can forge webhook requests that your application will trust.',
  keywords: ['psk_'],
  envVar: 'SIGNALWIRE_SIGNING_KEY',
  fix: (input) => `${readFromEnvironment(input, 'signing key', input.envVar)}. ${ROTATE_SIGNING_KEY} ${PURGE_HISTORY}.`,
  historyOnlyFix: `${ROTATE_SIGNING_KEY} ${PURGE_IF_SHARED}.`,
  detect,
  examples: {
    positive: [
      { path: 'webhook_guard.py', text: 'SIGNING_KEY = "PSK_FfltcVgYCEtLwo76LH3E6GLn"', line: 1, column: 16, secret: 'PSK_FfltcVgYCEtLwo76LH3E6GLn' },
      { path: 'settings.ini', text: 'signing_key = PSK_joGVEKHoe6LAdoqtEqZlxnpE', line: 1, column: 15, secret: 'PSK_joGVEKHoe6LAdoqtEqZlxnpE' },
      {
        path: 'webhooks.js',
        text: "const KEY = process.env.SIGNALWIRE_SIGNING_KEY || 'PSK_TzvLTd8eYH8vIt0Q4ZZyMnIA';",
        line: 1,
        column: 52,
        secret: 'PSK_TzvLTd8eYH8vIt0Q4ZZyMnIA',
      },
      { path: 'key.txt', text: 'PSK_9c1e5a7b3d2f4e6a8b0c1d3e5f7a9b2c', why: 'hex form', line: 1, column: 1, secret: 'PSK_9c1e5a7b3d2f4e6a8b0c1d3e5f7a9b2c' },
      {
        path: '.env',
        text: 'SIGNALWIRE_SIGNING_KEY=PSK_hQwZtRbnKeLyVcuXpMaGsDoF',
        why: 'random letters without a digit (about 1.5 % of real keys)',
        line: 1,
        column: 24,
        secret: 'PSK_hQwZtRbnKeLyVcuXpMaGsDoF',
      },
      {
        path: 'Webhook.java',
        text: 'private static final String KEY = "PSK_xBvNqTkWrLzHsJmYcPdFgAeU";',
        line: 1,
        column: 36,
        secret: 'PSK_xBvNqTkWrLzHsJmYcPdFgAeU',
      },
      {
        path: 'k8s/secret.yaml',
        text: 'apiVersion: v1\nkind: Secret\ntype: Opaque\ndata:\n  SIGNALWIRE_SIGNING_KEY: UFNLX3ZyNTVqMmF6bTcyUUZwakZmZ0JuZ3Z5Zg==\n',
        why: 'base64 shorter than a PT token, in a Secret',
        line: 5,
        column: 27,
        secret: 'PSK_vr55j2azm72QFpjFfgBngvyf',
      },
    ],
    negative: [
      { path: 'docs.py', text: '# docs: signing_key="PSK..." (copy from Dashboard)' },
      { path: 'webhooks.js', text: '// the docs show it as PSK_your_signing_key' },
      { path: 'spec.ts', text: "const key = 'PSK_4d8c2b1a9f3e7c6d5b4a3e2f1d0c9b8a';", why: 'published documentation value' },
      { path: 'wifi.c', text: '#define PSK_LENGTH_MAXIMUM 64\nint wpa_psk_key = 0;' },
      { path: 'pay.php', text: "$ref = 'PSK_'.Str::random(16);" },
      { path: 'test.py', text: 'key = "PSKtest1234567890abcdef"' },
      { path: 'consts.ts', text: 'export const PSK_SignalWireWebhookHeaderName = "x-signalwire-signature";', why: 'a camel-case identifier' },
      { path: 'wifi.h', text: '#define PSK_DEFAULTPASSPHRASELENGTH 63' },
    ],
  },
};

export default rule;
