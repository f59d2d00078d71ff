// Issue 9.14: patterns from configuration (customRules, allowlist.values) run on a linear-time
// engine. The shapes a static nested-quantifier check let through must not hang a scan.
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { parseReport, run, tokenLine } from '../robustness/helpers.js';

afterAll(cleanupTempDirs);

const PATTERNS = ['(a|aa)+$', '(\\d|\\w)+$', '(a+){2,40}$', '\\w*\\w*\\w*\\w*\\w*!'];

describe('9.14 ReDoS: user patterns run in linear time', () => {
  it('custom rules and allowlist values (a|aa)+$, (\\d|\\w)+$, (a+){2,40}$, \\w*\\w*\\w*\\w*\\w*! finish on crafted lines', () => {
    const repo = TestRepo.create();
    repo.write(
      '.swlintrc.json',
      JSON.stringify({
        customRules: PATTERNS.map((regex, i) => ({ id: `evil-${i}`, regex, severity: 'warning', message: `evil ${i}`, fix: 'none' })),
        // anchored so that they can never match the token (they run on every secret found)
        allowlist: { values: ['^(a|aa)+$', '^(a+){2,40}$'] },
      }),
    );
    const crafted = 'a'.repeat(64) + '!';
    repo.write('crafted.txt', `${crafted}\n${'a'.repeat(20_000)}!\n`);
    repo.write('app.js', tokenLine(fakeToken()));
    repo.commit('crafted');
    // generous bound: on a backtracking engine the first line alone takes minutes
    const r = run(['scan', '--format', 'json'], { cwd: repo.dir, timeoutMs: 120_000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    const rep = parseReport(r);
    // only the last pattern can match (word characters, possibly none, then "!": the config's own "!" too)
    expect(rep.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`).sort()).toEqual([
      'evil-3 .swlintrc.json:1',
      'evil-3 crafted.txt:1',
      'evil-3 crafted.txt:2',
      'signalwire-api-token app.js:1',
    ]);
  });
});
