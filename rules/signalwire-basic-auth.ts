import type { ContentRule, DetectInput, RuleMatch } from '../src/types.js';
import { isTokenValue, uuids, TOKEN_SOURCE, separatedAfter } from '../src/detect/candidates.js';
import { isPlaceholderUuid } from '../src/detect/placeholders.js';
import { envReadExpression, ROTATE_TOKEN, PURGE_HISTORY, ROTATE_TOKEN_IN_HISTORY } from '../src/detect/language.js';
import { configFormatAdvice, configFormatOf } from '../src/detect/config-format.js';
import { linesBack } from '../src/detect/context.js';
import { matchesAt } from '../src/detect/anchored.js';

const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// (percent-encoded too, as a log or a query string writes a header: `Authorization=Basic%20<base64>`,
// `Basic+<base64>` in a form body, `%2B`, `%2F` and `%3D` inside the base64)
const BASIC_HEADER = /\bbasic(?:\s+|%20|\+)((?:[A-Za-z0-9+/]|%2[BbFf]){40,}(?:=|%3[Dd]){0,2})/gi;
/** BASIC_HEADER tried at one start: where the byte pass found `basic` */
const BASIC_HEADER_AT = new RegExp(BASIC_HEADER.source, 'iy');
// after the project ID: the separator of a user:password pair, or of an auth tuple/object
const URL_PAIR = new RegExp(`^(?::|%3[aA])(${TOKEN_SOURCE})(?:@|%40)`);
const CURL_PAIR = new RegExp(`^:(${TOKEN_SOURCE})`);
const AUTH_PAIR = new RegExp(
  `^["'\`]?\\s*(?:,|:)\\s*(?:\\r?\\n\\s*)?(?:(?:password|pass|passwd|secret|token)["']?\\s*[:=]>?\\s*)?["'\`]?(${TOKEN_SOURCE})["'\`]`,
);
// … or the password on the next line of a block without separators (Bruno's `auth:basic { username: …\n password: … }`, YAML)
const AUTH_PAIR_NEXT_LINE = new RegExp(
  `^["'\`]?[ \\t]*\\r?\\n[ \\t]*(?:password|pass|passwd|secret|token)["']?[ \\t]*[:=][ \\t]*["'\`]?(${TOKEN_SOURCE})(?![A-Za-z0-9])`,
  'i',
);
// a Basic header written in clear, as REST-client files (VS Code's REST Client, httpyac) let one write it and encode
// it when sending: `Authorization: Basic <uuid>:<token>` or `Basic <uuid> <token>`
const CLEAR_BASIC_BEFORE = /\bbasic[ \t]+$/i;
const CLEAR_BASIC_PAIR = new RegExp(`^(?::|[ \\t]+)(${TOKEN_SOURCE})(?![A-Za-z0-9])`);
const CURL_BEFORE = /(?:^|\s)(?:-u|--user|--http-user|-U)(?:\s+|=)["']?$/;
const NETRC_LOGIN = /\blogin\s+$/;
const NETRC_PASSWORD = new RegExp(`^\\s+(?:account\\s+\\S+\\s+)?password\\s+(${TOKEN_SOURCE})(?![A-Za-z0-9])`);
const COLON_PAIR = new RegExp(`^:(${TOKEN_SOURCE})(?![A-Za-z0-9])`);
// the first three fields of a .pgpass-style line: host:port:database:
const PGPASS_BEFORE = /(?:^|\n)[^\s:#]+:(?:\d+|\*):[^\s:]+:$/;
const AUTH_BEFORE = /(?:auth|basic|credentials?|user(?:name)?|login)\b[^\n]{0,40}$/i;

function decodedPair(b64: string): { user: string; secret: string } | null {
  const decoded = Buffer.from(b64.includes('%') ? decodeURIComponent(b64) : b64, 'base64').toString('latin1');
  const i = decoded.indexOf(':');
  if (i !== 36) return null;
  const user = decoded.slice(0, i);
  const secret = decoded.slice(i + 1).replace(/\s+$/, '');
  if (!UUID_RE.test(user) || isPlaceholderUuid(user) || !isTokenValue(secret)) return null;
  return { user, secret };
}

/**
 * The matches of BASIC_HEADER, in order. Where the byte pass knows each `basic` (any case), the
 * regex is tried only there, resuming past a match as the global search does: over the whole text
 * it was 0.33 s of each worker's 20 s on signalwire/docs' history (node --cpu-prof).
 */
function basicHeaders(input: DetectInput): RegExpExecArray[] {
  const starts = input.keywordStarts?.('basic');
  if (!starts) return [...input.text.matchAll(BASIC_HEADER)];
  return matchesAt(input.text, starts, BASIC_HEADER_AT);
}

function detect(input: DetectInput): RuleMatch[] {
  const out: RuleMatch[] = [];
  const { text } = input;
  if (input.has('basic')) {
    for (const m of basicHeaders(input)) {
      const b64 = m[1] ?? '';
      const pair = decodedPair(b64);
      if (!pair) continue;
      const start = m.index + m[0].length - b64.length;
      out.push({
        start,
        end: start + b64.length,
        secret: `${pair.user}:${pair.secret}`,
        message: 'SignalWire project ID and API token in an Authorization: Basic header (base64 is not encryption)',
      });
    }
  }
  // a pair needs a token: PT…, or a 50-character one, which only counts near SignalWire
  const pairs = input.text.includes('PT') || input.has('signalwire');
  for (const u of pairs ? uuids(input) : []) {
    const after = text.slice(u.end, u.end + 140);
    const url = URL_PAIR.exec(after);
    if (url?.[1] && isTokenValue(url[1])) {
      out.push({
        start: u.start,
        end: u.end + url[0].length - (url[0].endsWith('%40') ? 3 : 1),
        secret: `${u.value}:${url[1]}`,
        message: 'SignalWire project ID and API token in a URL (user-info)',
      });
      continue;
    }
    // the line above and this one, up to 512 characters: the patterns below look at its last few dozen,
    // and testing a whole 10 MB line for every UUID on it would be quadratic
    const before = text.slice(Math.max(linesBack(input, u.start, 1), u.start - 512), u.start);
    const clear = CLEAR_BASIC_BEFORE.test(before) ? CLEAR_BASIC_PAIR.exec(after) : null;
    if (clear?.[1] && isTokenValue(clear[1])) {
      out.push({
        start: u.start,
        end: u.end + clear[0].length,
        secret: `${u.value}:${clear[1]}`,
        message: 'SignalWire project ID and API token in an Authorization: Basic header',
      });
      continue;
    }
    const curl = CURL_PAIR.exec(after);
    if (curl?.[1] && isTokenValue(curl[1]) && separatedAfter(text, u.end + curl[0].length) && CURL_BEFORE.test(before)) {
      out.push({
        start: u.start,
        end: u.end + curl[0].length,
        secret: `${u.value}:${curl[1]}`,
        message: 'SignalWire project ID and API token passed to curl -u',
      });
      continue;
    }
    // credential files: netrc/_netrc/auth.conf `login <id> password <token>` (over lines), .pgpass `host:port:db:<id>:<token>`
    const netrc = NETRC_PASSWORD.exec(after);
    if (netrc?.[1] && isTokenValue(netrc[1]) && NETRC_LOGIN.test(before)) {
      out.push({
        start: u.start,
        end: u.end + netrc[0].length,
        secret: `${u.value}:${netrc[1]}`,
        message: 'SignalWire project ID and API token as a netrc login/password pair',
      });
      continue;
    }
    const colon = COLON_PAIR.exec(after);
    if (colon?.[1] && isTokenValue(colon[1]) && PGPASS_BEFORE.test(before)) {
      out.push({
        start: u.start,
        end: u.end + colon[0].length,
        secret: `${u.value}:${colon[1]}`,
        message: 'SignalWire project ID and API token in a password file (host:port:database:user:password)',
      });
      continue;
    }
    const pair = AUTH_PAIR.exec(after) ?? AUTH_PAIR_NEXT_LINE.exec(after);
    if (pair?.[1] && isTokenValue(pair[1]) && AUTH_BEFORE.test(before.replace(/["'`(\[{\s]+$/, ''))) {
      // (AUTH_PAIR's match ends with the closing quote; the next line's may end with the token)
      const tokenStart = u.end + pair[0].lastIndexOf(pair[1]);
      out.push({
        start: u.start,
        end: tokenStart + pair[1].length,
        secret: `${u.value}:${pair[1]}`,
        message: 'SignalWire project ID and API token as HTTP basic-auth credentials',
      });
    }
  }
  return out;
}

const rule: ContentRule = {
  kind: 'content',
  id: 'signalwire-basic-auth',
  severity: 'error',
  precision: 'very-high',
  message: 'SignalWire project ID and API token as a basic-auth pair',
  description:
    'A complete SignalWire credential (project ID and API token) is written as an HTTP basic-auth pair: curl -u, a URL with user-info, an Authorization: Basic header (base64 decodes instantly) or an HTTP client auth option. Anyone with this line can call the API as your project.',
  keywords: ['basic', 'signalwire'],
  caseSensitiveKeywords: ['PT'],
  supersedes: ['signalwire-api-token', 'signalwire-project-id'],
  envVar: 'SIGNALWIRE_API_TOKEN',
  fix: (input) => {
    const format = configFormatOf(input);
    const source = format
      ? configFormatAdvice(format, 'project ID and API token', ['SIGNALWIRE_PROJECT_ID', 'SIGNALWIRE_API_TOKEN'])
      : `Build the pair at run time from ${envReadExpression(input.path, 'SIGNALWIRE_PROJECT_ID')} and ${envReadExpression(input.path, 'SIGNALWIRE_API_TOKEN')} (shell: curl -u "$SIGNALWIRE_PROJECT_ID:$SIGNALWIRE_API_TOKEN"; HTTP clients: pass both variables as the auth option) and delete the literal`;
    return `${source}. ${ROTATE_TOKEN}. ${PURGE_HISTORY}.`;
  },
  historyOnlyFix: ROTATE_TOKEN_IN_HISTORY,
  detect,
  examples: {
    positive: [
      {
        path: 'check.sh',
        text: 'curl -s -u 9f867bb9-842a-44a2-9daf-3cb480ce9628:PTf37405b43e131d1af24108e88f27ce60f28e9d0d479243ed https://acme-prod.signalwire.com/api/laml/2010-04-01/Accounts',
        line: 1,
        column: 12,
        secret: '9f867bb9-842a-44a2-9daf-3cb480ce9628:PTf37405b43e131d1af24108e88f27ce60f28e9d0d479243ed',
      },
      {
        path: 'check.sh',
        text: "curl --user '9f867bb9-842a-44a2-9daf-3cb480ce9628:PTe1085a9aca92a16e53c8094b04a557f1f5f79ad5d314e2b4' https://x.signalwire.com/api",
        line: 1,
        column: 14,
        secret: '9f867bb9-842a-44a2-9daf-3cb480ce9628:PTe1085a9aca92a16e53c8094b04a557f1f5f79ad5d314e2b4',
      },
      {
        path: 'monitor.yml',
        text: 'url: https://4ebe6393-3650-4bbe-b147-c3e44e080d3e:PT5e2eba3a949ea939fb471889b9d601a4e747b5b5dd03918e@acme.signalwire.com/api/relay/rest/phone_numbers',
        line: 1,
        column: 14,
        secret: '4ebe6393-3650-4bbe-b147-c3e44e080d3e:PT5e2eba3a949ea939fb471889b9d601a4e747b5b5dd03918e',
      },
      {
        path: 'http.js',
        text:
          "headers: { Authorization: 'Basic " +
          Buffer.from('bb845430-57fe-49f5-9525-1cd8cbaee783:PT445f436a3cde81aada74927394417f3f31c4406acdf31df6').toString('base64') +
          "' }",
        line: 1,
        column: 34,
        secret: 'bb845430-57fe-49f5-9525-1cd8cbaee783:PT445f436a3cde81aada74927394417f3f31c4406acdf31df6',
      },
      {
        path: 'proxy.conf',
        text:
          'proxy_set_header Authorization "Basic ' +
          Buffer.from('f0cded3d-dd19-4c03-836d-5d418b96fe42:du1Dcbx8nslYrpT4q8MlSGFEiDz2f7muOG3HEfAGeGpz14EFXr').toString('base64') +
          '";',
        why: '50-char token form',
        line: 1,
        column: 39,
        secret: 'f0cded3d-dd19-4c03-836d-5d418b96fe42:du1Dcbx8nslYrpT4q8MlSGFEiDz2f7muOG3HEfAGeGpz14EFXr',
      },
      {
        path: 'http/numbers.http',
        text: '### numbers\nGET https://granite-falls-ems.signalwire.com/api/relay/rest/phone_numbers\nAuthorization: Basic 9c2e4a6b-8d0f-4e1a-b3c5-7d9f1b3d5e7a:rT5kQ9mW2xZ7bN4vC8hJ1dF6gL3sP0yA9eU2iO5wR8tY1qE4zX\n',
        why: "a REST-client file's Basic header in clear (the client encodes it), the 50-character token form",
        line: 3,
        column: 22,
        secret: '9c2e4a6b-8d0f-4e1a-b3c5-7d9f1b3d5e7a:rT5kQ9mW2xZ7bN4vC8hJ1dF6gL3sP0yA9eU2iO5wR8tY1qE4zX',
      },
      {
        path: 'bruno/List numbers.bru',
        text: 'get {\n  url: https://pinewood-courier.signalwire.com/api/relay/rest/phone_numbers\n  auth: basic\n}\n\nauth:basic {\n  username: 2e8c4a6f-0d1b-4e3a-b7c9-5f1d3b7e9a06\n  password: GTpu3aeWNHyzYVusrrgoqk6wiHz3YGp0H0ysQdJLDPRRkUOjFL\n}\n',
        why: "Bruno's basic-auth block: the password on the next line, no separator, no quotes",
        line: 7,
        column: 13,
        secret: '2e8c4a6f-0d1b-4e3a-b7c9-5f1d3b7e9a06:GTpu3aeWNHyzYVusrrgoqk6wiHz3YGp0H0ysQdJLDPRRkUOjFL',
      },
      {
        path: 'logs/gateway.log',
        text:
          '2024-05-02T14:11:04Z DEBUG forward headers=Accept%3A%20application%2Fjson%0AAuthorization=Basic%20' +
          Buffer.from('6e1c9a42-d5b7-4f08-93ae-1b7d4c2f8e60:PT8c1f5e9a2d7b4036e1a9c5f72b8d0e4a6c3f91d5b7e2a804').toString('base64') +
          ' upstream=200\n',
        why: 'the header percent-encoded, as a log writes a query string',
        line: 1,
        column: 99,
        secret: '6e1c9a42-d5b7-4f08-93ae-1b7d4c2f8e60:PT8c1f5e9a2d7b4036e1a9c5f72b8d0e4a6c3f91d5b7e2a804',
      },
      {
        path: 'report.py',
        text: "requests.get(url, auth=('307863a8-473c-4480-960e-b9aac6821c43', 'PT9412caaf7dae87a93a25b944085c07b8dfb2b6b4ee30ba70'))",
        line: 1,
        column: 26,
        secret: '307863a8-473c-4480-960e-b9aac6821c43:PT9412caaf7dae87a93a25b944085c07b8dfb2b6b4ee30ba70',
      },
      {
        path: 'api.js',
        text: "axios.get(url, { auth: { username: '1ba63426-c248-450e-8ef0-dd9650b32385', password: 'PTa1ca0b24374901f1fd6e3c925913cb93a82aa8bd23b801b9' } })",
        line: 1,
        column: 37,
        secret: '1ba63426-c248-450e-8ef0-dd9650b32385:PTa1ca0b24374901f1fd6e3c925913cb93a82aa8bd23b801b9',
      },
      {
        path: '.netrc',
        text: 'machine acme-prod.signalwire.com\n  login 6b0f3c1e-93a2-4d57-b8e4-2c7a9d15f0e3\n  password PT5c81e0a9b7d2f4c63e18a05b9d7c2e4f6a1b3d8c0e9f2a47\n',
        line: 2,
        column: 9,
        secret: '6b0f3c1e-93a2-4d57-b8e4-2c7a9d15f0e3:PT5c81e0a9b7d2f4c63e18a05b9d7c2e4f6a1b3d8c0e9f2a47',
      },
      {
        path: '_netrc',
        text: 'machine acme-prod.signalwire.com login 6b0f3c1e-93a2-4d57-b8e4-2c7a9d15f0e3 password PT5c81e0a9b7d2f4c63e18a05b9d7c2e4f6a1b3d8c0e9f2a47\n',
        why: 'Windows name, one line',
        line: 1,
        column: 40,
        secret: '6b0f3c1e-93a2-4d57-b8e4-2c7a9d15f0e3:PT5c81e0a9b7d2f4c63e18a05b9d7c2e4f6a1b3d8c0e9f2a47',
      },
      {
        path: 'auth.conf',
        text: 'machine acme-prod.signalwire.com login 6b0f3c1e-93a2-4d57-b8e4-2c7a9d15f0e3 password PT5c81e0a9b7d2f4c63e18a05b9d7c2e4f6a1b3d8c0e9f2a47\n',
        why: 'apt auth.conf',
        line: 1,
        column: 40,
        secret: '6b0f3c1e-93a2-4d57-b8e4-2c7a9d15f0e3:PT5c81e0a9b7d2f4c63e18a05b9d7c2e4f6a1b3d8c0e9f2a47',
      },
      {
        path: '.pgpass',
        text: 'acme-prod.signalwire.com:443:*:6b0f3c1e-93a2-4d57-b8e4-2c7a9d15f0e3:PT5c81e0a9b7d2f4c63e18a05b9d7c2e4f6a1b3d8c0e9f2a47\n',
        line: 1,
        column: 32,
        secret: '6b0f3c1e-93a2-4d57-b8e4-2c7a9d15f0e3:PT5c81e0a9b7d2f4c63e18a05b9d7c2e4f6a1b3d8c0e9f2a47',
      },
      {
        path: 'targets.yml',
        text: '- "https%3A%2F%2F9f867bb9-842a-44a2-9daf-3cb480ce9628%3APT91c22c05e8678ef510605732ecc79f127d894aec4be2bb49%40acme.signalwire.com%2Fapi"',
        why: 'percent-encoded URL',
        line: 1,
        column: 18,
        secret: '9f867bb9-842a-44a2-9daf-3cb480ce9628:PT91c22c05e8678ef510605732ecc79f127d894aec4be2bb49',
      },
    ],
    negative: [
      { path: 'README.md', text: 'curl -u "$SIGNALWIRE_PROJECT_ID:$SIGNALWIRE_API_TOKEN" https://$SPACE/api/laml/2010-04-01/Accounts' },
      {
        path: 'README.md',
        text: '`Authorization: Basic YTFiMmMzZDQtZTVmNi03ODkwLWFiY2QtZWYxMjM0NTY3ODkwOjR0akNHbm1BZVEwaHdGbUZEaHdmZ3d3ODgwWDJsc251UjYwVk15YXNHUjNoRnBTeXZ1`',
        why: 'documentation example header',
      },
      {
        path: 'http/numbers.http',
        text: '# SignalWire numbers are in numbers.http\nGET https://httpbin.org/basic-auth/u/p\nAuthorization: Basic 9c2e4a6b-8d0f-4e1a-b3c5-7d9f1b3d5e7a:hunter2-hunter2\n',
        why: 'a Basic header in clear whose password is no token',
      },
      {
        path: 'config/webhooks.yml',
        text: '# SignalWire status callbacks\nsubscription:\n  id: 2e8c4a6f-0d1b-4e3a-b7c9-5f1d3b7e9a06\n  secret: GTpu3aeWNHyzYVusrrgoqk6wiHz3YGp0H0ysQdJLDPRRkUOjFL\n',
        why: 'an id and a secret on consecutive lines, not a basic-auth user and password',
      },
      {
        path: 'logs/gateway.log',
        text: 'DEBUG forward Authorization=Basic%20' + Buffer.from('deploy-bot:hunter2hunter2hunter2hunter2hunter2').toString('base64') + ' upstream=200\n',
        why: "another service's pair, percent-encoded",
      },
      { path: 'client.ts', text: "Authorization: 'Basic ' + btoa(`${project}:${token}`)," },
      {
        path: '.netrc',
        text: 'machine acme-prod.signalwire.com login 6b0f3c1e-93a2-4d57-b8e4-2c7a9d15f0e3 password $SIGNALWIRE_API_TOKEN\n',
        why: 'the password is a variable',
      },
      { path: 'db.ini', text: 'url = postgresql://ivr:ivr@localhost:5432/ivr' },
      {
        path: 'auth.js',
        text: "headers: { Authorization: 'Basic " + Buffer.from('admin:hunter2hunter2hunter2hunter2hunter2').toString('base64') + "' }",
        why: 'basic auth of something else',
      },
    ],
  },
};

export default rule;
