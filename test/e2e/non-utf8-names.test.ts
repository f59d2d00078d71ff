// A file whose name is not UTF-8 (Linux allows any bytes but `/` and NUL; git keeps names as
// bytes): its string shows U+FFFD, which names no file, so it was listed as `vanished` and left
// unscanned. It is opened by its bytes, on the main thread and in a worker, in a repository or not.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runJson, summarize } from '../helpers/cli.js';
import { TestRepo } from '../helpers/git-repo.js';
import { fakeToken } from '../helpers/secrets.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';

afterAll(cleanupTempDirs);

/** writes `name` (bytes) in `dir`; false where the file system refuses a name that is not UTF-8 (macOS) */
function writeRawName(dir: string, name: Buffer, content: string): boolean {
  try {
    writeFileSync(Buffer.concat([Buffer.from(dir + path.sep), name]), content);
    return true;
  } catch {
    return false;
  }
}

const tokenLine = (token: string) => `SIGNALWIRE_API_TOKEN = "${token}"\n`;
// "config" + 0xFF + ".py" and "notes" + 0xFE + ".txt": Latin-1 names, not UTF-8
const TRACKED = Buffer.from([...Buffer.from('config'), 0xff, ...Buffer.from('.py')]);
const UNTRACKED = Buffer.from([...Buffer.from('notes'), 0xfe, ...Buffer.from('.txt')]);

describe('file names that are not UTF-8', () => {
  it('are scanned, tracked or not, with --jobs 1 and with workers', (ctx) => {
    const repo = TestRepo.create();
    if (!writeRawName(repo.dir, TRACKED, tokenLine(fakeToken()))) ctx.skip();
    // enough files for --jobs 2 to start a worker from the first file
    for (let k = 0; k < 240; k++) repo.write(`src/module_${k}.py`, `def handler_${k}(event):\n    return {"status": ${k}}\n`);
    repo.commit('app');
    writeRawName(repo.dir, UNTRACKED, tokenLine(fakeToken()));
    const expected = ['signalwire-api-token config\uFFFD.py:1', 'signalwire-api-token notes\uFFFD.txt:1'];
    for (const jobs of ['1', '2']) {
      const r = runJson(['scan', '.', '--jobs', jobs], { cwd: repo.dir });
      expect(r.code).toBe(1);
      expect(summarize(r.report)).toEqual(expected);
      expect(r.report.skipped).toEqual([]);
    }
  });

  it('are scanned outside a repository too', (ctx) => {
    const dir = tempDir();
    if (!writeRawName(dir, TRACKED, tokenLine(fakeToken()))) ctx.skip();
    writeFileSync(path.join(dir, 'README.md'), '# Voice app\n');
    const r = runJson(['scan', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(summarize(r.report)).toEqual(['signalwire-api-token config\uFFFD.py:1']);
    expect(r.report.skipped).toEqual([]);
  });
});
