// Issues 9.9 and 9.11: nothing from the scanned repository reaches a terminal raw (control
// characters escaped in every human-facing channel), and no secret is printed through commit
// metadata, suppression findings or another finding's snippet.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GIT_TEST_ENV } from '../helpers/git-env.js';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fakeProjectId, fakeToken } from '../helpers/secrets.js';
import { run, tokenLine } from '../robustness/helpers.js';

afterAll(cleanupTempDirs);

// the Action's entry point: scripts/action.mjs on this branch, dist/src/action/main.js once the Action is TypeScript
const ROOT = path.resolve(import.meta.dirname, '../..');
const ACTION = [path.join(ROOT, 'dist/src/action/main.js'), path.join(ROOT, 'scripts/action.mjs')].find((f) => existsSync(f))!;

/** Raw characters that drive a terminal (LF and TAB are layout, not controls here). */
const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const raw = (s: string) => [...s.matchAll(RAW)].map((m) => m[0].charCodeAt(0).toString(16));

const EVIL = 'subj \x1b[2J\r::error::fake \x1b]0;owned\x07 \u202egnp.exe \x9b31m';
const FORMATS = ['text', 'json', 'sarif', 'github', 'junit'];

/** Commits what is staged with a given author name (the test environment pins one otherwise). */
function commitAs(repo: TestRepo, author: string, message: string): void {
  repo.git('add', '-A');
  const r = spawnSync('git', ['commit', '-q', '-m', message], { cwd: repo.dir, env: { ...GIT_TEST_ENV, GIT_AUTHOR_NAME: author }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

/** A repository whose commit author, subject and file name carry terminal controls. */
function hostile() {
  const repo = TestRepo.create();
  repo.write('a.js', '// a\n');
  const base = repo.commit('base');
  const name = 'evil\x1b[31m\u202e.js';
  repo.write(name, `${tokenLine(fakeToken()).trimEnd()} // \x1b[2K\r done\n`);
  commitAs(repo, 'Mallory \x1b[8m', EVIL);
  return { repo, base };
}

describe('9.9 control characters never reach the terminal raw', () => {
  it('diff and history, every format and --verbose: file names, authors, subjects, snippets escaped', () => {
    const { repo, base } = hostile();
    for (const args of [['diff', base], ['history']]) {
      for (const format of FORMATS) {
        const r = run([...args, '--format', format, '--verbose'], { cwd: repo.dir });
        expect(r.code, `${args[0]} ${format}: ${r.stderr}`).toBe(1);
        expect(raw(r.stdout), `${args[0]} ${format}`).toEqual([]);
        expect(raw(r.stderr)).toEqual([]);
        if (format === 'text' || format === 'github') {
          expect(r.stdout).toContain('evil\\x1b[31m\\u202e.js');
          expect(r.stdout).toContain('Mallory \\x1b[8m');
          expect(r.stdout).toContain('subj \\x1b[2J\\x0d::error::fake \\x1b]0;owned\\x07 \\u202egnp.exe \\x9b31m');
        }
        if (format === 'github') expect(r.stdout.split('\n').filter((l) => l.startsWith('::error::fake'))).toEqual([]);
      }
    }
  });

  it('custom-rule messages and fixes, invalid config keys, stale baseline fields', () => {
    const repo = TestRepo.create();
    repo.write(
      '.swlintrc.json',
      JSON.stringify({
        customRules: [{ id: 'internal-key', regex: 'INTERNAL_[A-Z0-9]{12}', message: 'bad \x1b]8;;http://x\x07link', fix: 'run \x1b[2J now' }],
      }),
    );
    repo.write('a.txt', 'key = INTERNAL_ABCDEFGHIJKL\n');
    repo.write(
      '.swlint-baseline.json',
      JSON.stringify({ version: 1, tool: 'swlint', findings: [{ fingerprint: 'f'.repeat(32), ruleId: 'x\x1b[2Jy', file: 'gone\r.js', match: 'm\x1b[0m' }] }),
    );
    repo.commit('a');
    const r = run(['scan', '--report-stale'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(raw(r.stdout + r.stderr)).toEqual([]);
    expect(r.stdout).toContain('bad \\x1b]8;;http://x\\x07link');
    expect(r.stdout).toContain('run \\x1b[2J now');
    // the match is redacted again (issue 12.3: a baseline may be a --no-redact report)
    expect(r.stderr).toContain('x\\x1b[2Jy gone\\x0d.js …');

    writeFileSync(path.join(repo.dir, '.swlintrc.json'), JSON.stringify({ '\x1b[31mevil\x07': 1 }));
    const bad = run(['scan'], { cwd: repo.dir });
    expect(bad.code).toBe(2);
    expect(raw(bad.stderr)).toEqual([]);
    expect(bad.stderr).toContain('"\\x1b[31mevil\\x07" is not a known setting');
  });

  it("the Action's job summary escapes controls and shows commit Markdown as text", () => {
    const { repo } = hostile();
    const meta = tempDir('swlint-action-meta-');
    writeFileSync(path.join(meta, 'event.json'), '{}');
    const summary = path.join(meta, 'summary.md');
    const repo2 = TestRepo.create();
    repo2.write('a.js', '// a\n').commit('base');
    repo2.write('b.js', tokenLine(fakeToken()));
    commitAs(repo2, '[click me](https://evil.example) @octocat', '![x](https://evil.example/p.png) **bold** <b>html</b> \x1b[2J');
    for (const dir of [repo.dir, repo2.dir]) {
      writeFileSync(summary, '');
      const r = spawnSync(process.execPath, [ACTION], {
        cwd: dir,
        encoding: 'utf8',
        env: {
          ...GIT_TEST_ENV,
          GITHUB_EVENT_NAME: 'schedule',
          GITHUB_EVENT_PATH: path.join(meta, 'event.json'),
          GITHUB_WORKSPACE: dir,
          GITHUB_STEP_SUMMARY: summary,
          INPUT_SARIF_FILE: path.join(meta, 'out.sarif'),
        },
      });
      expect(r.status).toBe(1);
      const md = spawnSync('cat', [summary], { encoding: 'utf8' }).stdout;
      expect(raw(md)).toEqual([]);
      expect(raw(r.stdout)).toEqual([]);
      if (dir === repo2.dir) {
        expect(md).toContain('\\[click me\\]\\(https://evil\\.example\\) &#64;octocat');
        expect(md).toContain('\\!\\[x\\]\\(https://evil\\.example/p\\.png\\) \\*\\*bold\\*\\* &lt;b&gt;html&lt;/b&gt; \\\\x1b\\[2J');
        expect(md).not.toMatch(/\]\(https/);
      }
    }
  });
});

describe('no line of a report is a workflow command a file name wrote', () => {
  // a CI runner reads every log line that starts with `::` (after spaces) as a command
  const command = (out: string) => out.split('\n').filter((l) => l.trimStart().startsWith('::') && !/^::(error|warning|notice) [^:]*title=swlint/.test(l));

  it('text and github, findings and --verbose skipped entries: a file named `::stop-commands::…` starts no line', () => {
    const repo = TestRepo.create();
    repo.write('a.js', '// a\n');
    const base = repo.commit('base');
    repo.write('::stop-commands::pause1/client.js', tokenLine(fakeToken()));
    repo.write('  ::add-mask::error', tokenLine(fakeToken()));
    // a binary (PNG signature), listed as skipped with --verbose
    writeFileSync(path.join(repo.dir, '::set-output name=exit-code::0'), Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64)]));
    repo.commit('add');
    for (const format of ['text', 'github']) {
      const r = run(['diff', base, '--format', format, '--verbose'], { cwd: repo.dir });
      expect(r.code).toBe(1);
      expect(command(r.stdout), format).toEqual([]);
      expect(command(r.stderr), format).toEqual([]);
    }
    const text = run(['diff', base, '--verbose'], { cwd: repo.dir }).stdout;
    expect(text).toContain('./::stop-commands::pause1/client.js\n');
    expect(text).toContain('./  ::add-mask::error\n');
    expect(text).toContain('  ./::set-output name=exit-code::0: binary');
    // the JSON report keeps the path as it is
    const json = JSON.parse(run(['diff', base, '--format', 'json'], { cwd: repo.dir }).stdout) as { findings: { file: string }[] };
    expect(json.findings.map((f) => f.file).sort()).toEqual(['  ::add-mask::error', '::stop-commands::pause1/client.js']);
  });
});

describe('9.11 no secret through metadata, suppressions or snippets', () => {
  it('a commit subject "rotate creds: old token was T" never prints T (diff and history, every format)', () => {
    const repo = TestRepo.create();
    repo.write('a.js', '// a\n');
    const base = repo.commit('base');
    const old = fakeToken();
    const current = fakeToken();
    repo.write('b.js', tokenLine(current)).commit(`rotate creds: old token was ${old}`);
    for (const args of [['diff', base], ['history']]) {
      for (const format of FORMATS) {
        const r = run([...args, '--format', format], { cwd: repo.dir });
        expect(r.code).toBe(1);
        expect(r.stdout).toContain('rotate creds: old token was');
        expect(r.stdout + r.stderr).not.toContain(old.slice(2, 30));
        expect(r.stdout + r.stderr).not.toContain(current.slice(2, 30));
      }
    }
  });

  it('swlint-suppression-added masks an allowlist value that is a whole token', () => {
    const repo = TestRepo.create();
    repo.write('a.js', '// a\n');
    const base = repo.commit('base');
    const token = fakeToken();
    repo.write('.swlintrc.json', JSON.stringify({ allowlist: { values: [`^${token}$`] }, placeholders: [token] }, null, 2)).commit('allow');
    for (const format of FORMATS) {
      const r = run(['diff', base, '--format', format, '--fail-on', 'warning'], { cwd: repo.dir });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('allowlist.values entry');
      expect(r.stdout + r.stderr).not.toContain(token.slice(2, 30));
    }
  });

  it("a token split into short literals is masked in another finding's snippet on the same line", () => {
    const repo = TestRepo.create();
    const hex = fakeToken().slice(2);
    const pieces = [`PT${hex.slice(0, 12)}`, hex.slice(12, 24), hex.slice(24, 36), hex.slice(36)];
    repo.write('a.js', `const client = new RestClient('${fakeProjectId()}', ${pieces.map((p) => `'${p}'`).join(' + ')});\n`).commit('split');
    const r = run(['scan', '--format', 'json'], { cwd: repo.dir });
    const rep = JSON.parse(r.stdout) as { findings: { ruleId: string }[] };
    expect(rep.findings.map((f) => f.ruleId).sort()).toEqual(['signalwire-api-token', 'signalwire-project-id']);
    const text = run(['scan'], { cwd: repo.dir }).stdout;
    for (const p of pieces) expect(text + r.stdout).not.toContain(p.slice(-8));
  });
});
