import type { DetectInput } from '../types.js';
import { enclosingScopes, isSignalWireName, keyWords, lineEnd, lineStart, signalWireNear } from './context.js';

/**
 * Services whose configuration names a project by UUID too (Railway, Linear, Expo's EAS, Azure
 * DevOps, Google Cloud…, and the speech and AI services a voice app runs beside SignalWire:
 * Deepgram's projects, Vapi's assistants): a key or its enclosing block named for one of them
 * holds that service's project, even in a file that configures SignalWire beside it.
 */
const OTHER_SERVICE =
  /^(?:deepgram|assemblyai|speechmatics|gladia|elevenlabs|cartesia|playht|vapi|retell|bland|synthflow|groq|mistral|cohere|gemini|pinecone|qdrant|weaviate|langfuse|langsmith|helicone|replicate|railway|linear|vercel|netlify|render|heroku|fly|firebase|gcp|google|gcloud|bigquery|supabase|sentry|eas|expo|azure|azuredevops|devops|ado|jira|gitlab|github|asana|clickup|todoist|notion|airtable|aws|amplify|openai|anthropic|segment|mixpanel|amplitude|posthog|launchdarkly|bugsnag|datadog|newrelic|honeycomb|pusher|ably|algolia|mapbox|stripe|plaid|zendesk|hubspot|salesforce|okta|auth0|clerk|neon|planetscale|convex|appwrite|pocketbase|contentful|sanity|prismic|storyblok|cloudinary|mux|agora|daily|livekit|vonage|nexmo|bandwidth|telnyx|plivo|sinch|infobip|messagebird)$/;

/**
 * What a project is for, when it is not calling: analytics, telemetry, crash reporting, a cloud's own
 * projects (`analyticsProjectId`, `TelemetryProjectId`, `cloud_project`). SignalWire's project is
 * named for SignalWire or for nothing; another purpose names another system's project.
 */
const OTHER_PURPOSE = /^(?:analytics|telemetry|tracking|tracker|metrics|monitoring|observability|apm|tracing|crash|crashlytics|insights|logging|cloud)$/;

/**
 * Does `key` (or the block it sits in) name a service other than SignalWire, or another purpose?
 * Then the value is that service's: its project, its token.
 */
export function namesOtherService(input: DetectInput, start: number, key: string): boolean {
  if (isSignalWireName(key)) return false;
  // every segment of a dotted key: `google.cloud.project-id` names Google in its first
  const words = keyWords(key.replace(/\./g, '_'));
  if (words.some((w) => OTHER_SERVICE.test(w) || OTHER_PURPOSE.test(w))) return true;
  // the block the key sits in: `eas: { projectId }`, `azureDevOps: { projectId }`, on the lines above or
  // opened earlier on the same line (`"eas": { "projectId": "<uuid>" }` in an app.json)
  const inline = INLINE_BLOCK_KEY.exec(input.text.slice(lineStart(input, start), start))?.[1];
  const scope = inline ?? enclosingScopes(input, start, 6)[0];
  return scope !== undefined && !isSignalWireName(scope) && keyWords(scope).some((w) => OTHER_SERVICE.test(w));
}

// the key of an object literal opened on the value's own line and not closed before it (also a Perl
// hash's list, `my %aws = (token => …`, and `aws => { token => …`)
const INLINE_BLOCK_KEY = /["']?([A-Za-z_][\w-]*)["']?\s*(?:=>|[:=])\s*(?:\{[^{}\n]*|\([^()\n]*)$/;

/** how far along its line a value's context is read, each way: a minified bundle's line is megabytes */
const LINE_REACH = 400;

/** The value's line before it, at most LINE_REACH characters of it. */
function lineBefore(input: DetectInput, start: number): string {
  return input.text.slice(Math.max(lineStart(input, start), start - LINE_REACH), start);
}

// the URL a value sits in, up to the value with nothing that ends a URL between: its host
const URL_UP_TO_VALUE = /\b(?:https?|wss?):\/\/([^\s/?#'"`<>]+)[^\s'"`<>]*$/i;
const SIGNALWIRE_HOST = /(?:^|[.@}\]>])(?:signalwire\.com|swire\.io|signalwire\.cloud)(?::\d+)?$/i;

/**
 * Is the value at `start` a parameter of a URL to a host that is not SignalWire's
 * (`wss://relay.example.net/?project=…&token=…`)? Then it is that host's, whatever its name.
 */
export function inOtherHostUrl(input: DetectInput, start: number): boolean {
  const host = URL_UP_TO_VALUE.exec(lineBefore(input, start))?.[1];
  return host !== undefined && !SIGNALWIRE_HOST.test(host);
}

// Shopware's Store API, the other `SW` that frontends configure: its headers (`sw-access-key`,
// `sw-context-token`), its sales-channel access keys (`SWSC` + 22 upper-case letters and digits),
// its path and its name
const SHOPWARE_LINE = /shopware|["'`]sw-(?:access-key|context-token|language-id|currency-id|version-id|include-seo-urls)["'`]|\/store-api\b/i;
const SHOPWARE_ACCESS_KEY = /\bSWSC[A-Z0-9]{22}\b/;
const SHOPWARE_FILE = /shopware|["'`]sw-(?:access-key|context-token)["'`]/i;
const SIGNALWIRE_MENTION = /signalwire|swire|laml|cxml/i;
const SHOPWARE_FILES = {};

/**
 * Does the `SW` of `key` (`VITE_SW_ACCESS_KEY`, `NEXT_PUBLIC_SW_CONTEXT_TOKEN`) stand for Shopware,
 * not SignalWire? When `sw` is the key's only SignalWire word and its line is Shopware's (a
 * `sw-access-key` header, an `SWSC…` access key, `/store-api`), or its file names Shopware and
 * never SignalWire. A key that spells SignalWire out is SignalWire's wherever it is.
 */
export function swMeansShopware(input: DetectInput, start: number, key: string): boolean {
  if (SIGNALWIRE_MENTION.test(key) || !keyWords(key).includes('sw')) return false;
  const { text } = input;
  const line = lineBefore(input, start) + text.slice(start, Math.min(lineEnd(input, start), start + LINE_REACH));
  if (SHOPWARE_LINE.test(line) || SHOPWARE_ACCESS_KEY.test(line)) return true;
  return input.memo(SHOPWARE_FILES, () => SHOPWARE_FILE.test(text) && !SIGNALWIRE_MENTION.test(text));
}

// the path a value ends, back to what starts it (a quote, a space, a bracket)
const PATH_UP_TO_VALUE = /[^\s'"`<>()[\]]*$/;
// segments of SignalWire's Compatibility API path (`/api/laml/2010-04-01/Accounts/`), slashes plain, JSON-escaped or percent-encoded
const SIGNALWIRE_COMPAT_SEGMENT = /(?:^|\/|%2F)laml(?:\\?\/|%2F)/i;
const COMPAT_VERSION_SEGMENT = /(?:^|\/|%2F)2010-04-01(?:\\?\/|%2F)/i;
// another service's Twilio-compatible API, whose accounts are UUIDs too: Telnyx's TeXML (`/v2/texml/Accounts/<uuid>`)
const OTHER_COMPAT_SEGMENT = /(?:^|\/|%2F)texml(?:\\?\/|%2F)/i;
// a host written out (no `{{space}}`, `${host}` or `<space>` to fill in): its name says whose API it is
const LITERAL_HOST = /^(?:https?|wss?):(?:\\?\/|%2F){2}([\w.-]+(?::\d+)?)(?:\\?\/|%2F|$)/i;

/**
 * Is the UUID at `start`, the account of an `Accounts/<uuid>` path, SignalWire's project? The path is
 * the Compatibility API's shape, which Telnyx's TeXML and jambonz's REST API share with UUID accounts of
 * their own: it is SignalWire's when it is LaML's (`/api/laml/`), or Twilio's versioned path on no other
 * service's host, or a bare `/Accounts/<uuid>` with SignalWire mentioned near.
 */
export function accountsPathIsSignalWire(input: DetectInput, start: number): boolean {
  const path = PATH_UP_TO_VALUE.exec(lineBefore(input, start))?.[0] ?? '';
  if (OTHER_COMPAT_SEGMENT.test(path)) return false;
  if (SIGNALWIRE_COMPAT_SEGMENT.test(path)) return true;
  const host = LITERAL_HOST.exec(path)?.[1];
  if (host !== undefined && !SIGNALWIRE_HOST.test(host)) return false;
  return host !== undefined || COMPAT_VERSION_SEGMENT.test(path) || signalWireNear(input, start);
}
