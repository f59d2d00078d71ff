// `--format html` without a browser: escaping of what the scanned repository controls, and
// the --no-redact guard.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { runCli } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

describe('--format html', () => {
  it('escapes file names, commit messages and authors from the scanned repository', () => {
    const repo = TestRepo.create();
    const name = 'a<img src=x onerror=alert(1)>.js';
    repo.write(name, `const signalwireToken = '${fakeToken()}';\n`).commit('<script>alert("msg")</script>');
    const r = runCli(['history', '--format', 'html'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('a&lt;img src=x onerror=alert(1)&gt;.js');
    expect(r.stdout).not.toContain('<img src=x');
    expect(r.stdout).not.toContain('<script>alert');
    expect(r.stdout.match(/<script>/g)).toHaveLength(1); // the report's own
  });

  it('refuses --no-redact unless the report goes to a file', () => {
    const repo = TestRepo.create();
    const token = fakeToken();
    repo.write('a.js', `const signalwireToken = '${token}';\n`).commit('a');
    const refused = runCli(['scan', '--format', 'html', '--no-redact'], { cwd: repo.dir });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/--no-redact with --format html needs --output FILE/);
    const out = path.join(tempDir('swlint-out-'), `${path.basename(repo.dir)}.html`);
    expect(runCli(['scan', '--format', 'html', '--no-redact', '--output', out], { cwd: repo.dir }).code).toBe(1);
    expect(readFileSync(out, 'utf8')).toContain(token);
    expect(runCli(['scan', '--format', 'html'], { cwd: repo.dir }).stdout).not.toContain(token);
  });
});
