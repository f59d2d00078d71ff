// The only module that touches process: parse arguments, run, print, set the exit code.
// Modules are loaded on demand so that `swlint staged` in a hook pays only for what it uses.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { helpText, numberOption, parseCommandLine, secondsOption, UsageError, type ParsedArgs } from './args.js';
import type { Mode } from './types.js';
import { DEFAULT_MAX_FILE_SIZE, type FailOn, type Format, type RunOptions } from './options.js';
import { TOOL_VERSION } from './version.js';

function stringList(v: ParsedArgs['values'][string]): string[] {
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

function toOptions(parsed: ParsedArgs, mode: Mode): RunOptions {
  const v = parsed.values;
  const noColorEnv = 'NO_COLOR' in process.env && process.env.NO_COLOR !== '';
  const output = typeof v.output === 'string' ? v.output : undefined;
  const color = v.color === undefined ? Boolean(process.stdout.isTTY) && !noColorEnv && !output : v.color === true && !noColorEnv;
  const positionals = parsed.positionals;
  return {
    mode,
    paths: mode === 'diff' ? [] : positionals,
    cwd: process.cwd(),
    format: (typeof v.format === 'string' ? v.format : 'text') as Format,
    output,
    config: typeof v.config === 'string' ? v.config : undefined,
    baseline: typeof v.baseline === 'string' ? v.baseline : undefined,
    failOn: (typeof v['fail-on'] === 'string' ? v['fail-on'] : 'error') as FailOn,
    redact: v.redact !== false,
    color,
    rules: stringList(v.rule),
    disable: stringList(v.disable),
    maxFileSize: numberOption(v, 'max-file-size', DEFAULT_MAX_FILE_SIZE, 0),
    jobs: numberOption(v, 'jobs', 2, 1),
    quiet: v.quiet === true,
    verbose: v.verbose === true,
    foreignIgnores: v['foreign-ignores'] !== false,
    reportStale: v['report-stale'] === true,
    base: mode === 'diff' ? positionals[0] : undefined,
    head: mode === 'diff' ? positionals[1] ?? 'HEAD' : undefined,
    branch: typeof v.branch === 'string' ? v.branch : undefined,
    since: typeof v.since === 'string' ? v.since : undefined,
    range: typeof v.range === 'string' ? v.range : undefined,
    timeout: secondsOption(v, 'timeout'),
    recurseSubmodules: v['recurse-submodules'] === true,
    progress: Boolean(process.stderr.isTTY),
  };
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(argv);
  const { command, values } = parsed;
  if (values.help) {
    process.stdout.write(helpText(argv.some((a) => a === command) ? command : null));
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${TOOL_VERSION}\n`);
    return 0;
  }
  if (command === 'rules') {
    const { formatRules } = await import('./report/rules.js');
    process.stdout.write(formatRules(values.format === 'json' ? 'json' : 'text'));
    return 0;
  }
  if (command === 'hook') {
    const { runHook } = await import('./hook.js');
    const action = parsed.positionals[0] as 'install' | 'uninstall' | 'test';
    const r = runHook(action, { cwd: process.cwd(), force: values.force === true });
    for (const line of r.out) process.stdout.write(line + '\n');
    for (const line of r.err) process.stderr.write(line + '\n');
    return r.code;
  }
  const mode: Mode = command === 'baseline' ? 'scan' : command;
  const options = toOptions(parsed, mode);
  const { run, exitCodeFor } = await import('./run.js');
  if (command === 'baseline') return writeBaseline(options, typeof values.out === 'string' ? values.out : undefined);
  const result = await run(options);
  const { render } = await import('./report/index.js');
  const report = await render(result, options);
  if (options.output) writeFileSync(options.output, report);
  else process.stdout.write(report);
  for (const w of result.warnings) process.stderr.write(`swlint: warning: ${w}\n`);
  // a partial result must not pass a gate: 2, whatever was found so far
  if (result.summary.incomplete) return 2;
  return exitCodeFor(result.findings, options.failOn);

  async function writeBaseline(opts: RunOptions, out: string | undefined): Promise<number> {
    const { DEFAULT_BASELINE, buildBaseline, serializeBaseline } = await import('./baseline.js');
    const { redact } = await import('./engine/redact.js');
    // the baseline starts from everything found now: no older baseline may hide entries
    const result = await run({ ...opts, redact: true, baseline: undefined, noDefaultBaseline: true });
    if (result.summary.incomplete) {
      // a baseline of part of the findings would hide the rest as "new" later: write none
      for (const w of result.warnings) process.stderr.write(`swlint: warning: ${w}\n`);
      process.stderr.write('swlint: baseline not written: the scan did not finish; run `swlint baseline` again with a larger --timeout\n');
      return 2;
    }
    const file = path.resolve(opts.cwd, out ?? path.join(path.relative(opts.cwd, result.root) || '.', DEFAULT_BASELINE));
    const baseline = buildBaseline(result.findings, (f) => (f.match.includes('…') ? f.match : redact(f.match)));
    writeFileSync(file, serializeBaseline(baseline));
    for (const w of result.warnings) process.stderr.write(`swlint: warning: ${w}\n`);
    process.stdout.write(
      `wrote ${baseline.findings.length} accepted finding${baseline.findings.length === 1 ? '' : 's'} to ${path.relative(opts.cwd, file) || file}; ` +
        `later runs there use it automatically (or pass --baseline ${path.relative(opts.cwd, file) || file}); review it like code\n`,
    );
    return 0;
  }
}

// A reader that stops early (`swlint … | head`) is not an error: drop the rest of the report
// and let the exit code say what was found.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') process.exitCode = 2;
  });
}

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    const prefix = err instanceof UsageError || (err instanceof Error && err.constructor.name !== 'Error') ? '' : 'error: ';
    process.stderr.write(`swlint: ${prefix}${message.split('\n')[0]}\n`);
    if (argv.includes('--verbose') && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
    process.exitCode = 2;
  },
);
