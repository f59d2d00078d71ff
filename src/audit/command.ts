// The `merge` and `audit` commands: typed options in, report written, exit code out.
import { writeReport } from '../cli/output.js';
import type { Format, FailOn } from '../options.js';
import type { ScanResult } from '../types.js';
import { SEVERITY_RANK } from '../types.js';
import { escapeControls } from '../report/safe-text.js';
import { mergeReports, mergedJson, readReports, withRepositoryPaths, type MergedReport } from './merge.js';
import { audit, readRepos, type AuditOptions } from './audit.js';

export interface OutputOptions {
  format: Format;
  output?: string;
  failOn: FailOn;
  color: boolean;
  quiet: boolean;
  verbose: boolean;
}

export interface MergeCommandOptions extends OutputOptions {
  reports: string[];
  cwd: string;
  /** --repos FILE: repositories that must be in the merged report (missing ones are listed as failed) */
  reposFile?: string;
}

export type AuditCommandOptions = OutputOptions & AuditOptions;

export async function mergeCommand(o: MergeCommandOptions): Promise<number> {
  const expected = o.reposFile ? readRepos(o.reposFile, o.cwd).map((r) => r.name) : undefined;
  const merged = mergeReports(readReports(o.reports, o.cwd), { cwd: o.cwd, ...(expected ? { expected } : {}) });
  return emit(merged, o);
}

export async function auditCommand(o: AuditCommandOptions): Promise<number> {
  const { merged } = await audit(o);
  return emit(merged, o);
}

/** Writes the merged report; 2 when a repository was not (fully) scanned, else 1/0 by --fail-on. */
async function emit(m: MergedReport, o: OutputOptions & { cwd: string }): Promise<number> {
  const text = await render(m, o);
  // as every report: never through a symlink planted where it goes, never half-written
  writeReport(o.output || undefined, text, o.cwd);
  // repository names and clone errors come from the reports and the repositories: escaped as on every stderr line
  for (const w of m.warnings) process.stderr.write(`swlint: warning: ${escapeControls(w)}\n`);
  if (m.summary.incomplete) return 2;
  if (o.failOn === 'never') return 0;
  if (o.failOn === 'live') return m.credentials.some((c) => c.verification?.status === 'live') ? 1 : 0;
  const min = SEVERITY_RANK[o.failOn];
  return m.findings.some((f) => SEVERITY_RANK[f.severity] >= min) ? 1 : 0;
}

async function render(m: MergedReport, o: OutputOptions): Promise<string> {
  if (o.format === 'json') return mergedJson(m);
  if (o.format === 'html') return (await import('../report/html.js')).formatHtml(m as unknown as Parameters<typeof import('../report/html.js').formatHtml>[0]);
  // formats that know one repository: files as `repository/file`, relative to the current directory
  const flat = withRepositoryPaths(m);
  // the reporters' mode field is the contract's Mode; a merged report says "merge"
  const result = { ...flat, rulesRun: [], suppressed: { inline: 0, allowlist: 0, baseline: 0 } } as unknown as ScanResult & { warnings: string[] };
  switch (o.format) {
    case 'text':
      return (await import('../report/text.js')).formatText(result as unknown as Parameters<typeof import('../report/text.js').formatText>[0], {
        color: o.color,
        quiet: o.quiet,
        verbose: o.verbose,
      });
    case 'sarif':
      return (await import('../report/sarif.js')).formatSarif(result, { srcRoot: m.root });
    case 'github':
      return (await import('../report/github.js')).formatGithub(result, { srcRoot: m.root });
    case 'junit':
      return (await import('../report/junit.js')).formatJunit(result, { srcRoot: m.root });
    default:
      throw new Error(`--format ${String(o.format)} is not available for merged reports`);
  }
}
