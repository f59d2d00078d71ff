// `swlint diff BASE [HEAD]` end to end, plus the patch and raw-log parsers on their own.
import { afterAll, describe, expect, it } from 'vitest';
import { addedLines, addedLinesVsAll } from '../../src/scan/line-diff.js';
import { RawLogParser, unquotePath } from '../../src/sources/git/log.js';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { runCli, runJson, summarize } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

const tokenLine = (t: string) => `const signalwireToken = '${t}';\n`;

describe('swlint diff', () => {
  it('catches a token added and removed again inside the range, attributed to the adding commit', () => {
    const repo = TestRepo.create();
    repo.write('legacy.js', tokenLine(fakeToken())).commit('Before the range');
    const base = repo.git('rev-parse', 'HEAD').trim();
    repo.write('src/app.js', `// app\n${tokenLine(fakeToken())}`).commit('Add app with token');
    repo.write('src/app.js', '// app\nconst signalwireToken = process.env.SIGNALWIRE_TOKEN;\n').commit('Use env');
    repo.write('src/other.js', '// unrelated\n').commit('Unrelated');
    const r = runJson(['diff', base, 'HEAD'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(summarize(r.findings, { still: true })).toEqual(['signalwire-api-token src/app.js:2 @ Add app with token [gone]']);
    expect(r.summary.commits).toBe(3);
    // the branch's code no longer holds it, its pushed history does: rotate, nothing to edit
    expect(r.findings[0]!.fix).toMatch(/^Nothing to change in the code: HEAD no longer holds it, but git history does\. Rotate it now:/);
    // HEAD defaults to HEAD
    expect(summarize(runJson(['diff', base], { cwd: repo.dir }).findings)).toEqual(['signalwire-api-token src/app.js:2 @ Add app with token']);
  });

  it('exits 0 with nothing to scan when BASE equals HEAD or the range is empty', () => {
    const repo = TestRepo.create();
    repo.write('a.js', tokenLine(fakeToken())).commit('Token');
    repo.write('b.js', '// b\n').commit('Second');
    const same = runJson(['diff', 'HEAD', 'HEAD'], { cwd: repo.dir });
    expect(same.code).toBe(0);
    expect(same.findings).toEqual([]);
    expect(same.stderr).toBe('');
    const behind = runJson(['diff', 'HEAD', 'HEAD~1'], { cwd: repo.dir });
    expect(behind.code).toBe(0);
    expect(behind.summary.commits).toBe(0);
  });

  it('attributes merged side-branch lines to the side commit, and lines new in a merge to the merge', () => {
    const repo = TestRepo.create();
    repo.write('config.js', 'module.exports = { a: 1 };\n').commit('Initial commit');
    const base = repo.git('rev-parse', 'HEAD').trim();
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('feature.js', tokenLine(fakeToken())).commit('Feature with token');
    repo.write('config.js', 'module.exports = { a: 2 };\n').commit('Feature config');
    repo.git('checkout', '-q', 'main');
    repo.write('config.js', 'module.exports = { a: 3 };\n').commit('Main config');
    try {
      repo.git('merge', '-q', 'feature', '-m', 'Merge feature');
    } catch {
      // conflict on config.js, resolved below with a line neither side had
    }
    repo.write('config.js', `module.exports = { a: 4 };\n${tokenLine(fakeToken())}`).commit('Merge feature');
    const r = runJson(['diff', base, 'HEAD'], { cwd: repo.dir });
    expect(summarize(r.findings)).toEqual(['signalwire-api-token config.js:2 @ Merge feature', 'signalwire-api-token feature.js:1 @ Feature with token']);
  });

  it('reports a newly added .env with its commit', () => {
    const repo = TestRepo.create();
    repo.write('README.md', '# x\n').commit('Initial commit');
    repo.write('.env', 'DEBUG=1\n').commit('Add env');
    expect(summarize(runJson(['diff', 'HEAD~1'], { cwd: repo.dir }).findings, { still: true })).toEqual(['dotenv-committed .env:1 @ Add env [present]']);
  });

  it('exits 2 with one line for an unknown BASE, outside a repository, and in a shallow clone missing BASE', () => {
    const repo = TestRepo.create();
    repo.write('a.txt', 'a\n').commit('One');
    repo.write('a.txt', 'b\n').commit('Two');
    repo.write('a.txt', 'c\n').commit('Three');
    const unknown = runCli(['diff', 'no-such-ref'], { cwd: repo.dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/^swlint: unknown revision "no-such-ref"/);
    expect(runCli(['diff', '--', '--output=/tmp/x'], { cwd: repo.dir }).code).toBe(2);
    const outside = runCli(['diff', 'HEAD~1'], { cwd: tempDir() });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/^swlint: not a git repository/);

    const base = repo.git('rev-parse', 'HEAD~2').trim();
    const dir = tempDir();
    repo.git('clone', '-q', '--depth', '1', `file://${repo.dir}`, `${dir}/clone`);
    const shallow = runCli(['diff', base, 'HEAD'], { cwd: `${dir}/clone` });
    expect(shallow.code).toBe(2);
    expect(shallow.stderr.trim().split('\n')).toHaveLength(1);
    expect(shallow.stderr).toMatch(/shallow clone/);
    expect(shallow.stderr).toMatch(/git fetch --deepen=/);
    expect(shallow.stderr).toMatch(/fetch-depth: 0/);
  });

  it('exits 2 in a shallow clone that has BASE but not every commit of the range (a token added, then removed at the edge)', () => {
    const repo = TestRepo.create();
    repo.write('notes.txt', 'one\n').commit('main one');
    repo.write('notes.txt', 'one\ntwo\n').commit('main two');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('src/app.js', tokenLine(fakeToken())).commit('Add the client');
    repo.write('src/app.js', 'const signalwireToken = process.env.SIGNALWIRE_TOKEN;\n').commit('Read the token from the environment');
    repo.write('README.md', '# app\n').commit('Docs');
    const dir = tempDir();
    // two commits of each branch: main's tip (BASE) is there, the commit that added the token is not
    repo.git('clone', '-q', '--depth', '2', '--no-single-branch', `file://${repo.dir}`, `${dir}/clone`);
    const clone = `${dir}/clone`;
    repo.git('-C', clone, 'checkout', '-q', 'feature');
    const cut = runCli(['diff', 'origin/main'], { cwd: clone });
    expect(cut.stdout).not.toMatch(/no SignalWire credential problems/);
    expect(cut.code).toBe(2);
    expect(cut.stderr.trim().split('\n')).toHaveLength(1);
    expect(cut.stderr).toMatch(/^swlint: origin\/main\.\.HEAD reaches past this shallow clone's edge/);
    expect(cut.stderr).toMatch(/fetch-depth: 0/);
    // deep enough for the whole range: judged as in a full clone
    repo.git('-C', clone, 'fetch', '-q', '--deepen=2', 'origin');
    const whole = runJson(['diff', 'origin/main'], { cwd: clone });
    expect(summarize(whole.findings)).toEqual(['signalwire-api-token src/app.js:1 @ Add the client']);
    expect(whole.code).toBe(1);
  });
});

describe("added lines (swlint's own line model, not git's patch text)", () => {
  const lines = (after: string, before: string | string[]) => {
    const set = Array.isArray(before) ? addedLinesVsAll(after, before) : addedLines(after, before);
    return after
      .split(/\r\n|\n|\r/)
      .map((_, i) => i + 1)
      .filter((n) => set.has(n));
  };

  it('finds inserted and replaced lines', () => {
    const before = ['one', 'two', 'ten', 'old', 'twelve'].join('\n') + '\n';
    const after = ['one', 'two', 'added three', 'added four', 'ten', 'new eleven', 'twelve'].join('\n') + '\n';
    expect(lines(after, before)).toEqual([3, 4, 6]);
    expect(lines(after, '')).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(lines(after, after)).toEqual([]);
  });

  it('breaks lines at a lone CR, as every mode does', () => {
    expect(lines('// config\rconst t = 1;\n', '// config\n')).toEqual([2]);
  });

  it('says whether a run of lines stood together before: a line removed between them, or a half moved under the other', () => {
    const before = ['a = "PT1" +', '  "-old-" +', '  "2";', 'other'].join('\n') + '\n';
    const joined = addedLines(['a = "PT1" +', '  "2";', 'other'].join('\n') + '\n', before);
    expect([1, 2, 3].filter((n) => joined.has(n))).toEqual([]);
    expect(joined.spanAdded(1, 2)).toBe(true);
    expect(joined.spanAdded(2, 3)).toBe(false);
    expect(joined.spanAdded(1, 1)).toBe(false);
    // past the edit-script bound (thousands of lines reversed): by the old text's runs of lines
    const many = Array.from({ length: 3000 }, (_, i) => `line ${i}`);
    const old = [...many.slice(0, 100), 'half one +', 'filler', ...many.slice(100), 'half two'].join('\n') + '\n';
    const rewritten = [...[...many].reverse(), 'half one +', 'half two', 'half one +', 'filler'].join('\n') + '\n';
    const far = addedLines(rewritten, old);
    expect(far.has(3001) || far.has(3002)).toBe(false);
    expect(far.spanAdded(3001, 3002)).toBe(true);
    expect(far.spanAdded(3003, 3004)).toBe(false);
    expect(addedLinesVsAll(['a = "PT1" +', '  "2";'].join('\n'), [before, ['a = "PT1" +', '  "2";'].join('\n')]).spanAdded(1, 2)).toBe(false);
  });

  it('keeps only lines new to every parent of a merge', () => {
    const p1 = 'from one\nshared\n';
    const p2 = 'shared\nfrom two\n';
    const merged = 'evil line one\nfrom one\nshared\nfrom two\nevil line three\n';
    expect(lines(merged, [p1, p2])).toEqual([1, 5]);
  });

  it('stays within bounds on two large, unrelated texts', () => {
    const a = Array.from({ length: 30000 }, (_, i) => `a ${i}`).join('\n');
    const b = Array.from({ length: 30000 }, (_, i) => (i % 2 ? `a ${i}` : `b ${i}`)).join('\n');
    const got = lines(b, a);
    expect(got.length).toBe(15000);
    expect(got[0]).toBe(1);
  });
});

describe('raw log parsing', () => {
  it('splits git log -z --raw output into commits and entries', () => {
    const seen: string[] = [];
    const p = new RawLogParser(
      (h) => seen.push(`commit ${h.slice(1)}`),
      (meta, file) => seen.push(`${meta.split(' ').pop()} ${file}`),
    );
    p.push(
      Buffer.from(
        '\x01aaa\x1fName\0\n:000000 100644 0000 1111 A\0new\nline.txt\0:100644 100644 1111 2222 M\0b.txt\0\x01bbb\x1fName\0\0::100644 100644 100644 1 2 3 MM\0m.txt\0',
      ),
    );
    p.end();
    expect(seen).toEqual(['commit aaa\x1fName', 'A new\nline.txt', 'M b.txt', 'commit bbb\x1fName', 'MM m.txt']);
  });

  it('reads both paths of a rename', () => {
    const seen: string[] = [];
    const p = new RawLogParser(
      () => undefined,
      (meta, file, from) => seen.push(`${meta.split(' ').pop()} ${from} -> ${file}`),
    );
    p.push(Buffer.from(':100644 100644 1111 2222 R087\0old.js\0new.js\0:100644 100644 1 2 M\0x.js\0'));
    p.end();
    expect(seen).toEqual(['R087 old.js -> new.js', 'M null -> x.js']);
  });

  it('unquotes C-style quoted paths and leaves others alone', () => {
    expect(unquotePath('"a\\\\b\\"c\\t\\303\\251"')).toBe('a\\b"c\té');
    expect(unquotePath('plain name.txt')).toBe('plain name.txt');
  });
});
