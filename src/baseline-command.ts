// `swlint baseline`: run a scan (the working tree; `--history`; `--diff BASE [HEAD]`) and write
// its findings as the baseline; `--update` rewrites an existing baseline and keeps the reason
// and note its entries carry (issue 12.3).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './io/atomic-write.js';
import { DEFAULT_BASELINE, buildBaseline, readBaseline, redactedMatch, serializeBaseline, type BaselineEntry } from './baseline.js';
import { UsageError } from './errors.js';
import type { RunOptions } from './options.js';
import type { RunResult } from './run.js';
import type { Mode } from './types.js';

/** Which mode `swlint baseline` scans in, from --history / --diff. */
export function baselineMode(values: Record<string, unknown>, positionals: readonly string[]): Mode {
  const history = values.history === true;
  const diff = typeof values.diff === 'string';
  if (history && diff) throw new UsageError('--history and --diff choose what the baseline is written from: give one');
  if (history && positionals.length > 1) throw new UsageError('`swlint baseline --history` takes at most 1 path (the repository)');
  if (diff && positionals.length > 1) throw new UsageError('`swlint baseline --diff BASE` takes at most HEAD as argument: swlint baseline --diff main HEAD');
  if (!history && (values.branch !== undefined || values.since !== undefined || values.range !== undefined))
    throw new UsageError('--branch, --since and --range narrow a history: use them with `swlint baseline --history`');
  // options of the working-tree scan that a history or a diff would take and ignore
  if ((history || diff) && values.ignore === false)
    throw new UsageError(
      `--no-ignore is for a baseline of the working tree: \`swlint baseline --${history ? 'history' : 'diff'}\` scans what git holds, ignored files never among it`,
    );
  if (diff && values['recurse-submodules'] === true)
    throw new UsageError('--recurse-submodules does not apply to `swlint baseline --diff`, as to `swlint diff`: a change records a submodule as a commit id');
  // `swlint baseline history`: a path of that name is meant only when there is one
  const word = !history && !diff && positionals.length === 1 ? positionals[0] : undefined;
  if ((word === 'history' || word === 'diff') && !existsSync(path.resolve(word)))
    throw new UsageError(
      `there is no file or directory "${word}" to scan: for a baseline of \`swlint ${word}\` findings use \`swlint baseline --${word}${word === 'diff' ? ' BASE' : ''}\``,
    );
  return history ? 'history' : diff ? 'diff' : 'scan';
}

export interface BaselineCommandIo {
  run(options: RunOptions): Promise<RunResult>;
  warn(lines: readonly string[]): void;
  out(text: string): void;
  err(text: string): void;
}

export async function baselineCommand(opts: RunOptions, out: string | undefined, update: boolean, io: BaselineCommandIo): Promise<number> {
  // the baseline starts from everything found now: no older baseline may hide entries
  const result = await io.run({ ...opts, redact: true, baselines: [], noDefaultBaseline: true, reportStale: false });
  if (result.summary.incomplete) {
    // a baseline of part of the findings would hide the rest as "new" later: write none
    io.warn(result.warnings);
    io.err('swlint: baseline not written: the scan did not finish; run `swlint baseline` again with a larger --timeout\n');
    return 2;
  }
  const file = path.resolve(opts.cwd, out ?? path.join(path.relative(opts.cwd, result.root) || '.', DEFAULT_BASELINE));
  const shown = path.relative(opts.cwd, file) || file;
  let previous: { entries: BaselineEntry[]; keepUnmatched: boolean } | undefined;
  if (update) {
    // the working tree's file: it is the one being rewritten
    const existing = await readBaseline(file, undefined, true);
    if (!existing) throw new UsageError(`no baseline at ${shown} to update: write one first with \`swlint baseline\` (or name it with --out FILE)`);
    // a scan that sees only part of the repository cannot say an entry is gone: keep the others
    const whole = (opts.mode === 'scan' && opts.paths.length === 0) || (opts.mode === 'history' && !opts.range && !opts.since && !opts.branch);
    previous = { entries: existing.findings, keepUnmatched: !whole };
  }
  const baseline = buildBaseline(result.findings, (f) => redactedMatch(f.match), previous);
  writeFileAtomic(file, serializeBaseline(baseline), { within: opts.cwd });
  io.warn(result.warnings);
  const n = baseline.findings.length;
  const kept = previous ? `, ${baseline.findings.filter((e) => e.reason !== undefined || e.note !== undefined).length} with their reason/note kept` : '';
  // only the default name at the scan root is picked up by later runs; any other file must be named
  const automatic = out === undefined || file === path.resolve(result.root, DEFAULT_BASELINE);
  io.out(
    `wrote ${n} accepted finding${n === 1 ? '' : 's'}${kept} to ${shown}; ` +
      (automatic ? `later runs there use it automatically (or pass --baseline ${shown})` : `later runs use it with --baseline ${shown}`) +
      '; review it like code\n',
  );
  return 0;
}
