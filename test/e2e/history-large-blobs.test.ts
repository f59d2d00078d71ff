// `swlint history` over versions of large files: blobs within one read chunk, across chunks,
// and over a megabyte travel to the worker threads in shared buffers that are reused once a
// batch is scanned; blobs under a megabyte are copied into a ring (4 MB) that is reused once
// they are packed or scanned, so more than twice its size goes through it below; git is paused
// while 3 blobs over a megabyte wait unscanned, so more than that at once must still all come. A buffer reused too early, or a batch packed wrongly, would lose or invent
// findings; so every version's secret must be reported, on the commit that added it, and
// `--jobs 1` (no workers) and `--jobs 2` must agree exactly.
import { afterAll, describe, expect, it } from 'vitest';
import { runJson } from '../helpers/cli.js';
import { TestRepo } from '../helpers/git-repo.js';
import { fakeToken } from '../helpers/secrets.js';
import { cleanupTempDirs } from '../helpers/temp.js';

afterAll(cleanupTempDirs);

/** `bytes` of plain text without credentials, different for each `seed`. */
function filler(seed: number, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `  "entry_${seed}_${i}": "the quick brown fox ${(i * 2654435761 + seed) % 1000003} jumps over the lazy dog",`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

const secretLine = (token: string) => `const client = new RestClient('proj', '${token}');\n`;

describe('swlint history over large file versions', () => {
  it('reports each version’s secret once, on its commit, the same with and without workers', () => {
    const repo = TestRepo.create();
    const expected: string[] = [];
    // 8 versions of a 1.2-2.6 MB file and of a 150-400 KB one, plus small files: over the
    // 8 MB the pipeline scans on the main thread before it starts workers
    for (let v = 0; v < 8; v++) {
      const token = fakeToken();
      const big = filler(v, 1_200_000 + v * 200_000);
      // the secret at the start, the middle or the end of the large file
      const at = [0, big.length >> 1, big.length][v % 3]!;
      const cut = big.lastIndexOf('\n', at) + 1;
      repo.write('data/big.js', big.slice(0, cut) + secretLine(token) + big.slice(cut));
      const mid = fakeToken();
      repo.write('data/mid.js', filler(100 + v, 150_000 + v * 35_000) + secretLine(mid));
      for (let k = 0; k < 30; k++) repo.write(`src/m${k}.js`, `export const v${k} = ${v * 100 + k};\n`);
      repo.commit(`version ${v}`);
      expected.push(`data/big.js version ${v}`, `data/mid.js version ${v}`);
    }
    const one = historyWithOneAndTwoJobs(repo, expected);
    expect(one.summary.commits).toBe(8);
  });

  it('keeps every blob intact while the blob ring turns over several times', () => {
    const repo = TestRepo.create();
    const expected: string[] = [];
    // 6 commits of 10 files of 100-400 KB: about 15 MB of blobs under a megabyte
    for (let v = 0; v < 6; v++) {
      for (let k = 0; k < 10; k++) {
        const text = filler(v * 10 + k, 100_000 + ((v * 7 + k * 13) % 10) * 30_000);
        const cut = text.lastIndexOf('\n', (text.length * ((k % 3) + 1)) >> 2) + 1;
        repo.write(`pages/p${k}.js`, text.slice(0, cut) + secretLine(fakeToken()) + text.slice(cut));
        expected.push(`pages/p${k}.js version ${v}`);
      }
      repo.commit(`version ${v}`);
    }
    const one = historyWithOneAndTwoJobs(repo, expected);
    expect(one.summary.files).toBe(60);
  });

  it('goes on when more large blobs come at once than history holds (git paused, then resumed)', () => {
    const repo = TestRepo.create();
    const expected: string[] = [];
    // 2 commits of 7 files of 1.05-1.65 MB each: more than the 3 large blobs the history holds
    // unscanned at a time, in every commit, so git is paused and resumed over and over
    for (let v = 0; v < 2; v++) {
      for (let k = 0; k < 7; k++) {
        const text = filler(v * 7 + k, 1_050_000 + k * 100_000);
        repo.write(`assets/a${k}.js`, secretLine(fakeToken()) + text);
        expected.push(`assets/a${k}.js version ${v}`);
      }
      repo.commit(`version ${v}`);
    }
    const one = historyWithOneAndTwoJobs(repo, expected);
    expect(one.summary.files).toBe(14);
  });
});

/** `history` with one thread and with two: the token findings, as "file commit-message", are `expected`, and both runs agree. */
function historyWithOneAndTwoJobs(repo: TestRepo, expected: string[]): ReturnType<typeof runJson> {
  const one = runJson(['history', '--jobs', '1'], { cwd: repo.dir });
  const two = runJson(['history', '--jobs', '2'], { cwd: repo.dir });
  const tokens = one.findings
    .filter((f) => f.ruleId === 'signalwire-api-token')
    .map((f) => `${f.file} ${f.commit?.message}`)
    .sort();
  expect(tokens).toEqual([...expected].sort());
  expect(two.findings).toEqual(one.findings);
  expect(two.summary.files).toBe(one.summary.files);
  return one;
}
