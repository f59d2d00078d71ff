// A merge commit of a pull request judged as a gate. Each commit of the range reports the lines it
// adds; a merge adds the lines new to every parent. Two ways a merge can bring a token into HEAD
// without any commit adding it: a rename out of an allowlisted folder done by the merge itself,
// and a version kept from history BASE had left behind (main removed the token, the branch
// resolved the conflict with its own side). Both are reported at the merge.
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { runJson } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

const summary = (r: ReturnType<typeof runJson>) => r.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} @ ${f.commit?.message} | ${f.message}`);

const settings = (token: string) => `import os\n\nSIGNALWIRE_PROJECT = os.environ["SIGNALWIRE_PROJECT"]\nSIGNALWIRE_TOKEN = "${token}"\nTIMEOUT = 30\n`;
const fromEnv = 'import os\n\nSIGNALWIRE_PROJECT = os.environ["SIGNALWIRE_PROJECT"]\nSIGNALWIRE_TOKEN = os.environ["SIGNALWIRE_TOKEN"]\nTIMEOUT = 30\n';

/** main at `start`, a branch `feature` from it; returns the repository. */
function started(files: Record<string, string>): TestRepo {
  const repo = TestRepo.create();
  for (const [f, c] of Object.entries(files)) repo.write(f, c);
  repo.commit('start');
  repo.git('branch', 'feature');
  return repo;
}

describe('a merge that keeps a token BASE had removed', () => {
  it('is reported at the merge, once', () => {
    const token = fakeToken();
    const repo = started({ 'app/settings.py': settings(token), 'README.md': '# app\n' });
    // main moves the token out of the code
    repo.write('app/settings.py', fromEnv);
    const base = repo.commit('Read the token from the environment');
    // the branch edits the same lines, then merges main and resolves the conflict with its side
    repo.git('checkout', '-q', 'feature');
    repo.write('app/settings.py', settings(token).replace('TIMEOUT = 30', 'TIMEOUT = 60'));
    repo.commit('Longer timeout');
    try {
      repo.git('merge', '-q', 'main', '-m', 'Merge main');
    } catch {
      // the conflict on app/settings.py
    }
    repo.git('checkout', '--ours', 'app/settings.py');
    repo.commit('Merge main');
    const r = runJson(['diff', base], { cwd: repo.dir });
    expect(summary(r)).toEqual([
      'signalwire-api-token app/settings.py:4 @ Merge main | Hard-coded SignalWire API token (kept by a merge: no commit of the range added it, and BASE does not have it)',
    ]);
    expect(r.code).toBe(1);
  });

  it('is reported when the merge is with an older commit of main', () => {
    const token = fakeToken();
    const repo = started({ 'app/settings.py': settings(token) });
    const old = repo.git('rev-parse', 'HEAD').trim();
    repo.write('app/settings.py', fromEnv);
    const base = repo.commit('Read the token from the environment');
    repo.git('checkout', '-q', '-b', 'restore', base);
    repo.write('app/handlers.py', 'def ping():\n    return "pong"\n').commit('Add a handler');
    // a merge with the old commit whose tree takes that commit's settings (git merge, then `git checkout <old> -- <file>`)
    repo.git('checkout', old, '--', 'app/settings.py');
    const merged = repo.git('write-tree').trim();
    const commit = repo.git('commit-tree', merged, '-p', 'HEAD', '-p', old, '-m', 'Merge an old release').trim();
    repo.git('reset', '-q', '--hard', commit);
    const r = runJson(['diff', base], { cwd: repo.dir });
    expect(summary(r)).toEqual([
      'signalwire-api-token app/settings.py:4 @ Merge an old release | Hard-coded SignalWire API token (kept by a merge: no commit of the range added it, and BASE does not have it)',
    ]);
    expect(r.code).toBe(1);
  });

  it('adds nothing when the merges are clean, whatever the branch started from', () => {
    const token = fakeToken();
    const repo = started({ 'app/settings.py': settings(token), 'README.md': '# app\n' });
    repo.write('app/settings.py', fromEnv);
    repo.write('legacy/old.py', `# swlint-ignore-next-line -- rotated, kept for the record\nOLD_TOKEN = "${fakeToken()}"\n`);
    repo.commit('Read the token from the environment; keep the old record');
    // a branch from before that change, with a side branch merged into it: HEAD still holds the
    // old settings, as the start of the branch did (merged into main, main's change wins)
    repo.git('checkout', '-q', 'feature');
    repo.git('checkout', '-q', '-b', 'side');
    repo.write('docs/notes.md', '# notes\n').commit('Notes');
    repo.git('checkout', '-q', 'feature');
    repo.write('app/handlers.py', 'def ping():\n    return "pong"\n').commit('Add a handler');
    repo.git('merge', '-q', 'side', '-m', 'Merge side');
    const stale = runJson(['diff', 'main'], { cwd: repo.dir });
    expect(stale.findings).toEqual([]);
    expect(stale.code).toBe(0);
    // and once main is merged in: main's accepted record is main's
    repo.git('merge', '-q', 'main', '-m', 'Merge main');
    const merged = runJson(['diff', 'main'], { cwd: repo.dir });
    expect(merged.findings).toEqual([]);
    expect(merged.code).toBe(0);
  });
});

describe('a merge that renames a file out of an allowlisted folder', () => {
  it('judges the file whole at its new path, as a commit that renames it', () => {
    const token = fakeToken();
    const repo = started({
      '.swlintrc.json': '{"allowlist":{"paths":["fixtures/**"]}}\n',
      'fixtures/recorded.py': `# a recorded response\nRESPONSE = {"token": "${token}"}\n`,
    });
    const base = repo.git('rev-parse', 'HEAD').trim();
    repo.git('checkout', '-q', 'feature');
    repo.write('app/handlers.py', 'def ping():\n    return "pong"\n').commit('Add a handler');
    repo.git('checkout', '-q', '-b', 'side', base);
    repo.write('docs/notes.md', '# notes\n').commit('Notes');
    repo.git('checkout', '-q', 'feature');
    repo.git('merge', '-q', '--no-commit', 'side');
    repo.git('mv', 'fixtures/recorded.py', 'app/recorded.py');
    repo.commit('Merge side');
    const r = runJson(['diff', base], { cwd: repo.dir });
    expect(summary(r)).toEqual(['signalwire-api-token app/recorded.py:2 @ Merge side | Hard-coded SignalWire API token']);
    expect(r.code).toBe(1);
  });
});
