// Human output: findings grouped by file, worst first within a line, each with the source
// line (match highlighted, already redacted), why it matters and the fix; then a summary.
import pc from 'picocolors';
import type { Severity } from '../types.js';
import type { RunResult } from '../run.js';
import { RULES } from '../../rules/index.js';
import { inventoryLines } from '../inventory/text.js'; // credential inventory (issue 13)
import { UNKNOWN_AT_HEAD } from '../inventory/inventory.js';
import { summaryText } from './summary.js';
import { escapeControls as safe, escapePathAtLineStart as safePath } from './safe-text.js';

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
      lines.push(c.underline(safePath(f.file)));
    }
    const where = `${f.line}:${f.column}`.padEnd(8);
    lines.push(`  ${c.dim(where)} ${sevLabel(c, f.severity)}  ${safe(f.message)}  ${c.dim(safe(f.ruleId))}`);
    if (f.commit) {
      const still =
        f.stillPresent === null
          ? result.mode === 'history'
            ? `, ${UNKNOWN_AT_HEAD}`
            : ''
          : f.stillPresent
            ? ', still present at HEAD'
            : ', no longer at HEAD';
      lines.push(
        `           ${c.dim(`introduced in ${safe(f.commit.sha.slice(0, 12))} by ${safe(f.commit.author)} on ${safe(f.commit.date.slice(0, 10))}: ${safe(f.commit.message)}${still}`)}`,
      );
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
  // the credentials behind the findings, then the summary: the last line is what a CI log shows
  const inventory = inventoryLines(result.credentials, c, opts.quiet, result.mode); // credential inventory (issue 13)
  if (inventory.length) lines.push(...inventory, '');
  const summary = summaryText(result, { error: c.red, warning: c.yellow, info: c.blue });
  const mark = result.findings.length === 0 ? c.green('✔') : c.red('✖');
  lines.push(`${mark} ${summary} (${result.summary.durationMs} ms)`);
  if (opts.verbose && result.skipped.length) {
    lines.push(c.dim('skipped:'));
    for (const sk of result.skipped) lines.push(c.dim(`  ${safePath(sk.file)}: ${safe(sk.reason)}${sk.detail ? ` (${safe(sk.detail)})` : ''}`));
  }
  if (opts.verbose && result.allowlisted?.length) {
    lines.push(c.dim('allowlisted (not scanned):'));
    for (const file of result.allowlisted) lines.push(c.dim(`  ${safePath(file)}`));
  }
  return lines.join('\n') + '\n';
}
