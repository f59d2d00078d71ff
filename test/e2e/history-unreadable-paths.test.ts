// A blob git cannot hand over (larger than --max-file-size here; missing in a partial clone) is
// read once, but every path it appears at is reported as skipped, the same on every run:
// whether git's answer about the blob arrived before a later sighting used to decide whether
// that path was listed (a copy of a large file, a file moved to a new folder).
import { afterAll, describe, expect, it } from 'vitest';
import { runJson } from '../helpers/cli.js';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';

afterAll(cleanupTempDirs);

describe('swlint history and blobs it cannot read', () => {
  it('lists every path of a too-large blob, including copies made many commits later', () => {
    const repo = TestRepo.create();
    const large = 'report line with nothing secret in it\n'.repeat(200); // 7.6 KB
    repo.write('exports/report.csv', large);
    repo.commit('add the report');
    // enough commits between the copies for git's answer about the blob to come back first
    for (let k = 0; k < 300; k++) {
      repo.write('notes.txt', `note ${k}\n`);
      repo.commit(`note ${k}`);
    }
    repo.write('archive/2024/report.csv', large);
    repo.commit('archive a copy');
    repo.write('backup/report.csv', large);
    repo.commit('one more copy');
    for (const jobs of ['1', '2']) {
      const run = runJson(['history', '--max-file-size', '4K', '--jobs', jobs], { cwd: repo.dir });
      expect(run.code).toBe(0);
      const tooLarge = run.report.skipped.filter((s) => s.reason === 'too-large');
      expect(tooLarge.map((s) => s.file).sort()).toEqual(['archive/2024/report.csv', 'backup/report.csv', 'exports/report.csv']);
      for (const s of tooLarge) expect(s.detail).toMatch(/^7600 bytes > --max-file-size 4096/);
    }
  });
});
