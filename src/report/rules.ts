import { RULES } from '../../rules/index.js';
import type { Rule } from '../types.js';

/** The file a rule's fix text is shown for: a JavaScript file for content rules, a repository rule's own first example. */
export function examplePath(r: Rule): string {
  return r.kind === 'repository' ? (r.examples.positive[0]?.facts.path ?? '.env') : 'app.js';
}

export function formatRules(format: 'text' | 'json'): string {
  const rows = RULES.map((r) => ({
    id: r.id,
    severity: r.severity,
    kind: r.kind,
    description: r.description,
    fix: r.fix({ path: examplePath(r), envVar: r.kind === 'content' ? r.envVar : '' }),
  }));
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  return rows
    .map((r, i) => {
      const rule = RULES[i]!;
      const example = rule.kind === 'repository' ? `for ${examplePath(rule)}` : 'JavaScript example';
      return `${r.id}  (${r.severity})\n  ${r.description}\n  fix (${example}): ${r.fix}\n`;
    })
    .join('\n');
}
