// The command line as users meet it (issue 12: items 11, 4, 10, 12, 13): the built CLI, spawned
// on temporary directories and repositories; each case asserts the exit code and the one line.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { TestRepo } from '../helpers/git-repo.js';
import { GIT_TEST_ENV } from '../helpers/git-env.js';

afterAll(cleanupTempDirs);

const tokenLine = (t: string) => `const SIGNALWIRE_TOKEN = '${t}';\n`;
/** exactly one line on stderr, and it matches */
function oneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

function dirWith(files: Record<string, string>): string {
  const dir = tempDir('swlint-cli-');
  for (const [f, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), content);
  }
  return dir;
}

const isRoot = process.getuid?.() === 0;
const hasSetpriv = spawnSync('setpriv', ['--version']).status === 0;
/** as root, run as nobody so that the kernel's permission checks apply */
const asUnprivileged = (args: string[], cwd: string) => {
  const cmd = isRoot ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath] : [process.execPath];
  const r = spawnSync(cmd[0]!, [...cmd.slice(1), CLI, ...args], { cwd, encoding: 'utf8', env: { ...GIT_TEST_ENV, HOME: cwd } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('12.11 yargs: help, commands, suggestions, short flags, completion', () => {
  it("`scan --help` prints scan's help, `help diff` diff's, `--help` the command list", () => {
    const scan = runCli(['scan', '--help']);
    expect(scan.code).toBe(0);
    expect(scan.stdout).toMatch(/^swlint scan \[paths\.\.\]/);
    expect(scan.stdout).toContain('--stdin-filename');
    expect(scan.stdout).not.toContain('Commands:');
    const diff = runCli(['help', 'diff']);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toMatch(/^swlint diff <base> \[head\]/);
    const all = runCli(['--help']);
    expect(all.stdout).toContain('Commands:');
    for (const c of ['scan', 'history', 'staged', 'diff', 'baseline', 'hook', 'rules', 'completion', 'help', 'version'])
      expect(all.stdout).toContain(`swlint ${c}`);
    // the exit codes once each, in every help (scan is also the default command)
    for (const args of [['--help'], ['-h'], ['scan', '--help'], ['fix', '--help'], ['help', 'history']])
      expect(runCli(args).stdout.match(/^Exit codes:/gm), args.join(' ')).toHaveLength(1);
  });

  it('`version` and --version / -V print the version', () => {
    const version = (JSON.parse(readFileSync(path.join(path.dirname(CLI), '..', 'package.json'), 'utf8')) as { version: string }).version;
    for (const args of [['version'], ['--version'], ['-V']]) {
      const r = runCli(args);
      expect([r.code, r.stdout]).toEqual([0, `${version}\n`]);
    }
  });

  it('a mistyped command or option: exit 2, one line with "did you mean"', () => {
    const dir = dirWith({ 'a.js': 'x\n' });
    const cmd = runCli(['histroy'], { cwd: dir });
    expect(cmd.code).toBe(2);
    oneLine(cmd.stderr, /^swlint: unknown command "histroy": did you mean `swlint history`\?/);
    const opt = runCli(['--formt', 'json'], { cwd: dir });
    expect(opt.code).toBe(2);
    oneLine(opt.stderr, /^swlint: unknown option --formt; did you mean --format\?/);
    const value = runCli(['--format', 'jsn'], { cwd: dir });
    expect(value.code).toBe(2);
    oneLine(value.stderr, /must be one of .*did you mean json\?/);
  });

  // one test per case: each spawns the CLI on the yargs path, slow on a busy machine
  it.each([
    [['diff'], /`swlint diff` takes BASE/],
    [['staged', 'extra'], /`swlint staged` takes no arguments/],
    [['--rule'], /--rule needs a value/],
    [['scan', '--out', 'x'], /--out does not apply to `swlint scan`/],
    [['-fjson'], /-fjson is not understood/],
    [['hook', 'remove'], /install, uninstall or test/],
    [['completion', 'fish'], /bash or zsh/],
    [['--jobs', 'many'], /--jobs must be a whole number/],
  ] as [string[], RegExp][])('usage error %j: exit 2 with one line', (args, pattern) => {
    const r = runCli(args, { cwd: dirWith({ 'a.js': 'x\n' }) });
    expect(r.code).toBe(2);
    oneLine(r.stderr, pattern);
    expect(r.stdout).toBe('');
  });

  it('short flags mean their long options (-f json -q, grouped -qv)', () => {
    const dir = dirWith({ 'app.js': tokenLine(fakeToken()) });
    const r = runCli(['-f', 'json', '-qv', '-r', 'signalwire-api-token', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; file: string }[] };
    expect(report.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['signalwire-api-token app.js']);
  });

  it("`completion bash` and `completion zsh` print the scripts; the script's query lists commands", () => {
    const bash = runCli(['completion', 'bash'], { env: { SHELL: '/bin/zsh' } });
    expect(bash.code).toBe(0);
    expect(bash.stdout).toContain('complete -o bashdefault -o default -F _swlint_yargs_completions swlint');
    const zsh = runCli(['completion', 'zsh'], { env: { SHELL: '/bin/bash' } });
    expect(zsh.code).toBe(0);
    expect(zsh.stdout).toMatch(/^#compdef swlint/);
    // the query answers with the candidates that start with the word being completed
    const query = runCli(['--get-yargs-completions', 'swlint', 'hi']);
    expect(query.stdout.split('\n').filter(Boolean)).toEqual(['history']);
    const commands = runCli(['--get-yargs-completions', 'swlint', '']);
    expect(commands.stdout.split('\n')).toEqual(expect.arrayContaining(['history', 'staged', 'diff']));
    const options = runCli(['--get-yargs-completions', 'swlint', 'history', '--']);
    expect(options.stdout.split('\n')).toEqual(expect.arrayContaining(['--since', '--branch', '--range']));
  });
});

describe('12.4 no silent no-ops', () => {
  it('--rule X --disable X runs nothing: exit 2', () => {
    const dir = dirWith({ 'app.js': tokenLine(fakeToken()) });
    const r = runCli(['--rule', 'signalwire-api-token', '--disable', 'signalwire-api-token'], { cwd: dir });
    expect(r.code).toBe(2);
    oneLine(r.stderr, /^swlint: --rule signalwire-api-token and --disable signalwire-api-token contradict each other/);
  });

  it('history: --branch with --range, and dates git cannot read, are errors; real dates work', () => {
    const repo = TestRepo.create();
    repo.write('app.js', tokenLine(fakeToken())).commit('add app');
    repo.git('branch', 'feature');
    const both = runCli(['history', '--branch', 'main', '--range', 'main..feature'], { cwd: repo.dir });
    expect(both.code).toBe(2);
    oneLine(both.stderr, /^swlint: --branch and --range both choose the commits/);
    for (const bad of ['notadate', 'tomorow', '2030-01-01']) {
      const r = runCli(['history', '--since', bad], { cwd: repo.dir });
      expect(r.code, bad).toBe(2);
      oneLine(r.stderr, new RegExp(`^swlint: --since "${bad}" is not a past date git understands`));
    }
    // the commit is dated 2024-01-01: after 2023-12-31, not after 2024-06-01
    expect(runCli(['history', '--since', '2023-12-31'], { cwd: repo.dir }).code).toBe(1);
    const later = runCli(['history', '--since', '2024-06-01'], { cwd: repo.dir });
    expect([later.code, later.stderr]).toEqual([0, '']);
    expect(runCli(['history', '--since', '10 years ago'], { cwd: repo.dir }).code).toBe(1);
  });

  it.skipIf(isRoot && !hasSetpriv)('a file named on the command line that cannot be read: the rest is scanned and reported, then exit 2 with one line', () => {
    const dir = dirWith({ 'ok.js': tokenLine(fakeToken()), 'locked.js': tokenLine(fakeToken()) });
    chmodSync(dir, 0o755);
    chmodSync(path.join(dir, 'ok.js'), 0o644);
    chmodSync(path.join(dir, 'locked.js'), 0o000);
    const r = asUnprivileged(['locked.js', 'ok.js', '--format', 'json'], dir);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout) as { findings: { file: string }[] };
    expect(report.findings.map((f) => f.file)).toEqual(['ok.js']);
    oneLine(r.stderr, /^swlint: error: cannot read locked\.js: permission denied/);
  });

  it('`scan -` reads standard input; --stdin-filename names it and picks the language of the fix', () => {
    const token = fakeToken();
    const dir = dirWith({});
    const py = runCli(['scan', '-', '--stdin-filename', 'src/app.py', '--format', 'json'], { cwd: dir, input: `SIGNALWIRE_TOKEN = "${token}"\n` });
    expect(py.code).toBe(1);
    const report = JSON.parse(py.stdout) as {
      findings: { ruleId: string; file: string; line: number; fix: string; match: string }[];
      summary: { files: number };
    };
    expect(report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['signalwire-api-token src/app.py:1']);
    expect(report.findings[0]!.fix).toContain('os.environ');
    expect(report.findings[0]!.match).not.toBe(token);
    expect(report.summary.files).toBe(1);
    const js = runCli(['scan', '-', '--stdin-filename', 'app.js', '--format', 'json'], { cwd: dir, input: tokenLine(token) });
    expect((JSON.parse(js.stdout) as typeof report).findings[0]!.fix).toContain('process.env');
    const unnamed = runCli(['-'], { cwd: dir, input: tokenLine(token) });
    expect(unnamed.code).toBe(1);
    expect(unnamed.stdout).toMatch(/^<stdin>$/m);
  });

  it('`scan -` reads no more than --max-file-size and reports the input as skipped', () => {
    const r = runCli(['scan', '-', '--max-file-size', '1K', '--format', 'json'], { input: tokenLine(fakeToken()).repeat(100) });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { skipped: { file: string; reason: string }[]; summary: { files: number } };
    expect(report.skipped).toEqual([expect.objectContaining({ file: '<stdin>', reason: 'too-large' })]);
    expect(report.summary.files).toBe(0);
  });

  it('`scan -` takes no other path, and --stdin-filename needs it', () => {
    const a = runCli(['scan', '-', 'src']);
    expect(a.code).toBe(2);
    oneLine(a.stderr, /reads standard input only/);
    const b = runCli(['scan', '--stdin-filename', 'x.js']);
    expect(b.code).toBe(2);
    oneLine(b.stderr, /--stdin-filename names standard input/);
  });
});

describe('12.10 errors say what happened, in one line', () => {
  it.skipIf(isRoot && !hasSetpriv)('a directory that cannot be listed', () => {
    const dir = dirWith({ 'locked/a.js': tokenLine(fakeToken()), 'ok.js': tokenLine(fakeToken()) });
    chmodSync(dir, 0o755);
    chmodSync(path.join(dir, 'ok.js'), 0o644);
    chmodSync(path.join(dir, 'locked'), 0o000);
    const alone = asUnprivileged(['locked/'], dir);
    expect(alone.code).toBe(2);
    oneLine(alone.stderr, /^swlint: error: cannot list directory locked\/: permission denied/);
    const withOther = asUnprivileged(['locked/', 'ok.js', '--format', 'json'], dir);
    chmodSync(path.join(dir, 'locked'), 0o755);
    expect(withOther.code).toBe(2);
    expect((JSON.parse(withOther.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file)).toEqual(['ok.js']);
    oneLine(withOther.stderr, /cannot list directory locked\//);
    expect(withOther.stderr).not.toMatch(/EACCES|spawn/);
  });

  it('--timeout -1', () => {
    const r = runCli(['--timeout', '-1']);
    expect(r.code).toBe(2);
    oneLine(r.stderr, /^swlint: --timeout must be a number of seconds greater than 0/);
  });

  it('--output into a missing directory', () => {
    const dir = dirWith({ 'a.js': 'x\n' });
    const r = runCli(['--output', path.join(dir, 'missing', 'report.txt')], { cwd: dir });
    expect(r.code).toBe(2);
    oneLine(r.stderr, /^swlint: cannot write .*missing\/report\.txt: no such directory; nothing was written \(choose another path\)$/);
  });

  it('--output onto a directory says so, and only what helps', () => {
    const dir = dirWith({ 'a.js': 'x\n', 'out/keep.txt': 'x\n' });
    const r = runCli(['--output', 'out'], { cwd: dir });
    expect(r.code).toBe(2);
    oneLine(r.stderr, /^swlint: cannot write out: it is a directory; nothing was written \(choose another path\)$/);
  });

  it('a missing path is named as it was typed', () => {
    const dir = dirWith({ 'a.js': 'x\n' });
    const r = runCli(['/nonexistent-swlint-path'], { cwd: dir });
    expect(r.code).toBe(2);
    oneLine(r.stderr, /^swlint: error: no such file or directory: \/nonexistent-swlint-path \(check the path, or leave it out\)$/);
  });

  it('a working directory deleted under the shell: say so, exit 2', () => {
    const parent = tempDir('swlint-cli-');
    // the shell enters the directory, which then goes away: node starts in a directory that no longer exists
    for (const command of ['staged', 'scan']) {
      const r = spawnSync('sh', ['-c', 'mkdir gone && cd gone && rmdir ../gone && exec "$0" "$1" "$2"', process.execPath, CLI, command], {
        cwd: parent,
        encoding: 'utf8',
        env: GIT_TEST_ENV,
      });
      expect(r.status).toBe(2);
      oneLine(r.stderr, /^swlint: the current directory no longer exists \(deleted or moved\): cd into the repository again and rerun swlint$/);
    }
  });

  it('diff with a range says to pass BASE and HEAD as two arguments', () => {
    const repo = TestRepo.create();
    repo.write('a.js', 'x\n').commit('one');
    repo.git('branch', 'feature');
    for (const range of ['main..feature', 'main...feature']) {
      const r = runCli(['diff', range], { cwd: repo.dir });
      expect(r.code).toBe(2);
      oneLine(r.stderr, /^swlint: `swlint diff` takes BASE and HEAD as two arguments, not a range: swlint diff main feature$/);
    }
  });

  it('--output - is standard output, not a file named -', () => {
    const dir = dirWith({ 'app.js': tokenLine(fakeToken()) });
    const r = runCli(['--output', '-', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { findings: unknown[] }).findings).toHaveLength(1);
    expect(existsSync(path.join(dir, '-'))).toBe(false);
  });
});

describe('12.12 conventions', () => {
  it('--output FILE still prints the one-line summary on stderr', () => {
    const dir = dirWith({ 'app.js': tokenLine(fakeToken()), 'b.js': 'ok\n' });
    const out = path.join(dir, 'report.sarif');
    const r = runCli(['app.js', 'b.js', '--format', 'sarif', '--output', out], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    oneLine(r.stderr, /^swlint: 1 problem \(1 error\); 2 files scanned; report written to .*report\.sarif$/);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('runs');
  });

  it('--color wins over NO_COLOR; NO_COLOR alone (or --no-color) stays plain', () => {
    const dir = dirWith({ 'app.js': tokenLine(fakeToken()) });
    expect(runCli(['--color'], { cwd: dir, env: { NO_COLOR: '1' } }).stdout).toContain('\x1b[');
    expect(runCli([], { cwd: dir, env: { NO_COLOR: '1' } }).stdout).not.toContain('\x1b[');
    expect(runCli(['--no-color'], { cwd: dir }).stdout).not.toContain('\x1b[');
  });

  it('the summary says how many files were scanned, not "in N files"', () => {
    const dir = dirWith({ 'app.js': tokenLine(fakeToken()), 'b.js': 'ok\n', 'c.js': 'ok\n' });
    const r = runCli([], { cwd: dir });
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^✖ 1 problem \(1 error\); 3 files scanned \(\d+ ms\)$/);
  });

  it('JUnit: findings below --fail-on are not failures; at or above they are', () => {
    // a hard-coded space URL is a warning
    const dir = dirWith({ 'app.js': "const base = 'https://quarry-freight.signalwire.com/api/laml';\n" });
    const pass = runCli(['--format', 'junit'], { cwd: dir });
    expect(pass.code).toBe(0);
    expect(pass.stdout).toMatch(/<testsuite name="swlint" tests="\d+" failures="0"/);
    expect(pass.stdout).toContain('<system-out>');
    const fail = runCli(['--format', 'junit', '--fail-on', 'warning'], { cwd: dir });
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/<testsuite name="swlint" tests="\d+" failures="1"/);
    expect(fail.stdout).toContain('<failure type="signalwire-space-url"');
  });

  it('--max-file-size takes units: 1K skips a 2,000-byte file, 5MB scans it', () => {
    const dir = dirWith({ 'big.js': tokenLine(fakeToken()) + '// padding\n'.repeat(180) });
    const small = runCli(['--max-file-size', '1K', '--format', 'json'], { cwd: dir });
    expect(small.code).toBe(0);
    expect((JSON.parse(small.stdout) as { skipped: { reason: string; detail: string }[] }).skipped[0]).toMatchObject({
      reason: 'too-large',
      detail: expect.stringContaining('--max-file-size 1024'),
    });
    expect(runCli(['--max-file-size', '5MB'], { cwd: dir }).code).toBe(1);
    const bad = runCli(['--max-file-size', '5XB'], { cwd: dir });
    expect(bad.code).toBe(2);
    oneLine(bad.stderr, /--max-file-size must be a size such as/);
  });

  it('no progress output when stderr is not a terminal (scan of 300 files, diff over 30 commits)', () => {
    const dir = dirWith(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f${i}.js`, 'ok\n'])));
    const r = runCli(['--jobs', '1'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const repo = TestRepo.create();
    repo.write('a.js', '0\n').commit('base');
    for (let i = 1; i <= 30; i++) repo.write('a.js', `${i}\n`).commit(`c${i}`);
    const d = runCli(['diff', 'HEAD~30'], { cwd: repo.dir });
    expect([d.code, d.stderr]).toEqual([0, '']);
  });
});

describe('rules', () => {
  it("shows each fix for a file it fits: a JavaScript file for content rules, a repository rule's own kind of file", () => {
    const r = runCli(['rules']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('fix (for .env): Stop tracking it with `git rm --cached .env`');
    expect(r.stdout).toContain('fix (for data/dump.sql): Check data/dump.sql by hand');
    expect(r.stdout).toContain('fix (JavaScript example): Replace the literal with process.env.SIGNALWIRE_API_TOKEN');
    const json = JSON.parse(runCli(['rules', '--format', 'json']).stdout) as { id: string; fix: string }[];
    expect(json.find((x) => x.id === 'dotenv-not-ignored')?.fix).toContain('Add `.env`');
  });
});

describe('12.13 rules --help', () => {
  it('lists only the formats rules supports', () => {
    const r = runCli(['rules', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[text|json]');
    expect(r.stdout).not.toMatch(/sarif|junit|github/);
    const bad = runCli(['rules', '--format', 'sarif']);
    expect(bad.code).toBe(2);
    oneLine(bad.stderr, /--format must be one of text, json/);
  });
});
