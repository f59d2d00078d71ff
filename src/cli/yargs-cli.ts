// The full command line on yargs: per-command help, `help`/`version`/`completion`, short flags,
// and one-line usage errors with "did you mean". Loaded only when the fast path in src/args.ts
// declines a command line (see there for why). Handlers only record what was asked: the work
// runs after parsing, never inside a yargs handler (an async handler's error makes yargs print
// help instead of the error, yargs#2394).
import type { Argv } from 'yargs';
import { importEsm } from './import-esm.js';
import {
  COMMANDS,
  META_COMMANDS,
  OPTIONS,
  SCANNING,
  UsageError,
  choicesFor,
  isCommand,
  isMetaCommand,
  optionsFor,
  suggestion,
  validate,
  type CommandName,
  type MetaCommand,
  type ParsedArgs,
  type RunArgs,
} from '../args.js';
import { TOOL_VERSION } from '../version.js';

/** What the command line asks for: a command to run, or text to print (help, version, completion). */
export type YargsOutcome = { parsed: RunArgs } | { print: string };

const SHORT_FLAGS = 'Short flags: -f format, -o output, -c config, -b baseline, -r rule, -d disable, -j jobs, -q quiet, -v verbose, -h help, -V version.';
const EXIT_CODES: Partial<Record<CommandName, string>> = {
  fix: 'Exit codes: 0 nothing left to fix, 1 fixes proposed (dry run) or findings it cannot fix remain, 2 refused or error (nothing written).',
};
const epilogue = (command?: CommandName): string =>
  `${(command && EXIT_CODES[command]) ?? 'Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage or runtime error.'}\n${SHORT_FLAGS}`;

function addOptions(y: Argv, command: CommandName): Argv {
  for (const [name, spec] of optionsFor(command)) {
    if (name === 'help' || name === 'version') continue;
    y.option(name, {
      type: spec.type,
      ...(spec.multiple ? { array: true } : {}),
      ...(spec.short ? { alias: spec.short } : {}),
      requiresArg: spec.type === 'string',
      describe: `${spec.describe}${spec.choices ? ` [${choicesFor(name, command)!.join('|')}]` : ''}`,
    });
  }
  return y;
}

function build(argv: string[], record: (command: CommandName | MetaCommand, args: Record<string, unknown>) => void): Argv {
  const y = withUsageConfiguration(yargs(argv))
    .scriptName('swlint')
    .parserConfiguration({
      'camel-case-expansion': false,
      'dot-notation': false,
      'parse-numbers': false,
      'parse-positional-numbers': false,
      'strip-aliased': true,
      'greedy-arrays': false,
      'halt-at-non-option': false,
    })
    .exitProcess(false)
    .strict()
    .locale('en')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .usage('swlint — keeps SignalWire credentials out of code and out of git history\n\nUsage: swlint [command] [options]  (the command defaults to scan)')
    .help('help', 'show help')
    .alias('help', 'h')
    .version('version', 'show the version', TOOL_VERSION)
    .alias('version', 'V')
    .epilogue(epilogue())
    .fail((message, err) => {
      throw err instanceof UsageError ? err : new UsageError(oneLine(message ?? err?.message ?? 'invalid command line', argv));
    });
  for (const [name, spec] of Object.entries(COMMANDS) as [CommandName, (typeof COMMANDS)[CommandName]][]) {
    const usage = name === 'scan' ? [spec.usage, '$0 [paths..]'] : spec.usage;
    y.command(
      usage,
      spec.describe,
      // scan is also the default command: `swlint --help` runs its builder on top of the main
      // parser, whose epilogue is the same text (yargs would print it twice)
      (sub) => (name === 'scan' && !argv.includes('scan') ? addOptions(sub, name) : addOptions(sub, name).epilogue(epilogue(name))),
      (args) => record(name, args),
    );
  }
  y.command(
    META_COMMANDS.help.usage,
    META_COMMANDS.help.describe,
    (sub) => sub,
    (args) => record('help', args),
  );
  y.command(
    META_COMMANDS.version.usage,
    META_COMMANDS.version.describe,
    (sub) => sub,
    (args) => record('version', args),
  );
  // the script is yargs' own (completionScript below); the main parser answers its --get-yargs-completions calls
  y.command(
    META_COMMANDS.completion.usage,
    META_COMMANDS.completion.describe,
    (sub) => sub,
    (args) => record('completion', args),
  );
  return y;
}

/** [string]/[boolean] after every option is noise here: the descriptions say what a value is. */
function withUsageConfiguration(y: Argv): Argv {
  // yargs 18 has usageConfiguration; @types/yargs (17) does not declare it yet
  return (y as Argv & { usageConfiguration(c: { 'hide-types': boolean }): Argv }).usageConfiguration({ 'hide-types': true });
}

/** yargs' messages made one line that says what to do. */
function oneLine(message: string, argv: string[]): string {
  // `swlint version extra` is about `version`, not the default command scan
  const meta = argv[0] !== undefined && isMetaCommand(argv[0]) ? argv[0] : undefined;
  if (meta) return metaLine(meta, message, argv);
  const command = argv.find(isCommand) ?? 'scan';
  const counts = /^(Not enough|Too many) non-option arguments/.exec(message);
  if (counts) return `\`swlint ${command}\` takes ${COMMANDS[command].argsText} (see swlint ${command} --help)`;
  const unknown = /^Unknown arguments?: (.*)$/s.exec(message);
  if (unknown) {
    const first = unknown[1]!.split(', ')[0]!;
    if (argv.includes(first)) return `\`swlint ${command}\` takes ${COMMANDS[command].argsText} (got "${first}"; see swlint ${command} --help)`;
    const name = first.replace(/^-+/, '');
    const group = name.length === 1 ? argv.find((a) => /^-[^-]{2,}/.test(a) && a.includes(name)) : undefined;
    if (group) return `${group} is not understood: give a short flag's value after a space (-f json), and group only flags without values (-qv)`;
    const flag = typedFlag(name, argv);
    const elsewhere = Object.hasOwn(OPTIONS, name) ? (OPTIONS[name]!.commands ?? SCANNING).filter((c) => c !== command) : [];
    if (elsewhere.length) return `${flag} does not apply to \`swlint ${command}\` (it is for: ${elsewhere.join(', ')})`;
    const names = optionsFor(command).map(([n]) => n);
    return `unknown option ${flag}${suggestion(name, names, '--')} (see swlint ${command} --help)`;
  }
  const missing = /^Not enough arguments following: (.*)$/.exec(message);
  if (missing) {
    // yargs names a short flag by its letter: say `-f (--format)`, as it was typed
    const long = Object.entries(OPTIONS).find(([, spec]) => spec.short === missing[1])?.[0];
    const flag = long ? `-${missing[1]} (--${long})` : `--${missing[1]}`;
    return `${flag} needs a value (see swlint ${command} --help)`;
  }
  return `${message.split('\n').join(' ')} (see swlint ${command} --help)`;
}

/** What a meta command takes, for its usage errors. */
const META_TAKES: Record<MetaCommand, string> = {
  help: 'at most one command name (swlint help history)',
  version: 'no arguments',
  completion: 'bash or zsh',
};

/** A usage error of `swlint help|version|completion`, named after it. */
function metaLine(meta: MetaCommand, message: string, argv: string[]): string {
  const unknown = /^Unknown arguments?: (.*)$/s.exec(message)?.[1]?.split(', ')[0];
  if (unknown !== undefined && !argv.includes(unknown))
    return `unknown option ${typedFlag(unknown, argv)}: \`swlint ${meta}\` takes ${META_TAKES[meta]} (see swlint ${meta} --help)`;
  return `\`swlint ${meta}\` takes ${META_TAKES[meta]} (${unknown !== undefined ? `got "${unknown}"; ` : ''}see swlint ${meta} --help)`;
}

/** An option as the command line wrote it: yargs reports `--no-ignore` as `ignore`. */
function typedFlag(name: string, argv: string[]): string {
  if (name.length === 1) return `-${name}`;
  return argv.some((a) => a === `--no-${name}` || a.startsWith(`--no-${name}=`)) && !argv.some((a) => a === `--${name}` || a.startsWith(`--${name}=`))
    ? `--no-${name}`
    : `--${name}`;
}

type Yargs = typeof import('yargs').default;
let yargs: Yargs;

/**
 * Parses argv with yargs; rejects with UsageError for any mistake. yargs is imported here, not
 * statically: it is an ES module only, and the CLI's bundle is CommonJS (scripts/build.mjs), which
 * can load an ES module only with import().
 */
export async function parseWithYargs(argv: string[]): Promise<YargsOutcome> {
  // the completion scripts' question: `swlint --get-yargs-completions swlint WORD… CURRENT`
  if (argv[0] === '--get-yargs-completions') return { print: await (await import('./complete.js')).completions(argv.slice(2)) };
  yargs ??= (await importEsm<typeof import('yargs')>('yargs')).default;
  return parseLoaded(argv);
}

function parseLoaded(argv: string[]): YargsOutcome {
  // `swlint completion --help` is help, not a shell named "--help"
  const asksHelp = argv.includes('--help') || argv.includes('-h');
  if (argv[0] === 'completion' && !asksHelp) {
    const shell = argv[1];
    if (argv.length > 2 || (shell !== undefined && shell !== 'bash' && shell !== 'zsh'))
      throw new UsageError(`\`swlint completion\` takes bash or zsh (got "${argv.slice(1).join(' ')}")`);
    setCompletionShell(shell);
  }
  // yargs answers `help` before it validates: an option there would be dropped unread
  const stray = argv[0] === 'help' ? argv.find((a) => a.startsWith('-') && a !== '--help' && a !== '-h') : undefined;
  if (stray !== undefined) throw new UsageError(`\`swlint help\` takes ${META_TAKES.help} and no options (got "${stray}"; see swlint --help)`);
  let recorded: { command: CommandName | MetaCommand; args: Record<string, unknown> } | null = null;
  let printed = '';
  const prepared = markStdin(argv);
  // synchronous: no command handler is async, so parse() returns the parsed arguments, not a promise
  void build(prepared, (command, args) => {
    recorded = { command, args };
  }).parse(prepared, {}, (err, _args, output) => {
    if (err) throw err instanceof UsageError ? err : new UsageError(oneLine(err.message, argv));
    printed = output;
  });
  const r = recorded as { command: CommandName | MetaCommand; args: Record<string, unknown> } | null;
  if (!r) return { print: printed.endsWith('\n') || printed === '' ? printed : printed + '\n' };
  if (r.command === 'help') {
    const target = r.args.command as string | undefined;
    if (target !== undefined && !isCommand(target) && !isMetaCommand(target))
      throw new UsageError(`unknown command "${target}"${suggestion(target, Object.keys(COMMANDS), '')} (see swlint --help)`);
    return parseLoaded(target ? [target, '--help'] : ['--help']);
  }
  if (r.command === 'version') return { print: `${TOOL_VERSION}\n` };
  if (r.command === 'completion') return { print: completionScript() };
  const command = r.command as CommandName;
  const explicit = argv.includes(command);
  return { parsed: validate({ command, positionals: positionalsOf(command, r.args, explicit), values: valuesOf(command, r.args) }, explicit) };
}

/** yargs drops a lone `-` (standard input) from the positionals: carry it through as a marker. */
const STDIN_MARK = '\u0000stdin';

function markStdin(argv: string[]): string[] {
  const takesValue = new Set(Object.entries(OPTIONS).flatMap(([n, s]) => (s.type === 'string' ? [`--${n}`, ...(s.short ? [`-${s.short}`] : [])] : [])));
  const end = argv.indexOf('--');
  return argv.map((a, i) => (a === '-' && (end < 0 || i < end) && !takesValue.has(argv[i - 1] ?? '') ? STDIN_MARK : a));
}

function positionalsOf(command: CommandName, args: Record<string, unknown>, explicit: boolean): string[] {
  // what follows `--` stays in args._ (after the command's own name)
  const rest = (args._ as unknown[]).slice(explicit ? 1 : 0).map(String);
  return [...named(command, args), ...rest].map((p) => (p === STDIN_MARK ? '-' : p));
}

/** The values of the positionals the command's usage names (`diff <base> [head]`), in order. */
function named(command: CommandName, args: Record<string, unknown>): string[] {
  const names = [...COMMANDS[command].usage.matchAll(/[<[](\w+)(?:\.\.)?[>\]]/g)].map((m) => m[1]!);
  return names.flatMap((n) => {
    const v = args[n];
    return Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];
  });
}

/** yargs' argv as the fast path's values: last of a repeated single option, arrays for repeatable ones. */
function valuesOf(command: CommandName, args: Record<string, unknown>): ParsedArgs['values'] {
  const values: ParsedArgs['values'] = {};
  for (const [name, spec] of optionsFor(command)) {
    const v = args[name];
    if (v === undefined) continue;
    if (spec.multiple) values[name] = (Array.isArray(v) ? v : [v]).map(String);
    else if (Array.isArray(v)) values[name] = v[v.length - 1] as string | boolean;
    else values[name] = spec.type === 'boolean' ? Boolean(v) : String(v);
  }
  return values;
}

/** `swlint completion zsh` from bash (and the reverse): yargs picks the script by $SHELL. */
function setCompletionShell(shell: string | undefined): void {
  if (shell === 'zsh') process.env.ZSH_NAME = 'zsh';
  if (shell === 'bash') {
    delete process.env.ZSH_NAME;
    process.env.SHELL = '/bin/bash';
  }
}

/**
 * yargs' bash or zsh script (by $SHELL, see setCompletionShell). It is made by a parser without
 * the default command: with one, yargs runs `scan completion` instead of printing the script.
 */
function completionScript(): string {
  let script = '';
  const y = yargs([]).scriptName('swlint').exitProcess(false).completion('completion', false);
  // the script goes through console.log; collect it instead of printing it here
  const log = console.log;
  console.log = (...parts: unknown[]) => {
    script += parts.join(' ') + '\n';
  };
  try {
    (y as Argv & { showCompletionScript($0: string, cmd: string): Argv }).showCompletionScript('swlint', 'completion');
  } finally {
    console.log = log;
  }
  return script;
}
