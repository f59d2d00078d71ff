// The built CLI on realistic trees: exact findings, exit codes and output channels.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, runCli, runJson, summarize } from '../helpers/cli.js';
import { git } from '../helpers/git-env.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';

const NODE_APP = [
  'dotenv-not-ignored .env:1',
  'signalwire-api-token .env:3',
  // text with two stray NUL bytes, named .bin: binary is decided by content, so it is scanned (issue 9.7)
  'signalwire-api-token assets/data.bin:1',
  // a PNG signature in front of a token in clear: its strings are read (a signature alone does not make a file unreadable)
  'signalwire-api-token assets/logo.png:1',
  'signalwire-api-token legacy/bom_crlf.py:4',
  'signalwire-api-token legacy/creds-utf16le.env.txt:3',
  'signalwire-api-token legacy/old-mac.txt:3',
  'signalwire-api-token public/bundle.min.js:2',
  'signalwire-api-token src/send.js:5',
  'signalwire-basic-auth legacy/check.sh:3',
  'signalwire-insecure-http src/status.ts:4',
  'signalwire-project-id .env:2',
  'signalwire-project-id public/bundle.min.js:2',
  'signalwire-project-id src/send.js:5',
  'signalwire-signing-key legacy/webhooks-utf16be.ini:2',
  'signalwire-signing-key sub/webhook_settings.py:2',
  'signalwire-space-url .env:4',
  'signalwire-space-url docs/README.md:9',
  'signalwire-space-url legacy/check.sh:3',
  'signalwire-space-url public/bundle.min.js:2',
  'signalwire-space-url src/send.js:6',
  'signalwire-space-url src/status.ts:4',
];

function initRepo(dir: string): void {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Fixture');
  git(dir, 'config', 'user.email', 'fixture@example.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
}

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanupTempDirs();
  cleanups = [];
});

function fixture(name: string): string {
  const f = copyFixture(name);
  cleanups.push(f.cleanup);
  return f.dir;
}

describe('swlint scan (outside a git repository)', () => {
  it('reports exactly the planted problems, honours nested .gitignore, and exits 1', () => {
    const dir = fixture('node-app');
    const { code, report } = runJson(['scan', dir]);
    expect(summarize(report)).toEqual(NODE_APP);
    expect(code).toBe(1);
    expect(report.root).toBe(dir);
    expect(report.mode).toBe('scan');
    expect(report.skipped).toEqual([
      { file: '.', reason: 'ignored', detail: '3 files that .gitignore excludes (scan them with --no-ignore)' },
      { file: 'assets/logo.png', reason: 'binary', detail: 'its strings were scanned' },
    ]);
  });

  it('--no-ignore also scans what .gitignore excludes (like rg -u), and then skips none as ignored', () => {
    const dir = fixture('node-app');
    const { report } = runJson(['scan', dir, '--no-ignore']);
    expect(summarize(report)).toEqual(
      [
        ...NODE_APP,
        'signalwire-api-token debug.log:1',
        'signalwire-api-token node_modules/left-pad/index.js:1',
        'signalwire-api-token sub/secrets.txt:1',
      ].sort(),
    );
    expect(report.skipped.map((s) => s.reason)).toEqual(['binary']);
  });

  it('stays silent on hard negatives: placeholders, doc values, other vendors, env lookups, service hosts', () => {
    const dir = fixture('hard-negatives');
    const { code, report } = runJson(['scan', dir]);
    expect(summarize(report)).toEqual([]);
    expect(report.summary.files).toBe(10);
    expect(code).toBe(0);
  });

  it('gets columns right in UTF-16, BOM+CRLF and lone-CR files', () => {
    const dir = fixture('node-app');
    const { report } = runJson(['scan', dir]);
    const at = (file: string) => report.findings.find((f) => f.file === file && f.ruleId !== 'dotenv-not-ignored');
    expect(at('legacy/creds-utf16le.env.txt')).toMatchObject({ line: 3, column: 22 });
    expect(at('legacy/webhooks-utf16be.ini')).toMatchObject({ line: 2, column: 15 });
    expect(at('legacy/bom_crlf.py')).toMatchObject({ line: 4, column: 10 });
    expect(at('legacy/old-mac.txt')).toMatchObject({ line: 3, column: 1 });
  });

  it('defaults to the current directory (npx swlint)', () => {
    const dir = fixture('node-app');
    const { code, report } = runJson([], { cwd: dir });
    expect(code).toBe(1);
    expect(summarize(report)).toEqual(NODE_APP);
  });

  it('exits 0 on a clean tree', () => {
    const t = { dir: tempDir() };
    writeFileSync(path.join(t.dir, 'app.js'), 'const token = process.env.SIGNALWIRE_API_TOKEN;\n');
    const r = runCli(['scan', t.dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no SignalWire credential problems; 1 file scanned/);
  });

  it('scans files named on the command line even when ignored, with root = cwd', () => {
    const dir = fixture('node-app');
    const { code, report } = runJson(['scan', 'sub/secrets.txt', 'debug.log'], { cwd: dir });
    expect(code).toBe(1);
    expect(report.root).toBe(dir);
    expect(summarize(report)).toEqual(['signalwire-api-token debug.log:1', 'signalwire-api-token sub/secrets.txt:1']);
  });

  it('scans a directory given twice only once', () => {
    const dir = fixture('node-app');
    const { report } = runJson(['scan', 'src', './src', 'src/send.js'], { cwd: dir });
    expect(summarize(report)).toEqual([
      'signalwire-api-token src/send.js:5',
      'signalwire-insecure-http src/status.ts:4',
      'signalwire-project-id src/send.js:5',
      'signalwire-space-url src/send.js:6',
      'signalwire-space-url src/status.ts:4',
    ]);
  });

  it('names every file from the scan root: a repository inside a plain directory, paths beside the current directory', () => {
    const plain = tempDir();
    writeFileSync(path.join(plain, 'app.js'), `const signalwireToken = '${fakeToken()}';\n`);
    const inner = path.join(plain, 'services', 'inner');
    mkdirSync(path.join(inner, 'src'), { recursive: true });
    git(inner, 'init', '-q');
    writeFileSync(path.join(inner, 'src', 'a.js'), `const signalwireToken = '${fakeToken()}';\n`);
    writeFileSync(path.join(inner, '.env'), `SIGNALWIRE_API_TOKEN=${fakeToken()}\n`);
    git(inner, 'add', '-A');
    git(inner, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'a');
    writeFileSync(path.join(inner, 'notes.txt'), `signalwire token ${fakeToken()}\n`);
    // the plain directory: fast-glob's walk, the repository inside listed by git, named from the root
    expect(summarize(runJson(['scan', plain]).report).sort()).toEqual([
      'dotenv-committed services/inner/.env:1',
      'signalwire-api-token app.js:1',
      'signalwire-api-token services/inner/.env:1',
      'signalwire-api-token services/inner/notes.txt:1',
      'signalwire-api-token services/inner/src/a.js:1',
    ]);
    // from inside the repository: a file beside it, the repository, and a file in it named again
    const fromInner = runJson(['scan', '../../app.js', '.', 'src/a.js'], { cwd: inner });
    expect(fromInner.report.root).toBe(inner);
    expect(summarize(fromInner.report).sort()).toEqual([
      'dotenv-committed .env:1',
      'signalwire-api-token ../../app.js:1',
      'signalwire-api-token .env:1',
      'signalwire-api-token notes.txt:1',
      'signalwire-api-token src/a.js:1',
    ]);
    expect(fromInner.report.summary.files).toBe(4);
  });

  it('lists files over --max-file-size as skipped, never silently', () => {
    const dir = fixture('node-app');
    const { report } = runJson(['scan', dir, '--max-file-size', '300']);
    expect(report.skipped).toContainEqual(expect.objectContaining({ file: 'src/send.js', reason: 'too-large' }));
    expect(report.findings.some((f) => f.file === 'src/send.js')).toBe(false);
  });

  it('narrows with --rule and --disable, and --fail-on decides the exit code', () => {
    const dir = fixture('node-app');
    const only = runJson(['scan', dir, '--rule', 'signalwire-signing-key']);
    expect(summarize(only.report)).toEqual(['signalwire-signing-key legacy/webhooks-utf16be.ini:2', 'signalwire-signing-key sub/webhook_settings.py:2']);
    const warningsOnly = runJson(['scan', path.join(dir, 'docs')]);
    expect(summarize(warningsOnly.report)).toEqual(['signalwire-space-url README.md:9']);
    expect(warningsOnly.code).toBe(0);
    // a Space URL in documentation is reported at info level (src/detect/documentation.ts)
    expect(warningsOnly.report.findings[0]?.severity).toBe('info');
    expect(runJson(['scan', path.join(dir, 'docs'), '--fail-on', 'warning']).code).toBe(0);
    expect(runJson(['scan', path.join(dir, 'docs'), '--fail-on', 'info']).code).toBe(1);
    expect(runJson(['scan', dir, '--fail-on', 'never']).code).toBe(0);
    const disabled = runJson(['scan', path.join(dir, 'docs'), '--disable', 'signalwire-space-url']);
    expect(disabled.report.findings).toEqual([]);
  });
});

describe('swlint scan in a git repository', () => {
  it('asks git: tracked .env is dotenv-committed, info/exclude and nested .gitignore are honoured', () => {
    const dir = fixture('node-app');
    initRepo(dir);
    writeFileSync(path.join(dir, '.git/info/exclude'), 'legacy/old-mac.txt\n');
    git(dir, 'add', '-A');
    git(dir, 'add', '-f', '.env');
    git(dir, 'commit', '-qm', 'fixture');
    mkdirSync(path.join(dir, 'config'));
    writeFileSync(path.join(dir, 'config/.env.production'), 'NODE_ENV=production\n');
    const { report } = runJson(['scan', dir]);
    const lines = summarize(report);
    expect(lines).toContain('dotenv-committed .env:1');
    expect(lines).toContain('dotenv-not-ignored config/.env.production:1');
    expect(lines).not.toContain('dotenv-not-ignored .env:1');
    expect(lines.some((l) => l.includes('old-mac.txt'))).toBe(false);
    expect(lines.some((l) => l.includes('secrets.txt') || l.includes('node_modules') || l.includes('debug.log'))).toBe(false);
  });

  it('a .env that is a symbolic link is no finding (git holds the path only); a tracked .env that .gitignore covers needs only git rm --cached', () => {
    const dir = tempDir();
    initRepo(dir);
    mkdirSync(path.join(dir, 'deploy'));
    symlinkSync('/srv/app/shared/.env', path.join(dir, 'deploy', '.env'));
    symlinkSync('../secrets/.env.local', path.join(dir, '.env.local'));
    writeFileSync(path.join(dir, '.gitignore'), '.env\n');
    writeFileSync(path.join(dir, '.env'), 'DEBUG=1\n');
    git(dir, 'add', '-A');
    git(dir, 'add', '-f', '.env');
    git(dir, 'commit', '-qm', 'links');
    expect(summarize(runJson(['scan', dir, '--fail-on', 'never']).report)).toEqual(['dotenv-committed .env:1']);
    expect(summarize(runJson(['history', '--fail-on', 'never'], { cwd: dir }).report)).toEqual(['dotenv-committed .env:1 @ links']);
    const committed = runJson(['scan', dir, '--fail-on', 'never']).report.findings[0]!;
    expect(committed.fix).toContain('git rm --cached .env` (.gitignore already covers it');
    expect(committed.fix).not.toContain('to .gitignore');
  });

  it('in the middle of a merge conflict: a file the index holds at three stages is scanned once, with both sides', () => {
    const dir = tempDir();
    initRepo(dir);
    writeFileSync(path.join(dir, 'config.js'), 'module.exports = {};\n');
    writeFileSync(path.join(dir, 'app.js'), 'require("./config");\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base');
    git(dir, 'checkout', '-qb', 'feature');
    writeFileSync(path.join(dir, 'config.js'), `module.exports = { signalwireToken: '${fakeToken()}' };\n`);
    git(dir, 'commit', '-qam', 'feature');
    git(dir, 'checkout', '-q', 'main');
    writeFileSync(path.join(dir, 'config.js'), `module.exports = { signalwireToken: '${fakeToken()}', space: 'acme' };\n`);
    git(dir, 'commit', '-qam', 'main');
    expect(() => git(dir, 'merge', '-q', 'feature')).toThrow();
    expect(git(dir, 'ls-files', '--stage', 'config.js').trim().split('\n')).toHaveLength(3);
    const { report } = runJson(['scan', '.'], { cwd: dir });
    // the conflict markers keep both sides: <<<<<<< HEAD (main's line), ======= , feature's line
    expect(summarize(report)).toEqual(['signalwire-api-token config.js:2', 'signalwire-api-token config.js:4']);
    expect(report.summary.files).toBe(2);
  });

  it('counts the files git ignores (an installed node_modules), leaves the allowlisted ones out, and scans them all with --no-ignore', () => {
    const dir = tempDir();
    initRepo(dir);
    writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\nbuild/\n');
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', swlint: { allowlist: { paths: ['build/**'] } } }));
    writeFileSync(path.join(dir, 'app.js'), 'module.exports = {};\n');
    for (let p = 0; p < 40; p++) {
      mkdirSync(path.join(dir, `node_modules/pkg-${p}/lib`), { recursive: true });
      for (let f = 0; f < 25; f++) writeFileSync(path.join(dir, `node_modules/pkg-${p}/lib/m${f}.js`), 'module.exports = 1;\n');
    }
    writeFileSync(path.join(dir, 'node_modules/pkg-7/lib/config.js'), `const token = '${fakeToken()}';\n`);
    mkdirSync(path.join(dir, 'build'));
    writeFileSync(path.join(dir, 'build/out.js'), `const token = '${fakeToken()}';\n`);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'app');
    const plain = runJson(['scan', '.'], { cwd: dir });
    expect(summarize(plain.report)).toEqual([]);
    expect(plain.report.skipped).toEqual([{ file: '.', reason: 'ignored', detail: '1001 files that .gitignore excludes (scan them with --no-ignore)' }]);
    const all = runJson(['scan', '.', '--no-ignore'], { cwd: dir });
    expect(summarize(all.report)).toEqual(['signalwire-api-token node_modules/pkg-7/lib/config.js:1']);
    expect(all.report.skipped).toEqual([]);
    expect(all.report.summary.files).toBe(1 + 1001 + 2);
  });
});

describe('output', () => {
  it('redacts secrets in every format by default and shows them only with --no-redact', () => {
    const dir = fixture('node-app');
    const secret = 'PTf37405b43e131d1af24108e88f27ce60f28e9d0d479243ed';
    for (const format of ['text', 'json']) {
      const r = runCli(['scan', path.join(dir, 'src'), '--format', format, '--verbose']);
      expect(r.stdout + r.stderr).not.toContain(secret);
      expect(r.stdout).toContain('PTf3…43ed');
    }
    expect(runCli(['scan', path.join(dir, 'src'), '--no-redact']).stdout).toContain(secret);
  });

  it('prints the text report grouped by file, with the source line, the fix and a summary, without colour when piped', () => {
    const dir = fixture('node-app');
    const r = runCli(['scan', path.join(dir, 'src')]);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    expect(r.stdout).toMatch(/^send\.js$/m);
    expect(r.stdout).toContain("RestClient('9f86…9628', 'PTf3…43ed', {");
    expect(r.stdout).toContain('fix: Replace the literal with process.env.SIGNALWIRE_API_TOKEN');
    expect(r.stdout).toMatch(/✖ 5 problems \(1 error, 4 warnings\); 3 files scanned/);
  });

  it('colours only when asked; NO_COLOR turns the default off, an explicit --color wins (no-color.org)', () => {
    const dir = fixture('node-app');
    expect(runCli(['scan', path.join(dir, 'src'), '--color']).stdout).toMatch(/\x1b\[/);
    expect(runCli(['scan', path.join(dir, 'src'), '--color'], { env: { NO_COLOR: '1' } }).stdout).toMatch(/\x1b\[/);
    expect(runCli(['scan', path.join(dir, 'src')], { env: { NO_COLOR: '1' } }).stdout).not.toMatch(/\x1b\[/);
  });

  it('fits the fix to the language of the file', () => {
    const t = { dir: tempDir() };
    const token = 'PT9412caaf7dae87a93a25b944085c07b8dfb2b6b4ee30ba70';
    const files: Record<string, string> = {
      'a.py': `TOKEN = "${token}"\n`,
      'a.php': `$t = '${token}';\n`,
      'a.rb': `TOKEN = '${token}'\n`,
      'a.go': `const token = "${token}"\n`,
      'a.cs': `var t = "${token}";\n`,
      'compose.yml': `  SIGNALWIRE_API_TOKEN: ${token}\n`,
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(t.dir, name), text);
    const { report } = runJson(['scan', t.dir]);
    const fixOf = (file: string) => report.findings.find((f) => f.file === file)?.fix ?? '';
    expect(fixOf('a.py')).toContain('os.environ["SIGNALWIRE_API_TOKEN"]');
    expect(fixOf('a.php')).toContain("getenv('SIGNALWIRE_API_TOKEN')");
    expect(fixOf('a.rb')).toContain('ENV.fetch("SIGNALWIRE_API_TOKEN")');
    expect(fixOf('a.go')).toContain('os.Getenv("SIGNALWIRE_API_TOKEN")');
    expect(fixOf('a.cs')).toContain('Environment.GetEnvironmentVariable("SIGNALWIRE_API_TOKEN")');
    expect(fixOf('compose.yml')).toContain('${SIGNALWIRE_API_TOKEN}');
    for (const f of report.findings) expect(f.fix).toMatch(/API > Tokens/);
  });

  it('keeps fingerprints stable when lines move', () => {
    const t = { dir: tempDir() };
    const file = path.join(t.dir, 'a.js');
    const token = 'PT9412caaf7dae87a93a25b944085c07b8dfb2b6b4ee30ba70';
    writeFileSync(file, `const t = '${token}';\n`);
    const before = runJson(['scan', t.dir]).report.findings[0];
    writeFileSync(file, `// moved\n\n\nconst t = '${token}';\n`);
    const after = runJson(['scan', t.dir]).report.findings[0];
    expect(after?.line).toBe(4);
    expect(after?.fingerprint).toBe(before?.fingerprint);
    expect(after?.fingerprint).not.toContain(token);
  });
});

describe('errors', () => {
  it('exits 2 with one line on stderr for a missing path, an unknown rule, bad options and broken config', () => {
    const t = { dir: tempDir() };
    const missing = runCli(['scan', path.join(t.dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/no such file or directory/);
    const unknownRule = runCli(['scan', t.dir, '--rule', 'no-such-rule']);
    expect(unknownRule.code).toBe(2);
    expect(unknownRule.stderr).toMatch(/unknown rule id "no-such-rule"/);
    expect(runCli(['scan', t.dir, '--format', 'xml']).code).toBe(2);
    writeFileSync(path.join(t.dir, '.swlintrc.json'), '{ "rules": { "signalwire-api-token": "loud" } }');
    const badConfig = runCli(['scan', t.dir]);
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toMatch(/\.swlintrc\.json: "rules\.signalwire-api-token" must be/);
    expect(badConfig.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
