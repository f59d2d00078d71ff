import type { ContentRule, DetectInput, RuleMatch } from '../src/types.js';
import { isTokenValue, ptTokens, ptTokenWithinLines, uuids, TOKEN_SOURCE } from '../src/detect/candidates.js';
import {
  assignmentKey,
  enclosingScopes,
  envFallbackName,
  environmentWriteName,
  inSignalWireScope,
  isGenericTokenName,
  isProjectName,
  isSignalWireName,
  isUserName,
  keyWords,
  lineEnd,
  lineStart,
  linesBack,
  linesForward,
  signalWireNear,
} from '../src/detect/context.js';
import { clientArgumentAt } from '../src/detect/clients.js';
import { assembledUuids } from '../src/detect/assemble.js';
import { readFromEnvironment } from '../src/detect/language.js';
import { isPlaceholderSecret, isPlaceholderUuid } from '../src/detect/placeholders.js';
import { exampleEvidence } from '../src/detect/documentation.js';
import { accountsPathIsSignalWire, inOtherHostUrl, namesOtherService } from '../src/detect/other-service.js';

// a token literal right after the UUID: ('uuid', 'PT…'), uuid:PT…
const FOLLOWED_BY_TOKEN = new RegExp(`^["'\`]?\\s*[,:]\\s*["'\`]?(${TOKEN_SOURCE})`);
const SUBRESOURCE_SEGMENT = /\/(?!projects?\/)[A-Za-z][\w-]*\/$/i;
const PROSE_PROJECT = /\bproject(?:[ _-]?id)?\b[^\n]{0,24}$/i;
const SPACED_PROJECT_LABEL = /\bproject[ \t]+(?:id|identifier)[ \t]*[:=][ \t]*[`"'*]*$/i;
const NOT_A_PROJECT =
  /(?:call|node|segment|space|room|subscriber|member|session|conference|message|bin|token|template|row|user|device|trace|request|correlation|telemetry|resource|_postman)[_-]?(?:id|sid)?\b[^\n]{0,6}$/i;

/** A line about one call or message: its `sid=<uuid>` is that call's, not the project's. */
const CALL_OR_MESSAGE_LINE = /\b(?:call|calls|message|messages|sms|mms|conference|recording|fax|queue[ds]?|dial(?:ed|ing)?|inbound|outbound)\b/i;

function tokenOnSameLineNear(input: DetectInput, offset: number, chars: number): boolean {
  const from = Math.max(lineStart(input, offset), offset - chars);
  const to = Math.min(lineEnd(input, offset), offset + chars);
  return ptTokens(input).some((t) => t.start >= from && t.end <= to);
}

// The user half of a basic-auth pair whose secret is read, not written: the project ID is hard-coded
// beside a token from the environment. After the UUID, the pair's separator and the secret's expression:
// `curl -u <uuid>:$SIGNALWIRE_API_TOKEN`, `'<uuid>:' + process.env.…`, `` `<uuid>:${env.…}` ``, …
// (a shell's `<uuid>:"$TOKEN"` quotes the variable alone)
const COLON_THEN_EXPRESSION = /^:(?:["']?\$\{?|%(?=[A-Za-z_])|#\{|\{\{?|["'`]\s*(?:\+|\.|<>|\|\|)\s*)([^\n]{1,120})/;
// … `auth=("<uuid>", os.environ[…])`, `SetBasicAuth("<uuid>", os.Getenv(…))`, `username: '<uuid>',\n password: process.env.…`
const COMMA_THEN_EXPRESSION = /^["'`]\s*,\s*(?:\r?\n\s*)?(?:(?:password|pass|passwd|secret|token)["']?\s*(?:[:=]>?|=>)\s*)?(?=[A-Za-z_$@%(])([^\n]{1,120})/i;
const CURL_USER_BEFORE = /(?:^|\s)(?:-u|--user|--http-user|-U)(?:\s+|=)["']?$/;
// what builds a basic-auth pair or takes one: base64 of `user:secret`, an auth option, tuple or helper
const BASIC_AUTH_BEFORE =
  /(?:btoa|Buffer\.from|base64|b64encode|encode64|ToBase64String|GetBytes|encodeToString|userpwd|auth|basic|credentials?|user(?:name)?|login)\b[^\n]{0,40}$/i;

/**
 * A generic token's name with a word that says which of the project's tokens it is, not whose:
 * `new_token`, `current_token`, `prod_token` in a rotation script.
 */
function isQualifiedTokenName(name: string): boolean {
  const words = keyWords(name);
  return (
    words.length > 1 &&
    /^(token|secret|password)$/.test(words[words.length - 1]!) &&
    words.every((w) => isGenericTokenName(w) || /^(new|old|current|next|prev|previous|rotated|active|primary|secondary|live|prod|production|staging)$/.test(w))
  );
}

/**
 * Is the UUID at start..end the user of a basic-auth pair whose secret is an expression naming a
 * SignalWire token (`SIGNALWIRE_API_TOKEN`, `config('services.signalwire.token')`), a variable
 * with a token literal a few lines away, or a token by a generic name (`token`, `$TOKEN`) with
 * SignalWire mentioned near? Another service's secret (`process.env.CRM_SECRET`) makes it that
 * service's user.
 */
function userOfReadSecret(input: DetectInput, start: number, end: number): boolean {
  const { text } = input;
  const after = text.slice(end, end + 160);
  const before = text.slice(Math.max(linesBack(input, start, 1), start - 240), start);
  const colon = COLON_THEN_EXPRESSION.exec(after);
  const comma = colon ? null : COMMA_THEN_EXPRESSION.exec(after);
  const expression = colon?.[1] ?? comma?.[1];
  if (!expression) return false;
  const lead = before.replace(/["'`(\[{\s]+$/, '');
  if (colon ? !CURL_USER_BEFORE.test(before) && !BASIC_AUTH_BEFORE.test(lead) : !BASIC_AUTH_BEFORE.test(lead)) return false;
  const words = expression.split(/[,;)\]}]/, 1)[0]!.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  if (words.some((w) => isSignalWireName(w))) return true;
  // a variable set from a token literal a line or two away: `$secure = ConvertTo-SecureString 'PT…'`
  if (ptTokenWithinLines(input, start, 3)) return true;
  if (!words.some((w) => isGenericTokenName(w) || isQualifiedTokenName(w)) || !signalWireNear(input, start, 1500)) return false;
  // a generic `token` sent to another host on the same line is that host's
  const hosts = text.slice(lineStart(input, start), lineEnd(input, end)).match(/\bhttps?:\/\/[\w.-]+/gi) ?? [];
  return hosts.every((h) => /(?:signalwire\.com|swire\.io)$/i.test(h));
}

// a password or token field that refers to the secret rather than holding it: a collection's variable
// (`"password": "{{signalwire_token}}"`, Postman's `{"key": "password", "value": "{{api_token}}"}`,
// Hoppscotch's `"password": "<<signalwire_token>>"`), an environment lookup, a template
const SECRET_REFERENCE =
  /(?:\b(?:password|passwd|pass|secret|token)["']?\s*(?:[:=]|=>)\s*["']?|"key"\s*:\s*"(?:password|token)"\s*,\s*"value"\s*:\s*")(?:\{\{\s*|<<\s*|\$\{|\$|%|<%=\s*)(?:_\.)?([A-Za-z_][\w.]*)/gi;

/**
 * Is there, within `lines` lines, a password or token field that refers to a SignalWire token (by
 * its name, or by a generic name with SignalWire mentioned near)? The user beside it in a basic-auth
 * block (Postman, Insomnia, Bruno, a YAML config) is then the project.
 */
function secretReferenceNear(input: DetectInput, offset: number, lines: number): boolean {
  const near = input.text.slice(linesBack(input, offset, lines), linesForward(input, offset, lines));
  SECRET_REFERENCE.lastIndex = 0;
  for (let m = SECRET_REFERENCE.exec(near); m; m = SECRET_REFERENCE.exec(near)) {
    const words = (m[1] ?? '').split('.');
    if (words.some((w) => isSignalWireName(w))) return true;
    if (words.some((w) => isGenericTokenName(w)) && signalWireNear(input, offset, 1500)) return true;
  }
  return false;
}

// a password written as a literal: `password: …`, FreeSWITCH's `<param name="password" value="…"/>`, `<password>…</password>`
const PASSWORD_LITERAL =
  /(?:\b(?:password|passwd|secret)["']?\s*(?:[:=]|=>)\s*["']?|\bname=["'](?:password|passwd|secret)["']\s+value=["']|<(?:password|passwd|secret)>)([^\s"'<>]+)/gi;

/**
 * Is the user at `start` paired with a password of its own, the nearest within two lines, that is a
 * literal and no token? Then the pair is complete without SignalWire's token: a second gateway or
 * account in the same file (`<gateway name="backup-carrier">` below SignalWire's), whose user a token
 * a few lines away says nothing about.
 */
function pairedWithOwnSecret(input: DetectInput, start: number): boolean {
  const from = linesBack(input, start, 2);
  const near = input.text.slice(from, linesForward(input, start, 2));
  let nearest: RegExpExecArray | null = null;
  PASSWORD_LITERAL.lastIndex = 0;
  for (let m = PASSWORD_LITERAL.exec(near); m; m = PASSWORD_LITERAL.exec(near))
    if (!nearest || Math.abs(from + m.index - start) < Math.abs(from + nearest.index - start)) nearest = m;
  const value = nearest?.[1];
  // a reference (`$TOKEN`, `{{token}}`, `%TOKEN%`, `@token`) or a placeholder says nothing of whose pair it is
  return value !== undefined && !/^[$%{<@]/.test(value) && !isTokenValue(value) && !isPlaceholderSecret(value);
}

function isProjectId(input: DetectInput, start: number, end: number): boolean {
  const { text } = input;
  const arg = clientArgumentAt(input, start);
  if (arg && arg.index === 0) return true;
  const before = text.slice(Math.max(lineStart(input, start), start - 80), start);
  // (its slashes JSON-escaped, `\/Accounts\/`, or percent-encoded, `%2FAccounts%2F`, in a log or a query string)
  // (the path's shape is shared with Twilio-compatible APIs of other services: whose it is, see accountsPathIsSignalWire)
  if (/(?:\/|\\\/|%2[Ff])Accounts(?:\/|\\\/|%2[Ff])$/.test(before)) return accountsPathIsSignalWire(input, start) || ptTokenWithinLines(input, start, 4);
  const follow = FOLLOWED_BY_TOKEN.exec(text.slice(end, end + 80));
  if (follow?.[1] && isTokenValue(follow[1])) return true;
  if (userOfReadSecret(input, start, end)) return true;

  // the fallback default of an environment lookup named for a project, `os.getenv("SIGNALWIRE_PROJECT", "<uuid>")`,
  // or a value written into the environment, `ENV["SIGNALWIRE_PROJECT_ID"] = "<uuid>"`
  const envName = envFallbackName(input, start) ?? environmentWriteName(input, start);
  if (envName && isProjectName(envName) && (isSignalWireName(envName) || (signalWireNear(input, start) && !namesOtherService(input, start, envName))))
    return true;
  const key = assignmentKey(input, start);
  // a minified config object: {p:"<uuid>",t:"PT…"} on one line
  if (!NOT_A_PROJECT.test(before) && !(key && NOT_A_PROJECT.test(key)) && tokenOnSameLineNear(input, start, 200)) return true;
  if (key) {
    // a label in words, `Project ID: <uuid>` (a README's list, a comment): the key found is its last word
    if (isProjectName(key) || SPACED_PROJECT_LABEL.test(before)) {
      if (namesOtherService(input, start, key) || inOtherHostUrl(input, start)) return false;
      if (isSignalWireName(key) || signalWireNear(input, start) || inSignalWireScope(input, start)) return true;
      return ptTokenWithinLines(input, start, 4);
    }
    // the user half of a credential block: `user`, `login`, or a bare `sid` (the Compatibility API's name for the project)
    // (6 lines: a Postman basic-auth list holds each of the pair in a {key, value, type} object of its own)
    if (isUserName(key) && (ptTokenWithinLines(input, start, 6) || secretReferenceNear(input, start, 6)) && !pairedWithOwnSecret(input, start)) return true;
    if (/^sid$/i.test(key) && !CALL_OR_MESSAGE_LINE.test(before) && ptTokenWithinLines(input, start, 3)) return true;
    return false;
  }
  if (NOT_A_PROJECT.test(before)) return false;
  // a GUID in braces is Windows' and Visual Studio's form (`$project.Kind -eq '{cc5fd16d-…}'`), not a project written in words
  if (text[start - 1] === '{' && text[end] === '}') return false;
  // a URL path's segment after the project names what the UUID is (`Accounts/{{project}}/Calls/<uuid>`): a call's, a room's
  if (SUBRESOURCE_SEGMENT.test(before)) return false;
  // prose: "Old staging project: <uuid>", "Project ID `<uuid>`", a Markdown table's row with the token a row below
  return PROSE_PROJECT.test(before) && (signalWireNear(input, start, 1500) || ptTokenWithinLines(input, start, 3));
}

// MSBuild and Visual Studio files are full of GUIDs (project types, project ids, configurations)
const MSBUILD_FILE = /\.(sln|csproj|vbproj|fsproj|vcxproj|vcxproj\.filters|props|targets|proj|wixproj|sqlproj)$/i;
// keys of a Compatibility API response: the project's id as an API reference example prints it
const RESPONSE_KEY = /^(?:account_?sid|parent_?sid)$/i;

/** In a CSV/TSV file, the header of the column the value sits in (first line), or null. */
function csvColumnHeader(input: DetectInput, start: number): string | null {
  if (!/\.(csv|tsv)$/i.test(input.path)) return null;
  const sep = /\.tsv$/i.test(input.path) ? '\t' : ',';
  const { text } = input;
  const ls = lineStart(input, start);
  if (ls === 0) return null;
  const column = text.slice(ls, start).split(sep).length - 1;
  const header = text.slice(0, lineEnd(input, 0)).split(sep);
  return (header[column] ?? '').trim().replace(/^["']|["']$/g, '');
}

// the value column of a key/value table (`key,value`, `name,setting_value`): the row's key says what the value is
const VALUE_COLUMN = /^(?:value|val|setting_?value|config_?value|data)$/i;

/** In a key/value CSV, does the cell before the value's name a SignalWire project (`signalwire_project_id,<uuid>`)? */
function keyCellNamesProject(input: DetectInput, start: number, header: string): boolean {
  if (!VALUE_COLUMN.test(header)) return false;
  const sep = /\.tsv$/i.test(input.path) ? '\t' : ',';
  const cells = input.text.slice(lineStart(input, start), start).split(sep);
  const key = (cells[cells.length - 2] ?? '').trim().replace(/^["']|["']$/g, '');
  return isProjectName(key) && !namesOtherService(input, start, key) && (isSignalWireName(key) || signalWireNear(input, start));
}

/** Why this UUID, found where a project ID is expected, reads as an example (see src/detect/documentation.ts). */
function projectExample(input: DetectInput, start: number): string | null {
  const key = assignmentKey(input, start);
  if (key && RESPONSE_KEY.test(key)) return 'an API response example';
  return exampleEvidence(input, start);
}

function detect(input: DetectInput): RuleMatch[] {
  const out: RuleMatch[] = [];
  if (MSBUILD_FILE.test(input.path)) return out;
  for (const u of uuids(input)) {
    const header = csvColumnHeader(input, u.start);
    const keyed = header !== null && keyCellNamesProject(input, u.start, header);
    if (!keyed && !isProjectId(input, u.start, u.end)) continue;
    if (header !== null && !keyed && !isProjectName(header) && !isSignalWireName(header)) continue;
    const example = projectExample(input, u.start);
    out.push({ start: u.start, end: u.end, secret: u.value, ...(example ? { example } : {}) });
  }
  if (input.text.includes("'") || input.text.includes('"')) {
    for (const a of assembledUuids(input)) {
      if (isPlaceholderUuid(a.value)) continue;
      const key = assignmentKey(input, a.start);
      if (key && isProjectName(key) && (isSignalWireName(key) || signalWireNear(input, a.start)))
        out.push({
          start: a.start,
          end: a.end,
          reachesTo: a.lastEnd,
          secret: a.value,
          message: 'Hard-coded SignalWire project ID, split into concatenated pieces',
        });
    }
  }
  return out;
}

const rule: ContentRule = {
  kind: 'content',
  id: 'signalwire-project-id',
  severity: 'warning',
  precision: 'high',
  message: 'Hard-coded SignalWire project ID',
  description:
    'A SignalWire project ID is written into the code. It is not a secret by itself, but it is half of every credential pair, identifies your account, and ties the code to one project: load it from configuration like the token.',
  keywords: ['signalwire', 'swire', 'sw_', 'twilio', 'laml', 'accounts/'],
  caseSensitiveKeywords: ['PT'],
  envVar: 'SIGNALWIRE_PROJECT_ID',
  fix: (input) => `${readFromEnvironment(input, 'project ID', input.envVar, { secret: false })}, so that each environment can point at its own project.`,
  historyOnlyFix: 'A project ID is not a secret by itself: nothing to rotate (but rotate any API token committed beside it).',
  detect,
  examples: {
    positive: [
      {
        path: 'logs/audit.json',
        text: '{"event": "deploy", "body": "{\\"signalwire_project_id\\": \\"0b3945ab-00bb-4eed-b90b-aef0531969a8\\", \\"signalwire_token\\": \\"Lq3nX8vR2kT7pW4zH9mC1bF6yD0sG5aJ8eN3uV7iO2tK4rQ1wZ\\", \\"session_secret\\": \\"Ym4pQ7rT1vX9zB3nD6fH2jK8mS5wC0aE4gL7uO1iR9tV3yN6bZ\\"}"}\n',
        why: "JSON inside a JSON string: the key's quotes escaped",
        line: 1,
        column: 60,
        secret: '0b3945ab-00bb-4eed-b90b-aef0531969a8',
      },
      {
        path: 'Dockerfile',
        text: 'FROM node:20-slim\nENV SIGNALWIRE_PROJECT_ID 0b3945ab-00bb-4eed-b90b-aef0531969a8\nENV OTEL_SERVICE_INSTANCE_ID 54c37db2-0d40-4e9a-84e2-1eb977ac8762\n',
        why: "a Dockerfile's ENV without =: the name before the value (the instance id beside it is not reported)",
        line: 2,
        column: 27,
        secret: '0b3945ab-00bb-4eed-b90b-aef0531969a8',
      },
      {
        path: 'R/sms.R',
        text: 'signalwire_project <- "0b3945ab-00bb-4eed-b90b-aef0531969a8"\nrun_id <- "54c37db2-0d40-4e9a-84e2-1eb977ac8762"\n',
        why: "R's <- assignment",
        line: 1,
        column: 24,
        secret: '0b3945ab-00bb-4eed-b90b-aef0531969a8',
      },
      {
        path: 'src/session.ts',
        text: 'export const session = {\n  /** SignalWire project id, e.g. `1c366e25-ca26-49a8-b665-b9a42efe8b46` */\n  project: process.env.SW_PROJECT,\n}\n',
        why: "another project in the same doc comment's words: code is not a documentation page, whatever its comment says",
        line: 2,
        column: 36,
        secret: '1c366e25-ca26-49a8-b665-b9a42efe8b46',
      },
      {
        path: 'src/notify/signalwire.clj',
        text: '(ns notify.signalwire)\n\n(def creds\n  {:project-id "6d1f8b3a-92e4-4c7b-a05d-e3b7c9f2a184"\n   :api-key (System/getenv "SW_KEY")})\n',
        why: "a Clojure map's keyword: its `-id` is not a command-line flag",
        line: 4,
        column: 17,
        secret: '6d1f8b3a-92e4-4c7b-a05d-e3b7c9f2a184',
      },
      {
        path: 'ios/Config.plist',
        text: '<plist version="1.0"><dict><key>AppGroup</key><string>group.com.example.app</string><key>SignalWireProject</key><string>b7d20e5c-4f19-4a83-9c6e-0e5a71f3d28b</string></dict></plist>\n',
        why: 'a property list on one line: the key just before the string names it',
        line: 1,
        column: 121,
        secret: 'b7d20e5c-4f19-4a83-9c6e-0e5a71f3d28b',
      },
      {
        path: 'exports/settings.csv',
        text: 'key,value,updated_at\nsignalwire_space,harbor-dental.signalwire.com,2024-05-01\nsignalwire_project_id,0c7e4a92-5b1f-4d38-a6e9-3f28d1b7c504,2024-05-01\n',
        why: 'a key/value table: the row names the value, not the column',
        line: 3,
        column: 23,
        secret: '0c7e4a92-5b1f-4d38-a6e9-3f28d1b7c504',
      },
      {
        path: 'send.py',
        text: 'from signalwire.rest import Client\nclient = Client(r"5e0a9d37-c2b8-4f16-9a4e-71d3b6f02c85", os.environ["SIGNALWIRE_TOKEN"])\n',
        why: "a client's project argument written as a raw string",
        line: 2,
        column: 19,
        secret: '5e0a9d37-c2b8-4f16-9a4e-71d3b6f02c85',
      },
      {
        path: 'reports/usage.jl',
        text: 'const SW_PROJECT = get(ENV, "SIGNALWIRE_PROJECT_ID", "c41e7a92-5d3b-4f86-a0c9-7e2b18d6f453")\n',
        why: "Julia's lookup with a default",
        line: 1,
        column: 55,
        secret: 'c41e7a92-5d3b-4f86-a0c9-7e2b18d6f453',
      },
      {
        path: 'resources/config.edn',
        text: '{:signalwire {:project #or [#env SIGNALWIRE_PROJECT_ID "5b9d2e7f-0a46-4c13-8e5b-d27f6a9c0e31"]}}\n',
        why: "Aero's #or default of an #env lookup",
        line: 1,
        column: 57,
        secret: '5b9d2e7f-0a46-4c13-8e5b-d27f6a9c0e31',
      },
      {
        path: 'build.gradle',
        text: "ext { signalwireProject = project.findProperty('signalwireProject') ?: '9e3c5a17-b2d8-4f60-a4e1-6c0b7d92f58a' }\n",
        why: "Gradle's property lookup with a default",
        line: 1,
        column: 73,
        secret: '9e3c5a17-b2d8-4f60-a4e1-6c0b7d92f58a',
      },
      {
        path: 'src/config.rs',
        text: 'let project = env::var("SIGNALWIRE_PROJECT_ID").unwrap_or_else(|_| "2f7b0c94-e61a-4d3f-b85e-90a4c7d1e6b2".to_string());\n',
        why: "Rust's lookup with a default",
        line: 1,
        column: 69,
        secret: '2f7b0c94-e61a-4d3f-b85e-90a4c7d1e6b2',
      },
      {
        path: 'cmd/main.go',
        text: 'project := cmp.Or(os.Getenv("SIGNALWIRE_PROJECT_ID"), "e8a1d4c7-39f2-4b6e-9d05-3c7f1a2b8e64")\n',
        why: "Go's first non-empty of a lookup and a literal",
        line: 1,
        column: 56,
        secret: 'e8a1d4c7-39f2-4b6e-9d05-3c7f1a2b8e64',
      },
      {
        path: 'lib/config.dart',
        text: "final project = Platform.environment['SIGNALWIRE_PROJECT_ID'] ?? '7c2e9f14-a5b3-4d08-b6e7-1f94d0a3c25e';\n",
        why: "Dart's environment map with a default",
        line: 1,
        column: 67,
        secret: '7c2e9f14-a5b3-4d08-b6e7-1f94d0a3c25e',
      },
      {
        path: 'src/core.clj',
        text: '(def project (or (System/getenv "SIGNALWIRE_PROJECT_ID") "a3f60d28-7c1e-4b95-8e2a-5d09b7c4f13e"))\n',
        why: "Clojure's or of a lookup and a literal",
        line: 1,
        column: 59,
        secret: 'a3f60d28-7c1e-4b95-8e2a-5d09b7c4f13e',
      },
      {
        path: '.env',
        text: 'SIGNALWIRE_PROJECT_ID=1ba63426-c248-450e-8ef0-dd9650b32385\n',
        line: 1,
        column: 23,
        secret: '1ba63426-c248-450e-8ef0-dd9650b32385',
      },
      {
        path: 'deploy/settings.js',
        text: 'const host = "harbor.signalwire.com";\nconst projectId = "8f2c6d1e-4b7a-4c3e-9d5f-2a1b3c4d5e6f";\n',
        why: 'the Space URL is the only SignalWire mention',
        line: 2,
        column: 20,
        secret: '8f2c6d1e-4b7a-4c3e-9d5f-2a1b3c4d5e6f',
      },
      {
        path: 'config.py',
        text: 'import signalwire\nPROJECT_ID = "9f867bb9-842a-44a2-9daf-3cb480ce9628"\n',
        line: 2,
        column: 15,
        secret: '9f867bb9-842a-44a2-9daf-3cb480ce9628',
      },
      {
        path: 'send.js',
        text: "const client = RestClient('4ebe6393-3650-4bbe-b147-c3e44e080d3e', process.env.SIGNALWIRE_API_TOKEN);",
        line: 1,
        column: 28,
        secret: '4ebe6393-3650-4bbe-b147-c3e44e080d3e',
      },
      {
        path: 'ci.yml',
        text: 'env:\n  SW_PROJECT: bb845430-57fe-49f5-9525-1cd8cbaee783\n',
        line: 2,
        column: 15,
        secret: 'bb845430-57fe-49f5-9525-1cd8cbaee783',
      },
      {
        path: 'notes.txt',
        text: 'SignalWire migration\nOld staging project: f0cded3d-dd19-4c03-836d-5d418b96fe42\n',
        line: 2,
        column: 22,
        secret: 'f0cded3d-dd19-4c03-836d-5d418b96fe42',
      },
      {
        path: 'status.js',
        text: 'const url = `https://acme.signalwire.com/api/laml/2010-04-01/Accounts/307863a8-473c-4480-960e-b9aac6821c43/Calls.json`;',
        line: 1,
        column: 71,
        secret: '307863a8-473c-4480-960e-b9aac6821c43',
      },
      {
        path: 'storage/logs/laravel.log',
        text: '{"message":"SignalWire request failed","context":{"url":"https:\\/\\/orchid-credit.signalwire.com\\/api\\/laml\\/2010-04-01\\/Accounts\\/6d2a9f4e-8b13-4c7a-9e52-0f3b7c1d8a46\\/Messages.json"}}\n',
        why: 'an Accounts path with JSON-escaped slashes',
        line: 1,
        column: 131,
        secret: '6d2a9f4e-8b13-4c7a-9e52-0f3b7c1d8a46',
      },
      {
        path: 'logs/access.log',
        text: '"POST /hooks/status?callback=https%3A%2F%2Forchid-credit.signalwire.com%2Fapi%2Flaml%2F2010-04-01%2FAccounts%2F6d2a9f4e-8b13-4c7a-9e52-0f3b7c1d8a46%2FCalls.json HTTP/1.1"\n',
        why: 'a percent-encoded Accounts path',
        line: 1,
        column: 112,
        secret: '6d2a9f4e-8b13-4c7a-9e52-0f3b7c1d8a46',
      },
      {
        path: 'test/calls.test.js',
        text: "// the SignalWire client's base URL is the Space's LaML API\nconst res = await api.get(`/Accounts/4c7e1a92-3b58-4d06-9f2e-8a1d6b3c5e70/Calls.json`);\n",
        why: 'a bare Accounts path, SignalWire named near',
        line: 2,
        column: 38,
        secret: '4c7e1a92-3b58-4d06-9f2e-8a1d6b3c5e70',
      },
      {
        path: 'scripts/list-calls.sh',
        text: 'curl -s "$BASE/2010-04-01/Accounts/9e3b5d17-6a2c-4f81-b0d4-3c7a8e1f5b26/Calls.json"\n',
        why: "the Compatibility API's versioned path: no other service's accounts there are UUIDs",
        line: 1,
        column: 36,
        secret: '9e3b5d17-6a2c-4f81-b0d4-3c7a8e1f5b26',
      },
      {
        path: 'jobs/sync.js',
        text: "const token = 'PT3a9c5e71b2d84f06a1e7c3b95d2f8a4e6c1b7d09f3e5a2c8';\nconst calls = await get(`/Accounts/8d1f3b6a-2e9c-4a57-b0d8-6c4e2a9f1b73/Calls.json`, token);\n",
        why: 'a bare Accounts path with an API token beside it',
        line: 2,
        column: 36,
        secret: '8d1f3b6a-2e9c-4a57-b0d8-6c4e2a9f1b73',
      },
      {
        path: 'credentials.xml',
        text: '<username>1ba63426-c248-450e-8ef0-dd9650b32385</username>\n<password>PTf37405b43e131d1af24108e88f27ce60f28e9d0d479243ed</password>\n',
        why: 'user half of a credential block',
        line: 1,
        column: 11,
        secret: '1ba63426-c248-450e-8ef0-dd9650b32385',
      },
      {
        path: 'config.ts',
        text: "// SignalWire\nexport const SIGNALWIRE_PROJECT = ['ce44d5f2', '61a2', '4e8a', '9cfe', '368d3a8fe63d'].join('-');\n",
        why: 'split into pieces',
        line: 2,
        column: 37,
        secret: 'ce44d5f2-61a2-4e8a-9cfe-368d3a8fe63d',
      },
      {
        path: 'secrets.toml',
        text: '[signalwire]\nproject = "9f867bb9-842a-44a2-9daf-3cb480ce9628"\n',
        line: 2,
        column: 12,
        secret: '9f867bb9-842a-44a2-9daf-3cb480ce9628',
      },
      {
        path: 'config.php',
        text: "<?php\n$project = env('SIGNALWIRE_PROJECT', 'e08f2dc8-2f96-4575-bcfd-eda2a172f124');\n",
        why: 'fallback default of an env lookup',
        line: 2,
        column: 39,
        secret: 'e08f2dc8-2f96-4575-bcfd-eda2a172f124',
      },
      {
        path: 'settings.py',
        text: 'PROJECT = os.getenv("SIGNALWIRE_PROJECT_ID", "f470d2a6-a7de-4038-87e9-ec92aa1ee189")\nPROJECT2 = os.environ.get("SW_PROJECT", "5e163b4d-40bb-4be6-8795-c9bfb0e1e4ae")\n',
        count: 2,
      },
      {
        path: 'client.ts',
        text: "const project = process.env.SIGNALWIRE_PROJECT_ID ?? '02d73f94-d05a-48da-a2c8-b84159d3a8b3';\nconst p2 = process.env.SIGNALWIRE_PROJECT || '2d777dba-4693-4dcf-906d-76d8e6f66de2';\n",
        count: 2,
      },
      {
        path: 'run.sh',
        text: 'PROJECT="${SIGNALWIRE_PROJECT_ID:-9e986d4a-f2cf-47eb-9932-46c48ba8214b}"\n',
        line: 1,
        column: 35,
        secret: '9e986d4a-f2cf-47eb-9932-46c48ba8214b',
      },
      {
        path: 'config.rb',
        text: 'project = ENV.fetch("SIGNALWIRE_PROJECT_ID", "69d93539-6bf6-4d6b-9c20-0545ee16d1ec")\n',
        line: 1,
        column: 47,
        secret: '69d93539-6bf6-4d6b-9c20-0545ee16d1ec',
      },
      {
        path: 'Config.java',
        text: 'String project = System.getenv().getOrDefault("SIGNALWIRE_PROJECT_ID", "dc64d96a-c785-4ecf-bc44-1e40c8145149");\n',
        line: 1,
        column: 73,
        secret: 'dc64d96a-c785-4ecf-bc44-1e40c8145149',
      },
      {
        path: 'Program.cs',
        text: 'var project = Environment.GetEnvironmentVariable("SIGNALWIRE_PROJECT_ID") ?? "8e4ad8dd-faac-4eb1-bd6c-c717029d1394";\n',
        line: 1,
        column: 79,
        secret: '8e4ad8dd-faac-4eb1-bd6c-c717029d1394',
      },
      {
        path: 'outbound-calling/README.md',
        text: '## Setup\n\n- Project ID: `da1687b2-f939-4c1f-98aa-72a0ce7fbca5`\n- API Token: `PT4362accd8e9d41e0fc330d6ffaa00b1061b644f1f21a4a03`\n',
        why: 'a label in words, the token a line below',
        line: 3,
        column: 16,
        secret: 'da1687b2-f939-4c1f-98aa-72a0ce7fbca5',
      },
      {
        path: 'dial.py',
        text: '# Project ID: 97d608be-5574-4b2f-9129-af0a84ea2e87\n# Token: PT4362accd8e9d41e0fc330d6ffaa00b1061b644f1f21a4a03\nimport os\n',
        why: 'a label in a comment',
        line: 1,
        column: 15,
        secret: '97d608be-5574-4b2f-9129-af0a84ea2e87',
      },
      {
        path: 'docs/credentials.md',
        text: '| Setting | Value |\n|---|---|\n| Project ID | `a998f4cc-878d-4427-8e11-2550c88edd0f` |\n| API Token | `PT4362accd8e9d41e0fc330d6ffaa00b1061b644f1f21a4a03` |\n',
        why: "a table's row, the token a row below",
        line: 3,
        column: 17,
        secret: 'a998f4cc-878d-4427-8e11-2550c88edd0f',
      },
      {
        path: 'spec/spec_helper.rb',
        text: 'ENV["SIGNALWIRE_PROJECT_ID"] = "74aca014-e14c-49e2-87a6-2a5ed2a4c36e"\nENV["SIGNALWIRE_SPACE"] ||= "719bb1bb-d3ac-4ac6-9a63-72dad2c66b3e"\n',
        why: 'written into the environment (the second is a space name, not a project)',
        line: 1,
        column: 33,
        secret: '74aca014-e14c-49e2-87a6-2a5ed2a4c36e',
      },
      {
        path: 'conftest.py',
        text: "import os\nos.environ['SIGNALWIRE_PROJECT_ID'] = '9265b5a9-06c4-45ad-b92c-6638ff4b8410'\nos.environ.setdefault('SW_PROJECT', '0239e69f-dc08-401e-932d-76ae5daab17e')\ndef test_x(monkeypatch):\n    monkeypatch.setenv('SIGNALWIRE_PROJECT', '8ad919bf-6196-4176-9911-a424aea019cf')\n",
        why: 'written into the environment, three ways',
        count: 3,
      },
      {
        path: 'conf/sip_profiles/external/signalwire.xml',
        text: '<include>\n  <gateway name="signalwire">\n    <param name="username" value="2a7e4c91-6b3f-4d08-a5e2-9c1f7b3d0e64"/>\n    <param name="password" value="PT4c9e1a7f3b5d2e8a0c6f9b1d4e7a2c5f8b0d3e6a9c1f4b7d"/>\n  </gateway>\n  <gateway name="backup-carrier">\n    <param name="username" value="6f8a0c2e-4b1d-4f3a-8c5e-9a1c3e5b7d9f"/>\n    <param name="password" value="Tr0ub4dor-and-3"/>\n  </gateway>\n</include>\n',
        why: "the SignalWire gateway's user (its password the token), not the second gateway's",
        line: 3,
        column: 35,
        secret: '2a7e4c91-6b3f-4d08-a5e2-9c1f7b3d0e64',
      },
      {
        path: 'creds.py',
        text: "CREDS = {\n    'sid': 'a998f4cc-878d-4427-8e11-2550c88edd0f',\n    'secret': 'PT4362accd8e9d41e0fc330d6ffaa00b1061b644f1f21a4a03',\n}\n",
        why: 'a bare sid beside a token',
        line: 2,
        column: 13,
        secret: 'a998f4cc-878d-4427-8e11-2550c88edd0f',
      },
      {
        path: 'main.go',
        text: 'func init() {\n\tos.Setenv("SIGNALWIRE_PROJECT_ID", "da1687b2-f939-4c1f-98aa-72a0ce7fbca5")\n}\n',
        line: 2,
        column: 38,
        secret: 'da1687b2-f939-4c1f-98aa-72a0ce7fbca5',
      },
      {
        path: 'bootstrap.php',
        text: "<?php\n$_ENV['SIGNALWIRE_PROJECT_ID'] = '97d608be-5574-4b2f-9129-af0a84ea2e87';\n",
        line: 2,
        column: 35,
        secret: '97d608be-5574-4b2f-9129-af0a84ea2e87',
      },
      {
        path: 'app/core/config.py',
        text: 'class Settings(BaseSettings):\n    signalwire_project_id: str = "32733d18-948a-4924-955a-3b9c122f27de"\n',
        why: 'a typed declaration: the key is the name, not the type',
        line: 2,
        column: 35,
        secret: '32733d18-948a-4924-955a-3b9c122f27de',
      },
      {
        path: 'src/main.go',
        text: 'package main\n\n// SignalWire credentials\nvar projectID string = "46f57bcf-b8e6-4731-b6f2-81e9823cb80f"\n',
        line: 4,
        column: 25,
        secret: '46f57bcf-b8e6-4731-b6f2-81e9823cb80f',
      },
      {
        path: 'deploy/ecs-task.json',
        text: '{"environment": [\n  {\n    "name": "SIGNALWIRE_PROJECT_ID",\n    "value": "f56baf38-57b6-433a-b67b-9d45847938ce"\n  }\n]}\n',
        why: 'the name on the line above a generic value key',
        line: 4,
        column: 15,
        secret: 'f56baf38-57b6-433a-b67b-9d45847938ce',
      },
      {
        path: 'Web.config',
        text: '<appSettings>\n  <add key="SignalWire:ProjectId" value="288b2f9f-e4d0-42ea-9fd4-c47d94b86061" />\n</appSettings>\n',
        why: ".NET's section:key names",
        line: 2,
        column: 42,
        secret: '288b2f9f-e4d0-42ea-9fd4-c47d94b86061',
      },
      {
        path: 'src/server/signalwire.module.ts',
        text: "const project = config.get<string>('SIGNALWIRE_PROJECT_ID', 'df9d08eb-c374-4e52-80a1-8226a42a14f3');\n",
        why: "NestJS ConfigService's default",
        line: 1,
        column: 62,
        secret: 'df9d08eb-c374-4e52-80a1-8226a42a14f3',
      },
      {
        path: 'config/initializers/signalwire.rb',
        text: 'PROJECT = ENV.fetch("SIGNALWIRE_PROJECT_ID") { "83a51d27-debf-485f-9c2e-f3f60ffd14df" }\n',
        why: "Ruby's block default",
        line: 1,
        column: 49,
        secret: '83a51d27-debf-485f-9c2e-f3f60ffd14df',
      },
      {
        path: 'Makefile',
        text: '# SignalWire\nSW_PROJECT ?= ed086f06-767e-4388-9c11-8fdca733c493\n',
        line: 2,
        column: 15,
        secret: 'ed086f06-767e-4388-9c11-8fdca733c493',
      },
      {
        path: 'PocketLine/Info.plist',
        text: '<dict>\n\t<key>SignalWireProjectID</key>\n\t<string>4bbfde28-9efa-4f11-b6f3-df459b851c40</string>\n</dict>\n',
        why: "a property list's key above its value",
        line: 3,
        column: 10,
        secret: '4bbfde28-9efa-4f11-b6f3-df459b851c40',
      },
      {
        path: 'app/build.gradle.kts',
        text: 'buildConfigField("String", "SW_PROJECT", "\\"64984bbf-1a14-4ee8-9870-49717282746c\\"")\n',
        why: 'the name is the call argument before the value',
        line: 1,
        column: 45,
        secret: '64984bbf-1a14-4ee8-9870-49717282746c',
      },
      {
        path: 'src/main/resources/beans.xml',
        text: '<util:properties id="signalwire">\n  <prop key="project">9d6c89f8-c966-4ac6-9b96-784369a8517f</prop>\n</util:properties>\n',
        why: "the element's key attribute",
        line: 2,
        column: 23,
        secret: '9d6c89f8-c966-4ac6-9b96-784369a8517f',
      },
      {
        path: 'postman/SignalWire.postman_collection.json',
        text: '{\n  "info": { "name": "SignalWire Compatibility API" },\n  "auth": {\n    "type": "basic",\n    "basic": [\n      {\n        "key": "password",\n        "value": "{{api_token}}",\n        "type": "string"\n      },\n      {\n        "key": "username",\n        "value": "5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35",\n        "type": "string"\n      }\n    ]\n  }\n}\n',
        why: "a collection's basic-auth user, the token a collection variable",
        line: 13,
        column: 19,
        secret: '5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35',
      },
      {
        path: 'insomnia.json',
        text: '{"authentication": {"type": "basic", "username": "5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35", "password": "{{ _.signalwire_token }}"}}\n',
        line: 1,
        column: 51,
        secret: '5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35',
      },
      {
        path: 'hoppscotch/signalwire.json',
        text: '{\n  "name": "numbers",\n  "endpoint": "https://<<space>>/api/relay/rest/phone_numbers",\n  "auth": {\n    "authType": "basic",\n    "username": "4b65254c-1274-4fec-b0de-3d93cbe4e1e9",\n    "password": "<<signalwire_token>>"\n  }\n}\n',
        why: "Hoppscotch's basic-auth user, the token an environment variable in its <<name>> syntax",
        line: 6,
        column: 18,
        secret: '4b65254c-1274-4fec-b0de-3d93cbe4e1e9',
      },
      {
        path: 'scripts/setup-secrets.sh',
        text: 'gh secret set SIGNALWIRE_PROJECT_ID --body 5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35\necho -n 5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35 | vercel env add SIGNALWIRE_PROJECT_ID production\n',
        why: 'a command that stores the value under a name: a flag after the name, or piped in',
        count: 2,
      },
      {
        path: 'scripts/list-numbers.sh',
        text: 'curl -sf -u "5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35:$SIGNALWIRE_API_TOKEN" "https://$SPACE/api/relay/rest/phone_numbers"\n',
        why: 'the user of a curl pair whose token is read from the environment',
        line: 1,
        column: 14,
        secret: '5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35',
      },
      {
        path: 'report.py',
        text: 'r = requests.get(url, auth=("5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35", os.environ["SIGNALWIRE_API_TOKEN"]))\n',
        why: 'the user of an auth tuple, the token from the environment',
        line: 1,
        column: 30,
        secret: '5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35',
      },
      {
        path: 'internal/sms/client.go',
        text: '// SignalWire\nreq.SetBasicAuth("5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35", token)\n',
        why: "a basic-auth helper's user, a generic token name with SignalWire near",
        line: 2,
        column: 19,
        secret: '5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35',
      },
      {
        path: 'src/sms.js',
        text: "const api = axios.create({\n  auth: {\n    username: '5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35',\n    password: process.env.SIGNALWIRE_API_TOKEN,\n  },\n});\n",
        why: "an HTTP client's auth option over lines",
        line: 3,
        column: 16,
        secret: '5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35',
      },
      {
        path: 'src/legacy-auth.js',
        text: "const header = 'Basic ' + Buffer.from('5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35:' + process.env.SIGNALWIRE_API_TOKEN).toString('base64');\nconst h2 = btoa(`5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35:${env.SW_TOKEN}`);\n",
        why: 'a basic-auth pair built from the literal and a variable',
        count: 2,
      },
      {
        path: 'Send-BranchAlert.ps1',
        text: "$secure = ConvertTo-SecureString 'PT4362accd8e9d41e0fc330d6ffaa00b1061b644f1f21a4a03' -AsPlainText -Force\n$cred = New-Object System.Management.Automation.PSCredential('5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35', $secure)\n",
        why: 'a credential object whose secret variable holds a token written a line above',
        line: 2,
        column: 63,
        secret: '5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35',
      },
      {
        path: 'SignalWireSender.cs',
        text: 'Credentials = new NetworkCredential("5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35", Environment.GetEnvironmentVariable("SIGNALWIRE_API_TOKEN")),\n',
        why: 'a credential object',
        line: 1,
        column: 38,
        secret: '5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35',
      },
      {
        path: 'terraform/variables.tf',
        text: 'variable "signalwire_project_id" {\n  type        = string\n  description = "Project that sends outage SMS"\n  default     = "6f1d9c3a-2b7e-4f05-8c1a-9d3e5b7f2a64"\n}\n',
        why: "a Terraform variable's default: the block names the value",
        line: 4,
        column: 18,
        secret: '6f1d9c3a-2b7e-4f05-8c1a-9d3e5b7f2a64',
      },
      {
        path: 'sam/template.yaml',
        text: 'Parameters:\n  SignalWireProjectId:\n    Type: String\n    Default: 0e8b4d2c-7a19-4c6e-b3f5-1d9a7c2e4b80\n',
        why: "a CloudFormation parameter's default",
        line: 4,
        column: 14,
        secret: '0e8b4d2c-7a19-4c6e-b3f5-1d9a7c2e4b80',
      },
      {
        path: 'cloudformation/outage-sms.json',
        text: '{\n  "Parameters": {\n    "SignalWireProjectId": {\n      "Type": "String",\n      "Default": "0e8b4d2c-7a19-4c6e-b3f5-1d9a7c2e4b80"\n    }\n  }\n}\n',
        why: "a CloudFormation parameter's default, in JSON",
        line: 5,
        column: 19,
        secret: '0e8b4d2c-7a19-4c6e-b3f5-1d9a7c2e4b80',
      },
      {
        path: 'scripts/bootstrap-ssm.sh',
        text: 'aws ssm put-parameter --name /sms/prod/signalwire/project-id --type String --value 4c7e1a9b-5d3f-4b28-a6c0-8e2d9f1b3a57\n',
        why: "a parameter store's path names the value",
        line: 1,
        column: 84,
        secret: '4c7e1a9b-5d3f-4b28-a6c0-8e2d9f1b3a57',
      },
      {
        path: 'reporting/__main__.py',
        text: 'import pulumi_aws as aws\n\nproject = aws.ssm.Parameter(\n    "sw-project",\n    name="/reporting/signalwire/project-id",\n    type="String",\n    value="4c7e1a9b-5d3f-4b28-a6c0-8e2d9f1b3a57",\n)\n',
        why: 'the name two lines above the value, in the same call',
        line: 7,
        column: 12,
        secret: '4c7e1a9b-5d3f-4b28-a6c0-8e2d9f1b3a57',
      },
      {
        path: 'terraform/github.tf',
        text: 'resource "github_actions_secret" "outage_sms" {\n  repository      = "outage-sms"\n  secret_name     = "SIGNALWIRE_PROJECT_ID"\n  plaintext_value = "9b2e6d4f-1c8a-4e73-b5d0-3f7a9c1e6b28"\n}\n',
        why: "a secret's name and its plain value",
        line: 4,
        column: 22,
        secret: '9b2e6d4f-1c8a-4e73-b5d0-3f7a9c1e6b28',
      },
      {
        path: 'k8s/secret.yaml',
        text: 'apiVersion: v1\nkind: Secret\ndata:\n  SIGNALWIRE_PROJECT_ID: MjAxOGUyNjQtNWExMS00ZmVlLWI5ODAtYzYxOTVlYzYwMjc0\n',
        why: 'base64 in a Secret: judged with its key',
        line: 4,
        column: 26,
        secret: '2018e264-5a11-4fee-b980-c6195ec60274',
      },
      {
        path: 'ops/rotate-token.sh',
        text: '#!/usr/bin/env bash\nnew_token="$(vault kv get -field=token secret/voice)"\ncurl -sS --user "7d1c2a9e-4b3f-4e8a-9c61-2f5d8b0e3a47:${new_token}" \\\n  "https://harbor-ops.signalwire.com/api/relay/rest/phone_numbers"\n',
        why: 'the user of a curl pair whose token is a qualified generic name (new_token) sent to a Space',
        line: 3,
        column: 18,
        secret: '7d1c2a9e-4b3f-4e8a-9c61-2f5d8b0e3a47',
      },
      {
        path: 'ops/list-calls.sh',
        text: 'curl -u 5b2e9f14-8c3d-4a71-b6e0-9d4c1f7a2e58:"$TOKEN" https://harbor-ops.signalwire.com/api/laml/2010-04-01/Accounts.json\n',
        why: "a shell's pair with the variable quoted alone after the colon",
        line: 1,
        column: 9,
        secret: '5b2e9f14-8c3d-4a71-b6e0-9d4c1f7a2e58',
      },
    ],
    negative: [
      {
        path: 'src/resources/texml/accounts/calls.ts',
        text: '  /**\n   * /v2/texml/Accounts/7b2f4e19-5c8a-4d63-a1e0-3f9d6b2c8e57/Calls.json?Page=0&PageSize=1\n   */\n  first_page_uri?: string;\n',
        why: "Telnyx's TeXML API: Twilio-compatible, its accounts UUIDs of its own",
      },
      {
        path: 'test/accounts.js',
        text: 'result = await request.get(`/Accounts/2e8d4b61-9f3a-4c57-b1e6-7a0c5d9f3b48/Queues`, {\n  auth: authAdmin,\n  json: true,\n});\n',
        why: "an Accounts path of another REST API (jambonz's), SignalWire named nowhere near",
      },
      {
        path: 'mock/twilio.json',
        text: '{"uri": "https://api.twilio.com/2010-04-01/Accounts/5a1c7e39-2d8b-4f60-9e14-b3d7a2c6f805/Messages.json"}\n',
        why: "Twilio's host: whatever its account, it is not SignalWire's project",
      },
      {
        path: 'vendor/@signalwire/core/src/utils/interfaces.ts',
        text: 'export interface SessionOptions {\n  /** SignalWire project id, e.g. `a10d8a9f-2166-4e82-56ff-118bc3a4840f` */\n  project?: string\n  /** SignalWire project token, e.g. `PT9e5660c101cd140a1c93a0197640a369cf5f16975a0079c9` */\n  token: string\n}\n',
        why: "the SDK reference's published example project, paired with its published example token, in a committed copy of the SDK",
      },
      {
        path: 'ops/rotate-keys.sh',
        text: '# SignalWire numbers are synced by sync.sh\ncurl -u 7d1c2a9e-4b3f-4e8a-9c61-2f5d8b0e3a47:"$new_token" https://api.pagerduty.example/v2/services\ncurl --user "5b2e9f14-8c3d-4a71-b6e0-9d4c1f7a2e58:${stripe_new_token}" https://harbor-ops.signalwire.com/api\n',
        why: "another host's pair beside a SignalWire mention, and a qualified name that names another vendor",
      },
      {
        path: 'http/signalwire.http',
        text: '@space = harbor-ops.signalwire.com\n\n### Check a call\nGET https://{{space}}/api/laml/2010-04-01/Accounts/{{project}}/Calls/263d0015-cb24-489e-ae4c-0544a54761a3.json\nAuthorization: Basic {{project}}:{{token}}\n',
        why: "a URL path's segment after the project names the UUID: a call's id",
      },
      {
        path: 'mobile/app.json',
        text: '{\n  "expo": {\n    "extra": {\n      "eas": { "projectId": "d020d112-6111-4ae3-a40b-a2b8936e40c8" },\n      "signalwireSpace": "harbor-ops.signalwire.com"\n    }\n  }\n}\n',
        why: "Expo's EAS project, its block opened on the same line, beside a SignalWire setting",
      },
      {
        path: 'exports/settings.csv',
        text: 'key,value\nsignalwire_space,harbor-dental.signalwire.com\nsignalwire_webhook_id,4e1b7c92-0a3d-4f65-b8e2-9d17c5a3f068\nsentry_project_id,9a3c7e15-2d4b-4f80-b1e6-5c8d0f2a7b39\n',
        why: "a key/value table's rows named for something else, or for another service's project",
      },
      {
        path: '.env.example',
        text: 'SIGNALWIRE_SPACE_URL=your-space.signalwire.com\nSIGNALWIRE_API_TOKEN=\nRAILWAY_PROJECT_ID=4d47909b-a771-4b83-ad65-71d001e6f793\nLINEAR_PROJECT_ID=d1e13436-3cdd-4848-be73-1113afe3ee2c\n',
        why: "other services' projects beside SignalWire's",
      },
      {
        path: 'src/signalwire/tracing.java',
        text: 'span.setAttribute("signalwire.call_id", "64984bbf-1a14-4ee8-9870-49717282746c");\nheaders.put("X-Request-Id", "9d6c89f8-c966-4ac6-9b96-784369a8517f");\n',
        why: 'named by a call argument, but not a project',
      },
      {
        path: 'app.json',
        text: '{"expo": {"plugins": ["@signalwire/react-native"], "extra": {\n  "eas": {\n    "projectId": "3a4ae354-64dd-42fd-9c2e-1192f7fcc661"\n  }\n}}}\n',
        why: "Expo's EAS project",
      },
      {
        path: 'logs/worker.log',
        text: 'POST https://4d47909b-a771-4b83-ad65-71d001e6f793:PT6a698b713dd457528af4f2007e8a3ea633f4036ba3252c30@tidewater-support.signalwire.com/api\nINFO call queued to=+15555550142 sid=d1e13436-3cdd-4848-be73-1113afe3ee2c\n',
        why: "a call's sid, a line below a credential",
      },
      {
        path: 'assets/js/219.44f5cd24.js',
        text: '/* @signalwire/js */var cs={authorization:{type:"video",project_id:"8f0a119a-cda7-4497-a47d-c81493b824d4",project:"8f0a119a-cda7-4497-a47d-c81493b824d4"}};\n',
        why: "the browser SDK's own test fixture, bundled into an app",
      },
      {
        path: 'tests/helpers.ts',
        text: 'export const env = { SIGNALWIRE_PROJECT_ID: "11111111-2222-3333-4444-555555555555", SIGNALWIRE_API_TOKEN: "super-secret-token" };\n',
        why: 'each group one digit repeated: a filled-in template',
      },
      {
        path: 'calls.py',
        text: "# signalwire call log\nrow = {'sid': 'a998f4cc-878d-4427-8e11-2550c88edd0f', 'status': 'completed'}\n",
        why: 'a sid with no credential near: a call',
      },
      {
        path: 'notes.txt',
        text: 'Migration\nProject ID: a998f4cc-878d-4427-8e11-2550c88edd0f\n',
        why: 'a label alone: nothing of SignalWire, no credential near',
      },
      {
        path: 'spec/spec_helper.rb',
        text: 'ENV["JIRA_PROJECT_ID"] = "74aca014-e14c-49e2-87a6-2a5ed2a4c36e"\n',
        why: "written into the environment, but not a SignalWire project's",
      },
      {
        path: 'handler_test.go',
        text: '// signalwire webhook\nos.Setenv("SIGNALWIRE_CALL_ID", "9265b5a9-06c4-45ad-b92c-6638ff4b8410")\n',
        why: 'a call id written into the environment',
      },
      { path: 'server.js', text: "// uses signalwire\nconst ALERT_TEMPLATE_ID = 'cbdddeb9-9fb8-45fb-8f72-611a6e03580b'; // row id" },
      {
        path: 'payload.json',
        text: '{"call_id": "5af4ed80-fd45-49fc-a903-11dd5de31dfa", "space_id": "6c2e6797-29cc-41f4-a074-f779b13feccc", "project_id": "00000000-0000-0000-0000-000000000000", "via": "signalwire"}',
      },
      {
        path: 'seed.sql',
        text: "INSERT INTO numbers VALUES ('572183a1-d8eb-44c9-b6f6-0cc6b417445a', '+15557340198');",
        why: 'UUID without SignalWire context',
      },
      { path: 'app.js', text: "const projectId = '1ba63426-c248-450e-8ef0-dd9650b32385'; // our Jira project", why: 'no SignalWire anywhere near' },
      { path: '.env.example', text: 'SIGNALWIRE_PROJECT_ID=xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx' },
      { path: 'README.md', text: 'The SignalWire docs use Project ID `a1b2c3d4-e5f6-7890-abcd-ef1234567890` as their example.' },
      {
        path: 'jira.py',
        text: 'JIRA_PROJECT = os.getenv("JIRA_PROJECT_ID", "f243dc90-bbc3-4238-b80d-0d691ab8d9f6")\n',
        why: "a project, but not SignalWire's",
      },
      { path: 'collection.json', text: '"_postman_id": "c049f714-ed5e-45ee-9ca2-a447c8bf50c0", "name": "SignalWire LaML"' },
      {
        path: 'reports/slug-report.csv',
        text: 'owner,slug,doc_id,host\nManny,/messaging/guides/how-to-find-numbers-on-your-project,b391b9b8-d732-4a1e-aaf5-61a8fd6a6076,developer.signalwire.com\n',
        why: 'the column is a document id',
      },
      {
        path: 'SignalWire.Demo.sln',
        text: 'Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "SignalWire.Demo", "SignalWire.Demo.csproj", "{9A19103F-16F7-4668-BE54-9A1E7A4F7556}"\n',
        why: 'Visual Studio project-type and project GUIDs',
      },
      {
        path: 'deploy/docker-compose.prod.yml',
        text: '    environment:\n      SIGNALWIRE_SPACE_URL: fernhill-vet.signalwire.com\n      DEEPGRAM_PROJECT_ID: 3b8e1f6a-9c24-4d7b-8e05-6a2f9d1c4b73\n',
        why: "Deepgram's project beside SignalWire's Space",
      },
      {
        path: 'config/providers.yaml',
        text: 'telephony:\n  signalwire:\n    space: fernhill-vet.signalwire.com\nstt:\n  deepgram:\n    project_id: 3b8e1f6a-9c24-4d7b-8e05-6a2f9d1c4b73\n',
        why: 'a project in a block named for Deepgram',
      },
      {
        path: 'conf/sip_profiles/external/signalwire.xml',
        text: '<include>\n  <gateway name="signalwire">\n    <param name="username" value="$${signalwire_project}"/>\n    <param name="password" value="PT4c9e1a7f3b5d2e8a0c6f9b1d4e7a2c5f8b0d3e6a9c1f4b7d"/>\n  </gateway>\n  <gateway name="backup-carrier">\n    <param name="username" value="6f8a0c2e-4b1d-4f3a-8c5e-9a1c3e5b7d9f"/>\n    <param name="password" value="Tr0ub4dor-and-3"/>\n    <param name="realm" value="sip.othercarrier.net"/>\n  </gateway>\n</include>\n',
        why: "a second gateway's user, paired with its own password: the SignalWire token above is another pair's",
      },
      {
        path: 'logs/ws.log',
        text: 'connect wss://relay.signalwire.com/?project=${SW_PROJECT}\nconnect wss://relay.example.net/?project=5c7e9a1b-3d2f-4e6a-8c0b-2d4f6a8c0e1b&token=${TOKEN}\n',
        why: "a project in the query string of another host's URL",
      },
      {
        path: 'src/main/resources/application.properties',
        text: 'signalwire.space-url=https://lakeside-ems.signalwire.com\ngoogle.cloud.project-id=b2c4d6e8-1a3b-4c5d-8e7f-9a0b1c2d3e4f\n',
        why: "Google Cloud's project: the service is named in the dotted key's first segment",
      },
      {
        path: 'ios/Dispatch/Config.swift',
        text: 'enum SignalWireConfig {\n    static let space = "ocean-view-taxi.signalwire.com"\n    static let analyticsProjectId = "c1e3a5b7-9d2f-4a6c-8e0b-1d3f5a7c9e2b"\n}\n',
        why: 'a project named for what it is for, analytics, beside SignalWire settings',
      },
      {
        path: 'Web/web.config',
        text: '<appSettings>\n  <add key="SignalWireSpace" value="civic-center-311.signalwire.com" />\n  <add key="TelemetryProjectId" value="8e0a2c4d-6f1b-4e3a-9d5c-7b9f1a3c5e8d" />\n</appSettings>\n',
        why: "a telemetry project in .NET's key/value settings",
      },
      {
        path: 'agent/frontdesk.py',
        text: 'from signalwire_agents import AgentBase\n\nclass FrontDesk(AgentBase):\n    def __init__(self):\n        self.vapi_project_id = "3b8e1f6a-9c24-4d7b-8e05-6a2f9d1c4b73"\n',
        why: "Vapi's project in a SignalWire agent",
      },
      {
        path: 'scripts/setup-secrets.sh',
        text: '# SignalWire app\ngh variable set DEPLOY_ENV_ID --body 5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35\necho 5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35 | wrangler secret put DEPLOY_ID\n',
        why: 'stored under names of something else',
      },
      {
        path: 'config/app.yml',
        text: 'signalwire:\n  space: ${SIGNALWIRE_SPACE_URL}\ncrm:\n  username: 5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35\n  password: ${CRM_PASSWORD}\n',
        why: "another service's user, its password a reference named for that service",
      },
      {
        path: 'signalwire-app/packages/EntityFramework.5.0.0/tools/EntityFramework.psm1',
        text: "<#\n.DESCRIPTION\n    Checks that the start-up project can run migrations.\n#>\nfunction Test-StartUpProject($project)\n{\n    if ($project.Kind -eq '{cc5fd16d-436d-48ad-a40c-5a424c6e3e79}')\n",
        why: 'a Visual Studio project-type GUID in braces, under a folder named for SignalWire',
      },
      {
        path: 'src/partners.js',
        text: "// SignalWire is configured in sms.js\nexport const crm = axios.create({ auth: { username: '5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35', password: process.env.DEALFLOW_SECRET } });\n",
        why: "another service's user: its secret is named for that service",
      },
      {
        path: 'usage.py',
        text: "# SignalWire usage report\ncrm = requests.get('https://api.crm.example/v2/contacts', auth=('5a8c2e71-3d9b-4f60-a7e4-1c6b9d2f8e35', token))\n",
        why: 'a generic token sent to another host',
      },
      {
        path: 'terraform/variables.tf',
        text: '# SignalWire outage SMS\nvariable "alert_channel_id" {\n  type    = string\n  default = "7d1c3e5a-9b2f-4e6d-8a0c-1f3e5d7b9a2c"\n}\n',
        why: "a variable's default named for something else",
      },
      {
        path: 'scripts/bootstrap-ssm.sh',
        text: '# signalwire outage sms\naws ssm put-parameter --name /sms/prod/pagerduty/service-id --type String --value 7d1c3e5a-9b2f-4e6d-8a0c-1f3e5d7b9a2c\n',
        why: "another parameter's path",
      },
      { path: 'webhook.py', text: '# SignalWire webhook test\nproject_id = "550e8400-e29b-41d4-a716-446655440001"\n', why: 'RFC 4122 example family' },
      {
        path: 'queue.json',
        text: '{"via": "signalwire", "project_id": "f8e7d6c5-b4a3-4210-9876-543210fedcba", "space_id": "1a2b3c4d-5e6f-4789-abcd-ef0123456789"}',
        why: 'hex typed in sequence',
      },
    ],
  },
};

export default rule;
