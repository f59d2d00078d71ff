// Nothing from the scanned repository runs. A repository's .git/config and .gitattributes can
// name programs that git runs on its own (fsmonitor, external diff, textconv, filters, pager,
// hooks, signature checking …). Every one of them here would create a marker file; none may
// exist after scan, history, staged or diff. A control run of plain git on the same
// repository proves the traps are armed.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GIT_TEST_ENV } from '../helpers/git-env.js';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { run, tokenLine } from './helpers.js';

afterAll(cleanupTempDirs);

function armedRepository(markers: string) {
  const repo = TestRepo.create();
  const touch = (name: string) => `touch '${path.join(markers, name)}'`;
  repo.write('a.js', 'export const a = 1;\n');
  repo.write('secret.bin', 'binary-ish\n');
  const base = repo.commit('base');
  // attributes route every file through the evil filter and diff driver
  repo.write('.gitattributes', '* filter=evil diff=evil\n');
  repo.write('b.js', tokenLine(fakeToken()));
  repo.write('a.js', 'export const a = 2;\n');
  repo.commit('second');
  const hooks = path.join(repo.dir, 'evil-hooks');
  mkdirSync(hooks);
  for (const hook of ['pre-commit', 'post-checkout', 'post-index-change', 'reference-transaction', 'fsmonitor-watchman', 'pre-auto-gc', 'post-rewrite']) {
    writeFileSync(path.join(hooks, hook), `#!/bin/sh\n${touch(`hook-${hook}`)}\n`);
    chmodSync(path.join(hooks, hook), 0o755);
    writeFileSync(path.join(repo.dir, '.git', 'hooks', hook), `#!/bin/sh\n${touch(`githook-${hook}`)}\n`);
    chmodSync(path.join(repo.dir, '.git', 'hooks', hook), 0o755);
  }
  const config: [string, string][] = [
    ['core.fsmonitor', touch('core.fsmonitor')],
    ['core.hooksPath', hooks],
    ['core.pager', `${touch('core.pager')}; cat`],
    ['pager.log', `${touch('pager.log')}; cat`],
    ['pager.diff', `${touch('pager.diff')}; cat`],
    ['core.sshCommand', touch('core.sshCommand')],
    ['core.askPass', touch('core.askPass')],
    ['core.editor', touch('core.editor')],
    ['diff.external', touch('diff.external')],
    ['diff.evil.command', touch('diff.evil.command')],
    ['diff.evil.textconv', `sh -c '${touch('diff.evil.textconv')}; cat "$1"' --`],
    ['filter.evil.clean', `sh -c '${touch('filter.evil.clean')}; cat'`],
    ['filter.evil.smudge', `sh -c '${touch('filter.evil.smudge')}; cat'`],
    ['filter.evil.process', touch('filter.evil.process')],
    ['filter.evil.required', 'false'],
    ['gpg.program', touch('gpg.program')],
    ['log.showSignature', 'true'],
    ['credential.helper', `!${touch('credential.helper')}`],
    ['alias.log', `!${touch('alias.log')}`],
    ['alias.ls-files', `!${touch('alias.ls-files')}`],
    ['alias.cat-file', `!${touch('alias.cat-file')}`],
    ['gc.auto', '1'],
  ];
  for (const [key, value] of config) repo.git('config', key, value);
  // a modified work tree file and a staged change give fsmonitor, clean and textconv something to do
  writeFileSync(path.join(repo.dir, 'a.js'), 'export const a = 3;\n');
  writeFileSync(path.join(repo.dir, 'c.js'), tokenLine(fakeToken()));
  repo.git('-c', 'core.hooksPath=/dev/null', '-c', 'filter.evil.clean=cat', '-c', 'filter.evil.process=', '-c', 'core.fsmonitor=false', 'add', 'c.js');
  return { repo, base };
}

describe('a repository whose git config names programs', () => {
  it('scan, history, staged and diff run none of them', () => {
    const markers = tempDir('swlint-markers-');
    const { repo, base } = armedRepository(markers);
    rmSync(markers, { recursive: true, force: true });
    mkdirSync(markers);
    const failures: string[] = [];
    for (const args of [
      ['scan'],
      ['scan', '--recurse-submodules'],
      ['history'],
      ['staged'],
      ['diff', base],
      ['diff', base, 'HEAD'],
      ['baseline', '--out', path.join(tempDir('swlint-out-'), 'b.json')],
    ]) {
      for (const format of ['json', 'text']) {
        const r = run(args[0] === 'baseline' ? args : [...args, '--format', format], { cwd: repo.dir });
        failures.push(...(r.code === 2 ? [`${args.join(' ')}: ${r.stderr.trim()}`] : []));
      }
    }
    expect(readdirSync(markers)).toEqual([]);
    expect(failures).toEqual([]);

    // control: plain git on the same repository does run them, so the traps above were live
    const plain = (...args: string[]) =>
      spawnSync('git', args, { cwd: repo.dir, env: { ...GIT_TEST_ENV, GIT_PAGER: undefined, PAGER: undefined }, encoding: 'utf8' });
    plain('status');
    plain('-c', 'filter.evil.process=', 'diff', 'HEAD');
    plain('-c', 'filter.evil.process=', 'log', '-p', '-1');
    const fired = readdirSync(markers).sort();
    expect(fired).toEqual(expect.arrayContaining(['core.fsmonitor', 'diff.evil.command', 'diff.evil.textconv', 'filter.evil.process']));
  });
});
