import { RULES } from '../../rules/index.js';
import type { Rule } from '../types.js';

/** The file a rule's fix text is shown for: a JavaScript file for content rules, a repository rule's own first example. */
function examplePath(r: Rule): string {
  return r.kind === 'repository' ? (r.examples.positive[0]?.facts.path ?? '.env') : 'app.js';
}

/** A rule's fix as `swlint rules` and SARIF's rule help show it, for examplePath's file. */
export function exampleFix(r: Rule): string {
  return r.fix({ path: examplePath(r), envVar: r.kind === 'content' ? r.envVar : '' });
}

export function formatRules(format: 'text' | 'json'): string {
  const rows = RULES.map((r) => ({
    id: r.id,
    severity: r.severity,
    kind: r.kind,
    description: r.description,
    fix: exampleFix(r),
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
