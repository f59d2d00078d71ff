// Human output: findings grouped by file, worst first within a line, each with the source
// line (match highlighted, already redacted), why it matters and the fix; then a summary.
import pc from 'picocolors';
import type { Severity } from '../types.js';
import type { RunResult } from '../run.js';
import { RULES } from '../../rules/index.js';
import { escapeControls as safe } from './safe-text.js';

type Colors = ReturnType<typeof pc.createColors>;

const descriptions = new Map(RULES.map((r) => [r.id, r.description]));

function sevLabel(c: Colors, s: Severity): string {
  if (s === 'error') return c.red(c.bold('error  '));
  if (s === 'warning') return c.yellow(c.bold('warning'));
  return c.blue('info   ');
}

export function formatText(result: RunResult, opts: { color: boolean; quiet: boolean; verbose: boolean }): string {
  const c = pc.createColors(opts.color);
  const lines: string[] = [];
  let current = '';
  for (const f of result.findings) {
    if (f.file !== current) {
      if (current) lines.push('');
      current = f.file;
      lines.push(c.underline(safe(f.file)));
    }
    const where = `${f.line}:${f.column}`.padEnd(8);
    lines.push(`  ${c.dim(where)} ${sevLabel(c, f.severity)}  ${safe(f.message)}  ${c.dim(safe(f.ruleId))}`);
    if (f.commit) {
      const still = f.stillPresent === null ? '' : f.stillPresent ? ', still present at HEAD' : ', no longer at HEAD';
      lines.push(`           ${c.dim(`introduced in ${safe(f.commit.sha.slice(0, 12))} by ${safe(f.commit.author)} on ${safe(f.commit.date.slice(0, 10))}: ${safe(f.commit.message)}${still}`)}`);
    }
    if (f.snippet) {
      const s = f.snippet;
      lines.push(`           ${c.dim('│')} ${safe(s.text.slice(0, s.start))}${c.bold(c.red(safe(s.text.slice(s.start, s.end))))}${safe(s.text.slice(s.end))}`);
    } else {
      lines.push(`           ${c.dim('│')} ${c.bold(safe(f.match))}`);
    }
    if (!opts.quiet) {
      if (opts.verbose) lines.push(`           ${c.dim('why:')} ${safe(descriptions.get(f.ruleId) ?? '')}`);
      lines.push(`           ${c.green('fix:')} ${safe(f.fix)}`);
    }
  }
  if (result.findings.length) lines.push('');
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of result.findings) counts[f.severity]++;
  const s = result.summary;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const what =
    result.mode === 'scan' ? plural(s.files, 'file')
    : result.mode === 'staged' ? plural(s.files, 'staged file')
    : `${plural(s.commits, 'commit')} (${plural(s.files, 'file version')})`;
  const skipped = result.skipped.length ? `, ${result.skipped.length} skipped` : '';
  if (result.findings.length === 0) {
    lines.push(`${c.green('✔')} no SignalWire credential problems in ${what}${skipped} (${s.durationMs} ms)`);
  } else {
    const parts = [
      counts.error ? c.red(`${counts.error} error${counts.error === 1 ? '' : 's'}`) : '',
      counts.warning ? c.yellow(`${counts.warning} warning${counts.warning === 1 ? '' : 's'}`) : '',
      counts.info ? c.blue(`${counts.info} info`) : '',
    ].filter(Boolean);
    lines.push(`${c.red('✖')} ${result.findings.length} problem${result.findings.length === 1 ? '' : 's'} (${parts.join(', ')}) in ${what}${skipped} (${s.durationMs} ms)`);
  }
  if (opts.verbose && result.skipped.length) {
    lines.push(c.dim('skipped:'));
    for (const sk of result.skipped) lines.push(c.dim(`  ${safe(sk.file)}: ${safe(sk.reason)}${sk.detail ? ` (${safe(sk.detail)})` : ''}`));
  }
  return lines.join('\n') + '\n';
}
