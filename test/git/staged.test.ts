// `swlint staged` end to end: what `git commit` would record, not the working tree.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { runCli, runJson, summarize } from '../helpers/cli.js';
import { GIT_TEST_ENV } from '../helpers/git-env.js';

afterAll(cleanupTempDirs);

const tokenLine = (t: string) => `const signalwireToken = '${t}';\n`;

describe('swlint staged', () => {
  it('scans the staged blob, not the working tree', () => {
    const repo = TestRepo.create();
    repo.write('app.js', '// app\n').commit('Initial commit');
    // staged, then edited away in the working tree: the commit would still record it
    repo.write('app.js', `// app\n${tokenLine(fakeToken())}`);
    repo.git('add', 'app.js');
    repo.write('app.js', '// app\nconst signalwireToken = process.env.SIGNALWIRE_TOKEN;\n');
    // in the working tree only, never staged: not part of the commit
    repo.write('draft.js', tokenLine(fakeToken()));
    const r = runJson(['staged'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(summarize(r.findings)).toEqual(['signalwire-api-token app.js:2']);
    expect(r.findings[0]!.commit).toBeNull();
    expect(r.root).toBe(repo.dir);
  });

  it('reports only lines added relative to HEAD', () => {
    const repo = TestRepo.create();
    const old = tokenLine(fakeToken());
    repo.write('legacy.js', `// old\n${old}`).commit('Legacy token');
    // the committed token's line moves down, but only a comment is added: nothing to report
    repo.write('legacy.js', `// old\n// new comment\n${old}`);
    repo.git('add', '-A');
    const moved = runJson(['staged'], { cwd: repo.dir });
    expect(moved.code).toBe(0);
    expect(moved.findings).toEqual([]);
    repo.write('legacy.js', `// old\n// new comment\n${old}// added\n${tokenLine(fakeToken())}`);
    repo.git('add', '-A');
    expect(summarize(runJson(['staged'], { cwd: repo.dir }).findings)).toEqual(['signalwire-api-token legacy.js:5']);
  });

  it('treats everything as added before the first commit', () => {
    const repo = TestRepo.create();
    repo.write('index.js', `// first\n${tokenLine(fakeToken())}`);
    repo.write('.env', 'SIGNALWIRE_SPACE=orbit-demo\n');
    repo.git('add', '-A');
    const r = runJson(['staged'], { cwd: repo.dir });
    expect(summarize(r.findings)).toEqual(['dotenv-committed .env:1', 'signalwire-api-token index.js:2']);
  });

  it('follows renames: a pure rename adds nothing, a token added while renaming is found at the new path', () => {
    const repo = TestRepo.create();
    const body = Array.from({ length: 12 }, (_, i) => `// line ${i}`).join('\n') + '\n';
    repo.write('old name.js', body).commit('Initial commit');
    repo.git('mv', 'old name.js', 'new name.js');
    expect(runJson(['staged'], { cwd: repo.dir }).findings).toEqual([]);
    repo.write('new name.js', body + tokenLine(fakeToken()));
    repo.git('add', '-A');
    expect(summarize(runJson(['staged'], { cwd: repo.dir }).findings)).toEqual(['signalwire-api-token new name.js:13']);
  });

  it('handles names with spaces, tabs and unicode, and CRLF files', () => {
    const repo = TestRepo.create();
    repo.write('README.md', '# x\n').commit('Initial commit');
    repo.write('конфиг/my client.js', tokenLine(fakeToken()));
    repo.write('tab\there.js', `// a\n${tokenLine(fakeToken())}`);
    repo.write('win.txt', `one\r\ntwo\r\nSIGNALWIRE_TOKEN=${fakeToken()}\r\n`);
    repo.git('add', '-A');
    const r = runJson(['staged'], { cwd: repo.dir });
    expect(summarize(r.findings)).toEqual([
      'signalwire-api-token tab\there.js:2',
      'signalwire-api-token win.txt:3',
      'signalwire-api-token конфиг/my client.js:1',
    ]);
  });

  it('reports a newly staged .env file, but not one already committed', () => {
    const repo = TestRepo.create();
    repo.write('services/api/.env.local', 'DEBUG=1\n').commit('Oops, committed env');
    repo.write('services/api/.env.local', 'DEBUG=2\n');
    repo.write('.env.example', 'SIGNALWIRE_TOKEN=\n');
    repo.write('.env', 'DEBUG=1\n');
    repo.git('add', '-A');
    expect(summarize(runJson(['staged'], { cwd: repo.dir }).findings)).toEqual(['dotenv-committed .env:1']);
  });

  it('works from a subdirectory, with paths from the top level', () => {
    const repo = TestRepo.create();
    repo.write('README.md', '# x\n').commit('Initial commit');
    repo.write('pkg/lib/client.js', tokenLine(fakeToken()));
    repo.git('add', '-A');
    const sub = path.join(repo.dir, 'pkg', 'lib');
    mkdirSync(sub, { recursive: true });
    const r = runJson(['staged'], { cwd: sub });
    expect(r.root).toBe(repo.dir);
    expect(summarize(r.findings)).toEqual(['signalwire-api-token pkg/lib/client.js:1']);
  });

  it('passes with nothing staged, and exits 2 with one line outside a repository', () => {
    const repo = TestRepo.create();
    expect(runJson(['staged'], { cwd: repo.dir }).code).toBe(0);
    const outside = runCli(['staged'], { cwd: tempDir() });
    expect(outside.code).toBe(2);
    expect(outside.stderr.trim().split('\n')).toHaveLength(1);
    expect(outside.stderr).toMatch(/^swlint: not a git repository/);
  });

  it('asks git each question once: the bin starts the first two before the CLI loads, and the CLI takes their answers', () => {
    const repo = TestRepo.create();
    repo.write('app.js', '// app\n').commit('Initial commit');
    repo.write('app.js', `// app\n${tokenLine(fakeToken())}`);
    repo.git('add', 'app.js');
    const sub = path.join(repo.dir, 'src');
    mkdirSync(sub);
    // the git commands one run started, by their subcommand (GIT_TRACE2_EVENT: one JSON event per line)
    const gitCalls = (args: string[], cwd: string) => {
      const trace = path.join(tempDir(), 'trace.json');
      const r = runCli(args, { cwd, env: { ...GIT_TEST_ENV, GIT_TRACE2_EVENT: trace } });
      const calls = readFileSync(trace, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { event: string; argv?: string[] })
        .filter((e) => e.event === 'start')
        .map((e) => e.argv!.slice(1).find((a, i, argv) => !a.startsWith('-') && argv[i - 1] !== '-c'))
        .sort();
      return { r, calls };
    };
    for (const [args, cwd] of [
      [['staged', '--format', 'json'], repo.dir],
      [['staged', '--format', 'json'], sub],
      // another spelling: the CLI starts the two after parsing the command line
      [['--format', 'json', 'staged'], repo.dir],
    ] as const) {
      const { r, calls } = gitCalls([...args], cwd);
      expect(r.code).toBe(1);
      expect(summarize(JSON.parse(r.stdout).findings)).toEqual(['signalwire-api-token app.js:2']);
      expect(calls).toEqual(['cat-file', 'diff-index', 'rev-parse']);
    }
  });

  it('exits 2 with one line when git is not installed', () => {
    const repo = TestRepo.create();
    repo.write('app.js', tokenLine(fakeToken()));
    repo.git('add', 'app.js');
    const r = runCli(['staged'], { cwd: repo.dir, env: { ...GIT_TEST_ENV, PATH: tempDir() } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('swlint: git is not installed or not on PATH: install git and try again\n');
  });
});
