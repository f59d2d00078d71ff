// trackedPaths (src/sources/git/repo.ts): which files git tracks, asked with pathspecs for a few
// paths and by one listing for many. Both ways must answer the same.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { trackedPaths } from '../../src/sources/git/repo.js';
import { commitAll, git } from '../helpers/git-env.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A repository with `n` tracked files (some in a subdirectory, with glob characters and spaces in names) and as many untracked ones. */
function repository(n: number): { tracked: string[]; untracked: string[] } {
  dir = mkdtempSync(path.join(tmpdir(), 'swlint-tracked-'));
  mkdirSync(path.join(dir, 'sub dir'));
  const name = (k: number, kind: string) => (k % 3 === 0 ? `sub dir/${kind} ${k}.env` : k % 3 === 1 ? `${kind}-[${k}]*.ts` : `${kind}-${k}.md`);
  const tracked = Array.from({ length: n }, (_, k) => name(k, 'kept'));
  for (const f of tracked) writeFileSync(path.join(dir, f), 'x\n');
  commitAll(dir, 'tracked');
  const untracked = Array.from({ length: n }, (_, k) => name(k, 'new'));
  for (const f of untracked) writeFileSync(path.join(dir, f), 'y\n');
  return { tracked, untracked };
}

describe('trackedPaths', () => {
  it.each([3, 40])('answers for %i tracked and as many untracked files, glob characters and spaces included', async (n) => {
    const { tracked, untracked } = repository(n);
    // a glob pattern is a name here, not a pattern: `kept-[1]*.ts` must not match other files
    const found = await trackedPaths(dir, [...tracked, ...untracked, 'missing.txt']);
    expect([...found].sort()).toEqual([...tracked].sort());
    expect(await trackedPaths(dir, untracked)).toEqual(new Set());
  });

  it('asked from a subdirectory, names paths relative to it', async () => {
    const { tracked } = repository(40);
    const inSub = tracked.filter((f) => f.startsWith('sub dir/')).map((f) => f.slice('sub dir/'.length));
    const many = [...inSub, ...Array.from({ length: 40 }, (_, k) => `absent ${k}.env`)];
    expect([...(await trackedPaths(path.join(dir, 'sub dir'), many))].sort()).toEqual([...inSub].sort());
    expect([...(await trackedPaths(path.join(dir, 'sub dir'), inSub.slice(0, 2)))].sort()).toEqual(inSub.slice(0, 2).sort());
  });
});
