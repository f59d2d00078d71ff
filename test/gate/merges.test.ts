// A merge commit of a pull request judged as a gate. Each commit of the range reports the lines it
// adds; a merge adds the lines new to every parent.
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { runJson } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

const summary = (r: ReturnType<typeof runJson>) => r.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} @ ${f.commit?.message} | ${f.message}`);

/** main at `start`, a branch `feature` from it; returns the repository. */
function started(files: Record<string, string>): TestRepo {
  const repo = TestRepo.create();
  for (const [f, c] of Object.entries(files)) repo.write(f, c);
  repo.commit('start');
  repo.git('branch', 'feature');
  return repo;
}

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
