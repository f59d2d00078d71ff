// A blob git cannot hand over (larger than --max-file-size here; missing in a partial clone) is
// read once, but every path it appears at is reported as skipped, the same on every run:
// whether git's answer about the blob arrived before a later sighting used to decide whether
// that path was listed (a copy of a large file, a file moved to a new folder).
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { GIT_TEST_ENV } from '../helpers/git-env.js';
import { runJson } from '../helpers/cli.js';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';

afterAll(cleanupTempDirs);

describe('swlint history and blobs it cannot read', () => {
  it('lists every path of a too-large blob, including copies made many commits later', () => {
    const repo = TestRepo.create();
    const large = 'report line with nothing secret in it\n'.repeat(200); // 7.6 KB
    // enough commits between the copies for git's answer about the blob to come back first,
    // written by one git fast-import (300 commits one by one took 16 s, over a loaded CI's 30 s)
    const stream: string[] = [];
    const commit = (k: number, message: string, file: string, content: string) =>
      stream.push(
        'commit refs/heads/main',
        `committer Test <t@example.invalid> ${1_700_000_000 + k * 3600} +0000`,
        `data ${Buffer.byteLength(message)}`,
        message,
        `M 644 inline ${file}`,
        `data ${Buffer.byteLength(content)}`,
        content,
      );
    commit(0, 'add the report', 'exports/report.csv', large);
    for (let k = 0; k < 300; k++) commit(k + 1, `note ${k}`, 'notes.txt', `note ${k}\n`);
    commit(301, 'archive a copy', 'archive/2024/report.csv', large);
    commit(302, 'one more copy', 'backup/report.csv', large);
    execFileSync('git', ['fast-import', '--quiet'], { cwd: repo.dir, input: stream.join('\n') + '\n', env: GIT_TEST_ENV });
    repo.git('reset', '-q', '--hard', 'main');
    for (const jobs of ['1', '2']) {
      const run = runJson(['history', '--max-file-size', '4K', '--jobs', jobs], { cwd: repo.dir });
      expect(run.code).toBe(0);
      const tooLarge = run.report.skipped.filter((s) => s.reason === 'too-large');
      expect(tooLarge.map((s) => s.file).sort()).toEqual(['archive/2024/report.csv', 'backup/report.csv', 'exports/report.csv']);
      for (const s of tooLarge) expect(s.detail).toMatch(/^7600 bytes > --max-file-size 4096/);
    }
  });
});
