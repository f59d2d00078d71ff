// Issue 12.6: what was left out is visible — files the allowlist kept out of the scan, and the
// findings that inline ignores, the allowlist and the baseline hid — in every format.
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { runCli } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

const line = (token: string, tail = '') => `client = Client(project, '${token}')${tail}\n`;

function repoWithEverything(): TestRepo {
  const repo = TestRepo.create();
  repo.write('.swlintrc.json', JSON.stringify({ allowlist: { paths: ['fixtures/**'] } }));
  repo.write('fixtures/one.py', line(fakeToken()));
  repo.write('fixtures/two.py', line(fakeToken()));
  repo.write('src/ignored.py', line(fakeToken(), '  # swlint-ignore'));
  repo.write('src/old.py', line(fakeToken()) + line(fakeToken()));
  repo.commit('app');
  expect(runCli(['baseline'], { cwd: repo.dir }).code).toBe(0);
  repo.write('src/new.py', line(fakeToken()));
  return repo;
}

describe('12.6 suppressed findings and allowlisted files are shown', () => {
  it('text: the summary line counts them; --verbose lists the allowlisted files', () => {
    const repo = repoWithEverything();
    const r = runCli(['scan'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/1 problem \(1 error\); 5 files scanned, 2 allowlisted; 3 hidden: 2 baseline, 1 inline ignore/);
    expect(r.stdout).not.toContain('fixtures/one.py');
    const verbose = runCli(['scan', '--verbose'], { cwd: repo.dir });
    expect(verbose.stdout).toMatch(/allowlisted \(not scanned\):\n {2}fixtures\/one\.py\n {2}fixtures\/two\.py/);
  });

  it('json: suppressed counts and the allowlisted files', () => {
    const repo = repoWithEverything();
    const r = runCli(['scan', '--format', 'json'], { cwd: repo.dir });
    const doc = JSON.parse(r.stdout) as { suppressed: Record<string, number>; allowlisted: string[]; skipped: { reason: string }[] };
    expect(doc.suppressed).toEqual({ inline: 1, allowlist: 0, baseline: 2, allowlistedFiles: 2 });
    expect(doc.allowlisted).toEqual(['fixtures/one.py', 'fixtures/two.py']);
    expect(doc.skipped).toEqual([]);
  });

  it('sarif, junit and github carry the same counts', () => {
    const repo = repoWithEverything();
    const sarif = JSON.parse(runCli(['scan', '--format', 'sarif'], { cwd: repo.dir }).stdout) as {
      runs: { properties: { suppressed: Record<string, number> } }[];
    };
    expect(sarif.runs[0]!.properties.suppressed).toEqual({ inline: 1, allowlist: 0, baseline: 2, allowlistedFiles: 2 });
    const junit = runCli(['scan', '--format', 'junit'], { cwd: repo.dir }).stdout;
    expect(junit).toContain('<property name="suppressed.inline" value="1"/>');
    expect(junit).toContain('<property name="suppressed.baseline" value="2"/>');
    expect(junit).toContain('<property name="allowlistedFiles" value="2"/>');
    const github = runCli(['scan', '--format', 'github'], { cwd: repo.dir }).stdout.trim().split('\n').at(-1);
    expect(github).toBe('swlint: 1 problem (1 error); 5 files scanned, 2 allowlisted; 3 hidden: 2 baseline, 1 inline ignore');
  });

  it('allowlist.fingerprints: counted as allowlist', () => {
    const repo = TestRepo.create();
    repo.write('src/a.py', line(fakeToken()));
    repo.commit('a');
    const fp = (JSON.parse(runCli(['scan', '--format', 'json'], { cwd: repo.dir }).stdout) as { findings: { fingerprint: string }[] }).findings[0]!.fingerprint;
    repo.write('.swlintrc.json', JSON.stringify({ allowlist: { fingerprints: [fp] } }));
    const r = runCli(['scan'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no SignalWire credential problems; 2 files scanned; 1 hidden: 1 allowlist/);
  });
});
