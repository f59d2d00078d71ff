import { RULES } from '../../rules/index.js';

export function formatRules(format: 'text' | 'json'): string {
  const rows = RULES.map((r) => ({
    id: r.id,
    severity: r.severity,
    kind: r.kind,
    description: r.description,
    fix: r.fix({ path: 'app.js', envVar: r.kind === 'content' ? r.envVar : '' }),
  }));
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  return rows.map((r) => `${r.id}  (${r.severity})\n  ${r.description}\n  fix (JavaScript example): ${r.fix}\n`).join('\n');
}
