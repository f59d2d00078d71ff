import type { ContentRule, DetectInput, RuleMatch } from '../src/types.js';
import { ptTokens, ptTokenWithinLines, token50Candidates, UUID_SOURCE } from '../src/detect/candidates.js';
import {
  assignmentKey,
  envFallbackName,
  inSignalWireScope,
  isGenericTokenName,
  isSignalWireName,
  isTokenName,
  linesBack,
  linesForward,
  signalWireNear,
  signalWireOnNearbyLines,
} from '../src/detect/context.js';
import { clientArgumentAt } from '../src/detect/clients.js';
import { inOtherHostUrl, namesOtherService } from '../src/detect/other-service.js';
import { assembledPtTokens } from '../src/detect/assemble.js';
import { isPlaceholderSecret } from '../src/detect/placeholders.js';
import { readFromEnvironment, ROTATE_TOKEN, PURGE_HISTORY, ROTATE_TOKEN_IN_HISTORY } from '../src/detect/language.js';

// base64 of "PT" + a hex digit starts with "UFQ" (0-9) or "UFR" (a-f): Kubernetes Secret data, CI variables
const BASE64_PT = /UF[QR][A-Za-z0-9+/]{60,72}={0,2}/g;
// hex of "PT" is 5054, of a hex digit 3X (0-9) or 6[1-6] (a-f): a token or a whole .env hex-encoded (`xxd -p`
// wraps it at 60 digits, so a line break may come between two bytes). Random hex matches 48 such pairs in a row
// with odds of 16^-48, so no boundary is needed (the token may sit mid-run).
const HEX_PT = /5054(?:(?:\r?\n)?(?:3[0-9]|6[1-6])){48}/gi;

/** A 50-character token without the PT prefix counts only where SignalWire context says so. */
function isSignalWireToken50(input: DetectInput, start: number): boolean {
  const arg = clientArgumentAt(input, start);
  if (arg && arg.index === 1) return true;
  // the default of a lookup named for SignalWire's token: `Configuration["SignalWire:Token"] ?? "…"`, `env('SIGNALWIRE_TOKEN', '…')`
  const fallback = envFallbackName(input, start);
  if (fallback && isTokenName(fallback) && isSignalWireName(fallback)) return true;
  const key = assignmentKey(input, start);
  if (!key || !isTokenName(key)) return false;
  if (isSignalWireName(key)) return true;
  // `token = …` says nothing of whose token it is: the enclosing section or nearby lines must
  if (!isGenericTokenName(key)) return false;
  // `sentry = { project = "…", token = "…" }` beside SignalWire's settings: the block names whose token it is
  if (namesOtherService(input, start, key) || inOtherHostUrl(input, start)) return false;
  if (inSignalWireScope(input, start)) return true;
  // `SECRET_KEY` is the web framework's own signing key (Django, Flask), whatever SignalWire setting is written beside it
  if (FRAMEWORK_SECRET_KEY.test(key)) return false;
  if (projectBeside(input, start)) return true;
  // SignalWire's token written out on a line beside it (`SIGNALWIRE_TOKEN="PT…"`, then `API_KEY="…"`, or a
  // 50-character one under its SignalWire name, then WordPress's `AUTH_KEY`): this one is another service's
  return signalWireOnNearbyLines(input, start, 2) && !ptTokenWithinLines(input, start, 2) && !namedToken50Beside(input, start);
}

/** A 50-character value under a SignalWire token name within 2 lines of `start` (not at it). */
function namedToken50Beside(input: DetectInput, start: number): boolean {
  const from = linesBack(input, start, 2);
  const to = linesForward(input, start, 2);
  return token50Candidates(input).some((c) => {
    if (c.start === start || c.start < from || c.start > to) return false;
    const key = assignmentKey(input, c.start) ?? envFallbackName(input, c.start);
    return key !== null && isTokenName(key) && isSignalWireName(key);
  });
}

const FRAMEWORK_SECRET_KEY = /^secret[_-]?key$/i;

// `project: '<uuid>'`, `self.project = "<uuid>"`: the other half of a credential pair
const PROJECT_UUID = new RegExp(`\\bproject(?:[_-]?id)?["']?\\s*[:=]\\s*["']?${UUID_SOURCE}\\b`, 'i');

/**
 * A token beside a hard-coded project ID (within 2 lines) in a file that names SignalWire: a
 * Relay consumer's `self.project = …` / `self.token = …`, an SDK client's options spread over lines.
 */
function projectBeside(input: DetectInput, start: number): boolean {
  const near = input.text.slice(linesBack(input, start, 2), linesForward(input, start, 2));
  return PROJECT_UUID.test(near) && signalWireNear(input, start);
}

function detect(input: DetectInput): RuleMatch[] {
  const hasPT = input.text.includes('PT');
  const out: RuleMatch[] = ptTokens(input).map((c) => ({ start: c.start, end: c.end, secret: c.value }));
  if (input.has('signalwire') || input.has('sw_') || input.has('twilio') || input.has('swire')) {
    for (const c of token50Candidates(input)) {
      if (isSignalWireToken50(input, c.start)) out.push({ start: c.start, end: c.end, secret: c.value });
    }
  }
  if (input.text.includes('UFR') || input.text.includes('UFQ')) {
    BASE64_PT.lastIndex = 0;
    for (let m = BASE64_PT.exec(input.text); m; m = BASE64_PT.exec(input.text)) {
      const decoded = Buffer.from(m[0], 'base64').toString('latin1');
      const t = /^PT[0-9a-f]{48}/.exec(decoded);
      if (t && !isPlaceholderSecret(t[0]))
        out.push({ start: m.index, end: m.index + m[0].length, secret: t[0], message: 'Hard-coded SignalWire API token (base64-encoded)' });
    }
  }
  if (input.text.includes('5054')) {
    HEX_PT.lastIndex = 0;
    for (let m = HEX_PT.exec(input.text); m; m = HEX_PT.exec(input.text)) {
      const t = Buffer.from(m[0].replace(/\s/g, ''), 'hex').toString('latin1');
      if (!isPlaceholderSecret(t))
        out.push({ start: m.index, end: m.index + m[0].length, secret: t, message: 'Hard-coded SignalWire API token (hex-encoded)' });
    }
  }
  for (const a of hasPT ? assembledPtTokens(input) : []) {
    if (!isPlaceholderSecret(a.value))
      out.push({
        start: a.start,
        end: a.end,
        reachesTo: a.lastEnd,
        secret: a.value,
        message: 'Hard-coded SignalWire API token, split into concatenated pieces',
      });
  }
  return out;
}

const rule: ContentRule = {
  kind: 'content',
  id: 'signalwire-api-token',
  severity: 'error',
  precision: 'very-high',
  message: 'Hard-coded SignalWire API token',
  description:
    'A SignalWire API token (PT + 48 hex, or a token assigned to a SignalWire-named field) is in the code. With the project ID and Space URL it grants every scope the token has, to anyone who can read this file or its history.',
  keywords: ['signalwire', 'sw_', 'twilio', 'swire'],
  caseSensitiveKeywords: ['PT', 'UFQ', 'UFR', '5054'],
  envVar: 'SIGNALWIRE_API_TOKEN',
  fix: (input) => `${readFromEnvironment(input, 'token', input.envVar)}. ${ROTATE_TOKEN}. ${PURGE_HISTORY}.`,
  historyOnlyFix: ROTATE_TOKEN_IN_HISTORY,
  detect,
  examples: {
    positive: [
      {
        path: 'logs/audit.json',
        text: '{"event": "deploy", "body": "{\\"signalwire_project_id\\": \\"0b3945ab-00bb-4eed-b90b-aef0531969a8\\", \\"signalwire_token\\": \\"Lq3nX8vR2kT7pW4zH9mC1bF6yD0sG5aJ8eN3uV7iO2tK4rQ1wZ\\", \\"session_secret\\": \\"Ym4pQ7rT1vX9zB3nD6fH2jK8mS5wC0aE4gL7uO1iR9tV3yN6bZ\\"}"}\n',
        why: "JSON inside a JSON string: the key's quotes escaped (the session secret beside it is not reported)",
        line: 1,
        column: 124,
        secret: 'Lq3nX8vR2kT7pW4zH9mC1bF6yD0sG5aJ8eN3uV7iO2tK4rQ1wZ',
      },
      {
        path: 'Api/Program.cs',
        text: 'var project = builder.Configuration["SignalWire:ProjectId"];\nvar token = builder.Configuration["SignalWire:Token"] ?? "Grn5tBzedxylBe2hW4qha78VfIxyqJyxWcXWBM3bbpN6QBcAKB";\n',
        why: "a 50-character token as the default of .NET's configuration lookup named for SignalWire",
        line: 2,
        column: 59,
        secret: 'Grn5tBzedxylBe2hW4qha78VfIxyqJyxWcXWBM3bbpN6QBcAKB',
      },
      {
        path: 'src/send.js',
        text: "const client = RestClient(projectId, 'PTf37405b43e131d1af24108e88f27ce60f28e9d0d479243ed');",
        line: 1,
        column: 39,
        secret: 'PTf37405b43e131d1af24108e88f27ce60f28e9d0d479243ed',
      },
      {
        path: '.env',
        text: 'SIGNALWIRE_API_TOKEN=PTe1085a9aca92a16e53c8094b04a557f1f5f79ad5d314e2b4\n',
        line: 1,
        column: 22,
        secret: 'PTe1085a9aca92a16e53c8094b04a557f1f5f79ad5d314e2b4',
      },
      {
        path: 'notes.py',
        text: '# old token: PT5e2eba3a949ea939fb471889b9d601a4e747b5b5dd03918e (rotated?)',
        why: 'commented-out tokens still work until rotated',
        line: 1,
        column: 14,
        secret: 'PT5e2eba3a949ea939fb471889b9d601a4e747b5b5dd03918e',
      },
      {
        path: 'dist/app.min.js',
        text: 'var a={p:"x",t:"PT445f436a3cde81aada74927394417f3f31c4406acdf31df6"};function b(){return a}',
        why: 'minified bundle',
        line: 1,
        column: 17,
        secret: 'PT445f436a3cde81aada74927394417f3f31c4406acdf31df6',
      },
      {
        path: 'report.ipynb',
        text: '"source": ["token = \\"PT9412caaf7dae87a93a25b944085c07b8dfb2b6b4ee30ba70\\"\\n"]',
        why: 'JSON-escaped string in a notebook',
        line: 1,
        column: 23,
        secret: 'PT9412caaf7dae87a93a25b944085c07b8dfb2b6b4ee30ba70',
      },
      {
        path: 'twilio.env',
        text: 'TWILIO_AUTH_TOKEN=PTa1ca0b24374901f1fd6e3c925913cb93a82aa8bd23b801b9',
        why: 'SignalWire token under a Twilio-compatible name',
        line: 1,
        column: 19,
        secret: 'PTa1ca0b24374901f1fd6e3c925913cb93a82aa8bd23b801b9',
      },
      {
        path: 'bot/video.js',
        text: "import { Video } from '@signalwire/realtime-api';\n\nconst video = new Video.Client({\n  project: 'df9d08eb-c374-4e52-80a1-8226a42a14f3',\n  token: 'FxBfExgp22NZc3bsyHqo4gUD0141rHSKOiWa1cPZw0VuzeVU1Q',\n});\n",
        why: 'a 50-character token beside a hard-coded project, SDK options over lines',
        line: 5,
        column: 11,
        secret: 'FxBfExgp22NZc3bsyHqo4gUD0141rHSKOiWa1cPZw0VuzeVU1Q',
      },
      {
        path: 'bot/consumer.py',
        text: "from signalwire.relay.consumer import Consumer\n\n\nclass VoiceBot(Consumer):\n    def setup(self):\n        self.project = '83a51d27-debf-485f-9c2e-f3f60ffd14df'\n        self.token = 'FxBfExgp22NZc3bsyHqo4gUD0141rHSKOiWa1cPZw0VuzeVU1Q'\n",
        why: "a Relay consumer's setup",
        line: 7,
        column: 23,
        secret: 'FxBfExgp22NZc3bsyHqo4gUD0141rHSKOiWa1cPZw0VuzeVU1Q',
      },
      {
        path: 'scripts/setup-secrets.sh',
        text: "echo -n 'Qm7vK2pX9rL4tN8wB3yF6hJ1sD5gA0cE2uZ7iO4kR9mV3nT6bW' | wrangler secret put SIGNALWIRE_API_TOKEN\n",
        why: 'a 50-character token piped into a command that stores it under a SignalWire name',
        line: 1,
        column: 10,
        secret: 'Qm7vK2pX9rL4tN8wB3yF6hJ1sD5gA0cE2uZ7iO4kR9mV3nT6bW',
      },
      {
        path: 'terraform/variables.tf',
        text: 'variable "signalwire_api_token" {\n  type      = string\n  sensitive = true\n  default   = "Qm7vK2pX9rL4tN8wB3yF6hJ1sD5gA0cE2uZ7iO4kR9mV3nT6bW"\n}\n',
        why: "a 50-character token as a Terraform variable's default: the block names it",
        line: 4,
        column: 16,
        secret: 'Qm7vK2pX9rL4tN8wB3yF6hJ1sD5gA0cE2uZ7iO4kR9mV3nT6bW',
      },
      {
        path: 'secrets.toml',
        text: '[signalwire]\nproject = "x"\ntoken = "jR1HRDqX0GwjFDDvDpKfAOMIzbQ6hNrwcWdnrugjVT0n0WqqQp"\n',
        why: '50-char token in a [signalwire] section',
        line: 3,
        column: 10,
        secret: 'jR1HRDqX0GwjFDDvDpKfAOMIzbQ6hNrwcWdnrugjVT0n0WqqQp',
      },
      {
        path: 'app.ts',
        text: "const SIGNALWIRE_TOKEN = 'du1Dcbx8nslYrpT4q8MlSGFEiDz2f7muOG3HEfAGeGpz14EFXr';",
        line: 1,
        column: 27,
        secret: 'du1Dcbx8nslYrpT4q8MlSGFEiDz2f7muOG3HEfAGeGpz14EFXr',
      },
      {
        path: 'send.rb',
        text: "client = Signalwire::REST::Client.new '1ba63426-c248-450e-8ef0-dd9650b32385', 'cuXZy4nRkFGQKyirC0WI6yjJjDPQbLveP1K55sXBZyxMtjf8zg', signalwire_space_url: host",
        line: 1,
        column: 80,
        secret: 'cuXZy4nRkFGQKyirC0WI6yjJjDPQbLveP1K55sXBZyxMtjf8zg',
      },
      {
        path: 'k8s/secret.yaml',
        text: 'data:\n  SIGNALWIRE_API_TOKEN: ' + Buffer.from('PT91c22c05e8678ef510605732ecc79f127d894aec4be2bb49').toString('base64') + '\n',
        why: 'base64 in a Kubernetes Secret',
        line: 2,
        column: 25,
        secret: 'PT91c22c05e8678ef510605732ecc79f127d894aec4be2bb49',
      },
      {
        path: 'src/config.ts',
        text: 'const a = "PTa8e9bf0671668a14";\nconst b = "b77b689763afb9cd";\nconst c = "110fd3d6330a81d9";\nexport const TOKEN = a + b + c;\n',
        why: 'split into concatenated literals',
        line: 1,
        column: 12,
        secret: 'PTa8e9bf0671668a14b77b689763afb9cd110fd3d6330a81d9',
      },
      {
        path: 'sms.py',
        text: "SIGNALWIRE_TOKEN = ('PT'\n    'f7c6ec01ebbfba478081b87fd8563750da9ff8812c8c6537')\n",
        why: 'the prefix in a literal of its own',
        line: 1,
        column: 22,
        secret: 'PTf7c6ec01ebbfba478081b87fd8563750da9ff8812c8c6537',
      },
      {
        path: 'client.js',
        text: "const token = 'PT' + 'f7c6ec01ebbfba478081b87fd8563750da9ff8812c8c6537';\nconst other = `PT${'a8e9bf0671668a14b77b689763afb9cd110fd3d6330a81d9'}`;\n",
        why: 'the prefix alone, joined by + and in a template',
        count: 2,
      },
      {
        path: 'alerts.yml',
        text: 'url: "https%3A%2F%2Fhost%3APTf37405b43e131d1af24108e88f27ce60f28e9d0d479243ed%40x"',
        why: 'percent-encoded',
        line: 1,
        column: 28,
        secret: 'PTf37405b43e131d1af24108e88f27ce60f28e9d0d479243ed',
      },
      {
        path: 'user-data.yaml',
        text: `write_files:\n  - path: /opt/app/.env\n    encoding: b64\n    content: ${Buffer.from('SIGNALWIRE_API_TOKEN=PT3f9a1c7e5b2d8f4a6c0e9b1d3f5a7c2e4b6d8f0a1c3e5b7d\n').toString('base64')}\n`,
        why: 'a .env base64-encoded into cloud-init: decoded and scanned by every rule',
        line: 4,
        column: 42,
        secret: 'PT3f9a1c7e5b2d8f4a6c0e9b1d3f5a7c2e4b6d8f0a1c3e5b7d',
      },
      {
        path: 'probe.txt',
        text: `?target=${encodeURIComponent(encodeURIComponent('https://h/?t=PT3f9a1c7e5b2d8f4a6c0e9b1d3f5a7c2e4b6d8f0a1c3e5b7d&x=1'))}`,
        why: 'percent-encoded twice',
        line: 1,
        column: 1,
        secret: 'PT3f9a1c7e5b2d8f4a6c0e9b1d3f5a7c2e4b6d8f0a1c3e5b7d',
      },
      {
        path: 'config.json',
        text: `{"auth": "${[...'PT3f9a1c7e5b2d8f4a6c0e9b1d3f5a7c2e4b6d8f0a1c3e5b7d'].map((c) => '\\u00' + c.charCodeAt(0).toString(16)).join('')}"}`,
        why: 'JSON \\u escapes',
        line: 1,
        column: 11,
        secret: 'PT3f9a1c7e5b2d8f4a6c0e9b1d3f5a7c2e4b6d8f0a1c3e5b7d',
      },
      {
        path: 'seed.py',
        text: `TOKEN = "${[...'PT3f9a1c7e5b2d8f4a6c0e9b1d3f5a7c2e4b6d8f0a1c3e5b7d'].map((c) => '\\x' + c.charCodeAt(0).toString(16)).join('')}"`,
        why: 'hex escapes',
        line: 1,
        column: 10,
        secret: 'PT3f9a1c7e5b2d8f4a6c0e9b1d3f5a7c2e4b6d8f0a1c3e5b7d',
      },
      {
        path: 'auth.js',
        text: "export const token = `PT7c2e9a4f1b8d3c6e0a5f2b9d4c7e1a3f${'8b6d2c5e9f0a4b7c'}`;",
        why: 'template literal',
        line: 1,
        column: 23,
        secret: 'PT7c2e9a4f1b8d3c6e0a5f2b9d4c7e1a3f8b6d2c5e9f0a4b7c',
      },
      {
        path: 'legacy.py',
        text: 'LEGACY = f"PT7c2e9a4f1b8d3c6e0a5f2b9d4c7e1a3f{\'8b6d2c5e9f0a4b7c\'}"',
        why: 'f-string of literals',
        line: 1,
        column: 12,
        secret: 'PT7c2e9a4f1b8d3c6e0a5f2b9d4c7e1a3f8b6d2c5e9f0a4b7c',
      },
      {
        path: 'deploy.sh',
        text: 'export SIGNALWIRE_TOKEN=PT7c2e9a4f1b8d3c6e0a5f\\\n2b9d4c7e1a3f8b6d2c5e9f0a4b3d\n',
        why: 'continuation line',
        line: 1,
        column: 25,
        secret: 'PT7c2e9a4f1b8d3c6e0a5f2b9d4c7e1a3f8b6d2c5e9f0a4b3d',
      },
      {
        path: 'app.properties',
        text: 'signalwire.token=PT7c2e9a4f1b8d3c6e0a5f\\\n    2b9d4c7e1a3f8b6d2c5e9f0a4b3d\n',
        why: '.properties continuation, indentation dropped',
        line: 1,
        column: 18,
        secret: 'PT7c2e9a4f1b8d3c6e0a5f2b9d4c7e1a3f8b6d2c5e9f0a4b3d',
      },
      {
        path: 'ops/.netrc',
        text: 'machine harbor-ops.signalwire.com\n  login 97d21f24-0de4-447d-8348-1f485f28e0a2\n  password PTd80b169a753ad150c7c726239d644f6d03a7307ee9077f26\n',
        why: 'a netrc pair written over lines: the pair is reported at its login line, the token on its own line',
        line: 3,
        column: 12,
        secret: 'PTd80b169a753ad150c7c726239d644f6d03a7307ee9077f26',
      },
      {
        path: 'k8s/secret.yaml',
        text: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: ivr\nstringData:\n  SIGNALWIRE_API_TOKEN: |\n    iJKEtU0BIOpCJjtDSnEYpqNkN5AaYTLnPGnaQoQtvJjaTl6daA\n',
        why: 'a 50-character token as a YAML block scalar: its key is on the line above',
        line: 7,
        column: 5,
        secret: 'iJKEtU0BIOpCJjtDSnEYpqNkN5AaYTLnPGnaQoQtvJjaTl6daA',
      },
      {
        path: 'scripts/provision.sh',
        text: '# buys a number in the clinic\'s SignalWire space\nexport SIGNALWIRE_TOKEN="PTef7edafe8a76555dd3efe38fa1872659e599185175b74609"\nAPI_KEY="VT0ic8wO0fcxZD4HaRS1omby2gmbjV6JWYwBImUyHyHRnimF3y"   # internal billing API\n',
        why: "SignalWire's token, and only it: a generic name beside it, the token itself written out, holds another service's key",
        line: 2,
        column: 26,
        secret: 'PTef7edafe8a76555dd3efe38fa1872659e599185175b74609',
      },
      {
        path: 'wp-config.php',
        text: "<?php\ndefine('SIGNALWIRE_API_TOKEN', getenv('SIGNALWIRE_API_TOKEN') ?: 'ps30yzkKxwGLAR1BlbZRvepCDjvpMdp2mZbgo6I9TM0nZmLiQE');\ndefine('AUTH_KEY', 'nEwyKVTzI6vWlWK5M0gmSiAEvAt6qmY7gmnpN0PLcJBvvxBgOA');\n",
        why: "SignalWire's 50-character token under its own name, and only it: the generic key beside it is WordPress's salt",
        line: 2,
        column: 67,
        secret: 'ps30yzkKxwGLAR1BlbZRvepCDjvpMdp2mZbgo6I9TM0nZmLiQE',
      },
      {
        path: 'Dockerfile',
        text: 'FROM ruby:3.3\nENV SIGNALWIRE_TOKEN C1FapsSRoyiuYPvqyXnnwHL1HH5tz4vCdMRvlTfW4B3MDoX2Ul\nENV RAILS_MASTER_KEY kglOTEqybgjueBhh0WrvecB7jwuwcivaTcPZoTjWvxRAsbJt32\n',
        why: "a Dockerfile's ENV without =: the name before the value (the framework's key beside it is not reported)",
        line: 2,
        column: 22,
        secret: 'C1FapsSRoyiuYPvqyXnnwHL1HH5tz4vCdMRvlTfW4B3MDoX2Ul',
      },
      {
        path: 'R/notify.R',
        text: 'library(httr)\nsignalwire_token <- "DpEvPNtEOeHw2K2R6lhG9pxq0QP7UGHTiFgRhyrA5OeDvkH9SI"\nshiny_secret <- "eX8s4mBepDRYgqAhyrZcpIPXpy7QFQ2T8xV8iCGowoOV0IHYUD"\n',
        why: "R's <- assignment",
        line: 2,
        column: 22,
        secret: 'DpEvPNtEOeHw2K2R6lhG9pxq0QP7UGHTiFgRhyrA5OeDvkH9SI',
      },
      {
        path: 'config/app.yml',
        text: 'signalwire: &sw\n  project: bff48a4b-9184-4ecd-a487-73a47c443e5f\n  token: &swtok MG3hkAvZqJkOwmGbbDKtGSJ8UqZKUcBN6eh26PXrZU2OquVkN8\nmailgun:\n  token: 6JxVHCgafO5ucUmz32kNnAdWBudsyqrrGNtZjdotUd8DU7AAt9\n',
        why: 'a YAML anchor between the key and the value',
        line: 3,
        column: 17,
        secret: 'MG3hkAvZqJkOwmGbbDKtGSJ8UqZKUcBN6eh26PXrZU2OquVkN8',
      },
      {
        path: 'config/config.exs',
        text: 'config :app, :signalwire,\n  space: "acme.signalwire.com",\n  token: ~s(gBp7fbhwx2nGNNVYIabCqjHuQkagZm1TL19GaLj4VCHb9j1lgG)\n\nconfig :app, :mailgun, api_key: ~s(TUn4UBT1RLTKl6wKxANuPb1M2WY1AEI9lR1nKlaF478wJWOgJy)\n',
        why: 'an Elixir sigil',
        line: 3,
        column: 13,
        secret: 'gBp7fbhwx2nGNNVYIabCqjHuQkagZm1TL19GaLj4VCHb9j1lgG',
      },
      {
        path: 'config.toml',
        text: '[signalwire]\ntoken = """\nXlV71tzcYdxSZY3HZfCd9fowGPHYOIYD9Mj6f5WWePtG0DkuBF"""\n\n[openai]\ntoken = """\ntdBDFSwh5RAAxA5ysGglMPR1Eqt7K5AaA4fb1W9eyjruHZoTTx"""\n',
        why: 'a TOML multi-line string: its key on the line above',
        line: 3,
        column: 1,
        secret: 'XlV71tzcYdxSZY3HZfCd9fowGPHYOIYD9Mj6f5WWePtG0DkuBF',
      },
      {
        path: 'config/initializers/signalwire.rb',
        text: "ENV['SIGNALWIRE_TOKEN'] ||= 'eGLDTjZX850kvID8cZ2moJIAl5aSvWEN622uVDLpLexySREX37'\nENV['SECRET_KEY_BASE'] ||= 'O6EOlCVBYHuI3rf8BOa1LB8o37qh5lnV8JwYjXjniNGuNzjfXa'\n",
        why: "Ruby's ||= default of an environment variable",
        line: 1,
        column: 30,
        secret: 'eGLDTjZX850kvID8cZ2moJIAl5aSvWEN622uVDLpLexySREX37',
      },
      {
        path: 'scripts/secrets.sh',
        text: 'dotnet user-secrets set "SignalWire:Token" "yHxA5EDZGOKnHmHzfRURQyfnLkrCZM1kFuaO8Zmns2BErFv42d"\ndotnet user-secrets set "Stripe:Token" "V63DuwEYlVT3G1MYLxjjMF8zYDOc5BxMfCY5sSc6Q65laFwskc"\n',
        why: "a secret store's positional value after its name",
        line: 1,
        column: 45,
        secret: 'yHxA5EDZGOKnHmHzfRURQyfnLkrCZM1kFuaO8Zmns2BErFv42d',
      },
      {
        path: 'lib/Notify.pm',
        text: "my %signalwire = (space => 'acme.signalwire.com', token => 'jJ3vTQenxRdR6xA4dMn9cABj7oGrd87SYSso1eHBAhxlPTHJqd');\nmy %aws = (token => 'r87WuuE9V9uAEbrUM49GNhBQx4zioBwgeqDjvCWGrGd2kNj3IS');\n",
        why: "Perl hashes: the second one's list names another service",
        line: 1,
        column: 61,
        secret: 'jJ3vTQenxRdR6xA4dMn9cABj7oGrd87SYSso1eHBAhxlPTHJqd',
      },
      {
        path: 'docs/runbook.md',
        text: '## Staging secrets\n\n| name | value |\n|---|---|\n| SIGNALWIRE_API_TOKEN | `f2RdiV8iIpt8RUX1HMo5YjaRlU0oYtCt5cjrZvMw41e2Nj9Zo8` |\n| SESSION_SECRET | `mgqz2NsKlM08M3Ru2Ul4a3An4UzmJBMSClBT1g6nmKIxO0MaDG` |\n',
        why: 'a Markdown table row: the name in the cell before (the session secret below it is not reported)',
        line: 5,
        column: 27,
        secret: 'f2RdiV8iIpt8RUX1HMo5YjaRlU0oYtCt5cjrZvMw41e2Nj9Zo8',
      },
      {
        path: 'exports/env.tsv',
        text: 'name\tvalue\nSIGNALWIRE_TOKEN\tkHL7ot6AlOuTy0iyYRKFsDOGlS0CkTMGvXxejVirNGJQZOj0jD\nCOOKIE_SECRET\t5UxpkBj7ci4RB20Ads2xSWIqwvNQPWAumceFSa3AgsY2KmbK2o\n',
        why: 'a TSV line: the name in the column before',
        line: 2,
        column: 18,
        secret: 'kHL7ot6AlOuTy0iyYRKFsDOGlS0CkTMGvXxejVirNGJQZOj0jD',
      },
      {
        path: 'deploy/token.hex',
        text: '# xxd -p of the SignalWire token, pasted by the bootstrap script\n5054643933616365343638316233623038316237363931303634363336386264623661633364663539663533303661326366\n',
        why: 'hex-encoded',
        line: 2,
        column: 1,
        secret: 'PTd93ace4681b3b081b76910646368bdb6ac3df59f5306a2cf',
      },
      {
        path: 'ops/env.txt',
        text: 'ENV_HEX=5349474E414C574952455F4150495F544F4B454E3D50546439636635326435666334336462646632376664383932653339316331643532363038373638623035366464326332660A\n',
        why: 'a whole .env line hex-encoded in capitals: the token mid-run',
        line: 1,
        column: 51,
        secret: 'PTd9cf52d5fc43dbdf27fd892e391c1d52608768b056dd2c2f',
      },
    ],
    negative: [
      {
        path: 'SHA256SUMS',
        text: '5054d52ab3d31b6d9e1a5e0eb4b219f7cc4e76db4b18f38099c293e1998f8605  signalwire-cli-linux-amd64.tar.gz\n',
        why: 'a hash that starts like hex-encoded "PT"',
      },
      {
        path: 'fixtures/token.hex',
        text: Buffer.from('PT000000000000000000000000000000000000000000000000').toString('hex') + '\n',
        why: 'a placeholder, hex-encoded',
      },
      {
        path: 'logs/ws.log',
        text: 'connect wss://relay.signalwire.com/?project=${SW_PROJECT}\nconnect wss://relay.example.net/?project=5c7e9a1b-3d2f-4e6a-8c0b-2d4f6a8c0e1b&token=mQ9wE2rT5yU8iO1pA4sD7fG0hJ3kL6zX9cV2bN5mQ8wE1rT4yU\n',
        why: "a generic token in the query string of another host's URL",
      },
      {
        path: '.cargo/config.toml',
        text: '[env]\nsignalwire = { project = "4a6c8e0b-2d1f-4b3a-a5c7-9e1b3d5f7a20", token = "${SIGNALWIRE_TOKEN}" }\nsentry = { project = "5b7d9f1a-3c2e-4d6b-8f0a-1c3e5a7b9d24", token = "mQ9wE2rT5yU8iO1pA4sD7fG0hJ3kL6zX9cV2bN5mQ8wE1rT4yU" }\n',
        why: "a generic token in an inline table named for another service, beside SignalWire's",
      },
      {
        path: 'Api/Program.cs',
        text: 'var space = builder.Configuration["SignalWire:Space"];\nvar storage = builder.Configuration["Storage:AccountKey"] ?? "7iCWFGpYY7vJFnsDrpgJczOrmcec1BCabBsQ1ESAY139KiyKVV";\n',
        why: "the default of another setting's lookup, beside a SignalWire one",
      },
      { path: '.env.example', text: 'SIGNALWIRE_API_TOKEN=PTxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' },
      { path: 'test.js', text: "const FIXTURE = 'PT000000000000000000000000000000000000000000000000';" },
      { path: 'docs.md', text: 'The example token `PT037258e533e87ac63174ee136ed0798dc85d4f4f9e6d7191` will not work.', why: 'published documentation value' },
      {
        path: 'locales.ts',
        text: "const country = 'PT';\nconst colors = ['ffcc00', '00ff00'];\nconst id = 'deadbeef12';\n",
        why: 'a country code followed by hex that is no token',
      },
      {
        path: 'docs.md',
        text: 'Use `4tjCGnmAeQ0hwFmFDhwfgww880X2lsnuR60VMyasGR3hFpSyvu` from the SignalWire docs as token',
        why: 'documentation example (50-char form)',
      },
      {
        path: '.env',
        text: 'SIGNALWIRE_PROJECT_ID=1ba63426-c248-450e-8ef0-dd9650b32385\nSESSION_SECRET=zH7NNLAPhetChBMFgalhDg2UQKSyMavRMZHWWHiN3u36VAto5g\n',
        why: '50-char secret of something else',
      },
      {
        path: 'app/config.py',
        text: 'class Config:\n    # SignalWire\n    SIGNALWIRE_SPACE_URL = os.environ["SIGNALWIRE_SPACE_URL"]\n    SECRET_KEY = os.environ.get("SECRET_KEY", "Rk3vN8qT1wZ6yB4hJ9mC2xF7sL0dP5gA3eK8uW1oV6iY4nQ2tH")\n',
        why: "the web framework's own session key beside SignalWire's settings",
      },
      {
        path: 'secrets.toml',
        text: '[signalwire]\nspace = "a.signalwire.com"\n\n[analytics]\nwrite_key = "jR1HRDqX0GwjFDDvDpKfAOMIzbQ6hNrwcWdnrugjVT0n0WqqQp"\n',
      },
      {
        path: 'config.py',
        text: 'CACHE_KEY = "cc68d12a6c664799bc2851fc2fe647619218dacb0bd3a3ed"  # signalwire report cache',
        why: '48 hex without the PT prefix',
      },
      { path: 'server.js', text: 'const client = RestClient(process.env.SIGNALWIRE_PROJECT_ID, process.env.SIGNALWIRE_API_TOKEN);' },
      { path: 'id.txt', text: 'OPTf37405b43e131d1af24108e88f27ce60f28e9d0d479243ed', why: 'glued to a preceding word' },
      {
        path: 'lock.json',
        text: '"integrity": "sha512-l1SwBKAn1ForGUDvgZfZ6kcbpHTz7ZYGtFEoizt13bcbVbG7T8UTRTOuMovsoQMNkyTIVaLfX7djR9Dsfswfxg==" // signalwire',
      },
      { path: 'test.py', text: 'os.environ.setdefault("SIGNALWIRE_API_TOKEN", "PTfakefakefakefakefakefake")' },
      {
        path: 'config/app.yaml',
        text: 'signalwire:\n  space: harbor-ops.signalwire.com\nsession:\n  cookie_secret: >-\n    hsyVEpkLNmoPeCV2WBaElygWjhH8bALOCH1A0wxvUFgX9s4YCG\n',
        why: "a block scalar under another key: the app's own cookie secret",
      },
    ],
  },
};

export default rule;
