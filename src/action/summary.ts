// The Action's job summary (GITHUB_STEP_SUMMARY): counts, then a table of findings with
// their redacted matches. Kept on its own so that changes to what it escapes stay local.
import type { ScanResult } from '../types.js';
import { escapeControls, escapeMarkdown } from '../report/safe-text.js';
import { short, type Plan } from './plan.js';

// the escaping shared with every other human-facing channel
const escapeHtml = (s: unknown) => escapeControls(String(s)).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** A markdown table cell: no pipes, no line breaks (escaped like every control character), no HTML from the repository's content. */
const cell = (s: unknown) => escapeHtml(s).replace(/\|/g, '&#124;');
/** Commit metadata (author, subject) in a cell: Markdown shown as text, never rendered (links, images, mentions). */
const metaCell = (s: unknown) => escapeMarkdown(String(s));
const code = (s: unknown) => `<code>${cell(s)}</code>`;
const ICON: Record<string, string> = { error: '🔴 error', warning: '🟠 warning', info: '🔵 info' };
const MAX_ROWS = 100;

/** The job summary: counts, then a table of findings with their redacted matches. */
export function summaryMarkdown(result: ScanResult, plan: Plan): string {
  const n = result.findings.length;
  const s = result.summary;
  const scope = result.mode === 'scan' ? `${s.files} files` : `${s.files} blobs in ${s.commits} commits`;
  const lines = [
    `### swlint: ${n === 0 ? 'no SignalWire credential problems' : `${n} problem${n === 1 ? '' : 's'}`}`,
    '',
    `${cell(plan.reason)} — ${scope}.`,
    '',
  ];
  if (n > 0) {
    const git = result.findings.some((f) => f.commit);
    lines.push(git ? '| Severity | Rule | Location | Commit | Match |' : '| Severity | Rule | Location | Match |');
    lines.push(git ? '|---|---|---|---|---|' : '|---|---|---|---|');
    for (const f of result.findings.slice(0, MAX_ROWS)) {
      const row = [ICON[f.severity] ?? cell(f.severity), code(f.ruleId), code(`${f.file}:${f.line}:${f.column}`)];
      if (git)
        row.push(
          f.commit
            ? `${code(short(f.commit.sha))} ${metaCell(f.commit.author)}: ${metaCell(f.commit.message)}${f.stillPresent === false ? ' (removed since)' : ''}`
            : '',
        );
      row.push(code(f.match));
      lines.push(`| ${row.join(' | ')} |`);
    }
    if (n > MAX_ROWS) lines.push('', `…and ${n - MAX_ROWS} more: see the annotations or the code-scanning alerts.`);
    lines.push(
      '',
      'Each annotation and code-scanning alert says how to fix it. A credential that reached a pushed commit is exposed: rotate it first (in your Space, API > Tokens), then remove it from the code.',
    );
  }
  const skipped = skippedLine(result.skipped);
  if (skipped) lines.push('', skipped);
  return lines.join('\n') + '\n';
}

/** What was not scanned, by reason, most first: `12 binary, 1 too-large (see the log)`; null when nothing was skipped. */
function skippedLine(skipped: ScanResult['skipped']): string | null {
  if (skipped.length === 0) return null;
  const byReason = new Map<string, number>();
  for (const s of skipped) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
  const counts = [...byReason].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([reason, n]) => `${n} ${cell(reason)}`);
  return `Not scanned: ${counts.join(', ')} (run swlint with \`--verbose\` to list each file).`;
}
