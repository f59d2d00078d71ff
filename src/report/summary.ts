// The one-line summary, worded once for the text report, GitHub annotations and the stderr line
// printed when the report goes to --output. "7 files scanned" (not "in 7 files", which reads as
// "7 files have problems").
import type { Mode, Severity, Suppressed } from '../types.js';

export interface SummaryInput {
  mode: Mode;
  findings: readonly { severity: Severity }[];
  skipped: readonly unknown[];
  summary: { files: number; commits: number };
  suppressed?: Suppressed;
  allowlisted?: readonly string[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "7 files scanned, 1 skipped" / "3 commits (12 file versions) scanned" */
export function scannedText(r: SummaryInput): string {
  const s = r.summary;
  const what =
    r.mode === 'scan'
      ? plural(s.files, 'file')
      : r.mode === 'staged'
        ? plural(s.files, 'staged file')
        : `${plural(s.commits, 'commit')} (${plural(s.files, 'file version')})`;
  const allowlisted = r.allowlisted?.length ? `, ${r.allowlisted.length} allowlisted` : '';
  return `${what} scanned${r.skipped.length ? `, ${r.skipped.length} skipped` : ''}${allowlisted}${hiddenText(r.suppressed)}`;
}

/** "; 3 hidden: 2 baseline, 1 inline ignore" — what suppressed findings (issue 12.6); empty when nothing did */
export function hiddenText(s: Suppressed | undefined): string {
  if (!s) return '';
  const total = s.inline + s.allowlist + s.baseline;
  if (total === 0) return '';
  const parts = [
    s.baseline ? `${s.baseline} baseline` : '',
    s.inline ? plural(s.inline, 'inline ignore') : '',
    s.allowlist ? `${s.allowlist} allowlist` : '',
  ].filter(Boolean);
  return `; ${total} hidden: ${parts.join(', ')}`;
}

export function severityCounts(r: SummaryInput): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of r.findings) counts[f.severity]++;
  return counts;
}

/** "no SignalWire credential problems; 7 files scanned" or "3 problems (1 error, 2 warnings); 7 files scanned" */
export function summaryText(
  r: SummaryInput,
  paint: { error(s: string): string; warning(s: string): string; info(s: string): string } = { error: (s) => s, warning: (s) => s, info: (s) => s },
): string {
  const n = r.findings.length;
  if (n === 0) return `no SignalWire credential problems; ${scannedText(r)}`;
  const counts = severityCounts(r);
  const parts = [
    counts.error ? paint.error(plural(counts.error, 'error')) : '',
    counts.warning ? paint.warning(plural(counts.warning, 'warning')) : '',
    counts.info ? paint.info(`${counts.info} info`) : '',
  ].filter(Boolean);
  return `${plural(n, 'problem')} (${parts.join(', ')}); ${scannedText(r)}`;
}
