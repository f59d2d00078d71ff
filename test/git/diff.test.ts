// `swlint diff BASE [HEAD]` end to end, plus the patch and raw-log parsers on their own.
import { afterAll, describe, expect, it } from 'vitest';
import { PatchParser, type FilePatch } from '../../src/sources/diff.js';
import { RawLogParser } from '../../src/sources/history.js';
import { unquotePath } from '../../src/sources/git.js';
import { TestRepo, cleanupRepos, fakeToken, runCli, runJson, summarize, tempDir } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

const tokenLine = (t: string) => `const signalwireToken = '${t}';\n`;

describe('swlint diff', () => {
  it('catches a token added and removed again inside the range, attributed to the adding commit', () => {
    const repo = TestRepo.create();
    repo.write('legacy.js', tokenLine(fakeToken())).commit('Before the range');
    const base = repo.git('rev-parse', 'HEAD').trim();
    repo.write('src/app.js', `// app\n${tokenLine(fakeToken())}`).commit('Add app with token');
    repo.write('src/app.js', '// app\nconst signalwireToken = process.env.SIGNALWIRE_TOKEN;\n').commit('Use env');
    repo.write('src/other.js', '// unrelated\n').commit('Unrelated');
    const r = runJson(repo.dir, ['diff', base, 'HEAD']);
    expect(r.code).toBe(1);
    expect(summarize(r.findings, { still: true })).toEqual(['signalwire-api-token src/app.js:2 @ Add app with token [gone]']);
    expect(r.summary.commits).toBe(3);
    // HEAD defaults to HEAD
    expect(summarize(runJson(repo.dir, ['diff', base]).findings)).toEqual(['signalwire-api-token src/app.js:2 @ Add app with token']);
  });

  it('exits 0 with nothing to scan when BASE equals HEAD or the range is empty', () => {
    const repo = TestRepo.create();
    repo.write('a.js', tokenLine(fakeToken())).commit('Token');
    repo.write('b.js', '// b\n').commit('Second');
    const same = runJson(repo.dir, ['diff', 'HEAD', 'HEAD']);
    expect(same.code).toBe(0);
    expect(same.findings).toEqual([]);
    expect(same.stderr).toBe('');
    const behind = runJson(repo.dir, ['diff', 'HEAD', 'HEAD~1']);
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
    const r = runJson(repo.dir, ['diff', base, 'HEAD']);
    expect(summarize(r.findings)).toEqual([
      'signalwire-api-token config.js:2 @ Merge feature',
      'signalwire-api-token feature.js:1 @ Feature with token',
    ]);
  });

  it('reports a newly added .env with its commit', () => {
    const repo = TestRepo.create();
    repo.write('README.md', '# x\n').commit('Initial commit');
    repo.write('.env', 'DEBUG=1\n').commit('Add env');
    expect(summarize(runJson(repo.dir, ['diff', 'HEAD~1']).findings, { still: true })).toEqual(['dotenv-committed .env:1 @ Add env [present]']);
  });

  it('exits 2 with one line for an unknown BASE, outside a repository, and in a shallow clone missing BASE', () => {
    const repo = TestRepo.create();
    repo.write('a.txt', 'a\n').commit('One');
    repo.write('a.txt', 'b\n').commit('Two');
    repo.write('a.txt', 'c\n').commit('Three');
    const unknown = runCli(repo.dir, ['diff', 'no-such-ref']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/^swlint: unknown revision "no-such-ref"/);
    expect(runCli(repo.dir, ['diff', '--', '--output=/tmp/x']).code).toBe(2);
    const outside = runCli(tempDir(), ['diff', 'HEAD~1']);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/^swlint: not a git repository/);

    const base = repo.git('rev-parse', 'HEAD~2').trim();
    const dir = tempDir();
    repo.git('clone', '-q', '--depth', '1', `file://${repo.dir}`, `${dir}/clone`);
    const shallow = runCli(`${dir}/clone`, ['diff', base, 'HEAD']);
    expect(shallow.code).toBe(2);
    expect(shallow.stderr.trim().split('\n')).toHaveLength(1);
    expect(shallow.stderr).toMatch(/shallow clone/);
    expect(shallow.stderr).toMatch(/git fetch --deepen=/);
    expect(shallow.stderr).toMatch(/fetch-depth: 0/);
  });
});

describe('patch parsing', () => {
  const parse = (text: string) => {
    const files: FilePatch[] = [];
    const p = new PatchParser((f) => files.push(f));
    // split mid-line to exercise the carry-over between chunks
    const buf = Buffer.from(text);
    p.push(buf.subarray(0, 17));
    p.push(buf.subarray(17));
    p.end();
    return files;
  };

  it('reads added lines, blob ids and quoted names from a -U0 patch', () => {
    const files = parse([
      'diff --git "a/tab\\there \\303\\251.js" "b/tab\\there \\303\\251.js"',
      'index 1111111111111111111111111111111111111111..2222222222222222222222222222222222222222 100644',
      '--- "a/tab\\there \\303\\251.js"',
      '+++ "b/tab\\there \\303\\251.js"',
      '@@ -2,0 +3,2 @@ context',
      '+added three',
      '+added four',
      '@@ -10 +11 @@',
      '-old',
      '+new eleven',
      'diff --git a/x y.bin b/x y.bin',
      'new file mode 100644',
      'index 0000000000000000000000000000000000000000..3333333333333333333333333333333333333333',
      'Binary files /dev/null and b/x y.bin differ',
      '',
    ].join('\n'));
    expect(files).toHaveLength(2);
    expect(files[0]).toMatchObject({ path: 'tab\there é.js', blob: '2'.repeat(40), created: false, binary: false });
    expect([...files[0]!.added]).toEqual([3, 4, 11]);
    expect(files[1]).toMatchObject({ path: 'x y.bin', created: true, binary: true });
  });

  it('keeps only lines new to every parent in a combined (merge) patch', () => {
    const files = parse([
      'diff --cc config.js',
      'index 1111111111111111111111111111111111111111,2222222222222222222222222222222222222222..3333333333333333333333333333333333333333',
      '--- a/config.js',
      '+++ b/config.js',
      '@@@ -1,1 -1,1 +1,3 @@@',
      '- from one',
      ' -from two',
      '++evil line one',
      '+ from one kept',
      '++evil line three',
      '',
    ].join('\n'));
    expect(files[0]!.path).toBe('config.js');
    expect(files[0]!.blob).toBe('3'.repeat(40));
    expect([...files[0]!.added]).toEqual([1, 3]);
  });

  it('splits git log -z --raw output into commits and entries', () => {
    const seen: string[] = [];
    const p = new RawLogParser((h) => seen.push(`commit ${h.slice(1)}`), (meta, file) => seen.push(`${meta.split(' ').pop()} ${file}`));
    p.push(Buffer.from('\x01aaa\x1fName\0\n:000000 100644 0000 1111 A\0new\nline.txt\0:100644 100644 1111 2222 M\0b.txt\0\x01bbb\x1fName\0\0::100644 100644 100644 1 2 3 MM\0m.txt\0'));
    p.end();
    expect(seen).toEqual(['commit aaa\x1fName', 'A new\nline.txt', 'M b.txt', 'commit bbb\x1fName', 'MM m.txt']);
  });

  it('unquotes C-style quoted paths and leaves others alone', () => {
    expect(unquotePath('"a\\\\b\\"c\\t\\303\\251"')).toBe('a\\b"c\té');
    expect(unquotePath('plain name.txt')).toBe('plain name.txt');
  });
});
