// No catastrophic backtracking. Every built-in rule finishes a 2 MB line of near-matches of its
// own shapes (fixtures/near-misses.mjs, shared with bench/redos.mjs; the timed 10 MB figures live in the bench, here only
// termination is asserted). Custom-rule and allowlist regexes from configuration run on a
// linear-time engine (RE2), so nested quantifiers cannot backtrack.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { userRegexProblem } from '../../src/config/user-regex.js';
import { SHAPES, nearMissLine } from '../../fixtures/near-misses.mjs';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { run } from './helpers.js';

afterAll(cleanupTempDirs);

const contentRules = RULES.filter((r) => r.kind === 'content').map((r) => r.id);

describe('built-in rules on a 2 MB line of near-matches', () => {
  it.each([...contentRules, 'all'])('%s: the CLI finishes a 2 MB line of its near-matches within 15 s', (id) => {
    const dir = tempDir();
    const units = id === 'all' ? Object.values(SHAPES).flat() : SHAPES[id];
    expect(units, `no near-match shapes for ${id} in fixtures/near-misses.mjs`).toBeDefined();
    writeFileSync(path.join(dir, 'near-misses.js'), nearMissLine(units!, 2 * 1024 * 1024));
    const r = run(['scan', '.', '--format', 'json'], { cwd: dir, timeoutMs: 15_000 });
    expect(r.signal ?? null, `${id} did not finish within 15 s`).toBeNull();
    expect(r.code, r.stderr).not.toBe(2);
    expect((JSON.parse(r.stdout) as { summary: { files: number } }).summary.files).toBe(1);
  });
});

describe('regexes from configuration', () => {
  // they run on RE2 (src/config/user-regex.ts): nested quantifiers are linear there, so they are
  // accepted; syntax RE2 lacks (lookaround, backreferences) is refused with a reason
  const nested = ['(a+)+', '(a+)+$', '(\\w*)*x', '(x\\d+)*', '((ab)+)+', '(?:a+)+b', '(a*){2,}x', '([a-z]+\\.)+com(\\d+)*'];
  const unsupported = ['(?=PT)x', 'a(?!b)', '(?<=x)y', '(a)\\1'];

  it.each(nested)('accepts %s (linear on RE2)', (p) => {
    expect(userRegexProblem(p)).toBeNull();
  });

  it.each(unsupported)('refuses %s', (p) => {
    expect(userRegexProblem(p)).toMatch(/RE2, which has no lookaround or backreferences/);
  });

  it('a config with such a regex in customRules or allowlist.values is an error (exit 2) that says why', () => {
    const dir = tempDir();
    for (const config of [{ customRules: [{ id: 'x-key', regex: 'x_(?=a)', message: 'm', fix: 'f' }] }, { allowlist: { values: ['^(PT[0-9a-f]+)\\1$'] } }]) {
      writeFileSync(path.join(dir, '.swlintrc.json'), JSON.stringify(config));
      const r = run(['scan', '.'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is not a pattern swlint can run/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
