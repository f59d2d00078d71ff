// Files named on the command line (lint-staged, pre-commit's `swlint-files` with --all-files):
// each file's facts (tracked, ignored, which repository) and configuration are those of the
// repository it is in, however many directories and repositories the list spans.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runJson, summarize } from '../helpers/cli.js';
import { TestRepo } from '../helpers/git-repo.js';
import { fakeToken } from '../helpers/secrets.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';

afterAll(cleanupTempDirs);

const tokenLine = (token: string) => `SIGNALWIRE_API_TOKEN = "${token}"\n`;

describe('files named on the command line', () => {
  it('a file in a repository inside another directory takes its own repository configuration, not one above it', () => {
    const outer = tempDir();
    // a configuration above the repository, e.g. a home directory's or a parent project's
    writeFileSync(path.join(outer, '.swlintrc.json'), JSON.stringify({ allowlist: { paths: ['**'] } }));
    const repo = new TestRepo(path.join(outer, 'app'));
    mkdirSync(repo.dir);
    repo.git('init', '-q');
    repo.write('src/settings.py', tokenLine(fakeToken()));
    repo.commit('app');
    const fromFile = runJson(['scan', 'src/settings.py'], { cwd: repo.dir });
    const fromDir = runJson(['scan', 'src'], { cwd: repo.dir });
    expect(summarize(fromDir.report)).toEqual(['signalwire-api-token settings.py:1']);
    expect(fromFile.code).toBe(1);
    expect(summarize(fromFile.report)).toEqual(['signalwire-api-token src/settings.py:1']);
    // named from the directory above, the file is still the repository's
    expect(summarize(runJson(['scan', 'app/src/settings.py'], { cwd: outer }).report)).toEqual(['signalwire-api-token app/src/settings.py:1']);
  });

  it("a file's own repository configuration applies when the file is named", () => {
    const repo = TestRepo.create();
    repo.write('.swlintrc.json', JSON.stringify({ allowlist: { paths: ['fixtures/**'] } }));
    repo.write('fixtures/sample.py', tokenLine(fakeToken()));
    repo.write('src/app.py', tokenLine(fakeToken()));
    repo.commit('app');
    const r = runJson(['scan', 'fixtures/sample.py', 'src/app.py'], { cwd: repo.dir });
    expect(summarize(r.report)).toEqual(['signalwire-api-token src/app.py:1']);
    expect((JSON.parse(r.stdout) as { allowlisted: string[] }).allowlisted).toEqual(['fixtures/sample.py']);
  });

  it('tracked, ignored and nested-repository facts are right for a list across many directories', () => {
    const repo = TestRepo.create();
    repo.write('.gitignore', 'local/\n');
    repo.write('deploy/prod/.env', 'SIGNALWIRE_SPACE=acme\n');
    repo.commit('app');
    repo.write('services/api/.env', 'PORT=8080\n'); // untracked, not ignored
    repo.write('local/.env', 'PORT=9090\n'); // ignored: named, it is scanned, and it is no dotenv finding
    repo.write('services/api/config.py', tokenLine(fakeToken()));
    // a repository nested in the first one (not a submodule): its own index and ignore rules
    const nested = new TestRepo(path.join(repo.dir, 'vendor', 'tool'));
    mkdirSync(nested.dir, { recursive: true });
    nested.git('init', '-q');
    nested.write('.gitignore', '.env\n');
    nested.write('conf/.env', 'DEBUG=1\n');
    nested.git('add', '-f', 'conf/.env');
    nested.write('conf/settings.py', tokenLine(fakeToken()));
    nested.commit('tool');
    // a directory reached through a symbolic link inside the repository
    symlinkSync('deploy', path.join(repo.dir, 'linked'));
    const named = [
      'deploy/prod/.env',
      'services/api/.env',
      'services/api/config.py',
      'local/.env',
      'vendor/tool/conf/.env',
      'vendor/tool/conf/settings.py',
      'linked/prod/.env',
    ];
    const r = runJson(['scan', ...named, '--fail-on', 'never'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    expect(summarize(r.report)).toEqual([
      'dotenv-committed deploy/prod/.env:1',
      'dotenv-committed linked/prod/.env:1',
      'dotenv-committed vendor/tool/conf/.env:1',
      'dotenv-not-ignored services/api/.env:1',
      'signalwire-api-token services/api/config.py:1',
      'signalwire-api-token vendor/tool/conf/settings.py:1',
    ]);
  });
});
