// The working tree is hostile: unreadable files, links out of the tree and in circles,
// FIFOs and devices, files that vanish or change while being read, a 2 GB file, thousands
// of files, names with spaces, newlines and leading dashes. Each is skipped or scanned as
// documented in docs/readme-limits.md, reported, and never stops the rest of the scan.
import { execFileSync, spawnSync } from 'node:child_process';
import fs, { chmodSync, mkdirSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { fakeToken } from '../helpers/secrets.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { readBytesSync } from '../../src/sources/read-sync.js';
import type { ReadTarget } from '../../src/sources/file-checks.js';

/** Reads each target as the pipeline does: the skips, and the texts of the rest. */
function readAll(targets: ReadTarget[]) {
  const skipped = [];
  const texts: string[] = [];
  for (const t of targets) {
    const r = readBytesSync(t, 1 << 20);
    if ('skipped' in r) skipped.push(r.skipped);
    else texts.push(Buffer.from(r.raw).toString('utf8'));
  }
  return { skipped, texts, files: texts.length };
}
import { findingList, hasCommand, parseReport, run, runMeasured, skippedList, tokenLine } from './helpers.js';

afterAll(cleanupTempDirs);
afterEach(() => {
  vi.restoreAllMocks();
});

const isRoot = process.getuid?.() === 0;

describe('unreadable files', () => {
  // Root reads everything, so as root the scan runs as `nobody` through setpriv: the
  // permission check is the kernel's, not a simulation.
  const canDropPrivileges = !isRoot || hasCommand('setpriv');
  it.skipIf(!canDropPrivileges)('a file and a directory it may not read are skipped as permission-denied; the scan goes on and still exits 1', () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    writeFileSync(path.join(dir, 'app.js'), tokenLine(fakeToken()));
    writeFileSync(path.join(dir, 'locked.js'), tokenLine(fakeToken()));
    chmodSync(path.join(dir, 'locked.js'), 0o000);
    mkdirSync(path.join(dir, 'private'));
    writeFileSync(path.join(dir, 'private', 'inner.js'), tokenLine(fakeToken()));
    chmodSync(path.join(dir, 'private'), 0o000);
    const prefix = isRoot ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'] : undefined;
    const r = run(['scan', '.', '--format', 'json'], { cwd: dir, prefix, env: { HOME: dir } });
    chmodSync(path.join(dir, 'private'), 0o755);
    const rep = parseReport(r);
    expect(r.code).toBe(1);
    expect(findingList(rep)).toEqual(['signalwire-api-token app.js']);
    expect(skippedList(rep)).toEqual(['permission-denied locked.js', 'permission-denied private']);
  });
});

describe('links and special files', () => {
  it('symlinks are not followed: not out of the root, not into loops, not to files inside', () => {
    const outside = tempDir();
    writeFileSync(path.join(outside, 'secret.js'), tokenLine(fakeToken()));
    const dir = tempDir();
    writeFileSync(path.join(dir, 'real.js'), tokenLine(fakeToken()));
    symlinkSync(path.join(outside, 'secret.js'), path.join(dir, 'out-file.js'));
    symlinkSync(outside, path.join(dir, 'out-dir'));
    symlinkSync('real.js', path.join(dir, 'alias.js'));
    symlinkSync('.', path.join(dir, 'loop'));
    symlinkSync('self', path.join(dir, 'self'));
    symlinkSync('missing.js', path.join(dir, 'dangling.js'));
    const r = run(['scan', '.', '--format', 'json'], { cwd: dir });
    const rep = parseReport(r);
    expect(r.code).toBe(1);
    expect(findingList(rep)).toEqual(['signalwire-api-token real.js']);
    expect(skippedList(rep)).toEqual(['alias.js', 'dangling.js', 'loop', 'out-dir', 'out-file.js', 'self'].map((f) => `symlink ${f}`));
  });

  it('a tracked symlink in a repository is skipped too', () => {
    const outside = tempDir();
    writeFileSync(path.join(outside, 'secret.js'), tokenLine(fakeToken()));
    const dir = tempDir();
    execFileSync('git', ['init', '-q'], { cwd: dir });
    symlinkSync(path.join(outside, 'secret.js'), path.join(dir, 'linked.js'));
    execFileSync('git', ['add', '-A'], { cwd: dir });
    const rep = parseReport(run(['scan', '.', '--format', 'json'], { cwd: dir }));
    expect(rep.findings).toEqual([]);
    expect(skippedList(rep)).toEqual(['symlink linked.js']);
  });

  it.skipIf(!hasCommand('mkfifo'))('FIFOs, sockets and devices are skipped, never opened: a FIFO with no writer does not hang the scan', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'app.js'), tokenLine(fakeToken()));
    execFileSync('mkfifo', [path.join(dir, 'pipe.js')]);
    const specials = ['pipe.js'];
    if (hasCommand('python3')) {
      execFileSync('python3', ['-c', 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])', path.join(dir, 'sock.js')]);
      specials.push('sock.js');
    }
    if (isRoot && hasCommand('mknod')) {
      // /dev/zero's numbers: reading it would never end
      execFileSync('mknod', [path.join(dir, 'zero.js'), 'c', '1', '5']);
      specials.push('zero.js');
    }
    const r = run(['scan', '.', '--format', 'json'], { cwd: dir, timeoutMs: 15_000 });
    expect(r.signal ?? null).toBeNull();
    const rep = parseReport(r);
    expect(r.code).toBe(1);
    expect(findingList(rep)).toEqual(['signalwire-api-token app.js']);
    expect(skippedList(rep)).toEqual(specials.map((f) => `not-a-regular-file ${f}`).sort());
  });

  it.skipIf(!hasCommand('mkfifo'))('a tracked file replaced by a FIFO is skipped in a repository', () => {
    const dir = tempDir();
    execFileSync('git', ['init', '-q'], { cwd: dir });
    writeFileSync(path.join(dir, 'config.js'), 'module.exports = {};\n');
    execFileSync('git', ['add', '-A'], { cwd: dir });
    unlinkSync(path.join(dir, 'config.js'));
    execFileSync('mkfifo', [path.join(dir, 'config.js')]);
    const r = run(['scan', '.', '--format', 'json'], { cwd: dir, timeoutMs: 15_000 });
    expect(r.signal ?? null).toBeNull();
    expect(skippedList(parseReport(r))).toEqual(['not-a-regular-file config.js']);
  });

  it('tracked files replaced by a symlink or a socket are skipped in a repository (opened without an lstat, as git lists them as regular)', () => {
    const outside = tempDir();
    writeFileSync(path.join(outside, 'secret.js'), tokenLine(fakeToken()));
    const dir = tempDir();
    execFileSync('git', ['init', '-q'], { cwd: dir });
    writeFileSync(path.join(dir, 'app.js'), tokenLine(fakeToken()));
    for (const f of ['linked.js', 'sock.js']) writeFileSync(path.join(dir, f), 'module.exports = {};\n');
    execFileSync('git', ['add', '-A'], { cwd: dir });
    unlinkSync(path.join(dir, 'linked.js'));
    symlinkSync(path.join(outside, 'secret.js'), path.join(dir, 'linked.js'));
    const expected = ['symlink linked.js'];
    unlinkSync(path.join(dir, 'sock.js'));
    if (hasCommand('python3')) {
      execFileSync('python3', ['-c', 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])', path.join(dir, 'sock.js')]);
      expected.push('not-a-regular-file sock.js');
    }
    const r = run(['scan', '.', '--format', 'json', '--jobs', '1'], { cwd: dir, timeoutMs: 15_000 });
    const rep = parseReport(r);
    expect(findingList(rep)).toEqual(['signalwire-api-token app.js']);
    expect(skippedList(rep)).toEqual(expected.sort());
  });

  it('a file the listing saw as regular is read whole when the file system answers in short reads', () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.js');
    const text = tokenLine(fakeToken()).repeat(40);
    writeFileSync(file, text);
    // a FUSE file system may hand fewer bytes than asked before the end of the file
    const real = fs.readSync;
    const readSync = vi
      .spyOn(fs, 'readSync')
      .mockImplementation(((fd: number, buf: NodeJS.ArrayBufferView, offset: number, length: number, position: null) =>
        real(fd, buf, offset, Math.min(length, 97), position)) as typeof fs.readSync);
    const lstat = vi.spyOn(fs, 'lstatSync');
    expect(readAll([{ abs: file, rel: 'app.js', regular: true }]).texts).toEqual([text]);
    expect(lstat).not.toHaveBeenCalled();
    // the end is heard from a short read once the size fstat gave is in: no read that returns 0
    expect(readSync.mock.results.map((r) => r.value as number).filter((n) => n === 0)).toEqual([]);
    expect(readAll([{ abs: file, rel: 'app.js' }]).texts).toEqual([text]);
    expect(lstat).toHaveBeenCalledTimes(1);
  });

  it.skipIf(!hasCommand('mkfifo'))('a file swapped for a FIFO between lstat and open: the open does not block and the FIFO is not read', async () => {
    // the race is made deterministic by having lstat describe a regular file
    const dir = tempDir();
    const fifo = path.join(dir, 'swapped.js');
    execFileSync('mkfifo', [fifo]);
    writeFileSync(path.join(dir, 'plain.js'), 'x\n');
    const regular = fs.lstatSync(path.join(dir, 'plain.js'));
    vi.spyOn(fs, 'lstatSync').mockReturnValue(regular);
    // synchronous: a blocking open would hang the test itself (vitest's timeout fails it)
    const { skipped, texts } = readAll([{ abs: fifo, rel: 'swapped.js' }]);
    expect(texts).toEqual([]);
    expect(skipped).toEqual([{ file: 'swapped.js', reason: 'not-a-regular-file' }]);
  });
});

describe('files that change during the scan', () => {
  it('a file deleted after listing is reported as vanished; the next file is still read', async () => {
    const dir = tempDir();
    const gone = path.join(dir, 'gone.js');
    const kept = path.join(dir, 'kept.js');
    writeFileSync(gone, 'x\n');
    writeFileSync(kept, 'kept\n');
    const targets: ReadTarget[] = [
      { abs: gone, rel: 'gone.js' },
      { abs: kept, rel: 'kept.js' },
    ];
    unlinkSync(gone);
    const { skipped, texts, ...stats } = readAll(targets);
    expect(skipped).toEqual([{ file: 'gone.js', reason: 'vanished' }]);
    expect(texts).toEqual(['kept\n']);
    expect(stats.files).toBe(1);
  });

  it('a file truncated after lstat is read as it is now', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'shrunk.js');
    writeFileSync(file, 'x'.repeat(100_000));
    const before = fs.lstatSync(file);
    truncateSync(file, 5);
    vi.spyOn(fs, 'lstatSync').mockReturnValue(before);
    const { skipped, texts } = readAll([{ abs: file, rel: 'shrunk.js' }]);
    expect(skipped).toEqual([]);
    expect(texts).toEqual(['xxxxx']);
  });

  it('a file that grew past the limit after lstat is skipped as too-large, not read whole', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'grown.js');
    writeFileSync(file, 'x');
    const before = fs.lstatSync(file);
    writeFileSync(file, 'x'.repeat(3 << 20));
    vi.spyOn(fs, 'lstatSync').mockReturnValue(before);
    const { skipped, texts } = readAll([{ abs: file, rel: 'grown.js' }]);
    expect(texts).toEqual([]);
    expect(skipped.map((s) => s.reason)).toEqual(['too-large']);
  });
});

describe('size and number of files', () => {
  it('a 2 GB (sparse) file is skipped by size without being read, even when --max-file-size allows it', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'app.js'), tokenLine(fakeToken()));
    const big = path.join(dir, 'huge.log');
    writeFileSync(big, '');
    truncateSync(big, 2 * 1024 ** 3);
    const byDefault = runMeasured(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(byDefault.code).toBe(1);
    expect(parseReport(byDefault).skipped).toEqual([{ file: 'huge.log', reason: 'too-large', detail: `${2 * 1024 ** 3} bytes > --max-file-size 5242880` }]);
    const allowed = runMeasured(['scan', '.', '--format', 'json', '--max-file-size', String(3 * 1024 ** 3)], { cwd: dir });
    const rep = parseReport(allowed);
    expect(allowed.code).toBe(1);
    expect(findingList(rep)).toEqual(['signalwire-api-token app.js']);
    expect(rep.skipped.map((s) => `${s.reason} ${s.file}`)).toEqual(['too-large huge.log']);
    expect(rep.skipped[0]!.detail).toMatch(/largest file swlint reads/);
    // never loaded: a Node process scanning two small files stays far below the file's size
    expect(allowed.maxRssMb).toBeLessThan(300);
  });

  it('2,000 small files in one tree are all scanned (the 100,000-file case is in bench/many-files.mjs)', () => {
    const dir = tempDir();
    for (let d = 0; d < 20; d++) {
      mkdirSync(path.join(dir, `d${d}`));
      for (let f = 0; f < 100; f++) writeFileSync(path.join(dir, `d${d}`, `f${f}.js`), `export const v${f} = ${f};\n`);
    }
    writeFileSync(path.join(dir, 'd7', 'secret.js'), tokenLine(fakeToken()));
    const r = run(['scan', '.', '--format', 'json'], { cwd: dir });
    const rep = parseReport(r);
    expect(rep.summary.files).toBe(2001);
    expect(findingList(rep)).toEqual(['signalwire-api-token d7/secret.js']);
  });
});

describe('path names', () => {
  const names = ['with space.js', 'new\nline.js', 'ünïcødé-🔑.js', '-weird.js', 'tab\there.js', 'quote"d.js'];

  it.each([
    ['outside a repository', false],
    ['inside a repository', true],
  ])('spaces, newlines, unicode and leading dashes come through intact (%s)', (_label, inRepo) => {
    const dir = tempDir();
    if (inRepo) execFileSync('git', ['init', '-q'], { cwd: dir });
    for (const n of names) writeFileSync(path.join(dir, n), tokenLine(fakeToken()));
    mkdirSync(path.join(dir, '-dir'));
    writeFileSync(path.join(dir, '-dir', 'x.js'), tokenLine(fakeToken()));
    if (inRepo) execFileSync('git', ['add', '-A'], { cwd: dir });
    const all = parseReport(run(['scan', '.', '--format', 'json'], { cwd: dir }));
    expect(all.findings.map((f) => f.file).sort()).toEqual([...names, '-dir/x.js'].sort());
    // a leading dash after `--` is a path, not an option
    const one = run(['scan', '--format', 'json', '--', '-weird.js'], { cwd: dir });
    expect(one.code).toBe(1);
    expect(parseReport(one).findings.map((f) => f.file)).toEqual(['-weird.js']);
    const sub = run(['scan', '--format', 'json', '--', '-dir'], { cwd: dir });
    expect(parseReport(sub).findings.map((f) => f.file)).toEqual(['x.js']);
    // and every format still produces its document
    for (const format of inRepo ? [] : ['text', 'sarif', 'github', 'junit']) {
      const r = run(['scan', '.', '--format', format], { cwd: dir });
      expect(r.code, `${format}: ${r.stderr}`).toBe(1);
    }
  });

  it('a directory given twice, or inside another argument, scans each file once', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src', 'a.js'), tokenLine(fakeToken()));
    writeFileSync(path.join(dir, 'b.js'), tokenLine(fakeToken()));
    const rep = parseReport(run(['scan', '.', '.', 'src', './src/', 'src/a.js', '--format', 'json'], { cwd: dir }));
    expect(findingList(rep)).toEqual(['signalwire-api-token b.js', 'signalwire-api-token src/a.js']);
    expect(rep.summary.files).toBe(2);
  });
});

describe('--timeout', () => {
  it('stops the working-tree scan, prints the partial result marked incomplete, exits 2 with one line on stderr', () => {
    const dir = tempDir();
    for (let i = 0; i < 400; i++) writeFileSync(path.join(dir, `f${i}.js`), `export const v = ${i};\n`);
    writeFileSync(path.join(dir, 'zz.js'), tokenLine(fakeToken()));
    const r = run(['scan', '.', '--format', 'json', '--timeout', '0.001'], { cwd: dir });
    expect(r.code).toBe(2);
    const rep = parseReport(r);
    expect(rep.summary.incomplete).toBe(true);
    expect(rep.summary.files).toBeLessThan(401);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--timeout.*incomplete.*raise --timeout/);
    const full = run(['scan', '.', '--format', 'json', '--timeout', '120'], { cwd: dir });
    expect(full.code).toBe(1);
    expect('incomplete' in parseReport(full).summary).toBe(false);
  });

  it('`swlint baseline` writes no baseline from an incomplete scan', () => {
    const dir = tempDir();
    for (let i = 0; i < 200; i++) writeFileSync(path.join(dir, `f${i}.js`), `export const v = ${i};\n`);
    const r = run(['baseline', '--timeout', '0.001'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/baseline not written/);
    expect(spawnSync('ls', [dir], { encoding: 'utf8' }).stdout).not.toMatch(/swlint-baseline/);
  });

  it('rejects a timeout that is not a positive number', () => {
    const dir = tempDir();
    for (const bad of ['0', '-1', 'soon', '']) {
      const r = run(['scan', '.', `--timeout=${bad}`], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--timeout must be a number of seconds/);
    }
  });
});
