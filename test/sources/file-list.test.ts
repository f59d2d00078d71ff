// The working tree's listing kept as paths and flags (src/sources/file-list.ts): sorting, joining
// and prefixing keep each file's flags and raw name with its path.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileFlag, FileList, absoluteUnder, rootPrefix } from '../../src/sources/file-list.js';

const raw = (s: string) => Buffer.from(`/repo/${s}`, 'latin1');

describe('FileList', () => {
  it('sorts by path, each file keeping its flags and raw name', () => {
    const list = new FileList();
    list.push('src/b.js', FileFlag.tracked | FileFlag.inRepo);
    list.push('a\uFFFD.txt', FileFlag.inRepo, raw('a\xe9.txt'));
    list.push('.env', FileFlag.tracked | FileFlag.inRepo | FileFlag.regular);
    list.sortByPath();
    expect([...list]).toEqual([
      { rel: '.env', tracked: true, ignored: false, inRepo: true, regular: true },
      { rel: 'a\uFFFD.txt', tracked: false, ignored: false, inRepo: true, regular: false, rawName: raw('a\xe9.txt') },
      { rel: 'src/b.js', tracked: true, ignored: false, inRepo: true, regular: false },
    ]);
  });

  it('appends a nested listing behind its path, and concat leaves both lists as they were', () => {
    const top = new FileList();
    top.push('README.md', FileFlag.tracked | FileFlag.inRepo);
    const nested = new FileList();
    nested.push('x.txt', FileFlag.inRepo);
    nested.push('y\uFFFD', FileFlag.tracked | FileFlag.inRepo, raw('vendor/lib/y\xff'));
    top.append(nested, 'vendor/lib/');
    expect(top.paths()).toEqual(['README.md', 'vendor/lib/x.txt', 'vendor/lib/y\uFFFD']);
    expect(top.rawName(2)).toEqual(raw('vendor/lib/y\xff'));
    expect(top.has(2, FileFlag.tracked)).toBe(true);
    expect(top.has(1, FileFlag.tracked)).toBe(false);

    const untracked = new FileList();
    untracked.push('notes.txt', FileFlag.inRepo);
    const both = top.concat(untracked);
    expect(both.paths()).toEqual(['README.md', 'vendor/lib/x.txt', 'vendor/lib/y\uFFFD', 'notes.txt']);
    expect(both.rawName(2)).toEqual(raw('vendor/lib/y\xff'));
    expect(top).toHaveLength(3);
    expect(untracked).toHaveLength(1);
    // nothing untracked (a clean checkout): the same list, no copy
    expect(top.concat(new FileList())).toBe(top);
  });

  it('setFlag marks one file', () => {
    const list = new FileList();
    list.push('.env', FileFlag.tracked | FileFlag.inRepo);
    list.push('app.js', FileFlag.tracked | FileFlag.inRepo);
    list.setFlag(0, FileFlag.ignored);
    expect([...list].map((f) => f.ignored)).toEqual([true, false]);
  });
});

describe('absoluteUnder', () => {
  it('is path.resolve of the root and the listed path, for paths under the root and beside it', () => {
    const root = path.resolve('/work/app');
    // listings name files by normalized paths (git's, or path.relative's)
    for (const rel of ['src/a.js', '.env', '../other/b.js', '..', '../../x']) expect(absoluteUnder(root, rootPrefix(root), rel)).toBe(path.resolve(root, rel));
  });
});
