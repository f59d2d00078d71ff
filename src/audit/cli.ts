// Command line → typed options for `swlint merge` and `swlint audit` (src/audit/command.ts).
import { jobsBoundNote, jobsOption, secondsOption, UsageError, type ParsedArgs } from '../args.js';
import type { FailOn, Format } from '../options.js';
import { auditCommand, mergeCommand, type OutputOptions } from './command.js';
import { parseShard } from './audit.js';
import { parseSize } from '../cli/size.js';

/** per repository, when --timeout is not given: long enough for years of history, short enough to bound a shard */
const DEFAULT_REPO_TIMEOUT_S = 900;

export async function multiRepoCommand(parsed: ParsedArgs): Promise<number> {
  const v = parsed.values;
  const output = typeof v.output === 'string' ? v.output : undefined;
  const noColorEnv = 'NO_COLOR' in process.env && process.env.NO_COLOR !== '';
  const out: OutputOptions = {
    format: (typeof v.format === 'string' ? v.format : 'text') as Format,
    output,
    failOn: (typeof v['fail-on'] === 'string' ? v['fail-on'] : 'error') as FailOn,
    color: v.color === undefined ? Boolean(process.stdout.isTTY) && !noColorEnv && !output : v.color === true && !noColorEnv,
    quiet: v.quiet === true,
    verbose: v.verbose === true,
  };
  const repos = typeof v.repos === 'string' ? v.repos : undefined;
  if (parsed.command === 'merge') return mergeCommand({ ...out, reports: parsed.positionals, cwd: process.cwd(), ...(repos ? { reposFile: repos } : {}) });
  if (!repos) throw new UsageError('`swlint audit` needs --repos FILE (one repository path or URL a line)');
  const maxFileSize = v['max-file-size'];
  // checked here, once: each repository's history would refuse it with an error of its own
  if (typeof maxFileSize === 'string') parseSize(maxFileSize, 'max-file-size');
  // each repository at once is a `swlint history` process with threads of its own
  const { jobs, asked } = jobsOption(v, 2);
  if (out.verbose && asked !== undefined) process.stderr.write(`swlint: ${jobsBoundNote(asked, jobs)}\n`);
  return auditCommand({
    ...out,
    reposFile: repos,
    cwd: process.cwd(),
    ...(typeof v.shard === 'string' ? { shard: parseShard(v.shard) } : {}),
    jobs,
    timeout: secondsOption(v, 'timeout') ?? DEFAULT_REPO_TIMEOUT_S,
    ...(typeof v['reports-dir'] === 'string' ? { reportsDir: v['reports-dir'] } : {}),
    ...(typeof maxFileSize === 'string' ? { historyArgs: ['--max-file-size', maxFileSize] } : {}),
  });
}
