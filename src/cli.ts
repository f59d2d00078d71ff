// The only module that touches process: parse arguments, run, print, set the exit code.
import { writeFileSync } from 'node:fs';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { Mode } from './types.js';
import { DEFAULT_MAX_FILE_SIZE, FORMATS, type FailOn, type Format, type RunOptions } from './options.js';
import { TOOL_VERSION } from './version.js';

interface Chosen {
  command: Mode | 'rules' | 'baseline' | 'hook';
  argv: Record<string, unknown>;
}

function commonOptions<T>(y: Argv<T>) {
  return y
    .option('format', { choices: FORMATS as unknown as string[], default: 'text', describe: 'report format' })
    .option('output', { type: 'string', describe: 'write the report to FILE instead of stdout' })
    .option('config', { type: 'string', describe: 'configuration file (default: .swlintrc.json or package.json "swlint", searched upwards)' })
    .option('baseline', { type: 'string', describe: 'baseline file of accepted findings' })
    .option('fail-on', { choices: ['error', 'warning', 'info', 'never'], default: 'error', describe: 'lowest severity that makes the exit code 1' })
    .option('redact', { type: 'boolean', default: true, describe: 'redact secrets in all output (--no-redact shows them)' })
    .option('color', { type: 'boolean', describe: 'colour the text report (default: when stdout is a TTY and NO_COLOR is unset)' })
    .option('rule', { type: 'string', array: true, default: [] as string[], describe: 'run only this rule (repeatable)' })
    .option('disable', { type: 'string', array: true, default: [] as string[], describe: 'do not run this rule (repeatable)' })
    .option('max-file-size', { type: 'number', default: DEFAULT_MAX_FILE_SIZE, describe: 'skip files larger than this many bytes' })
    .option('jobs', { type: 'number', default: 2, describe: 'parallel work (files read at once scale with it)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'findings only: no fix text' })
    .option('verbose', { type: 'boolean', default: false, describe: 'explain each finding, list skipped files, stack traces on errors' });
}

function parse(args: string[]): Chosen {
  let chosen: Chosen | null = null;
  const pick = (command: Chosen['command']) => (argv: Record<string, unknown>) => {
    chosen = { command, argv };
  };
  const parser = yargs(args)
    .scriptName('swlint')
    .usage('$0 [scan] [PATH...]\n\nFinds SignalWire credentials in code and git history.')
    .command(['scan [paths..]', '$0 [paths..]'], 'scan the working tree under each PATH (default .)', (y) =>
      commonOptions(y).positional('paths', { type: 'string', array: true, describe: 'files or directories' }), pick('scan'))
    .command('history [path]', 'scan every blob reachable from every ref', (y) =>
      commonOptions(y)
        .positional('path', { type: 'string', describe: 'repository (default .)' })
        .option('branch', { type: 'string', describe: 'only what REF reaches' })
        .option('since', { type: 'string', describe: 'only commits after DATE' })
        .option('range', { type: 'string', describe: 'only commits in A..B' }), pick('history'))
    .command('staged', 'scan what `git commit` would record now (pre-commit hook)', (y) => commonOptions(y), pick('staged'))
    .command('diff <base> [head]', 'scan the lines each commit in BASE..HEAD adds', (y) =>
      commonOptions(y)
        .positional('base', { type: 'string', demandOption: true })
        .positional('head', { type: 'string', default: 'HEAD' }), pick('diff'))
    .command('baseline', 'run a scan and write the baseline file', (y) =>
      commonOptions(y).option('out', { type: 'string', default: '.swlint-baseline.json' }), pick('baseline'))
    .command('hook <action>', 'install or remove the git pre-commit hook', (y) =>
      y.positional('action', { choices: ['install', 'uninstall'], demandOption: true }), pick('hook'))
    .command('rules', 'list the rules', (y) => y.option('format', { choices: ['text', 'json'], default: 'text' }), pick('rules'))
    .strict()
    .help()
    .version(TOOL_VERSION)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      throw new CliUsageError(msg || err?.message || 'invalid arguments');
    });
  parser.parseSync();
  if (!chosen) process.exit(0); // --help / --version printed by yargs
  return chosen;
}

class CliUsageError extends Error {}

function toOptions(chosen: Chosen): RunOptions {
  const a = chosen.argv;
  const noColor = 'NO_COLOR' in process.env && process.env.NO_COLOR !== '';
  const color = a.color === undefined ? Boolean(process.stdout.isTTY) && !noColor && !a.output : (a.color as boolean) && !noColor;
  const jobs = Number(a.jobs);
  const maxFileSize = Number(a['max-file-size']);
  if (!Number.isInteger(jobs) || jobs < 1) throw new CliUsageError('--jobs must be a whole number of at least 1');
  if (!Number.isFinite(maxFileSize) || maxFileSize < 0) throw new CliUsageError('--max-file-size must be a number of bytes');
  const mode = chosen.command as Mode;
  const paths = mode === 'history' ? (a.path ? [String(a.path)] : []) : ((a.paths as string[] | undefined) ?? []).map(String);
  return {
    mode,
    paths,
    cwd: process.cwd(),
    format: a.format as Format,
    output: a.output as string | undefined,
    config: a.config as string | undefined,
    baseline: a.baseline as string | undefined,
    failOn: a['fail-on'] as FailOn,
    redact: a.redact !== false,
    color,
    rules: (a.rule as string[]).map(String),
    disable: (a.disable as string[]).map(String),
    maxFileSize,
    jobs,
    quiet: Boolean(a.quiet),
    verbose: Boolean(a.verbose),
    base: a.base as string | undefined,
    head: a.head as string | undefined,
    branch: a.branch as string | undefined,
    since: a.since as string | undefined,
    range: a.range as string | undefined,
    progress: Boolean(process.stderr.isTTY),
  };
}

async function main(): Promise<number> {
  const args = hideBin(process.argv);
  const verbose = args.includes('--verbose');
  try {
    const chosen = parse(args);
    if (chosen.command === 'rules') {
      const { formatRules } = await import('./report/rules.js');
      process.stdout.write(formatRules(chosen.argv.format === 'json' ? 'json' : 'text'));
      return 0;
    }
    if (chosen.command === 'baseline' || chosen.command === 'hook') {
      process.stderr.write(`swlint: \`swlint ${chosen.command}\` is not available in this version yet\n`);
      return 2;
    }
    const options = toOptions(chosen);
    const { run, exitCodeFor } = await import('./run.js');
    if (options.mode !== 'scan') await import('./git-modes.js');
    const result = await run(options);
    const { render } = await import('./report/index.js');
    const report = render(result, options);
    if (options.output) writeFileSync(options.output, report);
    else process.stdout.write(report);
    for (const w of result.warnings) process.stderr.write(`swlint: warning: ${w}\n`);
    return exitCodeFor(result.findings, options.failOn);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`swlint: ${message.split('\n')[0]}\n`);
    if (verbose && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
    return 2;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`swlint: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
