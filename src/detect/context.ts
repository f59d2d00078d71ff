// Questions rules ask about the text around a candidate value: which key is it assigned
// to, is SignalWire mentioned nearby, which section/block encloses it.
import type { DetectInput } from '../types.js';
import { lowerBound, type LineIndex } from '../engine/locate.js';

/** A text with the chunk's line index (DetectInput is one). */
export interface TextWithLines {
  readonly text: string;
  readonly lineIndex: LineIndex;
}

// Line boundaries. A short scan answers for ordinary lines; past SCAN characters (a minified
// bundle, a 10 MB single-line file) the chunk's line index answers by binary search, so that
// asking for every candidate on one long line stays linear overall.
const SCAN = 2048;

export function lineStart(src: TextWithLines, offset: number): number {
  const text = src.text;
  const long = src.lineIndex.longLine;
  if (long !== null && offset >= long[0] && offset <= long[1]) return long[0];
  let i = offset;
  const stop = Math.max(0, offset - SCAN);
  while (i > stop) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    i--;
  }
  // a line break found, or the text's start reached. Both comparisons run on every call: one that
  // only the rare way out reached sent the optimised callers (lineStart and lineEnd are inlined)
  // back to the interpreter, 10 times in a scan of the bench tree, each time for a recompilation
  // (`node --trace-deopt`)
  const atBreak = i > stop;
  const atStart = stop === 0;
  if (atBreak || atStart) return i;
  return longLineAt(src, offset)[0];
}

/** The span of the long line holding `offset`, remembered for the next question (LineIndex.longLine). */
function longLineAt(src: TextWithLines, offset: number): [number, number] {
  const index = src.lineIndex;
  return (index.longLine = index.span(index.position(offset).line)!);
}

export function lineEnd(src: TextWithLines, offset: number): number {
  const text = src.text;
  const long = src.lineIndex.longLine;
  if (long !== null && offset >= long[0] && offset <= long[1]) return long[1];
  let i = offset;
  const stop = Math.min(text.length, offset + SCAN);
  while (i < stop) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    i++;
  }
  // a line break found, or the text's end reached (both compared on every call, as in lineStart)
  const atBreak = i < stop;
  const atEnd = stop === text.length;
  if (atBreak) return i;
  if (atEnd) return stop;
  return longLineAt(src, offset)[1];
}

/** Start offset of the line `n` lines above the one holding `offset` (0 = same line). */
export function linesBack(src: TextWithLines, offset: number, n: number): number {
  const text = src.text;
  let s = lineStart(src, offset);
  for (let k = 0; k < n && s > 0; k++) {
    let p = s - 1;
    if (text.charCodeAt(p) === 10 && p > 0 && text.charCodeAt(p - 1) === 13) p--;
    s = lineStart(src, p);
  }
  return s;
}

/** End offset of the line `n` lines below the one holding `offset`. */
export function linesForward(src: TextWithLines, offset: number, n: number): number {
  const text = src.text;
  let e = lineEnd(src, offset);
  for (let k = 0; k < n && e < text.length; k++) {
    let p = e + 1;
    if (text.charCodeAt(e) === 13 && text.charCodeAt(p) === 10) p++;
    e = lineEnd(src, p);
  }
  return e;
}

// KEY = value, KEY: value, "key": "value", key => value, KEY := value, <key>value; a key's closing quote
// escaped too (`{\"token\": \"…`: JSON inside a JSON string)
const KEY_AT_END = /(?:^|[^\w$.\-/])([A-Za-z_$@][\w$.\-@]*?)\s*(?:\\*["'`]|\])?\s*(?::=|=>|\?\?=|\|\|=|\+=|\?=|[:=]|<<?-|\s-Value)\s*[(\[{]?\s*$/;
// a declaration with a type between the name and the value: `project_id: str = …` (Python, TS,
// Kotlin, Swift, Rust), `var projectID string = …` (Go); the key there is the name, not the type
// (a type has a lower-case letter and no underscore: `content: SIGNALWIRE_PROJECT_ID=` is a YAML key and a variable's name)
const TYPED_KEY_AT_END = /(?:^|[^\w$.\-/])([A-Za-z_$][\w$]*)\s*[?!]?:\s*(?=[A-Za-z0-9$.<>[\]|&?*, ]*[a-z])[A-Za-z0-9$.<>[\]|&?*, ]{1,60}?\s*=\s*[(\[{]?\s*$/;
const GO_VAR_AT_END = /\bvar\s+([A-Za-z_]\w*)\s+[\w.[\]*]+\s*=\s*$/;
// `<prop key="project">`, `<string name="signalwire_space">`, `<entry key=…>`: the element's name is in an attribute
const XML_NAMED_TAG_AT_END = /<[\w.:-]+\s[^<>]*?\b(?:key|name)\s*=\s*["']([\w.:-]+)["'][^<>]*>\s*$/;
const XML_TAG_AT_END = /<([\w.:-]+)(?:\s[^<>]*)?>\s*$/;
// a call that sets a named value, the name its argument before the value: `buildConfigField("String", "SW_PROJECT", `,
// `put("signalwire.project", `, `setProperty("SW_TOKEN", `
const NAME_ARGUMENT_AT_END = /\(\s*(?:["'][^"'\n]*["']\s*,\s*)?["']([A-Za-z_][\w.:-]*)["']\s*,\s*$/;
const FLAG_AT_END = /--?([A-Za-z][\w-]*)(?:=|\s+)$/;
// a command or call that sets a name to the value after a space: CMake's `set(NAME "…"`, fish's
// `set -gx NAME …`, csh's `setenv NAME …`, Windows' `setx NAME …`, Tcl's `set name "…"`
const SET_COMMAND_AT_END = /(?:^|[\s;(])(?:set|setx|setenv)(?:\s+-[A-Za-z]+)*(?:\s*\(\s*|\s+)([A-Za-z_][\w]*)\s+["']?$/i;
// a name in the cell before the value's: a Markdown table's row (`| SIGNALWIRE_TOKEN | `…` |`), a TSV line
const CELL_KEY_AT_END = /(?:^\s*\||\|)\s*`?([A-Za-z_][\w.:-]*)`?\s*\|\s*$|^\s*([A-Za-z_][\w.:-]*)\t+$/;
// a Dockerfile's `ENV NAME value`, the older form without `=`
const DOCKER_ENV_AT_END = /^\s*ENV\s+([A-Za-z_]\w*)\s+["']?$/i;
// a keyword before its value, Clojure's and EDN's map entry: `{:project-id "…"`, `:signalwire/token "…"`
const KEYWORD_AT_END = /(?:^|[\s{(\[,])::?([A-Za-z_][\w.*+!?<>/-]*)\s+["']?$/;
// a command that stores a named secret or variable, the value a flag after the name or the next argument:
// `gh secret set NAME --body …`, `dotnet user-secrets set NAME …`
const STORE_COMMAND_AT_END =
  /\b(?:secrets?|variables?|vars?|env)\s+(?:set|add|create|put|update)\s+["']?([A-Za-z_][\w.:-]*)["']?(?:(?:\s+-{1,2}[\w-]+(?:[= ][^\s-]\S*)?)*?\s+(?:--body|-b|--value|--data)(?:=|\s+)|\s+)$/;
// … or piped into it: `echo -n … | vercel env add NAME`, `printf '%s' … | wrangler secret put NAME`, `… | gcloud secrets create NAME`
const ECHOED_BEFORE = /\b(?:echo|printf)(?:\s+-[a-zA-Z]+)*(?:\s+["']%s(?:\\n)?["'])?\s+$/;
const PIPED_INTO_STORE =
  /^[\w.-]+["']?[^|\n]{0,20}\|\s*(?:[\w.-]+\s+){1,4}?(?:secrets?|variables?|vars?|env)\s+(?:set|add|create|put)\s+["']?([A-Za-z_][\w.:-]*)/;

// (compared without case, `_` and `-`: `plaintext_value`, `defaultValue`)
const GENERIC_KEYS = new Set([
  'value',
  'default',
  'val',
  'v',
  'data',
  'string',
  'secret',
  'text',
  'plaintextvalue',
  'stringvalue',
  'defaultvalue',
  'secretvalue',
  'initialvalue',
]);
// the name beside a generic holder: `"name": "X"`, `key="SignalWire:ProjectId"`, `secret_name = "X"`,
// `--name /app/signalwire/project-id` (a parameter store's path)
// a word that names what a holder holds: `name`, `secret_name`, `parameter_name` …
const NAME_WORD = String.raw`\b(?:secret_|parameter_|param_|variable_|var_)?name`;
const NAME_EARLIER = new RegExp(String.raw`(?:(?:${NAME_WORD}|\bkey|\bid)["']?\s*[:=]\s*|--(?:name|key)(?:=|\s+))["']?([\w.:/-]+)`, 'i');
// a name on a line above, in the same block (`<key>SignalWireProjectID</key>` above `<string>…</string>`: a property list)
const NAME_ABOVE = new RegExp(String.raw`(?:${NAME_WORD}|\bkey|\bvariable|\bid)["']?\s*[:=>]?\s*["']?([\w.:/-]+)`, 'i');

/**
 * The name a value is assigned to on its line: `SIGNALWIRE_API_TOKEN=…`, `token: '…'`,
 * `<password>…`, `--http-password=…`. For generic holders (`value`, `default`) the real
 * name is looked for earlier on the line or on the line above (Postman, Kubernetes, Terraform).
 */
export function assignmentKey(src: TextWithLines, valueStart: number): string | null {
  const text = src.text;
  const ls = lineStart(src, valueStart);
  let before = text.slice(Math.max(ls, valueStart - 240), valueStart);
  before = before
    .replace(/(?:\\?["'`])+$/, '')
    .replace(/\s*(?:\bBasic\s*|\bBearer\s*)$/i, '')
    .replace(VALUE_OPENER_AT_END, '');
  const m =
    blockScalarKey(src, ls, before) ??
    TYPED_KEY_AT_END.exec(before) ??
    GO_VAR_AT_END.exec(before) ??
    KEY_AT_END.exec(before) ??
    XML_NAMED_TAG_AT_END.exec(before) ??
    XML_TAG_AT_END.exec(before) ??
    STORE_COMMAND_AT_END.exec(before) ??
    // (before a flag's: the `-id` of `:project-id` is not one)
    KEYWORD_AT_END.exec(before) ??
    FLAG_AT_END.exec(before) ??
    SET_COMMAND_AT_END.exec(before) ??
    DOCKER_ENV_AT_END.exec(before) ??
    CELL_KEY_AT_END.exec(before);
  if (ECHOED_BEFORE.test(before)) {
    const piped = PIPED_INTO_STORE.exec(text.slice(valueStart, valueStart + 240));
    if (piped?.[1]) return piped[1];
  }
  if (!m) {
    const pair = NAME_ARGUMENT_AT_END.exec(before);
    return pair?.[1] && !/^[0-9a-f-]{8,}$/i.test(pair[1]) ? pair[1] : null;
  }
  let key = m[1] ?? m[2] ?? '';
  key = key.replace(/^\$+|^@+/, '');
  if (GENERIC_KEYS.has(key.toLowerCase().replace(/[_-]/g, ''))) return holderName(src, valueStart, before) ?? key;
  return key;
}

// what some languages write between a key and its string: an Elixir sigil (`~s(`, `~S"`), Perl's `q{`/`qq(`,
// a YAML anchor or tag (`&sw `, `!!str `); the key before it is the value's
const VALUE_OPENER_AT_END = /(?:(?<=[\s:=,(])~[A-Za-z]["'([{<|/]|(?<=[\s=>,(])qq?[([{<]|(?<=:\s*)(?:&[\w-]+|!!?[\w-]*)\s+)$/;

// a YAML block scalar's key, its value on the lines below: `SIGNALWIRE_API_TOKEN: |`, `token: >-`
const BLOCK_SCALAR_KEY = /^\s*(?:-\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*:\s*[|>][0-9+-]{0,2}\s*(?:#.*)?$/;
// … a TOML multi-line string's or a heredoc's (HCL, shell, Ruby, PHP): `token = """`, `token = <<-EOT`
const MULTI_LINE_KEY = /^\s*["']?([A-Za-z_][\w.-]*)["']?\s*(?:=|:)\s*(?:"""|'''|<<[-~]?\s*["']?[A-Za-z_]\w*["']?)\s*[;,]?\s*$/;

/** The value first on its line is a block scalar's: its key is on the line above (a Kubernetes Secret's `stringData`). */
function blockScalarKey(src: TextWithLines, ls: number, before: string): RegExpExecArray | null {
  if (ls === 0 || before.trim() !== '') return null;
  const above = linesBack(src, ls, 1);
  const line = src.text.slice(above, lineEnd(src, above));
  return BLOCK_SCALAR_KEY.exec(line) ?? MULTI_LINE_KEY.exec(line);
}

/** A parameter store's path read as a dotted name: `/app/signalwire/project-id` → `app.signalwire.project-id`. */
function pathAsName(name: string): string {
  return name.includes('/') ? name.replace(/^\/+|\/+$/g, '').replace(/\/+/g, '.') : name;
}

/**
 * The name a generic holder (`value`, `default`) holds the value for: named earlier on its line
 * (`"name": "SIGNALWIRE_API_TOKEN", "value": …`, `key="SignalWire:ProjectId" value=…`,
 * `--name /app/signalwire/project-id --value …`), on a line above in the same block (Postman,
 * Kubernetes, a Pulumi resource's `name=` argument), or by the block itself: Terraform's
 * `variable "signalwire_project_id" { default = … }`, a CloudFormation parameter's `Default:`.
 */
function holderName(src: TextWithLines, valueStart: number, before: string): string | null {
  const pair = KEY_ELEMENT_JUST_BEFORE.exec(before);
  if (pair?.[1]) return pair[1];
  const earlier = NAME_EARLIER.exec(before);
  if (earlier?.[1]) return pathAsName(earlier[1]);
  const text = src.text;
  let s = lineStart(src, valueStart);
  const indent = indentOf(text.slice(s, lineEnd(src, s)));
  // the lines above at the value's indentation belong to its block; the first one indented less opens it
  for (let k = 0; k < HOLDER_LINES && s > 0; k++) {
    s = linesBack(src, s, 1);
    const line = text.slice(s, lineEnd(src, s));
    if (!line.trim()) continue;
    if (indentOf(line) < indent || k === 0) {
      const p = NAME_ABOVE.exec(line);
      if (p?.[1]) return pathAsName(p[1]);
    } else {
      const p = NAME_EARLIER.exec(line);
      if (p?.[1]) return pathAsName(p[1]);
    }
    if (indentOf(line) < indent) return BLOCK_OPENER.exec(line)?.[2] ?? null;
  }
  return null;
}

// a property list written on one line, `<dict><key>A</key><string>…</string><key>B</key><string>`: the key just before is the value's
const KEY_ELEMENT_JUST_BEFORE = /<key>\s*([\w.:/-]+)\s*<\/key>\s*<string>\s*$/;

/** how many lines above a generic holder are read for its name */
const HOLDER_LINES = 5;

function indentOf(line: string): number {
  return /^\s*/.exec(line)?.[0].length ?? 0;
}

/** Lower-case words of an identifier: `signalwireSpaceUrl` → signalwire, space, url. */
export function keyWords(key: string): string[] {
  const last = key.includes('.') ? key.split('.').filter(Boolean).slice(-2).join('_') : key;
  return last
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function isSignalWireName(key: string): boolean {
  const lower = key.toLowerCase();
  if (lower.includes('signalwire') || lower.includes('swire')) return true;
  const words = keyWords(key);
  return words.includes('sw') || words.includes('twilio') || words.includes('laml') || words.includes('cxml');
}

export function isTokenName(key: string): boolean {
  const words = keyWords(key);
  if (words.some((w) => /^(token|tok|secret|password|passwd|pass|pwd|apitoken|authtoken|apikey|credential|credentials)$/.test(w))) return true;
  const lower = key.toLowerCase().replace(/[^a-z]/g, '');
  return /(token|apikey|authkey|secret|password)$/.test(lower) || (words.includes('key') && !isProjectName(key));
}

/** `token`, `apiToken`, `auth_token`: a token name that says nothing of whose token it is. */
export function isGenericTokenName(key: string): boolean {
  const words = keyWords(key);
  return (
    words.length > 0 &&
    words.every((w) => /^(token|tok|api|auth|access|rest|key|apikey|apitoken|authtoken|accesstoken|secret|password|pass|pwd|my|the|default|self|this)$/.test(w))
  );
}

export function isProjectName(key: string): boolean {
  const words = keyWords(key);
  return (
    words.some((w) => /^(project|projects|proj|projectid|projectkey|account|accountsid|accountid)$/.test(w)) ||
    /project|accountsid/i.test(key.replace(/[^a-z]/gi, ''))
  );
}

export function isUserName(key: string): boolean {
  return /^(user|username|login|usr|userid|user_name|http-user|basic_user|account)$/i.test(key) || /username$/i.test(key);
}

const SIGNALWIRE_MENTION = /signalwire|swire\.io|laml/gi;
const MENTIONS = {};

/** Offsets of every SignalWire mention, ascending (kept in the chunk's context). */
function mentions(input: DetectInput): number[] {
  return input.memo(MENTIONS, () => {
    const list: number[] = [];
    if (/signalwire/i.test(input.path)) list.push(0);
    SIGNALWIRE_MENTION.lastIndex = 0;
    if (input.has('signalwire') || input.has('swire') || input.has('laml'))
      for (let m = SIGNALWIRE_MENTION.exec(input.text); m; m = SIGNALWIRE_MENTION.exec(input.text)) list.push(m.index);
    return list;
  });
}

/** Is SignalWire mentioned within `chars` characters of `offset` (or anywhere in the path)? */
export function signalWireNear(input: DetectInput, offset: number, chars = 6000): boolean {
  if (/signalwire/i.test(input.path)) return true;
  // the mention nearest at or after offset - chars decides: a binary search, not a walk over all of them
  const list = mentions(input);
  const k = lowerBound(list, offset - chars);
  return k < list.length && list[k]! <= offset + chars;
}

/** Is SignalWire mentioned on the same line or within `lines` lines around it? */
export function signalWireOnNearbyLines(input: DetectInput, offset: number, lines: number): boolean {
  const from = linesBack(input, offset, lines);
  const to = linesForward(input, offset, lines);
  const list = mentions(input);
  const k = lowerBound(list, from);
  return k < list.length && list[k]! <= to;
}

const SECTION_HEADER = /^\s*\[+\s*([^\]]+?)\s*\]+\s*$/;
// (an HCL block of two labels, `resource "aws_ssm_parameter" "signalwire_project_id" {`, is named by the second)
const BLOCK_OPENER =
  /^(\s*)-?\s*(?:(?:resource|data)\s+["'][\w.-]+["']\s+|resource\s+|variable\s+|module\s+|provider\s+|output\s+)?["']?([\w.\- ]+?)["']?\s*(?:[:=]\s*[{[(]?|\{|\()\s*$/;

/**
 * Names of the sections and blocks that enclose `offset`: the INI/TOML `[section]`
 * header above it, and YAML/JSON/HCL keys whose block holds the line (by indentation).
 */
export function enclosingScopes(src: TextWithLines, offset: number, maxLines = 60): string[] {
  const text = src.text;
  const names: string[] = [];
  let s = lineStart(src, offset);
  const cur = text.slice(s, lineEnd(src, offset));
  let indent = /^\s*/.exec(cur)?.[0].length ?? 0;
  for (let k = 0; k < maxLines && s > 0; k++) {
    let p = s - 1;
    if (text.charCodeAt(p) === 10 && p > 0 && text.charCodeAt(p - 1) === 13) p--;
    s = lineStart(src, p);
    const line = text.slice(s, lineEnd(src, s));
    if (!line.trim()) continue;
    const h = SECTION_HEADER.exec(line);
    if (h?.[1]) {
      names.push(h[1]);
      break;
    }
    const lineIndent = /^\s*/.exec(line)?.[0].length ?? 0;
    if (lineIndent < indent) {
      const b = BLOCK_OPENER.exec(line);
      if (b?.[2]) names.push(b[2]);
      indent = lineIndent;
      if (indent === 0) break;
    }
  }
  return names;
}

export function inSignalWireScope(src: TextWithLines, offset: number): boolean {
  return enclosingScopes(src, offset).some((n) => isSignalWireName(n));
}

// The default of an environment lookup, just before a value: `env('X', `, `os.getenv("X", `,
// `os.environ.get("X", `, `ENV.fetch("X", `, `getOrDefault("X", `, `getenv("X") ?: `,
// `GetEnvironmentVariable("X") ?? `, `process.env.X ?? ` / `|| `, `${X:-`.
const ENV_DEFAULT_BEFORE = [
  // (`config.get<string>('X', ` is NestJS's ConfigService; `ENV.fetch("X") { ` Ruby's block default;
  // `project.findProperty('x') ?: ` Gradle's)
  /\b(?:env|getenv|environ\.get|fetch|get|getOrDefault|getOrElse|get_env|Getenv|LookupEnv|GetEnvironmentVariable|System\.getenv|getProperty|findProperty|GetValue)\s*(?:<[\w\s|]+>)?\s*\(\s*["'`]([\w.:-]+)["'`]\s*(?:\)\s*(?:\?\?|\?:|\|\||or|\{)|,)\s*["'`]?$/,
  // (`Platform.environment['X'] ?? ` Dart's, `ProcessInfo.processInfo.environment["X"] ?? ` Swift's, `ENV['X'] ||= ` Ruby's)
  /\b(?:process\.env|import\.meta\.env|ENV|env|environment)(?:\.([\w]+)|\[\s*["']([\w]+)["']\s*\])\s*(?:\?\?=?|\|\|=?|\?:|or)\s*["'`]?$/,
  /\$\{([\w]+):?[-=]["']?$/,
  // .NET's configuration, read by its section path: `Configuration["SignalWire:Token"] ?? `, `GetValue<string>("SignalWire:Token", `
  /\b(?:[Cc]onfiguration|[Cc]onfig|_configuration|_config|AppSettings)\s*\[\s*["']([\w:.-]+)["']\s*\]\s*(?:\?\?|\|\||\?:)\s*["'`]?$/,
  // the lookup's result given a default by a method: Rust's `env::var("X").unwrap_or("`, `.unwrap_or_else(|_| "`,
  // Java's `Optional.ofNullable(System.getenv("X")).orElse("`
  /\b(?:var|getenv|Getenv|get_env|getEnv)\s*\(\s*["']([\w.-]+)["']\s*\)+\s*\.\s*(?:unwrap_or(?:_else)?|orElse(?:Get)?|or_else|getOrElse|value_or)\s*\(\s*(?:\|[^|\n]*\|\s*|\(\)\s*->\s*)?["'`]?$/,
  // … or by a helper that returns its first non-empty argument: Go's `cmp.Or(os.Getenv("X"), "`, `coalesce(getenv('X'), '`
  /\b\w*(?:[oO]r|[cC]oalesce|[dD]efault)\w*\s*\(\s*[\w.:]*(?:Getenv|getenv|getEnv|get_env|env)\s*\(\s*["']([\w.-]+)["']\s*\)\s*,\s*["'`]?$/,
  // Lisp's `(or (System/getenv "X") "`, OCaml's `Sys.getenv_opt "X" |> Option.value ~default:"`
  /\b(?:getenv|getenv_opt|get-env)\s+["']([\w.-]+)["']\s*(?:\)|\|>\s*Option\.value\s+~default:)\s*["']?$/,
  // Julia's `get(ENV, "X", "`; Aero's (EDN) `#or [#env X "`
  /\bget\s*\(\s*ENV\s*,\s*["']([\w.-]+)["']\s*,\s*["']?$/,
  /#or\s*\[\s*#env\s+:?([\w.-]+)\s+["']?$/,
];

// a value written into the environment: `ENV["X"] = `, `os.environ['X'] = `, `$_ENV['X'] = `,
// `$ENV{X} = `, `process.env.X = `, `os.Setenv("X", `, `os.environ.setdefault('X', `,
// `monkeypatch.setenv('X', `, `Environment.SetEnvironmentVariable("X", `, `env::set_var("X", `
const ENV_WRITE_BEFORE = [
  /(?:\bENV|\benviron|\$_ENV|\$_SERVER|\benv|\$ENV)\s*(?:\[\s*["'](\w+)["']\s*\]|\{\s*["']?(\w+)["']?\s*\})\s*(?:\|\||\?\?)?=\s*["'`]?$/,
  /\bprocess\.env\.(\w+)\s*(?:\|\||\?\?)?=\s*["'`]?$/,
  /\b(?:setenv|Setenv|putenv|setdefault|SetEnvironmentVariable|set_var|setEnv)\s*\(\s*["'](\w+)["']\s*,\s*["'`]?$/,
];

/**
 * The variable a literal is written into the environment as (`ENV["X"] = "…"`,
 * `os.Setenv("X", "…")`), or null: a value hard-coded as much as an assignment's, though its
 * line also names the environment.
 */
export function environmentWriteName(src: TextWithLines, valueStart: number): string | null {
  return variableBefore(src, valueStart, ENV_WRITE_BEFORE);
}

/** The variable whose fallback default the value at `valueStart` is, or null. */
export function envFallbackName(src: TextWithLines, valueStart: number): string | null {
  return variableBefore(src, valueStart, ENV_DEFAULT_BEFORE);
}

/**
 * What `before` (a line up to a value) does with the value in the environment: writes it into
 * variable `name`, or gives it as the default of a lookup of `name`; `at` is where in `before`
 * that write or lookup starts. For `swlint fix`, which must neither write a variable from
 * itself nor default a lookup to the same lookup.
 */
export function environmentUseBefore(before: string): { name: string; use: 'write' | 'default'; at: number } | null {
  const write = firstNamed(before, ENV_WRITE_BEFORE);
  if (write) return { ...write, use: 'write' };
  const fallback = firstNamed(before, ENV_DEFAULT_BEFORE);
  return fallback ? { ...fallback, use: 'default' } : null;
}

function firstNamed(before: string, patterns: readonly RegExp[]): { name: string; at: number } | null {
  for (const re of patterns) {
    const m = re.exec(before);
    const name = m?.[1] ?? m?.[2];
    if (name) return { name, at: m!.index };
  }
  return null;
}

/** The variable the first of `patterns` names, matched up to the value (on its line, at most 200 characters back). */
function variableBefore(src: TextWithLines, valueStart: number, patterns: readonly RegExp[]): string | null {
  return firstNamed(src.text.slice(Math.max(lineStart(src, valueStart), valueStart - 200), valueStart), patterns)?.name ?? null;
}
