// The scanned repository cannot make git show swlint other objects than it stores: a replace
// ref (which `git clone --mirror` copies) swapping a token's blob for a clean one, and a graft
// file cutting a commit's history off the walk, are both ignored in every git mode.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { parseReport, run, tokenLine } from '../robustness/helpers.js';

afterAll(cleanupTempDirs);

const findings = (args: string[], cwd: string) => {
  const r = run([...args, '--format', 'json'], { cwd });
  return { code: r.code, found: parseReport(r).findings.map((f) => `${f.ruleId} ${f.file}`) };
};

describe('objects are read as stored', () => {
  it('a replace ref hiding a blob that holds a token: history and diff still report it', () => {
    const repo = TestRepo.create().write('README.md', '# app\n');
    const base = repo.commit('base');
    repo.write('config.py', tokenLine(fakeToken()));
    repo.commit('add config');
    const dirty = repo.git('rev-parse', 'HEAD:config.py').trim();
    const clean = repo.git('hash-object', '-w', '--stdin', '-t', 'blob', '--path', 'config.py').trim();
    repo.git('replace', dirty, clean);
    // control: git itself now shows the clean blob
    expect(repo.git('show', 'HEAD:config.py')).toBe('');

    expect(findings(['history'], repo.dir)).toEqual({ code: 1, found: ['signalwire-api-token config.py'] });
    expect(findings(['diff', base], repo.dir)).toEqual({ code: 1, found: ['signalwire-api-token config.py'] });
  });

  it('a graft file that makes the newest commit a root: history still walks the commits before it', () => {
    const repo = TestRepo.create().write('config.py', tokenLine(fakeToken()));
    repo.commit('add config');
    repo.write('config.py', '# read from the environment\n');
    const head = repo.commit('remove token');
    writeFileSync(path.join(repo.dir, '.git', 'info', 'grafts'), `${head}\n`);
    // control: git itself now sees one commit
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('1');

    expect(findings(['history'], repo.dir)).toEqual({ code: 1, found: ['signalwire-api-token config.py'] });
  });
});

describe('a ref name that names more than one ref', () => {
  it('a tag named like the base branch (a pushed tag `origin/main` at the pull request) is refused, not taken for BASE', () => {
    const repo = TestRepo.create().write('src/app.js', '// app\n');
    const base = repo.commit('base');
    repo.git('update-ref', 'refs/remotes/origin/main', base);
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('src/config.js', tokenLine(fakeToken())).commit('config');
    // git resolves a tag before a branch of the same name: BASE would be the pull request itself
    repo.git('tag', 'origin/main', 'HEAD');
    repo.git('tag', 'main', 'HEAD');
    for (const args of [
      ['diff', 'origin/main'],
      ['diff', 'main', 'feature'],
      ['diff', base, 'origin/main'],
    ]) {
      const r = run([...args, '--format', 'json'], { cwd: repo.dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/names more than one ref.*refs\/(remotes|heads)\//);
      expect(r.stdout).toBe('');
    }
    // named in full, or by its commit id, it is judged (hard negative)
    for (const ref of ['refs/remotes/origin/main', base])
      expect(findings(['diff', ref], repo.dir)).toEqual({ code: 1, found: ['signalwire-api-token src/config.js'] });
  });
});
