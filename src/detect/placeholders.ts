// Values that look like credentials but are documentation examples or placeholders.
// Sources: ../shared/research/signalwire-formats.md §9 (published SignalWire doc values).

/** Published SignalWire documentation example values: never findings. */
const DOC_VALUES = new Set([
  'PT037258e533e87ac63174ee136ed0798dc85d4f4f9e6d7191',
  'PT9e5660c101cd140a1c93a0197640a369cf5f16975a0079c9',
  '4tjCGnmAeQ0hwFmFDhwfgww880X2lsnuR60VMyasGR3hFpSyvu',
  'PSK_4d8c2b1a9f3e7c6d5b4a3e2f1d0c9b8a',
  'c2c_7acc0e5e968706a032983cd80cdca219',
]);

const DOC_UUIDS = new Set([
  'a1b2c3d4-e5f6-7890-abcd-ef1234567890',
  'b2c3d4e5-f6a7-8901-bcde-f12345678901',
  'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  '123e4567-e89b-12d3-a456-426614174000',
  '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  'b3877c40-da60-4998-90ad-b792e98472af',
  'b3877c40-da60-4998-90ad-b792e98472ca',
  'b3877c40-da60-4998-90ad-b792e98472cf',
  'b3877c40-da60-4998-90ad-b792e98472ac',
  '8f14e45f-ceea-467d-9c2b-7a1d3a9b2c34',
  'b3877739-5c7e-4d4f-9d1a-2f0c8c2f1a11',
  'b3877ee3-6f3c-4985-8066-6d24e3f65e12',
  '0c8ed3b9-8c50-4dc6-9cc4-cc6cd137fd50',
  'ea14556a-984f-11ee-b9d1-0242ac120002',
  // the project of the browser and realtime SDK reference (`SignalWire project id, e.g. …` beside the
  // example token PT9e5660…, in signalwire/docs and the JSDoc @signalwire/core ships); its variant
  // digit 5 is not one a generated UUID has
  'a10d8a9f-2166-4e82-56ff-118bc3a4840f',
  // the browser SDK's own test fixture (`rpcConnectResultVRT` in @signalwire/core's testUtils),
  // which bundlers carry into the built JavaScript of apps that use the SDK
  '8f0a119a-cda7-4497-a47d-c81493b824d4',
]);

/** Words that mark a value as a stand-in for the real thing. */
const PLACEHOLDER_WORDS =
  /x{4,}|\*{3,}|\.{3}|…|your|example|sample|dummy|fake|placeholder|changeme|change_me|redacted|replace|insert|token_?here|secret_?here|<[^>]*>|\{\{|\$\{|%[a-z_]+%/i;

const extraPlaceholders = new Set<string>();

/** Extra placeholder values from configuration (exact match). */
export function addPlaceholderValues(values: Iterable<string>): void {
  for (const v of values) extraPlaceholders.add(v);
}

export function isDocumentationValue(value: string): boolean {
  return DOC_VALUES.has(value) || DOC_UUIDS.has(value.toLowerCase()) || extraPlaceholders.has(value);
}

/** Few distinct characters, or a short pattern repeated: 0000…, abcabc…, 0123456789abcdef0123… */
export function isLowEntropy(body: string): boolean {
  const distinct = distinctLowerChars(body);
  if (distinct <= 4) return true;
  for (let period = 1; period <= 16 && period * 2 <= body.length; period++) {
    let repeats = true;
    for (let i = period; i < body.length; i++) {
      if (body[i] !== body[i - period]) {
        repeats = false;
        break;
      }
    }
    if (repeats) return true;
  }
  // the cheap tests before the regex (same answer: the three are pure)
  return distinct <= 16 && ascendingRuns(body) >= body.length / 2 && /0123456789|abcdef0123|123456789a/i.test(body);
}

/**
 * The number of distinct characters of s.toLowerCase(), without building a Set for ASCII (called
 * per candidate). Three 32-bit masks, not `2 ** c` arithmetic on a double: this function was
 * 0.25 s of self time of the 18.6 s of CPU of `swlint history --jobs 1` on signalwire/docs
 * (`node --cpu-prof`), a UUID candidate at a time.
 */
export function distinctLowerChars(s: string): number {
  let low = 0; // codes 0-31
  let mid = 0; // 32-63
  let high = 0; // 64-127
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 128) return new Set(s.toLowerCase()).size;
    if (c >= 65 && c <= 90) c += 32;
    const bit = 1 << (c & 31);
    if (c < 32) {
      if ((low & bit) === 0) {
        low |= bit;
        n++;
      }
    } else if (c < 64) {
      if ((mid & bit) === 0) {
        mid |= bit;
        n++;
      }
    } else if ((high & bit) === 0) {
      high |= bit;
      n++;
    }
  }
  return n;
}

function ascendingRuns(s: string): number {
  let n = 0;
  for (let i = 1; i < s.length; i++) if (s.charCodeAt(i) === s.charCodeAt(i - 1) + 1) n++;
  return n;
}

/** A token-like value that is a placeholder, a doc example or obviously fake. */
export function isPlaceholderSecret(value: string): boolean {
  if (isDocumentationValue(value)) return true;
  if (PLACEHOLDER_WORDS.test(value)) return true;
  const body = value.replace(/^(PT|PSK_|pat_)/, '');
  // partially masked: real prefix then a run of X/x/*
  if (/[xX*]{6,}/.test(body)) return true;
  return isLowEntropy(body);
}

/**
 * Families of UUIDs that specifications and tutorials print: RFC 4122's and Wikipedia's
 * `550e8400-e29b-41d4-a716-446655440000` (and its last-digit variants), the
 * `123e4567-e89b-12d3-a456-…` of countless READMEs, Swagger UI's default `3fa85f64-5717-4562-b3fc-…`.
 */
const EXAMPLE_UUID_FAMILIES = /^(?:550e8400-e29b-41d4-a716-4466554|123e4567-e89b-12d3-a456-|3fa85f64-5717-4562-b3fc-)/;

/**
 * Hex typed by walking the keyboard rather than drawn at random: `f8e7d6c5-b4a3-4210-9876-543210fedcba`,
 * `1a2b3c4d-5e6f-4789-abcd-ef0123456789`, `a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d`. Counts the places
 * where a digit is one more or one less than the digit one or two places before it (an interleaved
 * count, `a1b2`): about a quarter of the places in random hex, nearly all in these.
 */
export function isSequentialHex(hex: string, share = 0.7): boolean {
  const lower = hex.toLowerCase();
  // ASCII (every UUID): the digits read in place, not through an array of one-character strings
  // (the array and parseInt were 0.3 s of the 18.6 s of CPU of `swlint history --jobs 1` on
  // signalwire/docs, `node --cpu-prof`); other text keeps the code-point reading
  let steps = 0;
  let before2 = 0;
  let before1 = 0;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (c >= 128) return isSequentialCodePoints(lower, share);
    const d = hexDigit(c);
    if (i >= 1) {
      const d1 = Math.abs(d - before1);
      const d2 = i >= 2 ? Math.abs(d - before2) : 0;
      if (d1 === 1 || d2 === 1 || d1 === 15) steps++;
    }
    before2 = before1;
    before1 = d;
  }
  return steps >= share * (lower.length - 1);
}

/**
 * "example" in the languages documentation is translated into: Spanish, Portuguese, French,
 * German, Italian, Dutch. A Space label holding one is made up, and so is a value a page
 * annotates with one (src/detect/documentation.ts).
 */
export const EXAMPLE_WORDS: readonly string[] = ['example', 'ejemplo', 'exemplo', 'exemple', 'beispiel', 'esempio', 'voorbeeld'];

const MADE_UP_LABEL = new RegExp(`${EXAMPLE_WORDS.join('|')}|placeholder|changeme|x{3,}|^space\\d*$|^test\\d*$|^demo\\d*$`);

/**
 * A word of a host name typed in sequence, not a name: `12345678901` in
 * `unique-sip-domain-12345678901.sip.signalwire.com`, `1a2b3c4d` in `1a2b3c4d.conference.…`.
 * Eight characters or more, a digit among them (words of hex letters, `decade`, `facade`, step
 * through the alphabet too) and steps at 85% of the places: 0.45% of random 8-digit numbers and
 * 0.04% of random 8-hex words pass, where the 70% that 32-digit UUIDs use lets 3.5% through.
 */
export function isTypedSequenceWord(word: string): boolean {
  return word.length >= 8 && /^[0-9a-f]+$/i.test(word) && /[0-9]/.test(word) && isSequentialHex(word, 0.85);
}

/** where hexDigit puts the non-digits: 100 apart and far from the digits, so never a step, as parseInt's NaN */
const NOT_HEX = 1000;

/** parseInt(char, 16) of a lower-case character, the non-digits as above */
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  return NOT_HEX + c * 100;
}

/** isSequentialHex's plain form, read by code point: for non-ASCII text (`lower` is lower case) */
export function isSequentialCodePoints(lower: string, share = 0.7): boolean {
  const v = [...lower].map((c) => parseInt(c, 16));
  let steps = 0;
  for (let i = 1; i < v.length; i++) {
    const d1 = Math.abs(v[i]! - v[i - 1]!);
    const d2 = i >= 2 ? Math.abs(v[i]! - v[i - 2]!) : 0;
    if (d1 === 1 || d2 === 1 || d1 === 15) steps++;
  }
  return steps >= share * (v.length - 1);
}

// asked for every UUID candidate (0.75 s of the 18.6 s of CPU of `swlint history --jobs 1` on
// signalwire/docs, `node --cpu-prof`): a substring test for /x{4}/, and the checks above without allocations
export function isPlaceholderUuid(uuid: string): boolean {
  let known = placeholderUuids.get(uuid);
  if (known === undefined) {
    if (placeholderUuids.size >= PLACEHOLDER_UUIDS_KEPT) placeholderUuids.clear();
    // the key copied flat: the value is a slice of the whole text, which a key would keep alive
    placeholderUuids.set((' ' + uuid).slice(1), (known = judgePlaceholderUuid(uuid)));
  }
  return known;
}

/**
 * isPlaceholderUuid's answers for the UUIDs seen last: a history holds the same UUIDs in version
 * after version of a file (signalwire/docs' API pages: 2,112 at HEAD, 663 distinct), and the
 * checks cost 0.49 s of each worker's 20 s there (node --cpu-prof).
 */
const placeholderUuids = new Map<string, boolean>();
const PLACEHOLDER_UUIDS_KEPT = 2048;

function judgePlaceholderUuid(uuid: string): boolean {
  const u = uuid.toLowerCase();
  if (isDocumentationValue(u)) return true;
  if (u.includes('xxxx')) return true;
  if (EXAMPLE_UUID_FAMILIES.test(u)) return true;
  const hex = u.replace(/-/g, '');
  return isLowEntropy(hex) || isSequentialHex(hex) || ONE_CHARACTER_A_GROUP.test(u);
}

/** `11111111-2222-3333-4444-555555555555`: each group one character repeated, as a template fills a UUID */
const ONE_CHARACTER_A_GROUP = /^([0-9a-f])\1{7}-([0-9a-f])\2{3}-([0-9a-f])\3{3}-([0-9a-f])\4{3}-([0-9a-f])\5{11}$/;

/** Space names used in docs and templates (the label left of .signalwire.com). */
const PLACEHOLDER_SPACES = new Set([
  'example',
  'your-space',
  'yourspace',
  'your-space-name',
  'yourspacename',
  'your-signalwire-space',
  'your_space',
  'your_space_name',
  'myspace',
  'my-space',
  'mycompany',
  'my-company',
  'example-space',
  'space',
  'spacename',
  'space-name',
  'spaceurl',
  'test',
  'testing',
  'demo',
  'acme',
  'changeme',
  'x',
  'xx',
  'xxx',
  'xxxx',
  'undefined',
  'null',
  'none',
  'foo',
  'bar',
  'sample',
  'company',
  'yourcompany',
  'your-company',
  'yourname',
  'your-name',
  'name',
  'subdomain',
  'your-subdomain',
  'my',
  'mine',
  'project',
  'your-project',
  'domain',
  'yourdomain',
  'tenant',
  'org',
  'account',
  'user',
  'username',
  'env',
  'proxy',
  'host',
  'hostname',
  'url',
  'uri',
  'bogus',
  'myco',
  'yourco',
  'fake',
  'dummy',
  'mock',
  'server',
  'customer',
  'client',
  'local',
  'localhost',
  // the words prose puts where any name goes (`it's usually something.signalwire.com`)
  'something',
  'anything',
  'whatever',
]);

/** Words a placeholder Space name is made of (`space-domain`, `space_name`, `company-space`). */
const PLACEHOLDER_SPACE_WORDS = new Set([
  'space',
  'spaces',
  'domain',
  'name',
  'url',
  'your',
  'my',
  'company',
  'project',
  'sip',
  'sub',
  'subdomain',
  'org',
  'account',
  'tenant',
  'here',
  'host',
  'user',
  'id',
  'the',
  'signalwire',
  'env',
  'slug',
]);

/**
 * SignalWire hosts that are services, not customer Spaces. Evidence: the hosts SignalWire's own
 * documentation (signalwire/docs) names as its services: the firewall page (relay, sip, firewall),
 * ICE servers in the Relay specs (turn1, turn2), SIP call domains (`<uuid>.call.`), the Verto
 * gateway, message media storage, the marketing and sign-up site (m.), the developer portal, the
 * documentation platform (fern.), CDNs; and generic service words.
 */
const SERVICE_HOSTS = new Set([
  'firewall',
  'turn',
  'stun',
  'call',
  'verto',
  'storage',
  'm',
  'developers',
  'fern',
  'cdn',
  'proxy',
  'push',
  'api-docs',
  'relay',
  'fabric',
  'puc',
  'embeds',
  'my',
  'id',
  'freeswitch',
  'cdn',
  'mcdn',
  'files',
  'developer',
  'docs',
  'api',
  'turn',
  'stun',
  'status',
  'support',
  'www',
  'community',
  'info',
  'assets',
  'blog',
  'sip',
  'dapp',
  'app',
  'dashboard',
  'signup',
  'login',
  'auth',
  'static',
  'media',
  'help',
  'learn',
  'shop',
  'events',
  'careers',
  'press',
  'mail',
  'email',
  'go',
  'video',
  'chat',
  'ws',
  'wss',
  'edge',
  'portal',
  // a provider's console, as a setup step names it (`Go to https://console.signalwire.com`)
  'console',
  'sandbox',
  'staging',
  'dev',
  'beta',
  'swml',
  'ai',
  'webrtc',
  'images',
  'img',
  'downloads',
  'download',
  'packages',
  'repo',
  'registry',
  'npm',
  'github',
  'git',
  'ci',
  'metrics',
  'logs',
  'calendly',
  // SignalWire's video conferencing service, hard-coded in the browser SDK's bundles
  'cantina',
  'cantina-backend',
  'developer-docs',
  // SignalWire's own sites and shared services
  'documentation',
  'agents',
  'swaig',
  'postpromptviewer',
  // the WebSocket channels service the .NET SDK (signalwire-dotnet) connects to: `https://event-bridge.signalwire.com/v1/wschannels`
  'event-bridge',
  // the build artifacts server SignalWire's CI uploads to (`.drone.yml` of signalwire/libks and signalwire/signalwire-c)
  'artifacts',
  // the adoption service FreeSWITCH's mod_signalwire calls (`https://adopt.signalwire.com/adoption`, its compiled-in default)
  'adopt',
  // SignalWire's internal console, which lists customers' Spaces under its own path (`https://internal.signalwire.com/spaces/<space>`)
  'internal',
  // STIR/SHAKEN: the certificate authority and policy administrator of signalwire/libstirshaken (`ca.shaken.`, `pa.shaken.`)
  'shaken',
]);

export function isServiceHost(label: string): boolean {
  const l = label.toLowerCase();
  // numbered nodes of a service (turn1, relay2) and content delivery hosts (mcdn, devexcdn)
  return SERVICE_HOSTS.has(l) || SERVICE_HOSTS.has(withoutNodeNumber(l)) || l.includes('cdn');
}

/**
 * `relay2` → `relay`, `turn-1` → `turn`: trailing digits and one `-` before them. A loop from
 * the end: the regex `-?\d+$` retried at every position of a long label, and was the largest
 * self time of `node --cpu-prof dist/cli.js scan` on a documentation repository (BENCHMARKS.md).
 */
function withoutNodeNumber(l: string): string {
  let end = l.length;
  while (end > 0 && l.charCodeAt(end - 1) >= 48 && l.charCodeAt(end - 1) <= 57) end--;
  if (end === l.length) return l;
  if (end > 0 && l.charCodeAt(end - 1) === 45) end--;
  return l.slice(0, end);
}

/** The same words written without a separator: `companyname`, `accountname`, `tenantdomain` (two or more; short words like `sub` left out, `subspace` can be a real name). */
const JOINED_PLACEHOLDER_WORDS =
  /^(?:your|my|the)?(?:space|domain|name|company|project|account|tenant|host|user)(?:space|domain|name|company|project|account|tenant|host|user|here)+$/;

/**
 * The fictional companies documentation and samples are written for (SignalWire's own docs say
 * `acme.signalwire.com`; Microsoft's and many SDKs' samples Contoso, Fabrikam, Northwind …),
 * written joined: a Space named for one of them, with or without a company suffix, is an example.
 */
const FICTIONAL_COMPANIES = new Set([
  'acme',
  'contoso',
  'fabrikam',
  'northwind',
  'northwindtraders',
  'adventureworks',
  'woodgrove',
  'woodgrovebank',
  'tailspintoys',
  'wingtiptoys',
  'litware',
  'proseware',
  'relecloud',
  'initech',
  'globex',
  'examplecorp',
]);
const COMPANY_SUFFIX = /(?:corporation|corp|inc|co|ltd|llc|company|group)$/;

function isFictionalCompany(label: string): boolean {
  const joined = label.replace(/[-_]+/g, '');
  return FICTIONAL_COMPANIES.has(joined) || FICTIONAL_COMPANIES.has(joined.replace(COMPANY_SUFFIX, ''));
}

export function isPlaceholderSpace(label: string): boolean {
  const l = label.toLowerCase();
  if (PLACEHOLDER_SPACES.has(l)) return true;
  if (isFictionalCompany(l)) return true;
  // `slug`: what a URL's own label is called (`myslug.signalwire.com` beside `'myslug'`, `https://myslug`)
  if (/^(your|my)[-_]?/.test(l) && l.length <= 24 && /(space|name|company|org|project|domain|sub|account|slug)/.test(l)) return true;
  if (/^your/.test(l)) return true;
  // `myapp`: the stand-in for an application's name (`$1@myapp.signalwire.com` in a dialplan sample); `myappliance-repair` is a name
  if (/^my[-_]?apps?\d*$/.test(l)) return true;
  // a test's made-up Space: `testspace` (`<name>-space` is how people name real ones: `noah-space`)
  if (/^test(?:space|site|domain|host)\d*$/.test(l)) return true;
  // an instruction in the label: `replace-this-url-with-your-bin-url`, `insert-your-space`
  if (/^(?:replace|insert|enter|put|fill|change)[-_]/.test(l) || /(?:^|[-_])your[-_]/.test(l)) return true;
  // test hosts: `test-space-vapi`, `test-livekit`
  if (/^test[-_]/.test(l)) return true;
  const words = l.split(/[-_]+/).filter(Boolean);
  if (words.length > 1 && words.every((w) => PLACEHOLDER_SPACE_WORDS.has(w))) return true;
  if (JOINED_PLACEHOLDER_WORDS.test(l)) return true;
  // `example` translated too (`ejemplo.signalwire.com` in a Spanish locale file where the English one says `example.`)
  if (MADE_UP_LABEL.test(l)) return true;
  // a label that says it is made up: `sumafaketest`, `apptestfake`, `dummy-space` (a test suffix alone, `harbortest`, can be a real staging Space)
  if (/fake|dummy/.test(l)) return true;
  return false;
}
