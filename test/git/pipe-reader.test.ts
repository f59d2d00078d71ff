// git's output read into one reused buffer (src/sources/git/pipe-reader.ts): records split
// across reads come back whole, a record larger than the buffer too, a last record without its
// delimiter at EOF is handed over by end(), pausing stops the writer (back-pressure) and
// resuming loses nothing, gathering reads fewer larger chunks and never overrides a pause; the
// process streams (streamGit) wait for the output's end.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { readPipe, type ReadPipeOptions } from '../../src/sources/git/pipe-reader.js';
import { streamGit } from '../../src/sources/git/process.js';
import { RecordSplitter } from '../../src/sources/git/records.js';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';

afterAll(cleanupTempDirs);

/** A child that writes the text `expression` evaluates to (in several writes) to stdout and exits. */
function writer(expression: string) {
  const script = `const t = ${expression}; for (let i = 0; i < t.length; i += 1000) process.stdout.write(t.slice(i, i + 1000));`;
  return spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
}

const MEGABYTE_OF_LINES = Array.from({ length: 20_000 }, (_, i) => `line ${i} ${'#'.repeat(40)}\n`).join('');

/**
 * Reads a child writing MEGABYTE_OF_LINES, pausing at the first chunk and resuming `resumeAfterMs`
 * later: what arrived while paused, whether the child exited meanwhile, and what was read in all.
 */
async function pauseAtFirstChunk(resumeAfterMs: number, options?: ReadPipeOptions) {
  const child = writer("Array.from({ length: 20000 }, (_, i) => 'line ' + i + ' ' + '#'.repeat(40) + '\\n').join('')");
  let exited = false;
  child.on('exit', () => (exited = true));
  const hash = createHash('sha256');
  const run = { whilePaused: 0, exitedWhilePaused: false, bytes: 0, digest: '' };
  let paused = false;
  let pausedOnce = false;
  const reader = readPipe(
    child.stdout,
    (chunk) => {
      if (paused) run.whilePaused++;
      hash.update(chunk);
      run.bytes += chunk.length;
      if (pausedOnce) return;
      pausedOnce = paused = true;
      reader.pause();
      setTimeout(() => {
        run.exitedWhilePaused = exited;
        paused = false;
        reader.resume();
      }, resumeAfterMs);
    },
    options,
  );
  await reader.closed;
  run.digest = hash.digest('hex');
  return run;
}

describe('readPipe', () => {
  it('hands records split across reads of a small reused buffer back whole, the last one (no delimiter) at EOF', async () => {
    const records = ['a', '', 'bcdefghijkl', 'x'.repeat(5000), 'mnop', 'tail without delimiter'];
    const child = writer(JSON.stringify(records.join('\0')));
    const got: string[] = [];
    const split = new RecordSplitter(0, (buf, start, end) => got.push(buf.toString('utf8', start, end)));
    const seen = new Set<ArrayBufferLike>();
    const reader = readPipe(
      child.stdout,
      (chunk) => {
        seen.add(chunk.buffer);
        expect(chunk.length).toBeLessThanOrEqual(7);
        split.push(chunk);
        // the reader writes its next read over this chunk: scribbling on it must not change what was kept
        chunk.fill(0x3f);
      },
      { bufferBytes: 7 },
    );
    await reader.closed;
    split.end();
    expect(got).toEqual(records);
    // every read landed in the same buffer
    expect(seen.size).toBe(1);
  });

  it('stops the writer while paused (it cannot finish 1 MB into a 64 KB pipe) and loses nothing on resume', async () => {
    const run = await pauseAtFirstChunk(200);
    expect(run.whilePaused).toBe(0);
    // the child still had most of its megabyte to write when reading resumed: it cannot have exited
    expect(run.exitedWhilePaused).toBe(false);
    expect(run.bytes).toBe(Buffer.byteLength(MEGABYTE_OF_LINES));
    expect(run.digest).toBe(createHash('sha256').update(MEGABYTE_OF_LINES).digest('hex'));
  });

  it('with gatherMs, reads a trickle of small writes in fewer, larger reads and loses nothing', async () => {
    // 400 writes of 100 bytes, 2 ms apart: read as they come, each is a read of its own
    const script =
      "let i = 0; const t = setInterval(() => { process.stdout.write(String(i).padStart(99, '.') + '\\n'); if (++i === 400) clearInterval(t); }, 2);";
    const expected = Array.from({ length: 400 }, (_, i) => `${String(i).padStart(99, '.')}\n`).join('');
    const readAll = async (gatherMs: number) => {
      const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      const parts: string[] = [];
      const reader = readPipe(child.stdout, (chunk) => parts.push(chunk.toString()), { gatherMs });
      await reader.closed;
      return parts;
    };
    const eager = await readAll(0);
    const gathered = await readAll(20);
    expect(eager.join('')).toBe(expected);
    expect(gathered.join('')).toBe(expected);
    // 20 ms naps against writes every 2 ms: several writes per read
    expect(gathered.length).toBeLessThan(eager.length / 2);
  });

  it('with gatherMs, a pause by the caller outlasts the gathering nap: nothing is handed over until resume', async () => {
    // the gathering nap (5 ms) ends long before the caller's resume
    const run = await pauseAtFirstChunk(150, { bufferBytes: 1 << 20, gatherMs: 5 });
    expect(run.whilePaused).toBe(0);
    expect(run.bytes).toBe(Buffer.byteLength(MEGABYTE_OF_LINES));
    expect(run.digest).toBe(createHash('sha256').update(MEGABYTE_OF_LINES).digest('hex'));
  });

  it('reads a stream that is no pipe socket through its data events', async () => {
    const { Readable } = await import('node:stream');
    const chunks: string[] = [];
    const reader = readPipe(Readable.from([Buffer.from('one'), Buffer.from('two')]), (c) => chunks.push(c.toString()));
    await reader.closed;
    expect(chunks.join('')).toBe('onetwo');
  });
});

describe('streamGit', () => {
  it('settles done only after the whole output was handed over, even when git exited while reading was paused', async () => {
    const repo = TestRepo.create();
    for (let i = 0; i < 30; i++) repo.write(`f${i}.txt`, `${'content '.repeat(2000)}${i}\n`).commit(`commit number ${i}`);
    let bytes = 0;
    const proc = streamGit(repo.dir, (chunk) => (bytes += chunk.length), ['log', '-p']);
    proc.output.pause();
    // git writes more than a pipe holds, so it can only exit once reading resumes
    setTimeout(() => proc.output.resume(), 100);
    const { code } = await proc.done;
    expect(code).toBe(0);
    const expected = (await import('node:child_process')).execFileSync('git', ['log', '-p'], { cwd: repo.dir }).length;
    expect(bytes).toBe(expected);
  });

  it('settles done when git is killed while its output is paused', async () => {
    const repo = TestRepo.create();
    for (let i = 0; i < 10; i++) repo.write(`f${i}.txt`, `${'content '.repeat(20_000)}${i}\n`).commit(`commit ${i}`);
    const proc = streamGit(repo.dir, () => undefined, ['log', '-p']);
    proc.output.pause();
    proc.child.kill();
    const { code } = await proc.done;
    expect(code).toBeNull();
  });
});
