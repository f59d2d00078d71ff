// The commits a history keeps, as records in an arena: what a finding reports of its commit must
// come back exactly as git printed it, through every growth, for any text git can print.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CommitTable } from '../../src/sources/git/commit-table.js';
import { NO_COMMITS } from '../../src/sources/source.js';
import type { CommitInfo } from '../../src/types.js';

const hex = (n: number) => n.toString(16).padStart(40, '0');

describe('CommitTable', () => {
  it('gives back every commit as added, by ordinal, through many growths', () => {
    const table = new CommitTable();
    const authors = ['Ada Lovelace', 'Zoë Müller', '山田 太郎', 'dependabot[bot]', ''];
    const kept: CommitInfo[] = [];
    for (let n = 0; n < 30_000; n++) {
      const info = {
        sha: hex(n * 2654435761),
        author: authors[n % authors.length]!,
        email: `dev${n % 97}@example.invalid`,
        date: `2024-0${1 + (n % 9)}-1${n % 10}T08:00:00+02:00`,
        message: n % 1000 === 0 ? `Huge subject ${'x'.repeat(100_000)}` : `Fix #${n}: handle 🚀 in the SignalWire webhook`,
      };
      expect(table.add(info, 1_700_000_000 + n)).toBe(n);
      kept.push(info);
    }
    expect(table.length).toBe(30_000);
    for (const n of [0, 1, 999, 1000, 1001, 12_345, 29_999]) {
      expect(table.info(n)).toEqual(kept[n]);
      expect(table.committedAt(n)).toBe(1_700_000_000 + n);
    }
  });

  it('keeps any text git can print in a field (everything but NUL), with empty fields', () => {
    const field = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !s.includes('\0'));
    fc.assert(
      fc.property(fc.array(fc.record({ sha: field, author: field, email: field, date: field, message: field }), { minLength: 1, maxLength: 30 }), (infos) => {
        const table = new CommitTable();
        infos.forEach((info, n) => table.add(info, n));
        infos.forEach((info, n) => expect(table.info(n)).toEqual(info));
      }),
    );
  });

  it("orders a commit dated before its parent after it: the ordering date is never earlier than an ancestor's", () => {
    const table = new CommitTable();
    const info = (n: number) => ({ sha: hex(n), author: 'A', email: 'a@example.invalid', date: '2024-01-01T00:00:00Z', message: `c${n}` });
    table.add(info(1), 100, []);
    table.add(info(2), 50, [hex(1)]); // a child committed "before" its parent
    table.add(info(3), 70, []); // an unrelated root keeps its own date
    table.add(info(4), 60, [hex(3), hex(2)]); // a merge: the latest of both lines
    table.add(info(5), 40, [hex(99)]); // a parent the walk never met (a shallow edge): no constraint
    expect([0, 1, 2, 3, 4].map((n) => table.committedAt(n))).toEqual([100, 100, 70, 100, 40]);
  });

  it('answers for an ordinal never given as a source without commits does', () => {
    const table = new CommitTable();
    table.add({ sha: hex(1), author: 'A', email: 'a@example.invalid', date: '2024-01-01T00:00:00Z', message: 'Add' }, 42);
    for (const log of [table, NO_COMMITS]) {
      expect(log.info(5)).toBeNull();
      expect(log.info(-1)).toBeNull();
      expect(log.committedAt(5)).toBe(0);
    }
    expect(NO_COMMITS.length).toBe(0);
  });
});
