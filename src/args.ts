// Command-line parsing with node:util parseArgs, driven by one table that also writes --help.
// (yargs costs ~115 ms to import here — string-width's emoji tables — which is half the
// start-up budget of a pre-commit hook; parseArgs is built in and costs nothing.)
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

export { UsageError };

export type CommandName = 'scan' | 'history' | 'staged' | 'diff' | 'baseline' | 'hook' | 'rules';

interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  /** can be turned off with --no-NAME */
  negatable?: boolean;
  choices?: readonly string[];
  number?: boolean;
  describe: string;
  /** the commands that take it (default: the scanning commands) */
  commands?: readonly CommandName[];
  placeholder?: string;
}

const SCANNING: readonly CommandName[] = ['scan', 'history', 'staged', 'diff', 'baseline'];

export const OPTIONS: Record<string, OptionSpec> = {
  format: { type: 'string', choices: ['text', 'json', 'sarif', 'github', 'junit'], describe: 'report format (default text)', commands: [...SCANNING, 'rules'], placeholder: 'FORMAT' },
  output: { type: 'string', describe: 'write the report to FILE instead of stdout', placeholder: 'FILE' },
  config: { type: 'string', describe: 'configuration file (default: .swlintrc.json or package.json "swlint", searched upwards)', placeholder: 'FILE' },
  baseline: { type: 'string', describe: 'baseline of accepted findings (default: .swlint-baseline.json at the root, if present)', placeholder: 'FILE' },
  'fail-on': { type: 'string', choices: ['error', 'warning', 'info', 'never'], describe: 'lowest severity that makes the exit code 1 (default error)', placeholder: 'LEVEL' },
  redact: { type: 'boolean', negatable: true, describe: 'redact secrets everywhere (default; --no-redact shows them)' },
  color: { type: 'boolean', negatable: true, describe: 'colour the text report (default: only when stdout is a TTY and NO_COLOR is unset)' },
  rule: { type: 'string', multiple: true, describe: 'run only this rule (repeatable)', placeholder: 'ID' },
  disable: { type: 'string', multiple: true, describe: 'do not run this rule (repeatable)', placeholder: 'ID' },
  'max-file-size': { type: 'string', number: true, describe: 'skip files larger than BYTES (default 5242880)', placeholder: 'BYTES' },
  jobs: { type: 'string', number: true, describe: 'parallelism (default 2)', placeholder: 'N' },
  timeout: { type: 'string', describe: 'stop after SECONDS: print what was scanned so far, marked incomplete, and exit 2', placeholder: 'SECONDS' },
  ignore: { type: 'boolean', negatable: true, describe: 'scan: honour .gitignore (default; --no-ignore also scans ignored files, like rg -u)', commands: ['scan', 'baseline'] },
  'recurse-submodules': { type: 'boolean', describe: 'scan and history: also scan checked-out submodules (default: skipped, reported)', commands: ['scan', 'history', 'baseline'] },
  quiet: { type: 'boolean', describe: 'findings only, no fix text' },
  verbose: { type: 'boolean', describe: 'why each finding matters, skipped files, stack traces on errors' },
  'foreign-ignores': { type: 'boolean', negatable: true, describe: 'honour gitleaks:allow, pragma: allowlist secret, secretlint-disable-line (default; --no-foreign-ignores)' },
  'report-stale': { type: 'boolean', describe: 'list baseline entries that no longer match anything' },
  branch: { type: 'string', describe: 'history: only what REF reaches', commands: ['history'], placeholder: 'REF' },
  since: { type: 'string', describe: 'history: only commits after DATE', commands: ['history'], placeholder: 'DATE' },
  range: { type: 'string', describe: 'history: only commits in A..B', commands: ['history'], placeholder: 'A..B' },
  out: { type: 'string', describe: 'baseline: file to write (default .swlint-baseline.json)', commands: ['baseline'], placeholder: 'FILE' },
  force: { type: 'boolean', describe: 'hook: replace an existing hook swlint did not write', commands: ['hook'] },
  help: { type: 'boolean', describe: 'show this help', commands: ['scan', 'history', 'staged', 'diff', 'baseline', 'hook', 'rules'] },
  version: { type: 'boolean', describe: 'show the version', commands: ['scan', 'history', 'staged', 'diff', 'baseline', 'hook', 'rules'] },
};

const COMMANDS: Record<CommandName, { usage: string; describe: string }> = {
  scan: { usage: 'swlint [scan] [PATH...]', describe: 'scan the working tree under each PATH (default .)' },
  history: { usage: 'swlint history [PATH]', describe: 'scan every blob reachable from every ref' },
  staged: { usage: 'swlint staged', describe: 'scan what `git commit` would record now (pre-commit hook)' },
  diff: { usage: 'swlint diff BASE [HEAD]', describe: 'scan the lines each commit in BASE..HEAD adds' },
  baseline: { usage: 'swlint baseline [--out FILE] [PATH...]', describe: 'run a scan and write the baseline file' },
  hook: { usage: 'swlint hook install|uninstall|test', describe: 'install, remove or test the git pre-commit hook' },
  rules: { usage: 'swlint rules [--format json]', describe: 'list the rules' },
};


export interface ParsedArgs {
  command: CommandName;
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
}

export function parseCommandLine(argv: string[]): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(OPTIONS)) options[name] = { type: spec.type, ...(spec.multiple ? { multiple: true } : {}) };
  options['h'] = { type: 'boolean' };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, allowNegative: true, strict: true });
  } catch (e) {
    // node's messages are long and mention internals; keep the useful first sentence
    throw new UsageError(`${(e as Error).message.split('. ')[0]} (see swlint --help)`);
  }
  const positionals = [...parsed.positionals];
  const first = positionals[0];
  const command: CommandName = first && first in COMMANDS ? (positionals.shift() as CommandName) : 'scan';
  const values = parsed.values as ParsedArgs['values'];
  if (values['h']) values.help = true;
  delete values['h'];
  for (const [name, value] of Object.entries(values)) {
    const spec = OPTIONS[name];
    if (!spec || value === undefined) continue;
    if (!(spec.commands ?? SCANNING).includes(command)) throw new UsageError(`--${name} does not apply to \`swlint ${command}\` (see swlint ${command} --help)`);
    if (value === false && !spec.negatable) throw new UsageError(`--no-${name} is not an option (see swlint --help)`);
    const list = Array.isArray(value) ? value : [value];
    if (spec.choices) for (const v of list) if (typeof v === 'string' && !spec.choices.includes(v) && !(name === 'format' && command === 'rules'))
      throw new UsageError(`--${name} must be one of ${spec.choices.join(', ')} (got "${v}")`);
  }
  if (command === 'rules' && values.format !== undefined && !['text', 'json'].includes(String(values.format)))
    throw new UsageError('--format for `swlint rules` must be text or json');
  if (values.help || values.version) return { command, positionals, values };
  const counts: Record<CommandName, [number, number]> = {
    scan: [0, Infinity], baseline: [0, Infinity], history: [0, 1], staged: [0, 0], diff: [1, 2], hook: [1, 1], rules: [0, 0],
  };
  const [min, max] = counts[command];
  if (positionals.length < min || positionals.length > max) {
    const what = command === 'diff' ? 'BASE and optionally HEAD' : command === 'hook' ? 'install, uninstall or test' : max === 0 ? 'no arguments' : `at most ${max} path`;
    throw new UsageError(`\`swlint ${command}\` takes ${what} (usage: ${COMMANDS[command].usage})`);
  }
  if (command === 'hook' && !['install', 'uninstall', 'test'].includes(positionals[0] ?? ''))
    throw new UsageError(`\`swlint hook\` takes install, uninstall or test (got "${positionals[0]}")`);
  return { command, positionals, values };
}

/** A number option: a whole, non-negative number or a usage error. */
export function numberOption(values: ParsedArgs['values'], name: string, fallback: number, min: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min} (got "${String(raw)}")`);
  return n;
}

/** A positive number of seconds (fractions allowed), or undefined when not given. */
export function secondsOption(values: ParsedArgs['values'], name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new UsageError(`--${name} must be a number of seconds greater than 0 (got "${String(raw)}")`);
  return n;
}

export function helpText(command: CommandName | null): string {
  const lines: string[] = [];
  if (!command || command === 'scan') {
    lines.push('swlint — keeps SignalWire credentials out of code and out of git history', '', 'Commands:');
    for (const c of Object.values(COMMANDS)) lines.push(`  ${c.usage.padEnd(40)} ${c.describe}`);
    lines.push('');
  } else {
    lines.push(`${COMMANDS[command].usage}`, '', COMMANDS[command].describe, '');
  }
  lines.push('Options:');
  const c = command ?? 'scan';
  for (const [name, spec] of Object.entries(OPTIONS)) {
    if (!(spec.commands ?? SCANNING).includes(c)) continue;
    const flag = `--${spec.negatable ? `[no-]${name}` : name}${spec.type === 'string' ? ` ${spec.placeholder ?? 'VALUE'}` : ''}`;
    lines.push(`  ${flag.padEnd(28)} ${spec.describe}${spec.choices ? ` [${spec.choices.join('|')}]` : ''}`);
  }
  lines.push('', 'Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage or runtime error.');
  return lines.join('\n') + '\n';
}
