import type { ContentRule, DetectInput, RuleMatch } from '../src/types.js';
import { mayHaveDirectives, parseDirective } from '../src/engine/ignores.js';
import { enclosingScopes } from '../src/detect/context.js';

const CONFIG_FILES = /(^|\/)(\.swlintrc\.json|\.swlint-baseline\.json)$/;

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
  const { text, path } = input;
  const isConfig = CONFIG_FILES.test(path);
  const isBaseline = path.endsWith('.swlint-baseline.json');
  const isPackageJson = /(^|\/)package\.json$/.test(path) && input.lower.includes('"swlint"');
  if (!isConfig && !isPackageJson && !mayHaveDirectives(input.text)) return out;
  for (const [s, e] of lines(text)) {
    const line = text.slice(s, e);
    if (!line.trim()) continue;
    const first = s + (line.length - line.trimStart().length);
    if (isConfig) {
      if (isBaseline && !line.includes('"fingerprint"')) continue;
      if (/^\s*[{}\[\],]*\s*$/.test(line)) continue;
      out.push({ start: first, end: e, secret: line.trim(), redactedDisplay: line.trim().slice(0, 80), message: `Change to swlint ${isBaseline ? 'baseline' : 'configuration'} (${path.split('/').pop()}): review what it allows` });
      continue;
    }
    if (isPackageJson && (/"swlint"\s*:/.test(line) || enclosingScopes(text, s).includes('swlint'))) {
      out.push({ start: first, end: e, secret: line.trim(), redactedDisplay: line.trim().slice(0, 80), message: 'Change to the "swlint" configuration in package.json: review what it allows' });
      continue;
    }
    const d = parseDirective(line, true);
    if (d) {
      out.push({ start: first, end: e, secret: line.trim(), redactedDisplay: `${d.nextLine ? 'ignore-next-line' : 'ignore'}${d.rules.length ? ` ${d.rules.join(',')}` : ''}`, message: `Inline ignore added${d.rules.length ? ` for ${d.rules.join(', ')}` : ' for every rule'}${d.foreign ? ' (another scanner\'s marker, honoured by swlint)' : ''}` });
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
    'In a pull request, a change to the swlint configuration or baseline, or a newly added inline ignore, decides what swlint will not report. It is shown so that a pull request cannot quietly allowlist its own secret.',
  keywords: [],
  modes: ['diff'],
  unsuppressible: true,
  envVar: '',
  fix: () => 'Review the suppression: it is fine for test fixtures and documentation examples; for a real credential, remove the credential instead (and rotate it).',
  detect,
  examples: {
    positive: [
      { path: 'src/app.js', text: "const t = load(); // swlint-ignore signalwire-api-token -- test fixture\n" },
      { path: 'config.py', text: '# swlint-ignore-next-line\nTOKEN = read()\n' },
      { path: 'legacy.rb', text: 'token = x # gitleaks:allow\n' },
      { path: '.swlintrc.json', text: '{\n  "allowlist": { "paths": ["src/**"] }\n}\n', count: 1 },
      { path: '.swlint-baseline.json', text: '{\n "version": 1,\n "findings": [\n  { "fingerprint": "ab12", "ruleId": "signalwire-api-token", "file": "a.js", "match": "PTe3…12b5" }\n ]\n}\n', count: 1 },
      { path: 'package.json', text: '{\n  "name": "x",\n  "swlint": {\n    "rules": { "signalwire-space-url": "off" }\n  }\n}\n', count: 2 },
    ],
    negative: [
      { path: 'src/app.js', text: 'const url = "https://example.org/swlint-ignore-docs";\n' },
      { path: 'package.json', text: '{\n  "name": "swlint-demo",\n  "scripts": { "lint": "swlint" }\n}\n' },
      { path: 'README.md', text: 'Use swlint to scan; see the docs.\n' },
    ],
  },
};

export default rule;
