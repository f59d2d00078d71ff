// Flags that parse but would do nothing for the command given: each says so (a usage error, exit
// 2, one line; or a warning when the run itself still means what was asked), instead of a run
// that reads as if the flag had worked.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';
import { TestRepo } from '../helpers/git-repo.js';
import { seededHex } from '../helpers/random.js';
import { cleanupTempDirs } from '../helpers/temp.js';

afterAll(cleanupTempDirs);

const token = `PT${seededHex(9301, 48)}`;

function repo(): TestRepo {
  const r = TestRepo.create();
  r.write('src/client.js', `const signalwireToken = '${token}';\n`);
  r.write('.gitignore', 'build/\n');
  r.write('build/bundle.js', `var t = '${token}';\n`);
  r.commit('client');
  return r;
}

describe('flags a command would ignore', () => {
  it.each([
    [['hook', 'test', '--force'], /^swlint: --force applies to `swlint hook install` .*not to `swlint hook test`$/],
    [['hook', 'uninstall', '--force'], /^swlint: --force applies to `swlint hook install` .*not to `swlint hook uninstall`$/],
    [['baseline', '--history', '--no-ignore'], /^swlint: --no-ignore is for a baseline of the working tree: `swlint baseline --history` scans what git holds/],
    [['baseline', '--diff', 'HEAD', '--no-ignore'], /^swlint: --no-ignore is for a baseline of the working tree: `swlint baseline --diff` scans/],
    [['baseline', '--diff', 'HEAD', '--recurse-submodules'], /^swlint: --recurse-submodules does not apply to `swlint baseline --diff`/],
  ] as [string[], RegExp][])('%j: exit 2 with one line, nothing written', (args, pattern) => {
    const r = repo();
    const out = runCli(args, { cwd: r.dir });
    expect(out.code).toBe(2);
    const lines = out.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(r.git('status', '--porcelain', '--ignored')).toBe('!! build/\n');
  });

  it('--report-stale without a baseline, or in staged/diff, warns instead of printing nothing', () => {
    const r = repo();
    const scan = runJson(['scan', '--report-stale'], { cwd: r.dir });
    expect(scan.code).toBe(1);
    expect(scan.findings.map((f) => f.file)).toEqual(['src/client.js']);
    expect(scan.stderr).toContain(
      'swlint: warning: --report-stale found no baseline to check: there is no .swlint-baseline.json at the root, and no --baseline FILE was given\n',
    );
    r.write('src/other.js', 'module.exports = 1;\n');
    r.git('add', 'src/other.js');
    const staged = runCli(['staged', '--report-stale'], { cwd: r.dir });
    expect(staged.code).toBe(0);
    expect(staged.stderr).toContain('swlint: warning: --report-stale lists nothing in `swlint staged`, which sees only part of the repository');
    // a baseline in a whole scan: stale entries are listed, and no warning about the flag
    const base = runCli(['baseline'], { cwd: r.dir });
    expect(base.code, base.stderr).toBe(0);
    writeFileSync(path.join(r.dir, 'src/client.js'), 'const signalwireToken = process.env.SIGNALWIRE_API_TOKEN;\n');
    const stale = runJson(['scan', '--report-stale'], { cwd: r.dir });
    expect(stale.code).toBe(0);
    expect(stale.stderr).toContain('stale baseline entry (no longer found): signalwire-api-token src/client.js');
    expect(stale.stderr).not.toContain('found no baseline');
  });
});
