// The command line, as one table (OPTIONS, COMMANDS) that both parsers read:
//  - yargs (src/cli/yargs-cli.ts) renders help, completion, "did you mean" and every usage error;
//  - fastParse below, node's built-in parseArgs, takes the plain, valid command lines a hook
//    or CI runs (`swlint staged`, `swlint diff main --format sarif`) and hands anything else
//    (help, completion, a mistake, short-flag groups) to yargs. Importing yargs costs about
//    80-120 ms (see BENCHMARKS.md "Start-up"), most of a pre-commit hook's budget.
// Both end in validate(), so a value means the same whichever parser read it;
// test/cli/parsers.test.ts checks that the two read every accepted command line alike.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';
import { closest } from './cli/suggest.js';

export { UsageError };

export type CommandName = 'scan' | 'history' | 'staged' | 'diff' | 'baseline' | 'hook' | 'rules' | 'merge' | 'audit' | 'fix';
/** commands the CLI answers without running a scan */
export type MetaCommand = 'help' | 'version' | 'completion';

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  /** can be turned off with --no-NAME */
  negatable?: boolean;
  choices?: readonly string[];
  describe: string;
  /** the commands that take it (default: the scanning commands) */
  commands?: readonly CommandName[];
  placeholder?: string;
  /** one-letter alias (-f) */
  short?: string;
}

export const SCANNING: readonly CommandName[] = ['scan', 'history', 'staged', 'diff', 'baseline'];
const ALL: readonly CommandName[] = [...SCANNING, 'hook', 'rules', 'merge', 'audit', 'fix'];
/** merge and audit (issue 13) write reports too */
const REPORTING: readonly CommandName[] = [...SCANNING, 'merge', 'audit'];

export const OPTIONS: Record<string, OptionSpec> = {
  format: {
    type: 'string',
    short: 'f',
    choices: ['text', 'json', 'sarif', 'github', 'junit', 'html'],
    describe: 'report format (default text)',
    commands: [...REPORTING, 'rules'],
    placeholder: 'FORMAT',
  },
  output: {
    type: 'string',
    short: 'o',
    describe: 'write the report to FILE instead of stdout (- is stdout); the one-line summary still goes to stderr',
    commands: REPORTING,
    placeholder: 'FILE',
  },
  config: {
    type: 'string',
    short: 'c',
    describe: 'configuration file (default: .swlintrc.json or package.json "swlint", searched upwards)',
    commands: [...SCANNING, 'fix'],
    placeholder: 'FILE',
  },
  baseline: {
    type: 'string',
    short: 'b',
    multiple: true,
    describe: 'baseline of accepted findings, repeatable (default: .swlint-baseline.json at the root, if present); an earlier --format json report is one too',
    placeholder: 'FILE',
  },
  'fail-on': {
    type: 'string',
    choices: ['error', 'warning', 'info', 'never', 'live'],
    describe: 'lowest severity that makes the exit code 1 (default error; live: only credentials --verify found live)',
    commands: REPORTING,
    placeholder: 'LEVEL',
  },
  redact: { type: 'boolean', negatable: true, describe: 'redact secrets everywhere (default; --no-redact shows them)', commands: [...SCANNING, 'fix'] },
  color: {
    type: 'boolean',
    negatable: true,
    describe: 'colour the text report (default: only when stdout is a TTY and NO_COLOR is unset; --color wins over NO_COLOR; --no-color turns it off)',
    commands: REPORTING,
  },
  rule: { type: 'string', short: 'r', multiple: true, describe: 'run only this rule (repeatable)', placeholder: 'ID' },
  disable: { type: 'string', short: 'd', multiple: true, describe: 'do not run this rule (repeatable)', placeholder: 'ID' },
  'max-file-size': {
    type: 'string',
    describe:
      'skip files larger than SIZE, at least 1 byte: bytes, or a number with K, M or G (KB/KiB, MB/MiB, GB/GiB alike: 1 KB = 1024 bytes), e.g. 512K, 1.5MB (default 5MB = 5242880)',
    commands: [...SCANNING, 'audit'],
    placeholder: 'SIZE',
  },
  jobs: {
    type: 'string',
    short: 'j',
    describe: 'parallelism (default 2; at most the number of CPUs, or 2 if fewer; worker threads start only for scans large enough to repay them)',
    commands: [...SCANNING, 'audit'],
    placeholder: 'N',
  },
  timeout: {
    type: 'string',
    describe: 'stop after SECONDS (a number greater than 0, e.g. 300 or 0.5): print what was scanned so far, marked incomplete, and exit 2',
    commands: [...SCANNING, 'audit'],
    placeholder: 'SECONDS',
  },
  ignore: {
    type: 'boolean',
    negatable: true,
    describe: 'scan: honour .gitignore (default; --no-ignore also scans ignored files, like rg -u)',
    commands: ['scan', 'baseline'],
  },
  'recurse-submodules': {
    type: 'boolean',
    describe: 'scan and history: also scan checked-out submodules (default: skipped, reported)',
    commands: ['scan', 'history', 'baseline'],
  },
  quiet: { type: 'boolean', short: 'q', describe: 'findings only, no fix text', commands: REPORTING },
  verbose: { type: 'boolean', short: 'v', describe: 'why each finding matters, skipped files, stack traces on errors', commands: REPORTING },
  'foreign-ignores': {
    type: 'boolean',
    negatable: true,
    describe: 'honour gitleaks:allow, pragma: allowlist secret, secretlint-disable-line (default; --no-foreign-ignores)',
  },
  'report-stale': { type: 'boolean', describe: 'list baseline entries that no longer match anything' },
  'stdin-filename': {
    type: 'string',
    describe: 'scan -: the name standard input is reported under; its extension picks the language (default <stdin>)',
    commands: ['scan'],
    placeholder: 'NAME',
  },
  branch: { type: 'string', describe: 'history: only what REF reaches', commands: ['history', 'baseline'], placeholder: 'REF' },
  since: {
    type: 'string',
    describe: 'history: only commits after DATE (as git reads it: 2024-01-31, "2 weeks ago", yesterday)',
    commands: ['history', 'baseline'],
    placeholder: 'DATE',
  },
  range: { type: 'string', describe: 'history: only commits in A..B', commands: ['history', 'baseline'], placeholder: 'A..B' },
  out: { type: 'string', describe: 'baseline: file to write (default .swlint-baseline.json)', commands: ['baseline'], placeholder: 'FILE' },
  // issue 12.3: baselines of the other modes, and updates that keep reasons
  history: {
    type: 'boolean',
    describe: 'baseline: from `swlint history` findings (every commit; --branch, --since, --range narrow it)',
    commands: ['baseline'],
  },
  diff: {
    type: 'string',
    describe: 'baseline: from `swlint diff BASE [HEAD]` findings (HEAD: the positional argument, default HEAD)',
    commands: ['baseline'],
    placeholder: 'BASE',
  },
  update: {
    type: 'boolean',
    describe: 'baseline: rewrite the existing baseline from a new scan, keeping the "reason" and "note" its entries carry',
    commands: ['baseline'],
  },
  force: {
    type: 'boolean',
    describe: 'hook: replace an existing hook swlint did not write; fix: also edit files with uncommitted changes',
    commands: ['hook', 'fix'],
  },
  // swlint fix (issue 14): src/fix
  staged: { type: 'boolean', describe: 'fix: the files whose staged content holds credentials (what the hook blocked)', commands: ['fix'] },
  apply: { type: 'boolean', describe: 'fix: write the changes (default: show them as a diff)', commands: ['fix'] },
  // credential verification (issue 13): src/inventory/verify.ts
  verify: {
    type: 'boolean',
    describe: 'ask SignalWire (https://<space>.signalwire.com only) whether each API token found is live',
    commands: ['scan', 'history', 'staged', 'diff'],
  },
  'verify-space': {
    type: 'string',
    describe: '--verify: the Space to ask when the scanned content names none (NAME or NAME.signalwire.com)',
    commands: ['scan', 'history', 'staged', 'diff'],
    placeholder: 'SPACE',
  },
  'verify-project': {
    type: 'string',
    describe: '--verify: the project ID to use when the scanned content names none',
    commands: ['scan', 'history', 'staged', 'diff'],
    placeholder: 'UUID',
  },
  // merge and audit (issue 13): src/audit
  repos: {
    type: 'string',
    describe: 'audit: the repositories (one local path or URL a line); merge: the repositories that must be in the report',
    commands: ['merge', 'audit'],
    placeholder: 'FILE',
  },
  shard: { type: 'string', describe: 'audit: only shard K of N (every repository is in exactly one shard)', commands: ['audit'], placeholder: 'K/N' },
  'reports-dir': { type: 'string', describe: "audit: also keep each repository's JSON report in DIR", commands: ['audit'], placeholder: 'DIR' },
  help: { type: 'boolean', short: 'h', describe: 'show help', commands: ALL },
  version: { type: 'boolean', short: 'V', describe: 'show the version', commands: ALL },
};

export interface CommandSpec {
  /** yargs command string: name and positionals */
  usage: string;
  describe: string;
  /** how many positionals it takes */
  args: readonly [number, number];
  /** what the positionals are, for the message when the count is wrong */
  argsText: string;
}

export const COMMANDS: Record<CommandName, CommandSpec> = {
  scan: {
    usage: 'scan [paths..]',
    describe: 'scan the working tree under each PATH (default .); - reads standard input',
    args: [0, Infinity],
    argsText: 'paths',
  },
  history: { usage: 'history [path]', describe: 'scan every blob reachable from every ref', args: [0, 1], argsText: 'at most 1 path' },
  staged: { usage: 'staged', describe: 'scan what `git commit` would record now (pre-commit hook)', args: [0, 0], argsText: 'no arguments' },
  diff: {
    usage: 'diff <base> [head]',
    describe: 'scan the lines each commit in BASE..HEAD adds',
    args: [1, 2],
    argsText: 'BASE and optionally HEAD, as two arguments (swlint diff main feature)',
  },
  baseline: { usage: 'baseline [paths..]', describe: 'run a scan and write the baseline file', args: [0, Infinity], argsText: 'paths' },
  hook: { usage: 'hook <action>', describe: 'install, uninstall or test the git pre-commit hook', args: [1, 1], argsText: 'install, uninstall or test' },
  rules: { usage: 'rules', describe: 'list the rules', args: [0, 0], argsText: 'no arguments' },
  merge: {
    usage: 'merge <reports..>',
    describe: 'combine JSON reports of several repositories into one inventory',
    args: [1, Infinity],
    argsText: 'one or more REPORT.json files',
  },
  audit: {
    usage: 'audit',
    describe: 'history of many repositories (--repos FILE: paths or URLs), merged; --shard K/N',
    args: [0, 0],
    argsText: 'no arguments (name the repositories with --repos FILE)',
  },
  fix: { usage: 'fix [paths..]', describe: 'move hard-coded credentials into .env (shows the diff; --apply writes)', args: [0, Infinity], argsText: 'paths' },
};

export const META_COMMANDS: Record<MetaCommand, { usage: string; describe: string }> = {
  help: { usage: 'help [command]', describe: 'show help for swlint or one command' },
  version: { usage: 'version', describe: 'show the version' },
  completion: { usage: 'completion [shell]', describe: 'print a bash or zsh completion script (swlint completion bash >> ~/.bashrc)' },
};

export type ParsedArgs =
  | { command: CommandName; positionals: string[]; values: Record<string, string | boolean | string[] | undefined> }
  | { command: MetaCommand; positionals: string[]; values: Record<string, string | boolean | string[] | undefined> };

export type RunArgs = Extract<ParsedArgs, { command: CommandName }>;

// own keys only: `swlint toString` is a path to scan, not a command ('toString' in {} is true)
export const isCommand = (name: string): name is CommandName => Object.hasOwn(COMMANDS, name);
export const isMetaCommand = (name: string): name is MetaCommand => Object.hasOwn(META_COMMANDS, name);

export const optionsFor = (command: CommandName): [string, OptionSpec][] =>
  Object.entries(OPTIONS).filter(([, spec]) => (spec.commands ?? SCANNING).includes(command));

/**
 * The fast path: parseArgs over the same table, for command lines whose reading cannot
 * differ from yargs'. Returns null for anything it does not take (yargs then decides).
 */
export function fastParse(argv: string[]): ParsedArgs | null {
  // short-flag groups (-qv, -fjson) and `--flag true` are read differently by the two parsers
  const booleans = new Set(
    Object.entries(OPTIONS).flatMap(([n, s]) => (s.type === 'boolean' ? [`--${n}`, `--no-${n}`, ...(s.short ? [`-${s.short}`] : [])] : [])),
  );
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (/^-[^-]{2,}/.test(a)) return null;
    if (booleans.has(a) && /^(true|false)$/.test(argv[i + 1] ?? '')) return null;
  }
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const [name, spec] of Object.entries(OPTIONS))
    options[name] = { type: spec.type, ...(spec.multiple ? { multiple: true } : {}), ...(spec.short ? { short: spec.short } : {}) };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, allowNegative: true, strict: true });
  } catch {
    return null;
  }
  const positionals = [...parsed.positionals];
  const first = positionals[0];
  if (first !== undefined && isMetaCommand(first)) return null;
  const command: CommandName = first !== undefined && isCommand(first) ? (positionals.shift() as CommandName) : 'scan';
  const values = parsed.values as ParsedArgs['values'];
  if (values.help) return null;
  try {
    return validate({ command, positionals, values }, first === command);
  } catch {
    return null;
  }
}

/** The values option `name` takes in `command` (`swlint rules` prints text or JSON only); undefined for any value. */
export function choicesFor(name: string, command: CommandName): readonly string[] | undefined {
  return name === 'format' && command === 'rules' ? ['text', 'json'] : OPTIONS[name]?.choices;
}

/** options whose values are checked, with a message that says what they take, where they are read */
const OWN_VALUE_CHECK = new Set(['timeout', 'jobs', 'max-file-size']);

/**
 * Checks one parsed command line against the table: options that apply to the command,
 * choices, negations, positional counts. Throws UsageError with one line.
 */
export function validate(parsed: RunArgs, explicitCommand: boolean): RunArgs {
  const { command, positionals, values } = parsed;
  for (const [name, value] of Object.entries(values)) {
    const spec = Object.hasOwn(OPTIONS, name) ? OPTIONS[name] : undefined;
    if (!spec || value === undefined) continue;
    if (!(spec.commands ?? SCANNING).includes(command))
      throw new UsageError(`--${value === false ? 'no-' : ''}${name} does not apply to \`swlint ${command}\` (see swlint ${command} --help)`);
    if (value === false && !spec.negatable) throw new UsageError(`--no-${name} is not an option (see swlint ${command} --help)`);
    const list = Array.isArray(value) ? value : [value];
    // `--config "$CI_CONFIG"` with the variable unset: not a silent fall-back to the defaults
    // (choices and numbers have messages of their own that say what is expected)
    if (spec.type === 'string' && !spec.choices && !OWN_VALUE_CHECK.has(name) && list.includes(''))
      throw new UsageError(`--${name} needs a value, not an empty string (see swlint ${command} --help)`);
    const choices = choicesFor(name, command);
    if (choices)
      for (const v of list)
        if (typeof v === 'string' && !choices.includes(v))
          throw new UsageError(`--${name} must be one of ${choices.join(', ')} (got "${v}")${suggestion(v, choices, '')}`);
  }
  if (values.version) return parsed;
  const [min, max] = COMMANDS[command].args;
  if (positionals.length < min || positionals.length > max)
    throw new UsageError(`\`swlint ${command}\` takes ${COMMANDS[command].argsText} (see swlint ${command} --help)`);
  if (command === 'hook' && !['install', 'uninstall', 'test'].includes(positionals[0] ?? ''))
    throw new UsageError(`\`swlint hook\` takes install, uninstall or test (got "${positionals[0]}")`);
  // a ref name never contains ".." (git check-ref-format), so this is range syntax
  const range = command === 'diff' ? positionals.find((p) => p.includes('..')) : undefined;
  if (range !== undefined) {
    const [base, head] = range.split(/\.\.\.?/);
    throw new UsageError(`\`swlint diff\` takes BASE and HEAD as two arguments, not a range: swlint diff ${base || 'BASE'} ${head || 'HEAD'}`);
  }
  // `swlint histroy`: a mistyped command reads as a path to scan; if no such path exists, say so
  if (command === 'scan' && !explicitCommand && positionals[0] && !existsSync(path.resolve(positionals[0]))) {
    const near = closest(positionals[0], [...Object.keys(COMMANDS), ...Object.keys(META_COMMANDS)]);
    if (near) throw new UsageError(`unknown command "${positionals[0]}": did you mean \`swlint ${near}\`? (there is no file of that name to scan either)`);
  }
  return parsed;
}

/** ", did you mean X?" when one candidate is close to what was typed. */
export function suggestion(typed: string, candidates: readonly string[], prefix: string): string {
  const near = closest(typed, candidates);
  return near ? `; did you mean ${prefix}${near}?` : '';
}

/** A whole number of at least `min` (digits only: not `1e3`, `0x10` or `2.0`), or a usage error. */
export function numberOption(values: ParsedArgs['values'], name: string, fallback: number, min: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  // digits past 2^53 (or past Number's range: Infinity) are still a whole number, a large one
  const n = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (Number.isNaN(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min}, e.g. --${name} 4 (got "${String(raw)}")`);
  return n;
}

/**
 * The most threads --jobs starts: the CPUs node may use (os.availableParallelism(), which
 * honours a container's CPU affinity), but never fewer than the default of 2. Each scanning
 * thread holds its own engine and heap (about 5 MB; --jobs 1000 was 5 GB), and threads past the
 * CPUs only take turns on them.
 */
export function maxJobs(): number {
  return Math.max(2, os.availableParallelism());
}

/** --jobs: how many scanning threads, bounded by maxJobs(); `asked` is what was given when the bound lowered it. */
export function jobsOption(values: ParsedArgs['values'], fallback: number): { jobs: number; asked?: string } {
  const n = numberOption(values, 'jobs', fallback, 1);
  const bound = maxJobs();
  return n > bound ? { jobs: bound, asked: String(values.jobs).trim() } : { jobs: n };
}

/** The line --verbose prints when --jobs was lowered to the machine's CPUs. */
export function jobsBoundNote(asked: string, jobs: number): string {
  const cpus = os.availableParallelism();
  return `--jobs ${asked} is more than the ${cpus} CPU${cpus === 1 ? '' : 's'} this machine offers: using ${jobs} threads`;
}

/**
 * The longest --timeout kept as given: node's timers hold at most 2^31 - 1 ms (24.8 days), and a
 * longer one fired at once (`--timeout 99999999999` stopped every scan immediately). A longer
 * value means "no practical limit", so it is lowered to this.
 */
export const MAX_TIMEOUT_SECONDS = 2_000_000;

/** A positive number of seconds (fractions allowed; over MAX_TIMEOUT_SECONDS, that), or undefined when not given. */
export function secondsOption(values: ParsedArgs['values'], name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  // 1e400 reads as Infinity: as long as can be, like any other huge value
  if (typeof raw !== 'string' || raw.trim() === '' || Number.isNaN(n) || n <= 0)
    throw new UsageError(`--${name} must be a number of seconds greater than 0, e.g. --${name} 300 or --${name} 0.5 (got "${String(raw)}")`);
  return Math.min(n, MAX_TIMEOUT_SECONDS);
}
