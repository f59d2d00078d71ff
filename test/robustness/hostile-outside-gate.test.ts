// The trust model outside the diff/staged gate: commands that write files (`hook install`,
// `hook uninstall`, `merge`/`audit --output`) and stderr lines that carry repository text. A
// hostile checkout plants symlinks where swlint writes and control characters in names and in
// the reports it reads; nothing may be written outside through a link, and no raw ESC, BEL, CR
// or bidi override may reach the terminal.
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { commitAll, git } from '../helpers/git-env.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { run } from './helpers.js';

afterAll(cleanupTempDirs);

/** Raw terminal-driving characters: ESC, BEL, CR, C1, bidi overrides and isolates. */
const RAW_CONTROLS = /[\x07\x1b\r\x80-\x9f\u202a-\u202e\u2066-\u2069]/;
const TOKEN = 'PT7c1e9a04b3d25f86e0a4c91b7d3f52e8a60b9c14d7e2f583';
const VICTIM_TEXT = '# my shell start-up file\nexport PATH="$HOME/bin:$PATH"\n';

/** A repository with one commit, swlint where its hook looks first, and a file outside it that a link may point at. */
function repoWithVictim(): { dir: string; victim: string; outside: string } {
  const root = tempDir('swlint-hostile-');
  const dir = path.join(root, 'repo');
  const outside = path.join(root, 'outside');
  mkdirSync(dir);
  mkdirSync(outside);
  writeFileSync(path.join(dir, 'README.md'), '# notifications service\n');
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
  const victim = path.join(outside, 'profile');
  writeFileSync(victim, VICTIM_TEXT);
  mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(CLI, path.join(dir, 'node_modules', '.bin', 'swlint'));
  return { dir, victim, outside };
}

describe('swlint hook install / uninstall never write through a symlink', () => {
  it('refuses a committed .husky/pre-commit that links outside the repository, and leaves the target alone', () => {
    const { dir, victim } = repoWithVictim();
    mkdirSync(path.join(dir, '.husky'));
    symlinkSync('../../outside/profile', path.join(dir, '.husky', 'pre-commit'));
    commitAll(dir, 'husky hook');
    git(dir, 'config', 'core.hooksPath', '.husky/_');

    for (const action of ['install', 'uninstall']) {
      const r = run(['hook', action], { cwd: dir });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('.husky/pre-commit is a symbolic link');
      expect(r.stderr).toContain('never writes through one');
      expect(readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
      expect(lstatSync(path.join(dir, '.husky', 'pre-commit')).isSymbolicLink()).toBe(true);
    }
  });

  it('refuses a hooks directory inside the working tree that is a symlink (core.hooksPath=.githooks)', () => {
    const { dir, outside } = repoWithVictim();
    symlinkSync('../outside', path.join(dir, '.githooks'));
    commitAll(dir, 'hooks dir');
    git(dir, 'config', 'core.hooksPath', '.githooks');
    const r = run(['hook', 'install'], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('.githooks is a symbolic link');
    expect(existsSync(path.join(outside, 'pre-commit'))).toBe(false);
  });

  it('does not create a file where a dangling .git/hooks/pre-commit link points', () => {
    const { dir, outside } = repoWithVictim();
    commitAll(dir, 'init');
    symlinkSync(path.join(outside, 'planted'), path.join(dir, '.git', 'hooks', 'pre-commit'));
    const r = run(['hook', 'install'], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('.git/hooks/pre-commit is a symbolic link');
    expect(existsSync(path.join(outside, 'planted'))).toBe(false);
  });

  it('still installs into a plain .husky/pre-commit and a plain .git/hooks (hard negatives)', () => {
    const { dir } = repoWithVictim();
    mkdirSync(path.join(dir, '.husky'));
    writeFileSync(path.join(dir, '.husky', 'pre-commit'), 'npx --no-install lint-staged\n');
    commitAll(dir, 'husky hook');
    git(dir, 'config', 'core.hooksPath', '.husky/_');
    const husky = run(['hook', 'install'], { cwd: dir });
    expect(husky.code, husky.stderr).toBe(0);
    expect(readFileSync(path.join(dir, '.husky', 'pre-commit'), 'utf8')).toContain('# >>> swlint >>>');
    git(dir, 'config', '--unset', 'core.hooksPath');
    const plain = run(['hook', 'install'], { cwd: dir });
    expect(plain.code, plain.stderr).toBe(0);
    expect(lstatSync(path.join(dir, '.git', 'hooks', 'pre-commit')).isFile()).toBe(true);
  });
});

/** A single repository's JSON report, made by swlint itself. */
function historyReport(): string {
  const dir = tempDir('swlint-report-');
  writeFileSync(path.join(dir, 'notify.js'), `const client = new RestClient(projectId, '${TOKEN}');\n`);
  commitAll(dir, 'add notifier');
  // outside the scanned repository, in a directory of its own that the suite removes
  const out = path.join(tempDir('swlint-out-'), `${path.basename(dir)}.json`);
  const r = run(['history', '--format', 'json', '--output', out], { cwd: dir });
  expect(r.code, r.stderr).toBe(1);
  return out;
}

describe('swlint merge --output', () => {
  it('replaces a symlink at the output path instead of writing through it', () => {
    const report = historyReport();
    const { dir, victim } = repoWithVictim();
    symlinkSync('../outside/profile', path.join(dir, 'org.json'));
    const r = run(['merge', report, '--format', 'json', '--output', 'org.json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
    expect(lstatSync(path.join(dir, 'org.json')).isFile()).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'org.json'), 'utf8'))).toMatchObject({ mode: 'merge', summary: { findings: 1 } });
  });

  it('refuses an output directory inside the working directory that is a symlink', () => {
    const report = historyReport();
    const { dir, outside } = repoWithVictim();
    symlinkSync('../outside', path.join(dir, 'reports'));
    const r = run(['merge', report, '--format', 'json', '--output', 'reports/org.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a symbolic link');
    expect(existsSync(path.join(outside, 'org.json'))).toBe(false);
  });
});

describe('stderr lines carrying names from a repository or a report are escaped', () => {
  it('merge: a failed repository whose name and error hold terminal escapes', () => {
    const report = historyReport();
    const parsed = JSON.parse(readFileSync(report, 'utf8')) as Record<string, unknown> & { summary: unknown };
    parsed.repository = {
      name: 'github.com/acme/\x1b]0;owned\x07api\u202egnp.exe',
      status: 'failed',
      error: 'clone failed: \x1b[2J\rremote: all good',
      mode: 'history',
      summary: parsed.summary,
    };
    const crafted = path.join(path.dirname(report), 'crafted.json');
    writeFileSync(crafted, JSON.stringify(parsed));
    const r = run(['merge', crafted, '--format', 'json'], { cwd: path.dirname(report) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('was not scanned');
    expect(r.stderr).toContain('\\x1b]0;owned\\x07api\\u202egnp.exe');
    expect(r.stderr).not.toMatch(RAW_CONTROLS);
  });

  it('scan of named paths: a dangling link whose name holds an escape sequence', () => {
    const { dir } = repoWithVictim();
    writeFileSync(path.join(dir, 'app.js'), 'export const region = "us-east";\n');
    commitAll(dir, 'init');
    const name = 'config\x1b[2J\x1b]0;owned\x07.js';
    symlinkSync('nowhere.js', path.join(dir, name));
    const r = run(['scan', 'app.js', name], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('config\\x1b[2J\\x1b]0;owned\\x07.js');
    expect(r.stderr).not.toMatch(RAW_CONTROLS);
  });
});

describe('swlint merge redacts what it reads', () => {
  it('a report written with --no-redact is merged redacted in every format (merge has no --no-redact)', () => {
    const dir = tempDir('swlint-raw-');
    const old = 'PT3f9a27c4e8b61d05a7e2c94b1f60d83a5c7e19b24d6f08a3';
    writeFileSync(path.join(dir, 'notify.js'), `const client = new RestClient(projectId, '${TOKEN}');\n`);
    commitAll(dir, `rotate creds: old token was ${old}`);
    const raw = path.join(tempDir('swlint-out-'), `${path.basename(dir)}-raw.json`);
    const made = run(['history', '--format', 'json', '--no-redact', '--output', raw], { cwd: dir });
    expect(made.code, made.stderr).toBe(1);
    // the input really holds both in clear: the test would prove nothing otherwise
    expect(readFileSync(raw, 'utf8')).toContain(TOKEN);
    expect(readFileSync(raw, 'utf8')).toContain(old);

    for (const format of ['text', 'json', 'sarif', 'github', 'junit']) {
      const r = run(['merge', raw, '--format', format], { cwd: path.dirname(raw) });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toContain('PT7c…f583');
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
      expect(r.stdout + r.stderr).not.toContain(old);
    }
    const html = path.join(path.dirname(raw), 'org.html');
    run(['merge', raw, '--format', 'html', '--output', html], { cwd: path.dirname(raw) });
    expect(readFileSync(html, 'utf8')).not.toContain(TOKEN);
    expect(readFileSync(html, 'utf8')).not.toContain(old);
  });

  it('an already redacted report is merged unchanged (hard negative)', () => {
    const report = historyReport();
    const before = JSON.parse(readFileSync(report, 'utf8')) as { findings: { match: string; fingerprint: string }[]; credentials: { match: string }[] };
    const r = run(['merge', report, '--format', 'json'], { cwd: path.dirname(report) });
    const after = JSON.parse(r.stdout) as typeof before;
    expect(after.findings.map((f) => [f.match, f.fingerprint])).toEqual(before.findings.map((f) => [f.match, f.fingerprint]));
    expect(after.credentials.map((c) => c.match)).toEqual(['PT7c…f583']);
  });
});

describe('swlint merge refuses a report swlint did not write', () => {
  const crafted = (edit: (finding: Record<string, unknown>) => void): string => {
    const report = historyReport();
    const parsed = JSON.parse(readFileSync(report, 'utf8')) as { findings: Record<string, unknown>[] };
    edit(parsed.findings[0]!);
    const file = path.join(path.dirname(report), `crafted-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(parsed));
    return file;
  };

  it('a line number that is a string with an escape sequence: one clear line, exit 2, nothing raw', () => {
    const file = crafted((f) => (f.line = '1\x1b[2J\x1b]0;owned\x07'));
    const r = run(['merge', file], { cwd: path.dirname(file) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('findings[0].line is not a line or column number');
    expect(r.stderr).not.toMatch(RAW_CONTROLS);
  });

  it('a finding without a file: named, not a TypeError', () => {
    const file = crafted((f) => delete f.file);
    const r = run(['merge', file], { cwd: path.dirname(file) });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('findings[0].file is not a string');
  });

  it('a finding without a commit (a scan report) is merged (hard negative)', () => {
    const dir = tempDir('swlint-scan-');
    writeFileSync(path.join(dir, 'notify.js'), `const client = new RestClient(projectId, '${TOKEN}');\n`);
    const out = path.join(tempDir('swlint-out-'), `${path.basename(dir)}-scan.json`);
    expect(run(['scan', '--format', 'json', '--output', out], { cwd: dir }).code).toBe(1);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { findings: { commit: unknown }[] }).findings[0]!.commit).toBeNull();
    const r = run(['merge', out, '--format', 'json'], { cwd: path.dirname(out) });
    expect(r.code, r.stderr).toBe(1);
    expect((JSON.parse(r.stdout) as { findings: unknown[] }).findings).toHaveLength(1);
  });
});

describe('swlint audit clones run nothing the repository names', () => {
  it("a cloned repository's .gitattributes filter is not run (git-lfs's smudge would fetch from its .lfsconfig), and its own configuration still applies", () => {
    const src = tempDir('swlint-lfs-');
    // the marker, git config, repository list and control clone live beside it, in a directory the suite removes
    const side = tempDir('swlint-out-');
    const legacy = 'PT5b08e3d1c7a94f62e0b8d35a1c9f74e2b6d03a8c5e1f97b4';
    writeFileSync(path.join(src, '.gitattributes'), '*.dat filter=lfs diff=lfs merge=lfs -text\n');
    writeFileSync(path.join(src, '.lfsconfig'), '[lfs]\n\turl = https://lfs.attacker.example/objects\n');
    writeFileSync(path.join(src, 'recording.dat'), 'call recording metadata\n');
    writeFileSync(path.join(src, 'notify.js'), `const client = new RestClient(projectId, '${TOKEN}');\n`);
    mkdirSync(path.join(src, 'legacy'));
    writeFileSync(path.join(src, 'legacy', 'old.js'), `const token = '${legacy}';\n`);
    // the repository's own configuration leaves legacy/ out, as it does for `swlint history` in a checkout
    writeFileSync(path.join(src, '.swlintrc.json'), JSON.stringify({ allowlist: { paths: ['legacy/**'] } }) + '\n');
    commitAll(src, 'service');

    // the user's git config defines the lfs filter, as `git lfs install` does; here it leaves a marker
    const marker = path.join(side, `smudged-${path.basename(src)}`);
    const globalConfig = path.join(side, `gitconfig-${path.basename(src)}`);
    writeFileSync(globalConfig, `[filter "lfs"]\n\tsmudge = touch '${marker}'; cat\n\tclean = cat\n\trequired = true\n`);
    const repos = path.join(side, `repos-${path.basename(src)}.txt`);
    writeFileSync(repos, `file://${src}\n`);

    // control: a plain clone with that config runs the filter, so the trap is armed
    const control = path.join(side, `control-${path.basename(src)}`);
    git(side, '-c', `include.path=${globalConfig}`, 'clone', '-q', `file://${src}`, control);
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);

    const r = run(['audit', '--repos', repos, '--format', 'json'], { cwd: side, env: { GIT_CONFIG_GLOBAL: globalConfig } });
    expect(r.code, r.stderr).toBe(1);
    expect(existsSync(marker)).toBe(false);
    const doc = JSON.parse(r.stdout) as { findings: { file: string; match: string }[]; repositories: { status: string }[] };
    expect(doc.repositories.map((e) => e.status)).toEqual(['ok']);
    expect(doc.findings.map((f) => [f.file, f.match])).toEqual([['notify.js', 'PT7c…f583']]);
  });
});

describe('swlint hook runs no swlint the repository committed', () => {
  it('a node_modules/.bin/swlint that git tracks is not run by install or test, and no hook is written', () => {
    const root = tempDir('swlint-committed-bin-');
    const dir = path.join(root, 'repo');
    const marker = path.join(root, 'ran');
    mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
    writeFileSync(path.join(dir, 'README.md'), '# notifications service\n');
    writeFileSync(path.join(dir, 'node_modules', '.bin', 'swlint'), `#!/bin/sh\ntouch '${marker}'\necho 9.9.9\n`, { mode: 0o755 });
    commitAll(dir, 'vendored tools');
    expect(git(dir, 'ls-files', 'node_modules/.bin/swlint').trim()).toBe('node_modules/.bin/swlint');

    for (const action of ['install', 'test']) {
      const r = run(['hook', action], { cwd: dir });
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('node_modules/.bin/swlint is committed to this repository');
      expect(existsSync(marker)).toBe(false);
    }
    expect(existsSync(path.join(dir, '.git', 'hooks', 'pre-commit'))).toBe(false);
  });
});
