// Repositories in every state git allows: detached HEAD, bare, linked worktrees, submodules,
// sparse checkouts, LFS pointers, missing and corrupt objects, a huge blob in history, and a
// deadline. Each is built for real in a temporary directory.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { findingList, parseReport, run, runMeasured, skippedList, tokenLine } from './helpers.js';

afterAll(() => {
  cleanupTempDirs();
  cleanupTempDirs();
});

const json = (cwd: string, args: string[]) => {
  const r = run([...args, '--format', 'json'], { cwd });
  return { r, rep: parseReport(r) };
};

/** Path of the loose object file holding `id`. */
const objectFile = (repo: TestRepo, id: string) => path.join(repo.dir, '.git', 'objects', id.slice(0, 2), id.slice(2));

describe('repository shapes', () => {
  it('detached HEAD: scan, history, staged and diff all work', () => {
    const repo = TestRepo.create();
    repo.write('a.js', tokenLine(fakeToken()));
    const first = repo.commit('first');
    repo.write('b.js', tokenLine(fakeToken()));
    repo.commit('second');
    repo.git('checkout', '-q', '--detach', first);
    expect(findingList(json(repo.dir, ['scan']).rep)).toEqual(['signalwire-api-token a.js']);
    // --all still reaches main's second commit
    expect(findingList(json(repo.dir, ['history']).rep)).toEqual(['signalwire-api-token a.js', 'signalwire-api-token b.js']);
    repo.write('c.js', tokenLine(fakeToken()));
    repo.git('add', 'c.js');
    const staged = json(repo.dir, ['staged']);
    expect(staged.r.code).toBe(1);
    expect(findingList(staged.rep)).toEqual(['signalwire-api-token c.js']);
    repo.commit('third, detached');
    expect(findingList(json(repo.dir, ['diff', first]).rep)).toEqual(['signalwire-api-token c.js']);
  });

  it('bare repository: history scans it; staged says what to do', () => {
    const repo = TestRepo.create();
    repo.write('a.js', tokenLine(fakeToken()));
    repo.commit('first');
    const bare = path.join(tempDir(), 'bare.git');
    execFileSync('git', ['clone', '-q', '--bare', repo.dir, bare]);
    const { r, rep } = json(bare, ['history']);
    expect(r.code).toBe(1);
    expect(rep.root).toBe(bare);
    expect(findingList(rep)).toEqual(['signalwire-api-token a.js']);
    const staged = run(['staged'], { cwd: bare });
    expect(staged.code).toBe(2);
    expect(staged.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('linked worktree: scan and history run in it', () => {
    const repo = TestRepo.create();
    repo.write('a.js', tokenLine(fakeToken()));
    repo.commit('first');
    const wtDir = path.join(tempDir(), 'wt');
    repo.git('worktree', 'add', '-q', '-b', 'feature', wtDir);
    const wt = new TestRepo(wtDir);
    wt.write('b.js', tokenLine(fakeToken()));
    wt.commit('feature work');
    const scan = json(wtDir, ['scan']);
    expect(scan.rep.root).toBe(wtDir);
    expect(findingList(scan.rep)).toEqual(['signalwire-api-token a.js', 'signalwire-api-token b.js']);
    expect(findingList(json(wtDir, ['history']).rep)).toEqual(['signalwire-api-token a.js', 'signalwire-api-token b.js']);
    wt.write('c.js', tokenLine(fakeToken()));
    wt.git('add', 'c.js');
    expect(findingList(json(wtDir, ['staged']).rep)).toEqual(['signalwire-api-token c.js']);
  });

  it('submodules are reported, not descended, unless --recurse-submodules', () => {
    const lib = TestRepo.create();
    lib.write('lib.js', tokenLine(fakeToken()));
    lib.commit('lib');
    const app = TestRepo.create();
    app.write('app.js', 'export {};\n');
    app.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', lib.dir, 'vendor/lib');
    app.commit('add submodule');
    const scan = json(app.dir, ['scan']);
    expect(scan.rep.findings).toEqual([]);
    expect(skippedList(scan.rep)).toEqual(['submodule vendor/lib']);
    const deep = json(app.dir, ['scan', '--recurse-submodules']);
    expect(findingList(deep.rep)).toEqual(['signalwire-api-token vendor/lib/lib.js']);
    expect(deep.rep.skipped).toEqual([]);

    const hist = json(app.dir, ['history']);
    expect(hist.rep.findings).toEqual([]);
    expect(skippedList(hist.rep)).toEqual(['submodule vendor/lib']);
    const deepHist = json(app.dir, ['history', '--recurse-submodules']);
    expect(findingList(deepHist.rep)).toEqual(['signalwire-api-token vendor/lib/lib.js']);
    expect(deepHist.rep.findings[0]!.commit?.sha).toBe(lib.git('rev-parse', 'HEAD').trim());
    expect(deepHist.rep.summary.commits).toBe(2);
    // the submodule's checked-out HEAD still holds it: not "gone"; once removed there, gone
    expect(deepHist.rep.findings[0]!.stillPresent).toBe(true);
    const sub = new TestRepo(path.join(app.dir, 'vendor/lib'));
    sub.write('lib.js', 'export const token = process.env.SIGNALWIRE_TOKEN;\n');
    sub.commit('read the token from the environment');
    expect(json(app.dir, ['history', '--recurse-submodules']).rep.findings.map((f) => f.stillPresent)).toEqual([false]);
  });

  it('a submodule that is not checked out is reported under --recurse-submodules', () => {
    const lib = TestRepo.create();
    lib.write('lib.js', tokenLine(fakeToken()));
    lib.commit('lib');
    const app = TestRepo.create();
    app.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', lib.dir, 'lib');
    app.commit('add submodule');
    const clone = path.join(tempDir(), 'clone');
    execFileSync('git', ['clone', '-q', app.dir, clone]);
    const rep = json(clone, ['scan', '--recurse-submodules']).rep;
    expect(rep.skipped).toEqual([{ file: 'lib', reason: 'submodule', detail: expect.stringMatching(/git submodule update --init/) as unknown as string }]);
  });

  it('sparse checkout: scan reports what is not checked out; history still scans it', () => {
    const repo = TestRepo.create();
    repo.write('inside/a.js', tokenLine(fakeToken()));
    repo.write('outside/b.js', tokenLine(fakeToken()));
    repo.write('outside/c.js', 'export {};\n');
    repo.commit('two dirs');
    repo.git('sparse-checkout', 'set', '--no-cone', '/inside/');
    expect(existsSync(path.join(repo.dir, 'outside'))).toBe(false);
    const scan = json(repo.dir, ['scan']).rep;
    expect(findingList(scan)).toEqual(['signalwire-api-token inside/a.js']);
    expect(scan.skipped).toEqual([
      { file: '.', reason: 'sparse-checkout', detail: expect.stringMatching(/^2 tracked files are outside the sparse checkout/) as unknown as string },
    ]);
    expect(findingList(json(repo.dir, ['history']).rep)).toEqual(['signalwire-api-token inside/a.js', 'signalwire-api-token outside/b.js']);
  });

  it('LFS pointer files are small text: scanned, no findings, no errors', () => {
    const repo = TestRepo.create();
    repo.write('.gitattributes', '*.bin filter=lfs diff=lfs merge=lfs -text\n');
    const oid = 'a'.repeat(8) + '0123456789abcdef'.repeat(3) + 'f'.repeat(8);
    repo.write('model.bin', `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize 123456789\n`);
    repo.write('weights.txt', `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize 42\n`);
    repo.commit('lfs');
    for (const mode of ['scan', 'history']) {
      const { r, rep } = json(repo.dir, [mode]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(rep.findings).toEqual([]);
    }
  });
});

describe('damaged repositories', () => {
  it('a missing blob in history is reported as missing-object; the rest of history is still scanned', () => {
    const repo = TestRepo.create();
    repo.write('kept.js', tokenLine(fakeToken()));
    repo.commit('kept');
    repo.write('lost.js', tokenLine(fakeToken()));
    repo.commit('lost');
    const blob = repo.git('rev-parse', 'HEAD:lost.js').trim();
    unlinkSync(objectFile(repo, blob));
    const { r, rep } = json(repo.dir, ['history']);
    expect(r.code).toBe(1);
    expect(findingList(rep)).toEqual(['signalwire-api-token kept.js']);
    expect(skippedList(rep)).toEqual(['missing-object lost.js']);
    // not silently clean: the run says that history is incomplete, and why
    expect(r.stderr).toMatch(/history is incomplete: 1 blob is not in this clone and could not be scanned .*scan a full clone/);
  });

  it('counts a missing blob once in the warning, however many paths hold it', () => {
    // three paths of one blob in one commit: requested three times before git's answer comes
    const repo = TestRepo.create();
    repo.write('kept.js', 'export {};\n');
    repo.commit('kept');
    const text = tokenLine(fakeToken());
    for (const p of ['a/lost.js', 'b/lost.js', 'c/lost.js']) repo.write(p, text);
    repo.commit('lost');
    unlinkSync(objectFile(repo, repo.git('rev-parse', 'HEAD:a/lost.js').trim()));
    const { r, rep } = json(repo.dir, ['history']);
    expect(skippedList(rep).sort()).toEqual(['missing-object a/lost.js', 'missing-object b/lost.js', 'missing-object c/lost.js']);
    expect(r.stderr).toMatch(/history is incomplete: 1 blob is not in this clone/);
  });

  it('a missing blob in the range fails the gate: a swlint-unscanned error and a missing-object skip, no stack', () => {
    // swlint reads the blobs itself (git log --raw needs none of them), so a missing one is
    // reported like history reports it, and the gate fails on it instead of passing unscanned
    const repo = TestRepo.create();
    repo.write('a.js', 'export {};\n');
    const base = repo.commit('base');
    repo.write('lost.js', tokenLine(fakeToken()));
    repo.commit('lost');
    unlinkSync(objectFile(repo, repo.git('rev-parse', 'HEAD:lost.js').trim()));
    const { r, rep } = json(repo.dir, ['diff', base]);
    expect(r.code).toBe(1);
    expect(findingList(rep)).toEqual(['swlint-unscanned lost.js']);
    expect(rep.skipped).toEqual([
      {
        file: 'lost.js',
        reason: 'missing-object',
        detail: expect.stringMatching(/not in this clone \(a partial clone.*\) or it is corrupt/) as unknown as string,
      },
    ]);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('a corrupt blob is reported as missing-object (git cannot read it); the rest is scanned and its content never echoed', () => {
    const repo = TestRepo.create();
    const token = fakeToken();
    repo.write('a.js', tokenLine(token));
    repo.commit('a');
    repo.write('b.js', tokenLine(fakeToken()));
    repo.commit('b');
    const file = objectFile(repo, repo.git('rev-parse', 'HEAD:a.js').trim());
    const data = readFileSync(file);
    renameSync(file, file + '.bak');
    // a valid zlib header followed by garbage that holds the token
    writeFileSync(file, Buffer.concat([data.subarray(0, 2), Buffer.from(token.repeat(4))]));
    const { r, rep } = json(repo.dir, ['history']);
    expect(r.code).toBe(1);
    expect(findingList(rep)).toEqual(['signalwire-api-token b.js']);
    expect(rep.skipped).toEqual([
      {
        file: 'a.js',
        reason: 'missing-object',
        detail: expect.stringMatching(/not in this clone \(a partial clone.*\) or it is corrupt/) as unknown as string,
      },
    ]);
    expect(r.stdout + r.stderr).not.toContain(token.slice(2, 14));
  });

  it('a huge blob in history is counted past without being held (peak memory well below its size)', () => {
    const repo = TestRepo.create();
    writeFileSync(path.join(repo.dir, 'dump.sql'), Buffer.alloc(100 * 1024 * 1024, 'a'));
    repo.write('app.js', tokenLine(fakeToken()));
    repo.commit('big');
    repo.remove('dump.sql');
    repo.commit('drop it');
    const r = runMeasured(['history', '--format', 'json'], { cwd: repo.dir });
    const rep = parseReport(r);
    expect(r.code).toBe(1);
    expect(findingList(rep)).toEqual(['signalwire-api-token app.js']);
    expect(skippedList(rep)).toEqual(['too-large dump.sql']);
    // holding the blob would cost at least its 100 MB (plus a copy); streaming past it costs nothing
    expect(r.maxRssMb).toBeLessThan(150);
  });
});

describe('--timeout in git modes', () => {
  const repoWithWork = () => {
    const repo = TestRepo.create();
    for (let c = 0; c < 5; c++) {
      for (let f = 0; f < 40; f++) repo.write(`src/f${f}.js`, `export const v = ${c * 100 + f};\n`);
      repo.commit(`c${c}`);
    }
    return repo;
  };

  it('history, diff and staged stop, print a partial result marked incomplete and exit 2', () => {
    const repo = repoWithWork();
    const base = repo.git('rev-list', '--max-parents=0', 'HEAD').trim();
    repo.write('src/new.js', tokenLine(fakeToken()));
    repo.git('add', '-A');
    for (const args of [['history'], ['diff', base], ['staged']]) {
      const r = run([...args, '--format', 'json', '--timeout', '0.001'], { cwd: repo.dir });
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(2);
      expect(parseReport(r).summary.incomplete).toBe(true);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/--timeout/);
      const full = run([...args, '--format', 'json', '--timeout', '60'], { cwd: repo.dir });
      expect(full.code, `${args[0]}: ${full.stderr}`).not.toBe(2);
      expect('incomplete' in parseReport(full).summary).toBe(false);
    }
  });
});
