// A development database committed with a credential in a row, then removed: every git mode
// reports it. SQLite packs a row's fields back to back and its header bytes are often printable,
// so the token is one string with the key before it and a length byte after it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runJson, summarize } from '../helpers/cli.js';
import { TestRepo } from '../helpers/git-repo.js';
import { fakeToken } from '../helpers/secrets.js';
import { cleanupTempDirs } from '../helpers/temp.js';

afterAll(cleanupTempDirs);

const latin = (s: string) => Buffer.from(s, 'latin1');

/** A SQLite file's header and one leaf page of a settings table's rows (a record: header size, serial types, fields). */
function settingsDatabase(rows: [string, string][]): Buffer {
  const cells = rows.map(([k, v], rowid) => {
    const record = Buffer.concat([Buffer.from([3, 13 + 2 * k.length, 13 + 2 * v.length]), latin(k + v)]);
    // a cell: payload length, rowid, record (the lengths here are printable bytes, as in real pages)
    return Buffer.concat([Buffer.from([record.length, rowid + 1]), record]);
  });
  const header = Buffer.alloc(100);
  latin('SQLite format 3\0').copy(header);
  return Buffer.concat([header, Buffer.alloc(3900), ...cells.reverse()]);
}

describe('a credential in a committed database row', () => {
  const token = fakeToken();
  const rows: [string, string][] = [
    ['signalwire_space', 'quarry-hill-clinic.signalwire.com'],
    ['signalwire_token', token],
    ['signalwire_example_token', 'PTxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
    ['display_name', 'Front desk'],
  ];

  function story(): { repo: TestRepo; base: string } {
    const repo = TestRepo.create();
    repo.write('app.py', 'import sqlite3\n');
    const base = repo.commit('Initial commit');
    writeFileSync(path.join(repo.dir, 'dev.sqlite3'), settingsDatabase(rows));
    repo.commit('Add dev database');
    repo.remove('dev.sqlite3');
    repo.commit('Untrack dev database');
    return { repo, base };
  }

  it('history and diff report the token at the commit that added the database, gone at HEAD; the placeholder beside it is not reported', () => {
    const { repo, base } = story();
    const tokens = (r: ReturnType<typeof runJson>) =>
      summarize(
        r.report.findings.filter((f) => f.ruleId === 'signalwire-api-token'),
        { still: true },
      );
    const history = runJson(['history'], { cwd: repo.dir });
    expect(history.code).toBe(1);
    expect(tokens(history)).toEqual(['signalwire-api-token dev.sqlite3:1 @ Add dev database [gone]']);
    expect(history.stdout).not.toContain(token);
    const diff = runJson(['diff', base, 'HEAD'], { cwd: repo.dir });
    expect(diff.code).toBe(1);
    expect(tokens(diff)).toEqual(['signalwire-api-token dev.sqlite3:1 @ Add dev database [gone]']);
  });

  it('staged blocks the commit that adds the database', () => {
    const repo = TestRepo.create();
    repo.write('app.py', 'import sqlite3\n');
    repo.commit('Initial commit');
    writeFileSync(path.join(repo.dir, 'dev.sqlite3'), settingsDatabase(rows));
    repo.git('add', 'dev.sqlite3');
    const staged = runJson(['staged'], { cwd: repo.dir });
    expect(staged.code).toBe(1);
    expect(summarize(staged.report).filter((s) => s.startsWith('signalwire-api-token'))).toEqual(['signalwire-api-token dev.sqlite3:1']);
  });
});
