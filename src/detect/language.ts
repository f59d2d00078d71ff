// How a file of a given kind reads an environment variable: the heart of every fix text.
import { configFormatAdvice, configFormatOf, type FormatInput } from './config-format.js';

export type Language =
  | 'js'
  | 'python'
  | 'php'
  | 'ruby'
  | 'go'
  | 'csharp'
  | 'java'
  | 'shell'
  | 'powershell'
  | 'yaml'
  | 'dotenv'
  | 'terraform'
  | 'docker'
  | 'dart'
  | 'rust'
  | 'elixir'
  | 'swift'
  | 'xcconfig'
  | 'sql'
  | 'other';

const BY_EXTENSION: Record<string, Language> = {
  js: 'js',
  mjs: 'js',
  cjs: 'js',
  jsx: 'js',
  ts: 'js',
  mts: 'js',
  cts: 'js',
  tsx: 'js',
  vue: 'js',
  svelte: 'js',
  html: 'js',
  htm: 'js',
  astro: 'js',
  py: 'python',
  pyw: 'python',
  ipynb: 'python',
  php: 'php',
  rb: 'ruby',
  rake: 'ruby',
  erb: 'ruby',
  go: 'go',
  cs: 'csharp',
  csx: 'csharp',
  java: 'java',
  kt: 'java',
  kts: 'java',
  scala: 'java',
  groovy: 'java',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  ksh: 'shell',
  ps1: 'powershell',
  psm1: 'powershell',
  yml: 'yaml',
  yaml: 'yaml',
  env: 'dotenv',
  tf: 'terraform',
  tfvars: 'terraform',
  hcl: 'terraform',
  dart: 'dart',
  rs: 'rust',
  ex: 'elixir',
  exs: 'elixir',
  swift: 'swift',
  xcconfig: 'xcconfig',
  sql: 'sql',
};

export function languageOf(path: string): Language {
  const base = path.split('/').pop() ?? path;
  const lower = base.toLowerCase();
  if (lower === 'dockerfile' || lower.startsWith('dockerfile.') || lower.endsWith('.dockerfile')) return 'docker';
  if (isDotenvName(base)) return 'dotenv';
  if (lower === 'jenkinsfile') return 'java';
  if (lower === 'gemfile' || lower === 'rakefile') return 'ruby';
  const ext = lower.includes('.') ? (lower.split('.').pop() ?? '') : '';
  return BY_EXTENSION[ext] ?? 'other';
}

const TEMPLATE_WORD = '(?:example|sample|template|dist|defaults?|tpl|schema|skeleton|stub|proto|spec|ci-template|changeme)';
/** `.env.example`, `app.env.sample`: the template word after the name */
const TEMPLATE_SUFFIX = new RegExp(`[.\\-_]${TEMPLATE_WORD}$`);
/** `.env.example.local`, `example.env`, `sample.env`, `env.example`, `template.env`: the word before it, or a bare `env.<word>` */
const TEMPLATE_OTHER = new RegExp(`^\\.env\\.${TEMPLATE_WORD}\\.|^\\.?${TEMPLATE_WORD}[.\\-_]|^env\\.${TEMPLATE_WORD}$`);
/** tool settings that share the suffix but hold no secrets (React Native's `NODE_BINARY`) */
const NOT_SECRETS = /^\.xcode\.env(?:\.local)?$/;

/** The last component of a `/`-separated path. */
export function fileNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** isDotenvName of a path's file name; asked of every file a scan lists, so no array per path. */
export function isDotenvPath(path: string): boolean {
  return isDotenvName(fileNameOf(path));
}

/** `.env`, `.env.local`, `.env.production`, `prod.env`, `app.env` — but not templates. */
export function isDotenvName(base: string): boolean {
  // asked of every listed file: most names are ruled out without a lower-cased copy
  if (!startsWithEnv(base) && !endsWithEnv(base)) return false;
  const lower = base.toLowerCase();
  if (NOT_SECRETS.test(lower)) return false;
  return !TEMPLATE_SUFFIX.test(lower) && !TEMPLATE_OTHER.test(lower);
}

/** `c` is the letter `lower` in either case (`lower`: a lower-case ASCII letter's code). */
const isLetter = (c: number, lower: number) => (c | 0x20) === lower;

/** `.env` or `.env.…`, in any case. */
function startsWithEnv(base: string): boolean {
  return (
    base.length >= 4 &&
    base.charCodeAt(0) === 0x2e &&
    isLetter(base.charCodeAt(1), 0x65) &&
    isLetter(base.charCodeAt(2), 0x6e) &&
    isLetter(base.charCodeAt(3), 0x76) &&
    (base.length === 4 || base.charCodeAt(4) === 0x2e)
  );
}

/** `….env`, in any case. */
function endsWithEnv(base: string): boolean {
  const n = base.length;
  return (
    n >= 4 &&
    base.charCodeAt(n - 4) === 0x2e &&
    isLetter(base.charCodeAt(n - 3), 0x65) &&
    isLetter(base.charCodeAt(n - 2), 0x6e) &&
    isLetter(base.charCodeAt(n - 1), 0x76)
  );
}

/** The expression that reads `name` from the environment in this language. */
export function envReadExpression(path: string, name: string): string {
  switch (languageOf(path)) {
    case 'js':
      return `process.env.${name}`;
    case 'python':
      return `os.environ["${name}"]`;
    case 'php':
      return `getenv('${name}')`;
    case 'ruby':
      return `ENV.fetch("${name}")`;
    case 'go':
      return `os.Getenv("${name}")`;
    case 'csharp':
      return `Environment.GetEnvironmentVariable("${name}")`;
    case 'java':
      return `System.getenv("${name}")`;
    case 'powershell':
      return `$env:${name}`;
    case 'dart':
      return `Platform.environment['${name}']`;
    case 'rust':
      return `std::env::var("${name}")`;
    case 'elixir':
      return `System.fetch_env!("${name}")`;
    case 'swift':
      return `ProcessInfo.processInfo.environment["${name}"]`;
    case 'xcconfig':
      return `$(${name})`;
    case 'terraform':
      return `var.${name.toLowerCase()} (declared with sensitive = true, set through TF_VAR_${name.toLowerCase()})`;
    case 'docker':
      return `a build secret (RUN --mount=type=secret,id=${name.toLowerCase()}) instead of ARG/ENV`;
    case 'dotenv':
      return `a git-ignored .env file (keep ${name}=… out of the repository)`;
    case 'yaml':
    case 'shell':
    default:
      return `\${${name}}`;
  }
}

/** The first sentence of a fix: where the value should come from, in this file's language or format. */
export function readFromEnvironment(file: string | FormatInput, what: string, name: string, opts: { secret?: boolean } = {}): string {
  const input = typeof file === 'string' ? { path: file } : file;
  const path = input.path;
  const format = configFormatOf(input);
  if (format) return configFormatAdvice(format, what, [name], opts.secret ?? true);
  const lang = languageOf(path);
  const expr = envReadExpression(path, name);
  if (lang === 'dotenv')
    return `A .env file is the right place for the ${what} only while git ignores it: list it in .gitignore, never commit it, and commit a .env.example with a placeholder instead`;
  if (lang === 'docker') return `Pass the ${what} as ${expr}`;
  if (/\.tfstate(?:\.backup)?$/i.test(path))
    return `Terraform state is generated and holds every value the configuration passes: never commit it (add *.tfstate* to .gitignore), keep state in an encrypted remote backend, and mark the variable that carries the ${what} sensitive`;
  if (lang === 'sql')
    return `Keep the ${what} out of SQL files: the application should pass it as a query parameter from its own configuration (${name} in the environment)`;
  if (lang === 'xcconfig')
    return `Reference it as ${expr} and define ${name} in an xcconfig file git ignores (or in CI); note that values compiled into an app are readable by its users`;
  if (lang === 'yaml' && /(^|\/)\.github\/workflows\//.test(path)) return `Read the ${what} from a repository secret (\${{ secrets.${name} }})`;
  return `Replace the literal with ${expr} and set ${name} in the environment or your secret store`;
}

export const ROTATE_TOKEN =
  'Rotate it now: in your Space open API > Tokens, create a new token with only the scopes this code needs, switch to it, then delete the exposed one (the dashboard shows when each token was last used)';

/** The purge advice of a value git history holds and HEAD does not (ContentRule.historyOnlyFix). */
export const PURGE_IF_SHARED = 'Purge it from history with git filter-repo --replace-text only if the history is shared';

/** What is left to do for an API token HEAD no longer holds (the token and basic-auth rules' historyOnlyFix). */
export const ROTATE_TOKEN_IN_HISTORY = `${ROTATE_TOKEN}: rotating is what makes it harmless. ${PURGE_IF_SHARED}.`;

export const PURGE_HISTORY =
  'If it was ever committed, it stays in git history: rotating is what makes it harmless; purge with git filter-repo --replace-text only if the history is shared';
