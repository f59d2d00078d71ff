import type { ContentRule, DetectInput, RuleMatch } from '../src/types.js';
import { separatedBefore, UUID_SOURCE } from '../src/detect/candidates.js';
import { lineStart } from '../src/detect/context.js';
import { exampleEvidence } from '../src/detect/documentation.js';
import { isPlaceholderUuid } from '../src/detect/placeholders.js';
import { anchoredMatches } from '../src/detect/anchored.js';
import { jsonSegment } from '../src/detect/decoders.js';

// JWS: header.payload.signature; JWE compact: header.key.iv.ciphertext.tag (key empty for alg "dir")
const JOSE = /eyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){2}(?:\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)?/y;

/**
 * The matches of JOSE's global search, tried one character before each `yJ`: the global regex
 * was 0.27 s of the 18.6 s of CPU of `swlint history --jobs 1` on signalwire/docs
 * (`node --cpu-prof`). Not `eyJ`: indexOf looks for a pattern's first character, and `e` is
 * the commonest letter (over signalwire/docs' files, indexOf('yJ') took a third of the
 * regex's time and indexOf('eyJ') 1.8 times it).
 */
export function joseMatches(text: string): RegExpExecArray[] {
  return anchoredMatches(text, 'yJ', JOSE, (at) => (at > 0 ? [at - 1] : []));
}

/** JOSE from the start of a string: mayMatchBytes' test of one start */
const JOSE_AT_START = new RegExp(`^(?:${JOSE.source})`);
/** byte classes: 1 for a segment's bytes [A-Za-z0-9_-], 2 for the dot between segments */
const JOSE_BYTE = new Uint8Array(256).map((_, b) => (/[A-Za-z0-9_-]/.test(String.fromCharCode(b)) ? 1 : b === 0x2e ? 2 : 0));
/** `eyJ` starts that mayMatchBytes tests one by one; past them it answers "may match" (base64url data full of them) */
const GATE_STARTS = 64;

/**
 * Whether detect may report anything in the text of these UTF-8 bytes: some JOSE match, found
 * at an `eyJ` by the same regex, is a kind of SignalWire token (classifyClientToken). A match
 * is ASCII, and decoding keeps ASCII bytes in place, so the text has the same matches. The
 * keyword `eyj` is case-insensitive and occurs by chance in minified code and inline images:
 * on the 1 GB bench tree (`npm run bench`) 941 files, 74 MB, held no other keyword and no
 * SignalWire token. With this answer 175 MB of that tree is decoded instead of 204 MB (the
 * files left hold `PT` by chance, a case-sensitive keyword of three other rules).
 */
function mayMatchBytes(bytes: Buffer): boolean {
  let starts = 0;
  // the first segment of the last start tested, and where its run of segments and dots ends:
  // the same for every start inside that segment
  let segmentEnd = -1;
  let runEnd = -1;
  for (let at = bytes.indexOf('eyJ'); at !== -1; at = bytes.indexOf('eyJ', at + 3)) {
    if (++starts > GATE_STARTS) return true;
    if (at >= segmentEnd) {
      segmentEnd = at + 3;
      while (segmentEnd < bytes.length && JOSE_BYTE[bytes[segmentEnd]!] === 1) segmentEnd++;
      runEnd = segmentEnd;
      while (runEnd < bytes.length && JOSE_BYTE[bytes[runEnd]!] !== 0) runEnd++;
    }
    // JOSE's first segment is that whole segment (at least 8 bytes after `eyJ`), and a dot follows it
    if (segmentEnd - at < 11 || bytes[segmentEnd] !== 0x2e) continue;
    const m = JOSE_AT_START.exec(bytes.toString('latin1', at, runEnd));
    if (m && classifyClientToken(m[0])) return true;
  }
  return false;
}

type Json = Record<string, unknown>;

const SIGNALWIRE_CHANNEL = /(^|\.)(signalwire\.com|swire\.io)$/i;

/** What kind of SignalWire client token this is, judged from its decoded header and payload. */
export function classifyClientToken(token: string): string | null {
  const parts = token.split('.');
  const header = jsonSegment(parts[0] ?? '');
  if (!header) return null;
  const typ = typeof header.typ === 'string' ? header.typ : '';
  const ch = typeof header.ch === 'string' ? header.ch : '';
  if (parts.length === 5) {
    if (typeof header.enc !== 'string' || !parts[2] || !parts[3] || !parts[4]) return null;
    if (typ === 'SAT') return 'subscriber access token (SAT)';
    if (typ === 'Refresh' && SIGNALWIRE_CHANNEL.test(ch)) return 'subscriber refresh token';
    if (SIGNALWIRE_CHANNEL.test(ch)) return 'subscriber access token (SAT)';
    return null;
  }
  if (parts.length !== 3 || (parts[2] ?? '').length < 16) return null;
  if (typ === 'VRT') return 'video room token';
  if (typ === 'CRT') return 'chat token';
  const payload = jsonSegment(parts[1] ?? '');
  if (SIGNALWIRE_CHANNEL.test(ch)) return 'client token';
  if (!payload) return null;
  const iss = typeof payload.iss === 'string' ? payload.iss : '';
  if (iss.startsWith('SignalWire')) return iss.includes('Video') ? 'video token' : 'Relay JWT';
  if (header.alg === 'HS512') {
    if (Array.isArray(payload.s) && payload.s.some((x) => typeof x === 'string' && x.startsWith('room.')) && 'r' in payload) return 'video room token';
    if ('chls' in payload) return 'chat token';
    if ('subscriber_id' in payload && 'project_id' in payload) return 'Fabric subscriber token';
  }
  return null;
}

/** The decoded payload of a signed (three-segment) token, or null. */
function signedPayload(token: string): Json | null {
  const parts = token.split('.');
  return parts.length === 3 ? jsonSegment(parts[1] ?? '') : null;
}

/** The payload says it is an example (`{"example": "an example JWT", …}`). */
function declaresExample(payload: Json | null): boolean {
  return payload !== null && ('example' in payload || 'sample' in payload);
}

/**
 * No expiry, in a kind whose real tokens always carry `exp` (Relay and Fabric subscriber JWTs):
 * a documentation sample. Video room and chat tokens are minted without `exp` (every one seen
 * in public repositories has `iat` and `jti`, none `exp`), so for them a missing `exp` says nothing.
 */
function hasNoExpiry(payload: Json | null, kind: string): boolean {
  if (kind === 'video room token' || kind === 'chat token') return false;
  return payload !== null && !('exp' in payload);
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const UUID_ANY = new RegExp(`^${UUID_SOURCE}$`);

/**
 * UUID claims (`jti`, `sub`) that are not what SignalWire mints — random version-4 UUIDs — or
 * are placeholders: a hand-edited documentation sample (`"jti":"c66e789d-2f22-1234-a733-…"`).
 */
function hasEditedClaims(payload: Json | null): boolean {
  if (!payload) return false;
  return ['jti', 'sub'].some((k) => {
    const v = payload[k];
    return typeof v === 'string' && UUID_ANY.test(v) && (!UUID_V4.test(v) || isPlaceholderUuid(v));
  });
}

function detect(input: DetectInput): RuleMatch[] {
  const out: RuleMatch[] = [];
  for (const m of joseMatches(input.text)) {
    if (!separatedBefore(input.text, m.index)) continue;
    const kind = classifyClientToken(m[0]);
    if (!kind) continue;
    const payload = signedPayload(m[0]);
    if (declaresExample(payload)) continue;
    const before = input.text.slice(Math.max(lineStart(input, m.index), m.index - 400), m.index);
    // an API specification's example, in whatever file it lives
    if (/@example\s*\(/.test(before)) continue;
    const example =
      exampleEvidence(input, m.index) ??
      (hasNoExpiry(payload, kind) ? 'no expiry claim (a documentation sample)' : null) ??
      (hasEditedClaims(payload) ? 'hand-edited UUID claims (a documentation sample)' : null);
    out.push({ start: m.index, end: m.index + m[0].length, secret: m[0], message: `Hard-coded SignalWire ${kind}`, ...(example ? { example } : {}) });
  }
  return out;
}

const vrtHeader = Buffer.from('{"typ":"VRT","ch":"relay.signalwire.com","alg":"HS512"}').toString('base64url');
const vrtPayload = Buffer.from(
  '{"iat":1756402267,"jti":"b4a54042-3a69-43e0-9ce5-69086ca970b4","sub":"4fb35939-c067-45d2-94b3-ac00f0ad2c7f","u":"guest","r":"standup","s":["room.self.audio_mute"]}',
).toString('base64url');
const sig86 = 'Qk3n9x0GJt1pL8aZc2Vb7YwE5rT4uIoP6sDfGhJkLmNbVcXzAqWeRtYuIoPlKjHgFdSaZxCvBnM0987654321a';
const satHeader = Buffer.from('{"alg":"dir","enc":"A256GCM","ch":"puc.signalwire.com","typ":"SAT"}').toString('base64url');
const fabricPayload = Buffer.from(
  '{"jti":"cdffa0a9-b16c-442e-bbb7-e07806bbfedd","exp":1755280326,"subscriber_id":"3a975385-7401-46c7-a459-3156f696d947","project_id":"9f867bb9-842a-44a2-9daf-3cb480ce9628"}',
).toString('base64url');
const hs512 = Buffer.from('{"typ":"JWT","alg":"HS512"}').toString('base64url');
const hs256 = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
const firebasePayload = Buffer.from('{"iss":"https://securetoken.google.com/signalwire-video-demo","role":"authenticated","iat":1750263000}').toString(
  'base64url',
);
const examplePayload = Buffer.from(
  '{"example":"an example JWT","iat":1559759804,"iss":"SignalWire JWT","resource":"55f598e8-f77b-4339-a040-5a305bb2daa5","exp":1559760704}',
).toString('base64url');
const passportHeader = Buffer.from('{"alg":"ES256","ppt":"shaken","typ":"passport","x5u":"https://shaken.signalwire.cloud/cert.pem"}').toString('base64url');

const rule: ContentRule = {
  kind: 'content',
  id: 'signalwire-client-token',
  severity: 'warning',
  precision: 'high',
  message: 'Hard-coded SignalWire client token',
  description:
    'A token minted by SignalWire for a browser or app (video room, chat, subscriber access token, Relay JWT) is hard-coded. It expires, but until then it lets anyone join the room or act as that subscriber, and hard-coding it means someone minted it by hand with an API token.',
  keywords: ['eyj'],
  mayMatchBytes,
  envVar: 'SIGNALWIRE_API_TOKEN',
  fix: () =>
    'Mint client tokens on your server at run time (POST /api/video/room_tokens, /api/chat/tokens or /api/fabric/subscribers/tokens, authenticated with the API token from the server environment) and hand them to the browser per session, with the shortest expiry that works. Remove the literal.',
  detect,
  examples: {
    positive: [
      {
        path: 'src/App.jsx',
        text: `const ROOM_TOKEN = '${vrtHeader}.${vrtPayload}.${sig86}';`,
        line: 1,
        column: 21,
        secret:
          'eyJ0eXAiOiJWUlQiLCJjaCI6InJlbGF5LnNpZ25hbHdpcmUuY29tIiwiYWxnIjoiSFM1MTIifQ.eyJpYXQiOjE3NTY0MDIyNjcsImp0aSI6ImI0YTU0MDQyLTNhNjktNDNlMC05Y2U1LTY5MDg2Y2E5NzBiNCIsInN1YiI6IjRmYjM1OTM5LWMwNjctNDVkMi05NGIzLWFjMDBmMGFkMmM3ZiIsInUiOiJndWVzdCIsInIiOiJzdGFuZHVwIiwicyI6WyJyb29tLnNlbGYuYXVkaW9fbXV0ZSJdfQ.Qk3n9x0GJt1pL8aZc2Vb7YwE5rT4uIoP6sDfGhJkLmNbVcXzAqWeRtYuIoPlKjHgFdSaZxCvBnM0987654321a',
      },
      {
        path: 'CallButton.jsx',
        text: `const SAT = '${satHeader}..LJKGRw5RIwVl7o1H.wD5FV4VKAwEPILZS1gisERoa7-Ux_oOwGlR-r97pK.Xq3xH1kF0s9aZ2vB7nC4dE';`,
        why: 'subscriber access token is a JWE with five segments',
        line: 1,
        column: 14,
        secret:
          'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIiwiY2giOiJwdWMuc2lnbmFsd2lyZS5jb20iLCJ0eXAiOiJTQVQifQ..LJKGRw5RIwVl7o1H.wD5FV4VKAwEPILZS1gisERoa7-Ux_oOwGlR-r97pK.Xq3xH1kF0s9aZ2vB7nC4dE',
      },
      {
        path: 'fabric/demo.ts',
        text: `const SUBSCRIBER_TOKEN = '${hs512}.${fabricPayload}.${sig86}';`,
        line: 1,
        column: 27,
        secret:
          'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzUxMiJ9.eyJqdGkiOiJjZGZmYTBhOS1iMTZjLTQ0MmUtYmJiNy1lMDc4MDZiYmZlZGQiLCJleHAiOjE3NTUyODAzMjYsInN1YnNjcmliZXJfaWQiOiIzYTk3NTM4NS03NDAxLTQ2YzctYTQ1OS0zMTU2ZjY5NmQ5NDciLCJwcm9qZWN0X2lkIjoiOWY4NjdiYjktODQyYS00NGEyLTlkYWYtM2NiNDgwY2U5NjI4In0.Qk3n9x0GJt1pL8aZc2Vb7YwE5rT4uIoP6sDfGhJkLmNbVcXzAqWeRtYuIoPlKjHgFdSaZxCvBnM0987654321a',
      },
    ],
    negative: [
      { path: 'session.json', text: `"idToken": "${hs256}.${firebasePayload}.${sig86}"`, why: 'generic HS256 JWT whose issuer merely mentions signalwire' },
      { path: 'shaken.md', text: `${passportHeader}.${firebasePayload}.${sig86}`, why: 'STIR/SHAKEN PASSporT is not a credential' },
      { path: 'docs.md', text: 'eyJ0eXAiOiJWUlQiLCJhbGciOiJIUzUxMiJ9.eyJpYXQiOjE2MjIxMjAxMjMsI...wMCwicnNlIjo5MDB9', why: 'truncated documentation example' },
      {
        path: 'models/responses.tsp',
        text: `model SubscriberTokenResponse {\n  @doc("Subscriber access token")\n  @example("${satHeader}..LJKGRw5RIwVl7o1H.wD5FV4VKAwEPILZS1gisERoa7-Ux_oOwGlR-r97pK.Xq3xH1kF0s9aZ2vB7nC4dE")\n  token: jwt;\n}`,
        why: 'API-spec @example annotation',
      },
      { path: 'src/auth.js', text: `const SAMPLE = '${hs512}.${examplePayload}.${sig86}';`, why: 'the payload declares itself an example' },
    ],
  },
};

export default rule;
