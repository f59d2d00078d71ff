// The path numbers history keys its (blob, path) table by: they must be those of a Map that
// numbers paths in the order first seen, through every growth, for any path git can print.
import { describe, expect, it } from 'vitest';
import { PathTable } from '../../src/sources/git/path-table.js';

/** A Map numbering paths as they come: the reference. */
function reference() {
  const ids = new Map<string, number>();
  const numberOf = (p: string) => {
    let n = ids.get(p);
    if (n === undefined) ids.set(p, (n = ids.size));
    return n;
  };
  return Object.assign(numberOf, { size: () => ids.size });
}

describe('PathTable', () => {
  it('numbers paths like a Map, in the order first seen, through many growths', () => {
    const table = new PathTable();
    const ref = reference();
    const dirs = ['fern/docs/pages', 'specs/swml/calling', 'src', 'docs/guides/voice/getting-started', 'ünïcödé/目录', 'a'];
    for (let n = 0; n < 60_000; n++) {
      // revisited paths among new ones, and paths that are prefixes of others
      const k = (n * 7919) % 25_000;
      const p = `${dirs[k % dirs.length]}/${k % 3 === 0 ? 'index' : `page-${k}`}${k % 5 === 0 ? '' : '.mdx'}`;
      expect(table.number(p)).toBe(ref(p));
    }
    expect(table.size).toBe(ref.size());
    expect(table.size).toBeGreaterThan(10_000);
  });

  it('tells apart paths of the same length and bytes in another order, empty and very long paths', () => {
    const table = new PathTable();
    const ref = reference();
    const long = 'd/'.repeat(3_000) + 'file.txt';
    const paths = ['ab', 'ba', '', 'é', 'e\u0301', long, long + 'x', 'dir/.env', 'dir/.env.local', 'ab', '', long, '目录/文件.md', '目录/文件.md'];
    for (const p of paths) expect(table.number(p), JSON.stringify(p.slice(0, 20))).toBe(ref(p));
    expect(table.size).toBe(new Set(paths).size);
  });

  it('gives the same numbers whatever hash seed it drew', () => {
    const paths = Array.from({ length: 5_000 }, (_, n) => `p/${n % 1_700}/${n % 3}.md`);
    const a = new PathTable();
    const b = new PathTable();
    expect(paths.map((p) => a.number(p))).toEqual(paths.map((p) => b.number(p)));
  });
});

describe('PathTable when every hash collides', () => {
  /** every path hashed alike: the lookup must tell them apart by their bytes alone */
  class Colliding extends PathTable {
    protected override hashOf(): number {
      return 7;
    }
  }

  it('still numbers every path apart, same length or not', () => {
    const table = new Colliding();
    const ref = reference();
    const paths = Array.from({ length: 3_000 }, (_, n) => `src/${(n * 37) % 1_200}.ts`);
    for (const p of paths) expect(table.number(p)).toBe(ref(p));
    expect(table.size).toBe(ref.size());
  });
});
