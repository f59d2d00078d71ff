import type { ContentRule, DetectInput, RuleMatch } from '../src/types.js';
import { findBounded } from '../src/detect/candidates.js';
import { isPlaceholderSecret } from '../src/detect/placeholders.js';
import { readFromEnvironment, PURGE_HISTORY } from '../src/detect/language.js';

const SIGNING_KEY = /PSK_[A-Za-z0-9]{20,64}/g;

function isSigningKey(v: string): boolean {
  const body = v.slice(4);
  // real keys mix digits and letters; PSK_SOMETHINGCONSTANT is an identifier
  if (!/[0-9]/.test(body) || !/[A-Za-z]/.test(body) || (/^[A-Z0-9]+$/.test(body) && !/^[0-9A-F]+$/.test(body))) return false;
  return !isPlaceholderSecret(v) && !/test|example|your|sample/i.test(body);
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
  fix: (input) =>
    `${readFromEnvironment(input, 'signing key', input.envVar)}. Rotate it: in your Space open the project's API credentials and rotate the signing key (POST /api/projects/{id}/signing-key/rotate), then deploy the new key. ${PURGE_HISTORY}.`,
  detect,
  examples: {
    positive: [
      { path: 'webhook_guard.py', text: 'SIGNING_KEY = "PSK_FfltcVgYCEtLwo76LH3E6GLn"' },
      { path: 'settings.ini', text: 'signing_key = PSK_joGVEKHoe6LAdoqtEqZlxnpE' },
      { path: 'webhooks.js', text: "const KEY = process.env.SIGNALWIRE_SIGNING_KEY || 'PSK_TzvLTd8eYH8vIt0Q4ZZyMnIA';" },
      { path: 'key.txt', text: 'PSK_9c1e5a7b3d2f4e6a8b0c1d3e5f7a9b2c', why: 'hex form' },
    ],
    negative: [
      { path: 'docs.py', text: '# docs: signing_key="PSK..." (copy from Dashboard)' },
      { path: 'webhooks.js', text: '// the docs show it as PSK_your_signing_key' },
      { path: 'spec.ts', text: "const key = 'PSK_4d8c2b1a9f3e7c6d5b4a3e2f1d0c9b8a';", why: 'published documentation value' },
      { path: 'wifi.c', text: '#define PSK_LENGTH_MAXIMUM 64\nint wpa_psk_key = 0;' },
      { path: 'pay.php', text: "$ref = 'PSK_'.Str::random(16);" },
      { path: 'test.py', text: 'key = "PSKtest1234567890abcdef"' },
    ],
  },
};

export default rule;
