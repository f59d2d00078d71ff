// The only module that touches process: parse arguments, run, print, set the exit code.
// Modules are loaded on demand so that `swlint staged` in a hook pays only for what it uses.
import './cli/early-staged.js'; // first: starts staged's git processes before the rest is set up
import { escapeControls, escapeControlsKeepLines } from './report/safe-text.js';
import { maskMessage } from './engine/redact.js';
import path from 'node:path';
import { checkCombinations, checkNamedPaths, checkSince, unreadableNamed, type PathProblem } from './cli/checks.js';
import { writeReport } from './cli/output.js';
import { parseSize } from './cli/size.js';
import { clearProgress } from './progress.js';
import { fastParse, jobsBoundNote, jobsOption, secondsOption, UsageError, type ParsedArgs, type RunArgs } from './args.js';
import type { Mode } from './types.js';
import { DEFAULT_MAX_FILE_SIZE, type FailOn, type Format, type RunOptions } from './options.js';
import { TOOL_VERSION } from './version.js';
import { verifyOptions } from './inventory/options.js';

/** Warnings go to stderr, one line each, control characters escaped (they may quote the repository). */
function printWarnings(warnings: readonly string[]): void {
  for (const w of warnings) process.stderr.write(`swlint: warning: ${escapeControls(w)}\n`);
}

function stringList(v: ParsedArgs['values'][string]): string[] {
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

function toOptions(parsed: RunArgs, mode: Mode): RunOptions {
  const v = parsed.values;
  const noColorEnv = 'NO_COLOR' in process.env && process.env.NO_COLOR !== '';
  const output = typeof v.output === 'string' ? v.output : undefined;
  // an explicit --color/--no-color wins over NO_COLOR (no-color.org: "user-level configuration … should override")
  const color = v.color === undefined ? Boolean(process.stdout.isTTY) && !noColorEnv && (!output || output === '-') : v.color === true;
  const positionals = parsed.positionals;
  const { jobs, asked: jobsAsked } = jobsOption(v, 2);
  return {
    mode,
    paths: mode === 'diff' ? [] : positionals,
    cwd: process.cwd(),
    format: (typeof v.format === 'string' ? v.format : 'text') as Format,
    output,
    config: typeof v.config === 'string' ? v.config : undefined,
    baselines: stringList(v.baseline),
    failOn: (typeof v['fail-on'] === 'string' ? v['fail-on'] : 'error') as FailOn,
    redact: v.redact !== false,
    color,
    rules: stringList(v.rule),
    disable: stringList(v.disable),
    maxFileSize: typeof v['max-file-size'] === 'string' ? parseSize(v['max-file-size'], 'max-file-size') : DEFAULT_MAX_FILE_SIZE,
    jobs,
    ...(jobsAsked !== undefined ? { jobsAsked } : {}),
    jobsGiven: v.jobs !== undefined,
    quiet: v.quiet === true,
    verbose: v.verbose === true,
    foreignIgnores: v['foreign-ignores'] !== false,
    reportStale: v['report-stale'] === true,
    base: mode === 'diff' ? positionals[0] : undefined,
    head: mode === 'diff' ? (positionals[1] ?? 'HEAD') : undefined,
    branch: typeof v.branch === 'string' ? v.branch : undefined,
    since: typeof v.since === 'string' ? v.since : undefined,
    range: typeof v.range === 'string' ? v.range : undefined,
    timeout: secondsOption(v, 'timeout'),
    recurseSubmodules: v['recurse-submodules'] === true,
    stdinFilename: typeof v['stdin-filename'] === 'string' ? v['stdin-filename'] : undefined,
    noIgnore: v['ignore'] === false,
    progress: Boolean(process.stderr.isTTY),
    ...verifyOptions(v), // issue 13
  };
}

/**
 * The fast path for plain, valid command lines; yargs (loaded only then) for everything else:
 * help, completion, and the message for any mistake.
 */
async function parseCommandLine(argv: string[]): Promise<RunArgs | { print: string }> {
  const fast = fastParse(argv);
  if (fast?.values.version || (argv.length === 1 && argv[0] === 'version')) return { print: `${TOOL_VERSION}\n` };
  if (fast && fast.command !== 'help' && fast.command !== 'version' && fast.command !== 'completion') return fast as RunArgs;
  const { parseWithYargs } = await import('./cli/yargs-cli.js');
  const outcome = await parseWithYargs(argv);
  return 'print' in outcome ? outcome : outcome.parsed;
}

async function main(argv: string[]): Promise<number> {
  const parsed = await parseCommandLine(argv);
  if ('print' in parsed) {
    process.stdout.write(parsed.print);
    return 0;
  }
  const { command, values } = parsed;
  // a pre-commit hook: git starts listing the index while the rest loads (src/cli/early-staged.ts)
  if (command === 'staged') (await import('./sources/staged.js')).prefetchStaged(process.cwd());
  if (command === 'rules') {
    const { formatRules } = await import('./report/rules.js');
    process.stdout.write(formatRules(values.format === 'json' ? 'json' : 'text'));
    return 0;
  }
  if (command === 'hook') {
    const { runHook } = await import('./hook.js');
    const action = parsed.positionals[0] as 'install' | 'uninstall' | 'test';
    if (values.force === true && action !== 'install')
      throw new UsageError(`--force applies to \`swlint hook install\` (it replaces a hook swlint did not write), not to \`swlint hook ${action}\``);
    const r = await runHook(action, { cwd: process.cwd(), force: values.force === true });
    for (const line of r.out) process.stdout.write(escapeControls(line) + '\n');
    for (const line of r.err) process.stderr.write(escapeControls(line) + '\n');
    return r.code;
  }
  if (command === 'merge' || command === 'audit') return (await import('./audit/cli.js')).multiRepoCommand(parsed); // issue 13
  if (command === 'fix') {
    const { runFix } = await import('./fix/fix.js');
    const r = await runFix({
      cwd: process.cwd(),
      paths: parsed.positionals,
      staged: values.staged === true,
      apply: values.apply === true,
      force: values.force === true,
      redact: values.redact !== false,
      config: typeof values.config === 'string' ? values.config : undefined,
    });
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    return r.code;
  }
  const baselineCmd = command === 'baseline' ? await import('./baseline-command.js') : null; // issue 12.3
  const mode: Mode = baselineCmd ? baselineCmd.baselineMode(values, parsed.positionals) : (command as Mode);
  const options = toOptions(parsed, mode);
  if (options.verbose && options.jobsAsked !== undefined) process.stderr.write(`swlint: ${jobsBoundNote(options.jobsAsked, options.jobs)}\n`);
  if (baselineCmd && mode === 'diff') Object.assign(options, { base: values.diff as string, head: parsed.positionals[0] ?? 'HEAD', paths: [] });
  checkCombinations(options);
  if (mode === 'history' && options.since !== undefined) await checkSince(options.since, path.resolve(options.cwd, options.paths[0] ?? '.'));
  // named paths that cannot be scanned are left out: the rest is scanned and reported, then exit 2
  const named = mode === 'scan' && options.paths.length && options.paths[0] !== '-' ? await checkNamedPaths(options.paths, options.cwd) : null;
  if (named?.problems.length && (!named.usable.length || command === 'baseline')) return reportProblems(named.problems);
  if (named) options.paths = named.usable;
  const { run, exitCodeFor } = await import('./run.js');
  if (baselineCmd)
    return baselineCmd.baselineCommand(options, typeof values.out === 'string' ? values.out : undefined, values.update === true, {
      run,
      warn: printWarnings,
      out: (t) => process.stdout.write(t),
      err: (t) => process.stderr.write(t),
    });
  const result = await run(options);
  // credential inventory, --verify (issue 13)
  await (await import('./inventory/index.js')).applyInventory(result, result.isTracked ? { ...options, isTracked: result.isTracked } : options);
  // named paths that could not be scanned: exit 2 after the report, which says so too (SARIF)
  const problems = [...(named?.problems ?? []), ...(mode === 'scan' ? unreadableNamed(options.paths, options.cwd, result.root, result.skipped) : [])];
  const { render } = await import('./report/index.js');
  const report = await render(
    result,
    options,
    problems.map((p) => p.message),
  );
  writeReport(options.output, report, options.cwd);
  if (options.output !== undefined && options.output !== '-') {
    // a CI log must explain the exit code even when the report went to a file
    const { summaryText } = await import('./report/summary.js');
    process.stderr.write(`swlint: ${summaryText(result)}; report written to ${options.output}\n`);
  }
  printWarnings(result.warnings);
  if (problems.length) return reportProblems(problems);
  // a partial result must not pass a gate: 2, whatever was found so far
  if (result.summary.incomplete) return 2;
  if (options.failOn === 'live') return (await import('./inventory/index.js')).liveExitCode(result);
  return exitCodeFor(result.findings, options.failOn);

  function reportProblems(list: PathProblem[]): number {
    for (const p of list) process.stderr.write(`swlint: error: ${escapeControls(maskMessage(p.message))}\n`);
    return 2;
  }
}

// A reader that stops early (`swlint … | head`) is not an error: drop the rest of the report
// and let the exit code say what was found.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') process.exitCode = 2;
  });
}

// Ctrl-C (during a long history walk): leave no progress line behind; 130 = 128 + SIGINT, as shells report it
process.on('SIGINT', () => {
  clearProgress();
  process.exit(130);
});

/** node's error when the shell's directory was deleted or moved away under it (`process.cwd()`) */
const isMissingCwd = (err: unknown) =>
  err instanceof Error && (err as NodeJS.ErrnoException).code === 'ENOENT' && (err as NodeJS.ErrnoException).syscall === 'uv_cwd';
const MISSING_CWD = 'the current directory no longer exists (deleted or moved): cd into the repository again and rerun swlint';

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const missingCwd = isMissingCwd(err);
    const message = missingCwd ? MISSING_CWD : err instanceof Error ? err.message : String(err);
    const prefix = missingCwd || err instanceof UsageError || (err instanceof Error && err.constructor.name !== 'Error') ? '' : 'error: ';
    clearProgress();
    process.stderr.write(`swlint: ${prefix}${escapeControls(maskMessage(message.split('\n')[0]!))}\n`);
    if (argv.includes('--verbose') && err instanceof Error && err.stack) process.stderr.write(escapeControlsKeepLines(maskMessage(err.stack)) + '\n');
    process.exitCode = 2;
  },
);
