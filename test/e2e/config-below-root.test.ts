// Issue 12.5: allowlist.paths in a config below the repository root (`--config ci/sw.json`)
// is resolved against the repository root (the scan root outside git); a pattern that climbs
// out ("../py/**") is refused with exit 2 — never a silent no-op.
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fakeProjectId, fakeToken } from '../helpers/secrets.js';
import { runCli, runJson, summarize } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

const line = (token: string) => `client = Client(project, '${token}')\n`;

function app(config: unknown): TestRepo {
  const repo = TestRepo.create();
  repo.write('ci/sw.json', JSON.stringify(config));
  repo.write('py/settings.py', line(fakeToken()));
  repo.write('web/app.py', line(fakeToken()));
  repo.commit('app');
  return repo;
}

describe('12.5 allowlist.paths in a config below the root', () => {
  it('--config ci/sw.json with "py/**" allowlists py/ of the repository, in every mode', () => {
    const repo = app({ allowlist: { paths: ['py/**'] } });
    const r = runJson(['scan', '--config', 'ci/sw.json'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(summarize(r.findings)).toEqual(['signalwire-api-token web/app.py:1']);
    expect((JSON.parse(r.stdout) as { allowlisted: string[] }).allowlisted).toEqual(['py/settings.py']);
    // from a subdirectory, and for history, the same root
    expect(summarize(runJson(['scan', '..', '--config', '../ci/sw.json'], { cwd: path.join(repo.dir, 'web') }).findings)).toEqual([
      'signalwire-api-token web/app.py:1',
    ]);
    expect(summarize(runJson(['history', '--config', 'ci/sw.json'], { cwd: repo.dir }).findings)).toEqual(['signalwire-api-token web/app.py:1 @ app']);
  });

  it('outside git: relative to the scan root', () => {
    const repo = app({ allowlist: { paths: ['./py/**'] } });
    const dir = tempDir();
    for (const f of ['ci', 'py', 'web']) cpSync(path.join(repo.dir, f), path.join(dir, f), { recursive: true });
    const r = runJson(['scan', '.', '--config', 'ci/sw.json'], { cwd: dir });
    expect(summarize(r.findings)).toEqual(['signalwire-api-token web/app.py:1']);
  });

  it('"../py/**" is refused with a message that says what to write', () => {
    const repo = app({ allowlist: { paths: ['../py/**'] } });
    const r = runCli(['scan', '--config', 'ci/sw.json'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/allowlist\.paths\[0\]" "\.\.\/py\/\*\*" leads out of the directory.*"py\/\*\*"/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a discovered .swlintrc.json in a subdirectory keeps globs relative to its own directory', () => {
    const repo = TestRepo.create();
    repo.write('packages/a/.swlintrc.json', JSON.stringify({ allowlist: { paths: ['fixtures/**'] } }));
    repo.write('packages/a/fixtures/t.py', line(fakeToken()));
    repo.write('packages/a/src/t.py', line(fakeToken()));
    repo.commit('a');
    const r = runJson(['scan', '.'], { cwd: path.join(repo.dir, 'packages/a') });
    expect(summarize(r.findings)).toEqual(['signalwire-api-token src/t.py:1']);
  });
});

describe('12.5 documentation globs in a config below the root', () => {
  it('--config ci/sw.json with "documentation": ["handbook/**"] makes handbook/ of the repository documentation', () => {
    const repo = TestRepo.create();
    const project = fakeProjectId();
    repo.write('ci/sw.json', JSON.stringify({ documentation: ['handbook/**'] }));
    // the same unannotated project ID on three pages: a documentation example once handbook/ is documentation
    for (const page of ['install', 'setup', 'upgrade']) repo.write(`handbook/${page}.txt`, `Setup\n\nSIGNALWIRE_PROJECT_ID=${project}\n`);
    repo.commit('handbook');
    expect(summarize(runJson(['scan'], { cwd: repo.dir }).findings)).toHaveLength(3);
    expect(summarize(runJson(['scan', '--config', 'ci/sw.json'], { cwd: repo.dir }).findings)).toEqual([]);
  });
});
