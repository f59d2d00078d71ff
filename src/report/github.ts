// GitHub Actions workflow commands: one annotation per finding, then a summary line.
// Escaping follows @actions/core (command.ts): data escapes % \r \n; property values also
// escape : and , — so a file name or message can never end the command or start another.
import type { Finding, Severity } from '../types.js';
import { rebasePath, type ReportInput } from './sarif.js';
import { summaryText } from './summary.js';
import { escapeControls as safe } from './safe-text.js';

export interface GithubOptions {
  /** the directory annotation paths are relative to (the repository's top level, i.e. GITHUB_WORKSPACE) */
  srcRoot?: string;
}

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Text from the repository inside an annotation: control characters escaped (src/report/safe-text.ts), then the workflow-command escapes. */
const field = (s: string) => safe(s);

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(f: Finding, file: string): string {
  const props: [string, string | number][] = [
    ['file', field(file)],
    ['line', f.line],
  ];
  // a whole-file finding (.env hygiene) has an empty range: no columns
  if (f.endLine > f.line || f.endColumn > f.column) {
    props.push(['col', f.column], ['endLine', f.endLine]);
    // GitHub honours endColumn only on single-line annotations
    if (f.endLine === f.line) props.push(['endColumn', f.endColumn]);
  }
  props.push(['title', `swlint ${field(f.ruleId)}`]);
  const lines = [`${field(f.message)}: ${field(f.match)}`];
  if (f.commit) {
    const gone = f.stillPresent === false ? ' (no longer in the working tree, still in history)' : '';
    lines.push(
      `Introduced in ${field(f.commit.sha.slice(0, 12))} by ${field(f.commit.author)} on ${field(f.commit.date.slice(0, 10))}: ${field(f.commit.message)}${gone}`,
    );
  }
  lines.push(`Fix: ${field(f.fix)}`);
  const head = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${COMMAND[f.severity]} ${head}::${escapeData(lines.join('\n'))}`;
}

export function formatGithub(result: ReportInput, options: GithubOptions = {}): string {
  const srcRoot = options.srcRoot ?? result.root;
  const out: string[] = [];
  for (const f of result.findings) out.push(annotation(f, rebasePath(result.root, srcRoot, f.file) ?? f.file));
  for (const w of result.warnings ?? []) out.push(`::warning title=swlint::${escapeData(safe(w))}`);
  out.push(`swlint: ${summaryText(result)}`);
  return out.join('\n') + '\n';
}
