// `swlint diff` reads each commit of the range as git stores it. `git log`'s message (%B) is not
// the object: it stops at a NUL byte, re-encodes the message from the charset an `encoding`
// header names, and leaves the author, the committer and any other header line out. A token in
// any of them is in BASE's history once the pull request is merged, so each must fail the gate.
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { GIT_TEST_ENV } from '../helpers/git-env.js';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { runCli, runJson } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

const located = (r: ReturnType<typeof runJson>) => r.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`);

/** A repository with one commit on main (BASE) and the code a pull request edits. */
function based(): { repo: TestRepo; base: string } {
  const repo = TestRepo.create();
  repo.write('app/client.py', 'import os\n\nTOKEN = os.environ["SIGNALWIRE_TOKEN"]\n');
  const base = repo.commit('Read the token from the environment');
  return { repo, base };
}

/** Writes a commit object of these header lines and message on top of HEAD, with HEAD's tree, and moves HEAD to it. */
function commitObject(repo: TestRepo, headers: string[], message: Buffer): string {
  const tree = repo.git('rev-parse', 'HEAD^{tree}').trim();
  const parent = repo.git('rev-parse', 'HEAD').trim();
  const head = Buffer.from([`tree ${tree}`, `parent ${parent}`, ...headers].join('\n') + '\n\n', 'utf8');
  // --literally: git's own checks would refuse nothing here but a NUL, which a push still carries (fsck only warns)
  const id = execGit(repo, ['hash-object', '-t', 'commit', '-w', '--stdin', '--literally'], Buffer.concat([head, message])).trim();
  repo.git('reset', '-q', '--hard', id);
  return id;
}

function execGit(repo: TestRepo, args: string[], input: Buffer): string {
  return execFileSync('git', args, { cwd: repo.dir, env: GIT_TEST_ENV, input, encoding: 'utf8' });
}

const PERSON = 'Dana Reyes <dana@example.org> 1704067200 +0000';

describe('swlint diff reads each commit of the range as git stores it', () => {
  it('reports a token in the author name, at the header line git stores it on', () => {
    const { repo, base } = based();
    const token = fakeToken();
    repo.write('app/client.py', 'import os\n\nTOKEN = os.environ["SIGNALWIRE_TOKEN"]\nTIMEOUT = 30\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'Add a timeout', `--author=${token} <ci@example.org>`);
    const r = runJson(['diff', base], { cwd: repo.dir });
    // tree, parent, author: the third line of `git cat-file commit`
    expect(located(r)).toEqual(['signalwire-api-token (commit header):3']);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain(token);
    expect(r.findings[0]!.fix).toContain("it is in a commit's header");
  });

  it('reports a token in a header line git keeps but log never prints', () => {
    const { repo, base } = based();
    const token = fakeToken();
    commitObject(repo, [`author ${PERSON}`, `committer ${PERSON}`, `x-deploy-token ${token}`], Buffer.from('Tidy up\n'));
    const text = runCli(['diff', base, '--no-color'], { cwd: repo.dir });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('(commit header)');
    expect(text.stdout).not.toContain(token);
    expect(located(runJson(['diff', base], { cwd: repo.dir }))).toEqual(['signalwire-api-token (commit header):5']);
  });

  it('reports a token in a message whose encoding header makes git log print other characters', () => {
    const { repo, base } = based();
    const token = fakeToken();
    // the bytes are ASCII; IBM037 (EBCDIC) turns every one into another character in `git log`
    commitObject(repo, [`author ${PERSON}`, `committer ${PERSON}`, 'encoding IBM037'], Buffer.from(`Rotate credentials\n\nnew token ${token}\n`));
    const r = runJson(['diff', base], { cwd: repo.dir });
    expect(located(r)).toEqual(['signalwire-api-token (commit message):3']);
    expect(r.code).toBe(1);
  });

  it('reports a token behind a NUL byte in a message, which git log stops at', () => {
    const { repo, base } = based();
    const token = fakeToken();
    commitObject(repo, [`author ${PERSON}`, `committer ${PERSON}`], Buffer.concat([Buffer.from('Tidy up\n'), Buffer.from([0]), Buffer.from(`${token}\n`)]));
    const r = runJson(['diff', base], { cwd: repo.dir });
    expect(r.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['signalwire-api-token (commit message)']);
    expect(r.code).toBe(1);
  });

  it('reports nothing for ordinary commits, and a message token at its line as before', () => {
    const { repo, base } = based();
    // hard negatives: names, emails, an encoding header, ids and dates in a header are no credentials
    repo.write('README.md', '# client\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'Add a README', '--author=Łukasz Nowak <lukasz@example.org>');
    commitObject(
      repo,
      [`author ${PERSON}`, `committer ${PERSON}`, 'encoding ISO-8859-1'],
      Buffer.from('Caf\xe9 docs\n\nSee PROJ-1234 and ticket 5f3c2a1b.\n', 'latin1'),
    );
    const clean = runJson(['diff', base], { cwd: repo.dir });
    expect(located(clean)).toEqual([]);
    expect(clean.code).toBe(0);
    repo.commit(`Wire the client\n\nThe old token ${fakeToken()} is revoked.`);
    const r = runJson(['diff', base], { cwd: repo.dir });
    expect(located(r)).toEqual(['signalwire-api-token (commit message):3']);
    expect(r.code).toBe(1);
  });
});

describe('a commit whose author name holds the unit separator (0x1f)', () => {
  it('neither stops diff and history nor hides that a merge kept a token', () => {
    const token = fakeToken();
    const settings = (t: string, timeout: number) => `import os\n\nSIGNALWIRE_TOKEN = ${t}\nTIMEOUT = ${timeout}\n`;
    const repo = TestRepo.create();
    repo.write('app/settings.py', settings(`"${token}"`, 30));
    repo.commit('start');
    repo.git('branch', 'feature');
    repo.write('app/settings.py', settings('os.environ["SIGNALWIRE_TOKEN"]', 30));
    const base = repo.commit('Read the token from the environment');
    // the branch keeps its side of the conflict, the token main had removed, in a merge whose
    // author name holds 0x1f, the separator of the fields swlint asks git log for
    repo.git('checkout', '-q', 'feature');
    repo.write('app/settings.py', settings(`"${token}"`, 60));
    repo.commit('Longer timeout');
    try {
      repo.git('merge', '-q', 'main', '-m', 'Merge main');
    } catch {
      // the conflict on app/settings.py
    }
    repo.git('checkout', '--ours', 'app/settings.py');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'Merge main', '--author=Dana\x1fReyes <dana@example.org>');
    const r = runJson(['diff', base], { cwd: repo.dir });
    expect(r.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} | ${f.message}`)).toEqual([
      'signalwire-api-token app/settings.py:3 | Hard-coded SignalWire API token (kept by a merge: no commit of the range added it, and BASE does not have it)',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const history = runJson(['history'], { cwd: repo.dir });
    expect(history.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} @ ${f.commit?.message}`)).toEqual(['signalwire-api-token app/settings.py:3 @ start']);
    expect(history.code).toBe(1);
    expect(history.stderr).toBe('');
  });
});
