import type { ContentRule, DetectInput, RuleMatch } from '../src/types.js';
import { isPlaceholderSpace, isServiceHost } from '../src/detect/placeholders.js';
import { redact } from '../src/engine/redact.js';
import { anchoredMatches } from '../src/detect/anchored.js';

// plain http:// or ws:// whose authority ends in a SignalWire domain (templated names included:
// `http://${SPACE}.signalwire.com` sends credentials in clear just the same)
const INSECURE = /\b(?:http|ws):\/\/([^\s/'"`<>()\\?#]{0,120}?)(signalwire\.com|swire\.io|signalwire\.cloud)(?![A-Za-z0-9-])/i;

/** INSECURE anchored at a start: tried only 4 or 2 characters before each `://` */
const INSECURE_AT = new RegExp(INSECURE.source, 'iy');

/**
 * The matches of INSECURE, in order: each starts 4 (`http`) or 2 (`ws`) characters before a
 * `://` and holds no other one (its host part has no `/`), so trying those two starts at each
 * `://` (found by indexOf) finds what the global search finds, without trying the
 * case-insensitive scheme at every position of the text (1.2 % of the CPU of `swlint history`
 * on signalwire/docs, bench/BENCHMARKS.head.md round 5).
 */
export function insecureUrls(text: string): RegExpExecArray[] {
  // only where the scheme can end: `p://` (http) or `ws://`; most URLs are https://, and a
  // sticky try costs as much at a start that fails on its first character
  return anchoredMatches(text, '://', INSECURE_AT, (at) => {
    const last = text.charCodeAt(at - 1) | 0x20;
    if (last === 0x70) return [at - 4];
    return last === 0x73 && (text.charCodeAt(at - 2) | 0x20) === 0x77 ? [at - 2] : NO_START;
  });
}
const NO_START: readonly number[] = [];

function detect(input: DetectInput): RuleMatch[] {
  const out: RuleMatch[] = [];
  for (const m of insecureUrls(input.text)) {
    const prefix = m[1] ?? '';
    if (prefix !== '' && !prefix.endsWith('.')) continue; // e.g. http://notsignalwire.com
    // the bare domain and www. are SignalWire's website (`[SignalWire](http://signalwire.com)` in a README): no API, no credential sent
    if (prefix === '' || /^www\.$/i.test(prefix)) continue;
    const label = prefix.replace(/\.$/, '').split('.').pop() ?? '';
    if (label && /^[a-z0-9-]+$/i.test(label) && isPlaceholderSpace(label)) continue;
    const url = m[0];
    const scheme = url.slice(0, url.indexOf('//') + 2);
    const host = url.slice(scheme.length);
    // service hosts (cdn., relay.) are public names; a Space name is shown redacted like any other match
    const shown = label && !isServiceHost(label) ? scheme + redact(host) : url;
    out.push({ start: m.index, end: m.index + url.length, secret: url.toLowerCase(), redactedDisplay: shown });
  }
  return out;
}

const rule: ContentRule = {
  kind: 'content',
  id: 'signalwire-insecure-http',
  severity: 'warning',
  precision: 'very-high',
  message: 'Plain-HTTP URL to a SignalWire host',
  description:
    'A SignalWire URL uses http:// (or ws://). The API only answers over HTTPS; anything sent before the redirect, basic-auth credentials included, crosses the network in clear text.',
  // every match holds `signalwire` or `swire` (its domains), words the keyword pass looks for anyway: a
  // file whose only plain-http URLs go elsewhere (a licence header's) is not decoded for this rule
  keywords: ['signalwire', 'swire'],
  envVar: 'SIGNALWIRE_SPACE_URL',
  fix: () =>
    'Use https:// (wss:// for websockets) for every SignalWire host; if a proxy needs plain HTTP inside your network, terminate TLS at the proxy and talk HTTPS to SignalWire.',
  historyOnlyFix: 'If the code sent credentials over it, they travelled in clear: rotate the API token it used.',
  detect,
  examples: {
    positive: [
      {
        path: 'proxy.conf',
        text: 'proxy_pass http://copperlane-ops.signalwire.com/laml-bins/;',
        line: 1,
        column: 12,
        secret: 'http://copperlane-ops.signalwire.com',
      },
      { path: 'app.py', text: 'r.play("http://cdn.signalwire.com/default-music/welcome.mp3")', line: 1, column: 9, secret: 'http://cdn.signalwire.com' },
      {
        path: 'status.js',
        text: 'const URL = `http://${process.env.SIGNALWIRE_SPACE}.signalwire.com/api/laml/2010-04-01/Accounts`;',
        why: 'templated host, still plain HTTP',
        line: 1,
        column: 14,
        secret: 'http://${process.env.signalwire_space}.signalwire.com',
      },
      { path: 'relay.js', text: "const socket = new WebSocket('ws://relay.signalwire.com');", line: 1, column: 31, secret: 'ws://relay.signalwire.com' },
    ],
    negative: [
      { path: 'proxy.conf', text: 'location /sms/ { proxy_pass http://app; }' },
      { path: 'vite.config.ts', text: "'/api': { target: env.TOKEN_SERVER ?? 'http://localhost:8787' }  // signalwire" },
      { path: 'http.js', text: "baseURL: 'https://quillmesa.signalwire.com/api/relay/rest'," },
      { path: 'docs.md', text: 'The old docs used http://example.signalwire.com/laml/voice.xml as a sample.' },
      { path: 'a.txt', text: 'http://notsignalwire.com/' },
      { path: 'README.md', text: 'Built on [SignalWire](http://signalwire.com); see http://www.signalwire.com/pricing.', why: "the company's website" },
    ],
  },
};

export default rule;
