// The user's own git environment reaches git through simple-git (src/sources/git/process.ts)
// as it did through a plain spawn: the index `git commit` names (GIT_INDEX_FILE, set for a hook
// during `git commit <paths>` or `-a`), and settings a CI job puts in the environment, which
// simple-git's "unsafe" guard would otherwise refuse.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { GIT_TEST_ENV } from '../helpers/git-env.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { runJson, summarize } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

const tokenLine = (t: string) => `const signalwireToken = '${t}';\n`;

describe('git environment', () => {
  it('staged reads the index GIT_INDEX_FILE names, not the default one', () => {
    const repo = TestRepo.create();
    repo.write('app.js', '// app\n').commit('Initial commit');
    // a second index with a token staged in it; the repository's own index stays clean
    const other = path.join(repo.dir, '.git', 'other-index');
    copyFileSync(path.join(repo.dir, '.git', 'index'), other);
    repo.write('app.js', `// app\n${tokenLine(fakeToken())}`);
    repo.git('update-index', '--add', 'app.js');
    copyFileSync(path.join(repo.dir, '.git', 'index'), path.join(repo.dir, '.git', 'staged-index'));
    repo.git('reset', '-q');
    expect(runJson(['staged'], { cwd: repo.dir }).code).toBe(0);
    const viaOther = runJson(['staged'], { cwd: repo.dir, env: { ...GIT_TEST_ENV, GIT_INDEX_FILE: path.join(repo.dir, '.git', 'staged-index') } });
    expect(viaOther.code).toBe(1);
    expect(summarize(viaOther.findings)).toEqual(['signalwire-api-token app.js:2']);
    expect(runJson(['staged'], { cwd: repo.dir, env: { ...GIT_TEST_ENV, GIT_INDEX_FILE: other } }).code).toBe(0);
  });

  it('a credential helper, editor and ssh command in the environment do not stop a scan', () => {
    const repo = TestRepo.create();
    repo.write('app.js', '// app\n').commit('Initial commit');
    repo.write('app.js', `// app\n${tokenLine(fakeToken())}`);
    repo.git('add', 'app.js');
    const env = {
      ...GIT_TEST_ENV,
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'credential.helper',
      GIT_CONFIG_VALUE_0: 'store',
      EDITOR: 'vi',
      GIT_SSH_COMMAND: 'ssh -o BatchMode=yes',
    };
    const r = runJson(['staged'], { cwd: repo.dir, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(summarize(r.findings)).toEqual(['signalwire-api-token app.js:2']);
    const history = runJson(['history'], { cwd: repo.dir, env });
    expect(history.code).toBe(0);
  });
});
