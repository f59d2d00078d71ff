import type { ContentRule, DetectInput, RuleMatch } from '../src/types.js';
import { mayHaveDirectives, parseDirective } from '../src/engine/ignores.js';

// Changes to configuration and baseline files are judged on their parsed JSON, once per range,
// by src/trust/suppression-changes.ts; this rule sees inline directives only.

/** Every line (start, end) of the text, without line breaks. */
function* lines(text: string): Generator<[number, number]> {
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text.charCodeAt(i);
    if (i === text.length || c === 10 || c === 13) {
      yield [start, i];
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
}

function detect(input: DetectInput): RuleMatch[] {
  const out: RuleMatch[] = [];
  const { text } = input;
  if (!mayHaveDirectives(input.text)) return out;
  for (const [s, e] of lines(text)) {
    const line = text.slice(s, e);
    if (!line.trim()) continue;
    const first = s + (line.length - line.trimStart().length);
    const d = parseDirective(line, true);
    if (d) {
      out.push({
        start: first,
        end: e,
        secret: line.trim(),
        redactedDisplay: `${d.nextLine ? 'ignore-next-line' : 'ignore'}${d.rules.length ? ` ${d.rules.join(',')}` : ''}`,
        message: `Inline ignore added${d.rules.length ? ` for ${d.rules.join(', ')}` : ' for every rule'}${d.foreign ? " (another scanner's marker, honoured by swlint)" : ''}`,
      });
    }
  }
  return out;
}

const rule: ContentRule = {
  kind: 'content',
  id: 'swlint-suppression-added',
  severity: 'warning',
  precision: 'very-high',
  message: 'Suppression added',
  description:
    'In a pull request, a change to the swlint configuration or baseline (judged on its parsed content), or a newly added inline ignore, decides what swlint will not report once merged. It is shown so that a pull request cannot quietly allowlist its own secret; in the pull request itself, configuration and baseline come from BASE and new inline ignores do not hide findings.',
  keywords: [],
  modes: ['diff'],
  unsuppressible: true,
  envVar: '',
  fix: () =>
    'Review the suppression: it is fine for test fixtures and documentation examples; for a real credential, remove the credential instead (and rotate it).',
  detect,
  examples: {
    positive: [
      {
        path: 'src/app.js',
        text: 'const t = load(); // swlint-ignore signalwire-api-token -- test fixture\n',
        line: 1,
        column: 1,
        secret: 'const t = load(); // swlint-ignore signalwire-api-token -- test fixture',
      },
      { path: 'config.py', text: '# swlint-ignore-next-line\nTOKEN = read()\n', line: 1, column: 1, secret: '# swlint-ignore-next-line' },
      { path: 'legacy.rb', text: 'token = x # gitleaks:allow\n', line: 1, column: 1, secret: 'token = x # gitleaks:allow' },
    ],
    negative: [
      { path: 'src/app.js', text: 'const url = "https://example.org/swlint-ignore-docs";\n' },
      { path: 'package.json', text: '{\n  "name": "swlint-demo",\n  "scripts": { "lint": "swlint" }\n}\n' },
      { path: 'README.md', text: 'Use swlint to scan; see the docs.\n' },
    ],
  },
};

export default rule;
