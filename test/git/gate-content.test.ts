// diff and staged judge exactly the text scan and history judge (issue 9, items 6, 7, 11, 12,
// 14, 15, and "earliest commit" of issue 11): blobs are read and decoded by swlint and the
// added lines worked out with its own line model, so git's attributes, binary guess and line
// numbering cannot hide a token. Real repositories, the built CLI, exact exit codes.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GIT_TEST_ENV } from '../helpers/git-env.js';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeProjectId, fakeToken } from '../helpers/secrets.js';
import { runCli, runJson, summarize } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

const line = (t: string) => `const client = new RestClient('proj', '${t}');`;

/** A repository with one base commit; returns it and BASE's id. */
function withBase(): { repo: TestRepo; base: string } {
  const repo = TestRepo.create();
  repo.write('README.md', '# app\n').commit('Initial commit');
  return { repo, base: repo.git('rev-parse', 'HEAD').trim() };
}

/** Runs the gate and the hook on the same change: `diff BASE` after committing, `staged` before. */
function gateAndHook(files: Record<string, string | Buffer>, extraArgs: string[] = [], withHistory = true) {
  const { repo, base } = withBase();
  for (const [name, content] of Object.entries(files)) {
    const abs = path.join(repo.dir, name);
    execFileSync('mkdir', ['-p', path.dirname(abs)]);
    writeFileSync(abs, content);
  }
  repo.git('add', '-A');
  const staged = runJson(['staged', ...extraArgs], { cwd: repo.dir });
  repo.commit('Change');
  const diff = runJson(['diff', base, ...extraArgs], { cwd: repo.dir });
  const history = withHistory ? runJson(['history', ...extraArgs], { cwd: repo.dir }) : diff;
  return { repo, staged, diff, history };
}

const withoutMessages = (lines: string[]) => lines.filter((l) => !l.includes('(commit message)'));

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A PNG as real ones are: a header chunk, compressed bytes (random), the end chunk; `inside` among the compressed bytes. */
const realPng = (inside = Buffer.alloc(0)) =>
  Buffer.concat([
    PNG_SIGNATURE,
    Buffer.from('0000000d49484452000000400000004008060000', 'hex'),
    randomBytes(2048),
    inside,
    randomBytes(2048),
    Buffer.from('0000000049454e44ae426082', 'hex'),
  ]);

describe('one line model (9.6)', () => {
  it('a finding after a lone CR is on an added line in diff and staged, as in scan and history', () => {
    const { staged, diff, history } = gateAndHook({ 'src/config.js': `// config\r${line(fakeToken())}\n` });
    expect(staged.code).toBe(1);
    expect(summarize(staged.findings)).toEqual(['signalwire-api-token src/config.js:2']);
    expect(diff.code).toBe(1);
    expect(summarize(diff.findings)).toEqual(['signalwire-api-token src/config.js:2 @ Change']);
    expect(summarize(history.findings)).toEqual(['signalwire-api-token src/config.js:2 @ Change']);
  });
});

describe('the same decoded text in every mode (9.7)', () => {
  it('.gitattributes -diff does not hide a file', () => {
    const { staged, diff } = gateAndHook({ '.gitattributes': 'secret.js -diff\n', 'secret.js': `${line(fakeToken())}\n` });
    expect([staged.code, diff.code]).toEqual([1, 1]);
    expect(summarize(staged.findings)).toEqual(['signalwire-api-token secret.js:1']);
    expect(summarize(diff.findings)).toEqual(['signalwire-api-token secret.js:1 @ Change']);
  });

  it('a NUL byte after the token does not make the file binary', () => {
    const { staged, diff, history } = gateAndHook({ 'app.js': `${line(fakeToken())}\n\0trailer\n` });
    expect([staged.code, diff.code, history.code]).toEqual([1, 1, 1]);
    expect(summarize(diff.findings)).toEqual(['signalwire-api-token app.js:1 @ Change']);
    expect(summarize(staged.findings)).toEqual(['signalwire-api-token app.js:1']);
  });

  it('UTF-16LE with a BOM is decoded', () => {
    const text = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`// settings\r\n${line(fakeToken())}\r\n`, 'utf16le')]);
    const { staged, diff } = gateAndHook({ 'settings.cs': text });
    expect([staged.code, diff.code]).toEqual([1, 1]);
    expect(summarize(staged.findings)).toEqual(['signalwire-api-token settings.cs:2']);
    expect(summarize(diff.findings)).toEqual(['signalwire-api-token settings.cs:2 @ Change']);
  });

  it('text named *.dat, *.bin, *.db is scanned in every mode; a real PNG is skipped, not a finding', () => {
    const png = realPng();
    const files = { 'a.dat': `${line(fakeToken())}\n`, 'b.bin': `${line(fakeToken())}\n`, 'c.db': `${line(fakeToken())}\n`, 'logo.png': png };
    const { repo, staged, diff, history } = gateAndHook(files);
    const want = ['signalwire-api-token a.dat:1', 'signalwire-api-token b.bin:1', 'signalwire-api-token c.db:1'];
    expect(summarize(staged.findings)).toEqual(want);
    expect(withoutMessages(summarize(diff.findings))).toEqual(want.map((w) => `${w} @ Change`));
    expect(summarize(history.findings)).toEqual(want.map((w) => `${w} @ Change`));
    const scan = runJson(['scan', '.'], { cwd: repo.dir });
    expect(summarize(scan.findings)).toEqual(want);
    const skipped = JSON.parse(runCli(['diff', 'HEAD~1', '--format', 'json'], { cwd: repo.dir }).stdout).skipped as { file: string; reason: string }[];
    expect(skipped).toEqual([{ file: 'logo.png', reason: 'binary' }]);
  });

  it("a build output's strings are scanned in every mode: a token compiled into a DLL or bytecode is found once, a PNG's bytes are not read", () => {
    const [token, other] = [fakeToken(), fakeToken()];
    const u16 = (s: string) => Buffer.from(s, 'utf16le');
    const header = Buffer.alloc(256);
    header.write('MZ\x90\x00', 0, 'latin1');
    // a .NET assembly: UTF-16LE user strings, each after a printable length byte, the token twice
    const dll = Buffer.concat([
      header,
      Buffer.from('\0SignalWire.Relay\0', 'latin1'),
      Buffer.from([0x65]),
      u16(token),
      Buffer.from([0, 0x65]),
      u16(token),
      Buffer.from([0, 0x2b]),
      u16('harborline-dental.signalwire.com'),
      Buffer.alloc(32),
    ]);
    // CPython bytecode: a marshal string (type z, length 50) glued to the token; a service host, whose tails (`eveloper.…`) are no Spaces
    const pyc = Buffer.concat([
      Buffer.from([0x55, 0x0d, 0x0d, 0x0a]),
      Buffer.alloc(12),
      Buffer.from(`\xe3\0\0\0z2${other}\0z\x0asignalwire\0z\x18developer.signalwire.com\0`, 'latin1'),
    ]);
    // a token among an image's compressed bytes is not looked for (reading every image's strings would cost as much as the text)
    const png = realPng(Buffer.from(`\0${line(fakeToken())}\0`));
    const { repo, staged, diff, history } = gateAndHook({ 'bin/Debug/net8.0/App.dll': dll, 'app/__pycache__/settings.cpython-312.pyc': pyc, 'logo.png': png });
    const want = [
      'signalwire-api-token app/__pycache__/settings.cpython-312.pyc:1',
      'signalwire-api-token bin/Debug/net8.0/App.dll:1',
      'signalwire-space-url bin/Debug/net8.0/App.dll:1',
    ];
    expect(staged.code).toBe(1);
    expect(summarize(staged.findings)).toEqual(want);
    expect(summarize(diff.findings)).toEqual(want.map((w) => `${w} @ Change`));
    expect(summarize(history.findings)).toEqual(want.map((w) => `${w} @ Change`));
    expect(summarize(runJson(['scan', '.'], { cwd: repo.dir }).findings)).toEqual(want);
    const report = JSON.parse(runCli(['scan', '.', '--format', 'json'], { cwd: repo.dir }).stdout) as {
      findings: { message: string; fix: string }[];
      skipped: unknown[];
    };
    expect(report.findings.every((f) => f.message.endsWith("(in a binary file's strings)"))).toBe(true);
    expect(report.findings.every((f) => f.fix.startsWith('The value is compiled into a binary file'))).toBe(true);
    // swlint fix leaves a binary to its build, and says so
    const fixed = runCli(['fix'], { cwd: repo.dir });
    expect(fixed.stdout).toContain(
      'bin/Debug/net8.0/App.dll:1:1 signalwire-api-token: a binary file (build output, bytecode or a database): fix the source it is built from',
    );
    // the PNG alone was not read: the binaries whose strings were scanned were
    expect(fixed.stdout).toContain('swlint fix: 1 file skipped as binary: `swlint scan --verbose` lists them');
    // a token is to be rotated; the Space beside it has nothing to rotate
    expect(fixed.stdout).toMatch(/App\.dll:1:1 signalwire-api-token: .*stop committing the file \(git rm --cached\); then rotate it$/m);
    expect(fixed.stdout).toMatch(/App\.dll:1:1 signalwire-space-url: .*stop committing the file \(git rm --cached\)$/m);
    expect(JSON.stringify(report)).not.toContain(token);
    expect(report.skipped).toEqual([
      { file: 'app/__pycache__/settings.cpython-312.pyc', reason: 'binary', detail: 'its strings were scanned' },
      { file: 'bin/Debug/net8.0/App.dll', reason: 'binary', detail: 'its strings were scanned' },
      { file: 'logo.png', reason: 'binary' },
    ]);
    // rebuilt with the same token: nothing new in the change
    const rebuilt = Buffer.concat([dll, Buffer.from('\0build 2\0')]);
    writeFileSync(path.join(repo.dir, 'bin/Debug/net8.0/App.dll'), rebuilt);
    repo.git('add', '-A');
    expect(summarize(runJson(['staged'], { cwd: repo.dir }).findings)).toEqual([]);
  });

  it('content over the size limit is a swlint-unscanned error in diff and staged, only skipped in scan', () => {
    const big = `${'// filler line of a generated file\n'.repeat(160_000)}${line(fakeToken())}\n`;
    expect(big.length).toBeGreaterThan(5 * 1024 * 1024);
    const { repo, staged, diff } = gateAndHook({ 'dump.js': big });
    expect(staged.code).toBe(1);
    expect(summarize(staged.findings)).toEqual(['swlint-unscanned dump.js:1']);
    expect(diff.code).toBe(1);
    expect(summarize(diff.findings)).toEqual(['swlint-unscanned dump.js:1 @ Change']);
    const scan = runJson(['scan', '.'], { cwd: repo.dir });
    expect(scan.code).toBe(0);
    expect(scan.findings).toEqual([]);
    // raised, the token itself is found
    expect(summarize(runJson(['diff', 'HEAD~1', '--max-file-size', String(8 << 20)], { cwd: repo.dir }).findings)).toEqual([
      `signalwire-api-token dump.js:${160_001} @ Change`,
    ]);
  });
});

describe('no encoding or signature hides a token, in any mode', () => {
  const u16 = (t: string) => Buffer.from(t, 'utf16le');
  const u16be = (t: string) => Buffer.from(t, 'utf16le').swap16();
  const u32 = (t: string, le: boolean) => {
    const b = Buffer.alloc(t.length * 4);
    [...t].forEach((c, i) => (le ? b.writeUInt32LE(c.charCodeAt(0), i * 4) : b.writeUInt32BE(c.charCodeAt(0), i * 4)));
    return b;
  };
  const ascii = (t: string) => Buffer.from(t, 'latin1');
  const env = (t: string) => `SIGNALWIRE_API_TOKEN=${t}\n`;
  const cjk = '設定ファイル。これはテスト用の説明文です。日本語のコメントが続きます。\r\n'.repeat(60);

  /** scan, history, staged and diff of one change holding `files`: each exits 1 and finds a token in each of `want` (file names). */
  function inEveryMode(files: Record<string, string | Buffer>, want: string[]) {
    const { repo, staged, diff, history } = gateAndHook(files);
    const scan = runJson(['scan', '.'], { cwd: repo.dir });
    const tokenFiles = (r: typeof scan) => [...new Set(r.findings.filter((f) => f.ruleId === 'signalwire-api-token').map((f) => f.file))].sort();
    for (const [mode, r] of Object.entries({ scan, history, staged, diff })) {
      expect([mode, r.code]).toEqual([mode, 1]);
      expect([mode, tokenFiles(r)]).toEqual([mode, [...want].sort()]);
      expect(r.findings.filter((f) => f.ruleId !== 'signalwire-api-token' && f.file !== '(commit message)')).toEqual([]);
    }
    return { repo, scan, staged, diff, history };
  }

  it('ASCII that .gitattributes working-tree-encoding stores as UTF-16 characters (LE, BE, after UTF-16 lines) is found where its characters are', () => {
    const [a, b, c] = [fakeToken(), fakeToken(), fakeToken()];
    const { repo, diff } = inEveryMode(
      {
        '.gitattributes': '*.cfg working-tree-encoding=UTF-16LE\n*.conf working-tree-encoding=UTF-16BE\n*.ini working-tree-encoding=UTF-16LE\n',
        'app.cfg': `DEBUG=1\n${env(a)}`,
        'app.conf': env(b),
        // UTF-16 lines first: the stored text is mostly ASCII, one line of characters
        'app.ini': Buffer.concat([u16('# settings written by the installer\n'.repeat(20)), ascii(`\n\n${env(c)}`)]),
      },
      ['app.cfg', 'app.conf', 'app.ini'],
    );
    // what git stores: characters, no ASCII token
    expect(repo.git('cat-file', '-p', 'HEAD:app.cfg')).not.toContain('SIGNALWIRE');
    const found = diff.findings.filter((f) => f.ruleId === 'signalwire-api-token');
    expect(found.map((f) => `${f.file}:${f.line}`).sort()).toEqual(['app.cfg:1', 'app.conf:1', 'app.ini:21']);
    const messages = JSON.parse(runCli(['diff', 'HEAD~1', '--format', 'json'], { cwd: repo.dir }).stdout) as { findings: { message: string }[] };
    expect(messages.findings.every((f) => f.message.endsWith("(the file's characters spell it as UTF-16: git writes it out on checkout)"))).toBe(true);
    expect(JSON.stringify(diff.report)).not.toContain(a);
  });

  it('ASCII that working-tree-encoding stores as EBCDIC characters (IBM1047, IBM037, IBM273) or Braille is found where its characters are', () => {
    const [a, b, c, d] = [fakeToken(), fakeToken(), fakeToken(), fakeToken()];
    const { repo, diff } = inEveryMode(
      {
        '.gitattributes':
          '*.cfg working-tree-encoding=IBM1047\n*.conf working-tree-encoding=IBM037\n*.ini working-tree-encoding=IBM273\n*.brl working-tree-encoding=ISO_11548-1\n',
        'app.cfg': `DEBUG=1\nLOG_LEVEL=info\n${env(a)}`,
        'app.conf': env(b),
        'app.ini': `[signalwire]\n${env(c)}`,
        'app.brl': env(d),
        // the same encodings over text with no credential: nothing to report (hard negative)
        'notes.cfg': 'Settings for the 3 regional call centres, rotated every 90 days.\nSee the runbook, section 4.2.\n',
      },
      ['app.brl', 'app.cfg', 'app.conf', 'app.ini'],
    );
    // what git stores: other characters, no ASCII token
    expect(repo.git('cat-file', '-p', 'HEAD:app.cfg')).not.toContain('SIGNALWIRE');
    const found = diff.findings.filter((f) => f.ruleId === 'signalwire-api-token');
    expect(found.map((f) => f.file).sort()).toEqual(['app.brl', 'app.cfg', 'app.conf', 'app.ini']);
    const messages = JSON.parse(runCli(['diff', 'HEAD~1', '--format', 'json'], { cwd: repo.dir }).stdout) as { findings: { file: string; message: string }[] };
    expect(messages.findings.find((f) => f.file === 'app.cfg')!.message).toMatch(
      /\(the file's characters spell it in IBM-1047: git writes it out on checkout\)$/,
    );
    expect(JSON.stringify(diff.report)).not.toContain(a);
  });

  it("a bundle's spinner frames (Braille) are not read as a recoded text: its token is found once, and a bundle without one has no finding", () => {
    const token = fakeToken();
    const spinner = `var dots={interval:80,frames:"⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏".split("")};\n`;
    const code = Array.from({ length: 400 }, (_, i) => `function step${i}(a,b){return a+b*${i}}\n${i % 50 === 0 ? spinner : ''}`).join('');
    const { staged, diff, history } = gateAndHook({
      'dist/cli.js': `${code}const SIGNALWIRE_TOKEN="${token}";\n${code}`,
      'dist/spinner.js': code,
    });
    for (const r of [staged, diff, history])
      expect(withoutMessages(summarize(r.findings, { commit: false }))).toEqual(['signalwire-api-token dist/cli.js:409']);
  });

  it('a UTF-16 byte-order mark before ASCII, UTF-16 then ASCII, ASCII then UTF-16, and UTF-32 are read from their bytes', () => {
    const t = Array.from({ length: 9 }, fakeToken);
    const { scan } = inEveryMode(
      {
        'le-bom.txt': Buffer.concat([ascii('\xff\xfe\n'), ascii(env(t[0]!))]),
        'be-bom.txt': Buffer.concat([ascii('\xfe\xff\n'), ascii(env(t[1]!))]),
        // PowerShell's > then >>
        'appended.txt': Buffer.concat([ascii('\xff\xfe'), u16('DEBUG=1\r\n'), ascii(env(t[2]!))]),
        'padded.txt': Buffer.concat([u16(' '.repeat(4200)), ascii(`\n${env(t[3]!)}`)]),
        // UTF-16 without a mark, mostly CJK: fewer than a tenth of its bytes are NUL
        'notes.txt': u16(`${cjk}${env(t[4]!)}${cjk}`),
        'mixed.txt': Buffer.concat([ascii(`DEBUG=1\n${'#'.repeat(9000)}\n`), u16(env(t[5]!))]),
        'u32-bom.txt': Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), u32(`DEBUG=1\n${env(t[6]!)}`, true)]),
        'u32le.txt': u32(env(t[7]!), true),
        'u32be.txt': u32(env(t[8]!), false),
      },
      ['appended.txt', 'be-bom.txt', 'le-bom.txt', 'mixed.txt', 'notes.txt', 'padded.txt', 'u32-bom.txt', 'u32be.txt', 'u32le.txt'],
    );
    // UTF-32 with a byte-order mark is decoded: its line is known
    expect(summarize(scan.findings).filter((l) => l.includes('u32-bom'))).toEqual(['signalwire-api-token u32-bom.txt:2']);
  });

  it("a compressed format's signature in front of text, or a text appended to an image, does not make it a skipped binary", () => {
    const t = Array.from({ length: 6 }, fakeToken);
    const { scan } = inEveryMode(
      {
        'zip.txt': Buffer.concat([ascii('PK\x03\x04\n'), ascii(env(t[0]!))]),
        'gz.txt': Buffer.concat([ascii('\x1f\x8b\n'), ascii(env(t[1]!))]),
        'jpg.txt': Buffer.concat([ascii('\xff\xd8\xff\n'), ascii(env(t[2]!))]),
        'pdf.txt': Buffer.concat([ascii('%PDF-\0\n'), ascii(env(t[3]!))]),
        'bz.txt': Buffer.concat([ascii('BZh\0\n'), ascii(env(t[4]!))]),
        'logo.cfg': Buffer.concat([realPng(), ascii(`\n${env(t[5]!)}`)]),
        'logo.png': realPng(),
      },
      ['bz.txt', 'gz.txt', 'jpg.txt', 'logo.cfg', 'pdf.txt', 'zip.txt'],
    );
    // they stay binary (their strings were scanned); a real image is still not read
    expect(scan.report.skipped.find((s) => s.file === 'zip.txt')).toEqual({ file: 'zip.txt', reason: 'binary', detail: 'its strings were scanned' });
    expect(scan.report.skipped.find((s) => s.file === 'logo.png')).toEqual({ file: 'logo.png', reason: 'binary' });
  });

  it('in diff and staged, only what the change adds to such a file counts', () => {
    const { repo, base } = withBase();
    const file = (extra: string) => Buffer.concat([ascii(`${extra}${'#'.repeat(9000)}\n`), u16(env(token))]);
    const token = fakeToken();
    repo.write('README.md', '# app\n');
    writeFileSync(path.join(repo.dir, 'mixed.txt'), file(''));
    repo.git('add', '-A');
    repo.commit('Add');
    writeFileSync(path.join(repo.dir, 'mixed.txt'), file('DEBUG=1\n'));
    repo.git('add', '-A');
    expect(runJson(['staged'], { cwd: repo.dir }).findings).toEqual([]);
    repo.commit('Edit');
    expect(summarize(runJson(['diff', 'HEAD~1'], { cwd: repo.dir }).findings)).toEqual([]);
    expect(summarize(runJson(['diff', base], { cwd: repo.dir }).findings)).toEqual(['signalwire-api-token mixed.txt:1 @ Add']);
  });
});

describe('commit messages are scanned (9.11)', () => {
  it('history and diff report a token in a commit message at (commit message)', () => {
    const { repo, base } = withBase();
    const token = fakeToken();
    repo.write('notes.md', 'rotated\n').commit(`rotate creds\n\nold client was ${line(token)}`);
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(diff.code).toBe(1);
    expect(diff.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.commit?.sha === repo.git('rev-parse', 'HEAD').trim()}`)).toEqual([
      'signalwire-api-token (commit message):3 true',
    ]);
    const history = runJson(['history'], { cwd: repo.dir });
    expect(history.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['signalwire-api-token (commit message):3']);
    expect(history.summary.files).toBe(2);
  });
});

describe('what one file can produce is bounded (9.12)', () => {
  it('130,000 tokens in one file: the first 100 and one summary finding, in diff and staged, exit 1', () => {
    const body = Array.from({ length: 130_000 }, () => `t=${fakeToken()}`).join('\n') + '\n';
    const { staged, diff } = gateAndHook({ 'gen.txt': `// signalwire\n${body}` }, ['--max-file-size', String(16 << 20)], false);
    for (const r of [staged, diff]) {
      expect(r.code).toBe(1);
      const api = r.findings.filter((f) => f.ruleId === 'signalwire-api-token');
      expect(api).toHaveLength(101);
      expect(api[100]!.match).toBe('+129900 more');
    }
  }, 180_000);

  it('a 40 MB added file of short lines does not crash diff', () => {
    const { staged, diff } = gateAndHook({ 'a.txt': 'a\n'.repeat(20_000_000) }, ['--max-file-size', String(64 << 20)], false);
    expect([staged.code, diff.code]).toEqual([0, 0]);
    expect(staged.stderr).toBe('');
    expect(diff.findings).toEqual([]);
  }, 120_000);
});

describe('--timeout is a hard bound in every mode (9.14)', () => {
  it('a rule that runs for minutes is stopped: partial result, exit 2', () => {
    const { repo } = withBase();
    // user patterns run on a linear-time engine (no catastrophic backtracking), but a pattern with
    // large bounded repeats still costs ~1,000 steps per character: minutes on 300 KB. The rule is
    // in BASE: diff reads its configuration from there (trust model)
    repo
      .write(
        '.swlintrc.json',
        JSON.stringify({
          customRules: [
            {
              id: 'slow-rule',
              message: 'Slow custom rule for the timeout test',
              regex: '([a-z]{1,999}[0-9]{1,999})!',
              severity: 'error',
              fix: 'Nothing to fix: this rule exists to be slow.',
            },
          ],
        }),
      )
      .commit('Slow rule');
    const base = repo.git('rev-parse', 'HEAD').trim();
    repo.write('bad.txt', `${'a'.repeat(300_000)}!\n`).commit('Slow input');
    repo.write('bad2.txt', `${'a'.repeat(300_000)}!\n`);
    repo.git('add', '-A');
    for (const args of [['scan', '.'], ['history'], ['diff', base], ['staged']]) {
      const r = runCli([...args, '--timeout', '2', '--format', 'json'], { cwd: repo.dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--timeout 2 s/);
      expect(JSON.parse(r.stdout).summary.incomplete).toBe(true);
    }
  }, 120_000);
});

describe("a symlink's target is text (9.15)", () => {
  it('a token stored as a symlink target is found by diff and history', () => {
    const { repo, base } = withBase();
    const token = fakeToken();
    symlinkSync(`/etc/${token}`, path.join(repo.dir, 'link'));
    repo.write('app.js', `// signalwire client\n`).commit('Add link');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(diff.code).toBe(1);
    expect(summarize(diff.findings)).toEqual(['signalwire-api-token link:1 @ Add link']);
    expect(summarize(runJson(['history'], { cwd: repo.dir }).findings)).toEqual(['signalwire-api-token link:1 @ Add link']);
  });
});

describe('earliest commit (issue 11)', () => {
  it('the same secret added to the same path on two branches is attributed to the earlier commit', () => {
    const token = fakeToken();
    for (const firstMade of ['late', 'early'] as const) {
      const { repo } = withBase();
      const commitAt = (branch: string, date: string, message: string) => {
        repo.git('checkout', '-q', '-b', branch, 'main');
        writeFileSync(path.join(repo.dir, 'secret.js'), `${line(token)}\n`);
        repo.git('add', '-A');
        const env = { ...GIT_TEST_ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
        execFileSync('git', ['commit', '-q', '-m', message], { cwd: repo.dir, env });
      };
      const make = {
        late: () => commitAt('b-late', '2024-03-01T00:00:00+00:00', 'Late'),
        early: () => commitAt('b-early', '2024-02-01T00:00:00+00:00', 'Early'),
      };
      make[firstMade]();
      make[firstMade === 'late' ? 'early' : 'late']();
      const r = runJson(['history'], { cwd: repo.dir });
      expect(summarize(r.findings)).toEqual(['signalwire-api-token secret.js:1 @ Early']);
    }
  });
});

describe('encoded values are found in every mode', () => {
  /** scan, history, staged and diff of one change: each exits 1 with the findings `want` (rule file:line) */
  function inEveryMode(files: Record<string, string>, want: string[], extraArgs: string[] = []) {
    const { repo, staged, diff, history } = gateAndHook(files, extraArgs);
    const scan = runJson(['scan', '.', ...extraArgs], { cwd: repo.dir });
    expect([scan.code, history.code, staged.code, diff.code]).toEqual([1, 1, 1, 1]);
    expect(summarize(scan.findings)).toEqual(want);
    expect(summarize(history.findings)).toEqual(want.map((w) => `${w} @ Change`));
    expect(summarize(staged.findings)).toEqual(want);
    expect(summarize(diff.findings)).toEqual(want.map((w) => `${w} @ Change`));
    return { scan, history, staged, diff };
  }
  const percentEncoded = (s: string) => [...s].map((c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join('');

  it('a token percent-encoded whole, in a file with no keyword in clear (`printf %s $T | od | sed`)', () => {
    const { scan } = inEveryMode({ 'a.txt': `u=${percentEncoded(fakeToken())}\n` }, ['signalwire-api-token a.txt:1']);
    expect((scan.findings[0] as unknown as { message: string }).message).toMatch(/percent-encoded/);
  });

  /** `base64 .env` (wrapped at `width`), each line after `indent` */
  const wrappedEnv = (width: number, indent: string) =>
    Buffer.from(`SIGNALWIRE_PROJECT_ID=${fakeProjectId()}\nSIGNALWIRE_API_TOKEN=${fakeToken()}\nSIGNALWIRE_SPACE_URL=quarry-freight.signalwire.com\n`)
      .toString('base64')
      .match(new RegExp(`.{1,${width}}`, 'g'))!
      .map((l) => indent + l)
      .join('\n');

  it('base64 wrapped at 76 in a cloud-init `content: |` block, and at 64 in a PEM-like block: found at the block', () => {
    const cloudInit = `write_files:\n  - path: /opt/app/.env\n    encoding: b64\n    content: |\n${wrappedEnv(76, '      ')}\n`;
    const pem = `-----BEGIN ENV-----\n${wrappedEnv(64, '')}\n-----END ENV-----\n`;
    const rules = ['signalwire-api-token', 'signalwire-project-id', 'signalwire-space-url'];
    // the Space URL is whole in the PEM block's last line, read alone: found there
    const want = [
      ...rules.map((r) => `${r} cloud-init.yaml:5`),
      'signalwire-api-token env.pem:2',
      'signalwire-project-id env.pem:2',
      'signalwire-space-url env.pem:5',
    ];
    inEveryMode({ 'cloud-init.yaml': cloudInit, 'env.pem': pem }, want.sort());
  });

  const escaped = (s: string, prefix: string) =>
    [...s]
      .map(
        (c) =>
          prefix +
          c
            .charCodeAt(0)
            .toString(16)
            .padStart(prefix === '\\u' ? 4 : 2, '0'),
      )
      .join('');

  it('a token in `\\u` escapes after 1.5 MB of base64 of text: more decoded text than the old fixed 1 MB, found', () => {
    const lorem = Buffer.from('lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor '.repeat(12)).toString('base64');
    const values = Array.from({ length: Math.ceil(1_500_000 / lorem.length) }, (_, i) => `"k${i}": "${lorem}",`);
    const json = `{\n${values.join('\n')}\n"auth": "${escaped(fakeToken(), '\\u')}"\n}\n`;
    inEveryMode({ 'a.json': json }, [`signalwire-api-token a.json:${values.length + 2}`]);
  }, 60_000);

  it('text that is several encodings at once past the bound of decoded text: swlint-unscanned in staged and diff, skipped in scan and history', () => {
    // each line a percent, a \u and a \x run at once: its views are more than twice its length
    const decoy = `x=${'%41\\u0041\\x41'.repeat(40)}\n`.repeat(1200);
    const { repo, staged, diff, history } = gateAndHook({ 'a.txt': `${decoy}t=${escaped(fakeToken(), '\\x')}\n` });
    expect([staged.code, diff.code]).toEqual([1, 1]);
    expect(summarize(staged.findings)).toEqual(['swlint-unscanned a.txt:1']);
    expect(summarize(diff.findings)).toEqual(['swlint-unscanned a.txt:1 @ Change']);
    expect((staged.findings[0] as unknown as { message: string }).message).toMatch(/partly-decoded: \d+ encoded values not decoded/);
    const scan = runJson(['scan', '.'], { cwd: repo.dir });
    for (const r of [scan, history]) {
      expect(r.findings).toEqual([]);
      expect(r.report.skipped.map((k) => `${k.file} ${k.reason}`)).toEqual(['a.txt partly-decoded']);
    }
  }, 60_000);

  /** each character as `f` writes its code, or as itself when `keep` says so */
  const each = (s: string, f: (code: number) => string, keep: (i: number) => boolean = () => false) =>
    [...s].map((c, i) => (keep(i) ? c : f(c.charCodeAt(0)))).join('');

  it('an HTML page whose change adds a token in character references: the gate and the hook exit 1, at its line', () => {
    const page = (token: string) =>
      `<!DOCTYPE html>\n<html>\n<head><title>Call us &#8212; Acme</title></head>\n<body>\n` +
      `<p>Open&#160;daily &#x2014; &#8220;same day&#8221;</p>\n` +
      `<div id="voice" data-token="${token}"></div>\n</body>\n</html>\n`;
    const { scan } = inEveryMode({ 'public/index.html': page(each(fakeToken(), (c) => `&#${c};`)) }, ['signalwire-api-token public/index.html:6']);
    expect((scan.findings[0] as unknown as { message: string }).message).toMatch(/character references/);
    expect(scan.findings[0]!.match).toMatch(/^PT.{2}….{4}$/);
    // hex references, some characters only
    inEveryMode(
      {
        'public/index.html': page(
          each(
            fakeToken(),
            (c) => `&#x${c.toString(16)};`,
            (i) => i % 3 !== 0,
          ),
        ),
      },
      ['signalwire-api-token public/index.html:6'],
    );
  });

  it("`\\u{…}` in a JavaScript module, octal escapes in a C header and a shell `$'…'`, and a URL with credentials in an SVG: found in every mode", () => {
    const octal = (c: number) => `\\${c.toString(8).padStart(3, '0')}`;
    const files = {
      'src/widget.mjs': `// widget\nexport const token = "${each(fakeToken(), (c) => `\\u{${c.toString(16)}}`)}";\n`,
      'include/creds.h': `#define RESET "\\033[0m"\nstatic const char T[] = "${each(fakeToken(), octal)}";\n`,
      'deploy.sh': `#!/bin/sh\nchmod 0755 run\nexport T=$'${each(fakeToken(), octal)}'\n`,
      'logo.svg': `<svg xmlns="http://www.w3.org/2000/svg">\n<desc>${each(`https://${fakeProjectId()}:${fakeToken()}@quarry-freight.signalwire.com/api`, (c) => `&#X${c.toString(16)};`)}</desc>\n</svg>\n`,
    };
    inEveryMode(files, [
      'signalwire-api-token deploy.sh:3',
      'signalwire-api-token include/creds.h:2',
      'signalwire-api-token src/widget.mjs:2',
      'signalwire-basic-auth logo.svg:2',
      'signalwire-space-url logo.svg:2',
    ]);
  });

  it('a YAML double-quoted string continued with `\\` and a line break: the token across the break is found', () => {
    const token = fakeToken();
    inEveryMode({ 'values.yaml': `signalwire:\n  token: "${token.slice(0, 26)}\\\n    ${token.slice(26)}"\n` }, ['signalwire-api-token values.yaml:2']);
  });
});
