// `swlint history` end to end: real repositories, the built CLI, exact sorted findings.
import { afterAll, describe, expect, it } from 'vitest';
import { GIT_TEST_ENV } from '../helpers/git-env.js';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fakeProjectId, fakeToken } from '../helpers/secrets.js';
import { runCli, runJson, summarize } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

const tokenLine = (t: string) => `const signalwireToken = '${t}';\n`;

describe('swlint history', () => {
  it('finds a token that was added and later deleted, attributed to the commit that added it', () => {
    const repo = TestRepo.create();
    repo.write('src/index.js', 'module.exports = {};\n').commit('Initial commit');
    repo.write('scripts/try.js', `// quick test\n${tokenLine(fakeToken())}`).commit('Add try script');
    repo.remove('scripts/try.js').commit('Remove try script');
    const r = runJson(['history'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(summarize(r.findings, { still: true })).toEqual(['signalwire-api-token scripts/try.js:2 @ Add try script [gone]']);
    const f = r.findings[0]!;
    expect(f.commit).toMatchObject({ author: 'Test Author', email: 'author@example.invalid', message: 'Add try script' });
    expect(f.commit!.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(f.commit!.date).toMatch(/^2024-01-01T\d\d:00:00\+00:00$/);
    expect(f.column).toBe(26);
    expect(r.root).toBe(repo.dir);
    expect(r.summary.commits).toBe(3);
  });

  it('reports a token kept for many commits once, still present at HEAD', () => {
    const repo = TestRepo.create();
    const token = fakeToken();
    repo.write('app.js', `// v0\n${tokenLine(token)}`).commit('Add client');
    for (let i = 1; i <= 5; i++) repo.write('app.js', `// v${i}\n${'// more\n'.repeat(i)}${tokenLine(token)}`).commit(`Edit ${i}`);
    const r = runJson(['history'], { cwd: repo.dir });
    expect(summarize(r.findings, { still: true })).toEqual(['signalwire-api-token app.js:2 @ Add client [present]']);
    expect(r.summary.files).toBe(6);
    expect(r.summary.commits).toBe(6);
  });

  it('scans branches that were never merged', () => {
    const repo = TestRepo.create();
    repo.write('README.md', '# app\n').commit('Initial commit');
    repo.git('checkout', '-q', '-b', 'experiment');
    repo.write('lib/client.js', tokenLine(fakeToken())).commit('Try a hard-coded token');
    repo.git('checkout', '-q', 'main');
    repo.write('README.md', '# app\n\nmore\n').commit('Docs');
    const r = runJson(['history'], { cwd: repo.dir });
    expect(summarize(r.findings, { still: true })).toEqual(['signalwire-api-token lib/client.js:1 @ Try a hard-coded token [gone]']);
    // --branch narrows the walk to what that ref reaches
    expect(runJson(['history', '--branch', 'main'], { cwd: repo.dir }).findings).toEqual([]);
    expect(summarize(runJson(['history', '--branch', 'experiment'], { cwd: repo.dir }).findings)).toEqual([
      'signalwire-api-token lib/client.js:1 @ Try a hard-coded token',
    ]);
  });

  it('attributes a side-branch secret to the side commit, and a secret made in a merge to the merge', () => {
    const repo = TestRepo.create();
    repo.write('config.js', 'module.exports = { a: 1 };\n').commit('Initial commit');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('feature.js', tokenLine(fakeToken())).commit('Feature with token');
    repo.write('config.js', 'module.exports = { a: 2 };\n').commit('Feature config');
    repo.git('checkout', '-q', 'main');
    repo.write('config.js', 'module.exports = { a: 3 };\n').commit('Main config');
    // a conflicting merge whose resolution introduces a token that neither parent had
    try {
      repo.git('merge', '-q', 'feature', '-m', 'Merge feature');
    } catch {
      // expected conflict on config.js
    }
    repo.write('config.js', `module.exports = { a: 4 };\n${tokenLine(fakeToken())}`).commit('Merge feature');
    const r = runJson(['history'], { cwd: repo.dir });
    expect(summarize(r.findings, { still: true })).toEqual([
      'signalwire-api-token config.js:2 @ Merge feature [present]',
      'signalwire-api-token feature.js:1 @ Feature with token [present]',
    ]);
  });

  it('reports a token in a renamed file at its original path, in the commit that added it', () => {
    const repo = TestRepo.create();
    repo.write('lib/sw.py', `from signalwire.rest import Client\nTOKEN = "${fakeToken()}"\n`).commit('Add helper');
    repo.git('mv', 'lib/sw.py', 'lib/signalwire_client.py');
    repo.commit('Rename helper');
    repo.write('lib/signalwire_client.py', 'import os\nTOKEN = os.environ["SIGNALWIRE_TOKEN"]\n').commit('Read token from env');
    const r = runJson(['history'], { cwd: repo.dir });
    // the new path is a new place the secret lived in: reported too, from the rename commit
    expect(summarize(r.findings, { still: true })).toEqual([
      'signalwire-api-token lib/signalwire_client.py:2 @ Rename helper [gone]',
      'signalwire-api-token lib/sw.py:2 @ Add helper [gone]',
    ]);
  });

  it('reports a .env that was committed, removed and then ignored', () => {
    const repo = TestRepo.create();
    repo.write('worker.py', 'import os\n').commit('Bootstrap');
    repo.write('.env', `SIGNALWIRE_PROJECT_ID=${fakeProjectId()}\nSIGNALWIRE_TOKEN=${fakeToken()}\n`).commit('Add local config');
    repo.git('rm', '-q', '.env');
    repo.commit('Remove .env');
    repo.write('.gitignore', '.env\n').commit('Ignore .env');
    repo.write('.env', `SIGNALWIRE_TOKEN=${fakeToken()}\n`); // in the working tree only: not history
    const r = runJson(['history'], { cwd: repo.dir });
    expect(summarize(r.findings, { still: true })).toEqual([
      'dotenv-committed .env:1 @ Add local config [gone]',
      'signalwire-api-token .env:2 @ Add local config [gone]',
      'signalwire-project-id .env:1 @ Add local config [gone]',
    ]);
  });

  it("fixes a .env ever committed from where HEAD stands: still tracked or not, and HEAD's .gitignore files", () => {
    const repo = TestRepo.create();
    repo.write('.env', 'LOG_LEVEL=debug\n');
    repo.write('services/api/.env', 'PORT=8080\n');
    repo.write('worker/.env', 'QUEUE=jobs\n');
    repo.write('web/.env', 'PORT=3000\n').commit('Add env files');
    // HEAD: the root .env untracked and ignored; services/ ignores api/ but still tracks its .env;
    // worker/.env deleted, ignored by nothing; web/.env tracked, its ignore negated (hard negative)
    repo.write('.gitignore', '/.env\n').write('services/.gitignore', 'api/\n').write('web/.gitignore', '.env\n!.env\n');
    repo.git('rm', '-q', '--cached', '.env');
    repo.remove('worker/.env');
    repo.commit('Stop tracking env files');
    const r = runJson(['history'], { cwd: repo.dir });
    const fix = (file: string) => r.findings.find((f) => f.ruleId === 'dotenv-committed' && f.file === file)!.fix;
    expect(fix('.env')).toMatch(/^It is no longer tracked at HEAD and \.gitignore covers it: rotate every credential/);
    expect(fix('worker/.env')).toMatch(/^It is no longer tracked at HEAD; add `\.env` to \.gitignore so that it is not committed again: rotate/);
    expect(fix('services/api/.env')).toMatch(/^Stop tracking it with `git rm --cached services\/api\/\.env` \(\.gitignore already covers it/);
    expect(fix('web/.env')).toMatch(/^Stop tracking it with `git rm --cached web\/\.env`, add `\.env` to \.gitignore/);
    for (const f of ['.env', 'worker/.env']) expect(fix(f)).not.toMatch(/git rm --cached/);
  });

  it('says what is left to do for a value HEAD no longer holds or that is in a commit message: rotate it, nothing to change in the code', () => {
    const [gone, kept, inMessage, project] = [fakeToken(), fakeToken(), fakeToken(), fakeProjectId()];
    const repo = TestRepo.create();
    repo.write('src/config.js', `// SignalWire\nconst project = '${project}';\n${tokenLine(gone)}`).commit('Add config');
    repo.write('src/config.js', '// SignalWire\nconst project = process.env.SIGNALWIRE_PROJECT_ID;\n').commit('Read config from the environment');
    repo.write('src/send.js', tokenLine(kept)).commit(`Add sender (token ${inMessage} for staging)`);
    const r = runJson(['history'], { cwd: repo.dir });
    const fix = (file: string, ruleId = 'signalwire-api-token') => r.findings.find((f) => f.file === file && f.ruleId === ruleId)!.fix;
    expect(fix('src/config.js')).toMatch(
      /^Nothing to change in the code: HEAD no longer holds it, but git history does\. Rotate it now: in your Space open API > Tokens/,
    );
    expect(fix('src/config.js')).toContain('git filter-repo --replace-text only if the history is shared');
    expect(fix('src/config.js', 'signalwire-project-id')).toBe(
      'Nothing to change in the code: HEAD no longer holds it, but git history does. A project ID is not a secret by itself: nothing to rotate (but rotate any API token committed beside it).',
    );
    expect(fix('(commit message)')).toMatch(/^Nothing to change in the code: it is in a commit message, which git history keeps\. Rotate it now:/);
    // still at HEAD: the literal is to be replaced
    expect(fix('src/send.js')).toMatch(/^Replace the literal with process\.env\.SIGNALWIRE_API_TOKEN/);
  });

  it('marks a .env still tracked at HEAD as present', () => {
    const repo = TestRepo.create();
    repo.write('config/.env.production', 'LOG_LEVEL=info\n').commit('Add production env');
    const r = runJson(['history'], { cwd: repo.dir });
    expect(summarize(r.findings, { still: true })).toEqual(['dotenv-committed config/.env.production:1 @ Add production env [present]']);
  });

  it('counts CRLF line breaks as one and handles names with spaces and unicode', () => {
    const repo = TestRepo.create();
    repo.write('docs/notes é.txt', `first line\r\nsecond line\r\nSIGNALWIRE_TOKEN=${fakeToken()}\r\n`);
    repo.write('my dir/client config.js', `// a\n// b\n${tokenLine(fakeToken())}`);
    repo.commit('Add files');
    const r = runJson(['history'], { cwd: repo.dir });
    expect(summarize(r.findings)).toEqual([
      'signalwire-api-token docs/notes é.txt:3 @ Add files',
      'signalwire-api-token my dir/client config.js:3 @ Add files',
    ]);
  });

  it('finds a token that only lives in a stash', () => {
    const repo = TestRepo.create();
    repo.write('app.js', '// app\n').commit('Initial commit');
    repo.write('app.js', `// app\n${tokenLine(fakeToken())}`);
    repo.git('stash', '-q');
    const r = runJson(['history'], { cwd: repo.dir });
    expect(r.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['signalwire-api-token app.js:2']);
  });

  it('narrows with --range and --since', () => {
    const repo = TestRepo.create();
    repo.write('a.js', tokenLine(fakeToken())).commit('First token');
    repo.write('b.js', tokenLine(fakeToken())).commit('Second token');
    repo.write('c.js', tokenLine(fakeToken())).commit('Third token');
    expect(summarize(runJson(['history', '--range', 'HEAD~2..HEAD'], { cwd: repo.dir }).findings)).toEqual([
      'signalwire-api-token b.js:1 @ Second token',
      'signalwire-api-token c.js:1 @ Third token',
    ]);
    // commit n is dated 2024-01-01 at n:00 UTC (see TestRepo)
    expect(summarize(runJson(['history', '--since', '2024-01-01T02:30:00Z'], { cwd: repo.dir }).findings)).toEqual([
      'signalwire-api-token c.js:1 @ Third token',
    ]);
  });

  it('scans an empty repository to zero findings and exit 0', () => {
    const repo = TestRepo.create();
    const r = runJson(['history'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    expect(r.findings).toEqual([]);
    expect(r.summary.commits).toBe(0);
  });

  it('takes the repository path as an argument and reports paths from its top level', () => {
    const repo = TestRepo.create();
    repo.write('pkg/src/a.js', tokenLine(fakeToken())).commit('Add a');
    const r = runJson(['history', `${repo.dir}/pkg`], { cwd: tempDir() });
    expect(r.root).toBe(repo.dir);
    expect(summarize(r.findings)).toEqual(['signalwire-api-token pkg/src/a.js:1 @ Add a']);
  });

  it('warns that a shallow clone is incomplete and scans what is there', () => {
    const origin = TestRepo.create();
    origin.write('old.js', tokenLine(fakeToken())).commit('Old token');
    origin.remove('old.js').commit('Remove old token');
    origin.write('new.js', tokenLine(fakeToken())).commit('New token');
    const dir = tempDir();
    origin.git('clone', '-q', '--depth', '1', `file://${origin.dir}`, `${dir}/clone`);
    const r = runJson(['history'], { cwd: `${dir}/clone` });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/shallow clone/);
    expect(r.stderr).toMatch(/git fetch --unshallow/);
    expect(summarize(r.findings)).toEqual(['signalwire-api-token new.js:1 @ New token']);
  });

  it('exits 2 with one line outside a repository and for an unknown ref', () => {
    const outside = runCli(['history'], { cwd: tempDir() });
    expect(outside.code).toBe(2);
    expect(outside.stdout).toBe('');
    expect(outside.stderr.trim().split('\n')).toHaveLength(1);
    expect(outside.stderr).toMatch(/^swlint: not a git repository: .*git init/);
    const repo = TestRepo.create();
    repo.write('a.txt', 'a\n').commit('Initial commit');
    const unknown = runCli(['history', '--branch', 'no-such-branch'], { cwd: repo.dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/^swlint: unknown ref "no-such-branch"/);
    expect(runCli(['history', '--range', 'nope..HEAD'], { cwd: repo.dir }).code).toBe(2);
  });

  it('exits 2 with one line when git is not installed or the path does not exist', () => {
    const repo = TestRepo.create();
    const noGit = runCli(['history'], { cwd: repo.dir, env: { ...GIT_TEST_ENV, PATH: tempDir() } });
    expect(noGit.code).toBe(2);
    expect(noGit.stderr).toBe('swlint: git is not installed or not on PATH: install git and try again\n');
    const missing = runCli(['history', 'no/such/dir'], { cwd: repo.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^swlint: no such directory: .*no\/such\/dir \(name the repository's directory, or run `swlint history` inside it\)\n$/);
  });

  it('prints no progress when stderr is not a terminal', () => {
    const repo = TestRepo.create();
    repo.write('a.txt', 'a\n').commit('Initial commit');
    const r = runCli(['history', '--format', 'json'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
