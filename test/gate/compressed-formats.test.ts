// Compressed formats beyond gzip and zip: a pull request that adds `secrets.tar.zst`, `.tar.xz`,
// `.tar.bz2`, `.7z` or `.rar` holding an `.env` must not pass the gate as clean. zstd is read
// (within --max-file-size, tar inside, as gzip is); the formats swlint does not open are
// recognised by their bytes (renamed too, inside another archive too) and are swlint-unscanned
// in staged and diff, listed as skipped with their format in scan and history. The fixtures in
// test/fixtures/compressed were made once with xz, bzip2, zstd and 7z from a tar of `app/.env`
// (a synthetic token) and `app/config.js`, and from a plain documentation file.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { PROJECT_ROOT, runCli, runJson } from '../helpers/cli.js';
import { tar } from '../helpers/tar.js';
import { changeOnBranch } from '../helpers/change.js';

afterAll(cleanupTempDirs);

const fixture = (name: string) => readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/compressed', name));

/** A whole token in a report: the fixtures' is always redacted. */
const WHOLE_TOKEN = /PT[0-9a-f]{48}/;

/** A RAR 5 archive's signature and main header, then what its (compressed) entries would be: bytes no one could read as text. */
const rar = () =>
  Buffer.concat([
    Buffer.from('Rar!\x1a\x07\x01\x00', 'latin1'),
    Buffer.from('33 92 b5 e5 0a 01 05 06 00 05 01 01 80 80 00'.replace(/ /g, ''), 'hex'),
    randomBytes(400),
  ]);

/** Commits `files` on a branch off a one-file BASE; staged runs before the commit, diff after it, scan on the result. */
function change(files: Record<string, Buffer>, args: string[] = []) {
  const made = changeOnBranch(files, args);
  return { ...made, scan: runJson(['scan', ...args], { cwd: made.repo.dir }) };
}

const where = (run: ReturnType<typeof runJson>) => run.findings.map((f) => `${f.ruleId} ${f.file}`).sort();

describe('zstd: what a .zst or .tar.zst holds is scanned', () => {
  it('a token in a .tar.zst, and in the same file renamed, is found in staged, diff and scan, redacted', () => {
    const { staged, diff, scan } = change({ 'release/secrets.tar.zst': fixture('secrets.tar.zst'), 'release/payload.bin': fixture('secrets.tar.zst') });
    for (const run of [staged, diff, scan]) {
      expect(run.code).toBe(1);
      expect(run.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`).sort()).toEqual([
        'signalwire-api-token release/payload.bin:1 Hard-coded SignalWire API token (inside a compressed file: app/.env)',
        'signalwire-api-token release/secrets.tar.zst:1 Hard-coded SignalWire API token (inside a compressed file: app/.env)',
      ]);
      expect(run.stdout).not.toMatch(WHOLE_TOKEN);
      expect(run.report.skipped.map((s) => `${s.file} ${s.reason} ${s.detail}`).sort()).toEqual([
        'release/payload.bin binary compressed: its contents were scanned',
        'release/secrets.tar.zst binary compressed: its contents were scanned',
      ]);
    }
  });

  it('a zstd file of documentation text is no finding: the gate passes', () => {
    const { staged, diff } = change({ 'docs/GUIDE.md.zst': fixture('guide.md.zst') });
    for (const run of [staged, diff]) {
      expect(run.code).toBe(0);
      expect(run.findings).toEqual([]);
      expect(run.report.skipped).toEqual([{ file: 'docs/GUIDE.md.zst', reason: 'binary', detail: 'compressed: its contents were scanned' }]);
    }
  });

  it('zstd in a .tgz is read too (archives inside archives, three levels)', () => {
    const { diff } = change({ 'bundle.tgz': gzipSync(tar('vendor/secrets.tar.zst', fixture('secrets.tar.zst'))) });
    expect(diff.code).toBe(1);
    // gzip, tar, zstd: the tar zstd holds is a fourth level, whose strings are read as one entry's
    expect(diff.findings.map((f) => f.message)).toEqual(['Hard-coded SignalWire API token (inside a compressed file: vendor/secrets.tar)']);
  });
});

describe('a zstd file that cannot be read within the bound', () => {
  const tooLarge = 'compressed: its contents pass --max-file-size 1048576 bytes uncompressed, what lies past that was not read';
  const bounded = (file: string, bytes: Buffer) => {
    const { staged, diff } = change({ [file]: bytes }, ['--max-file-size', String(2 ** 20)]);
    for (const run of [staged, diff]) {
      expect(run.code).toBe(1);
      expect(where(run)).toEqual([`swlint-unscanned ${file}`]);
      expect(run.report.skipped).toEqual([{ file, reason: 'too-large', detail: tooLarge }]);
    }
  };

  it('3 MB of zeros before the .env (229 bytes compressed): stopped at the bound, swlint-unscanned', () => {
    bounded('data/dump.zst', fixture('dump.zst'));
  });

  it('a frame whose header declares a window larger than the bound is not decoded', () => {
    // window descriptor 0x58: 2^(10+11) = 2 MB; one raw block of 64 bytes
    const head = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58]);
    const block = Buffer.from([(64 << 3) | 1, 0, 0]);
    bounded('data/window.zst', Buffer.concat([head, block, Buffer.alloc(64, 0x41)]));
  });

  it('a frame of many one-byte blocks in a large window (each block moves the window) is not decoded', () => {
    // a 512 KB window within the bound, and 10,000 blocks: 5 GB of window moves, minutes of work
    const head = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x48]);
    const blocks = Array.from({ length: 10_000 }, (_, k) => Buffer.from([(1 << 3) | (k === 9_999 ? 1 : 0), 0, 0, 0x41]));
    bounded('data/blocks.zst', Buffer.concat([head, ...blocks]));
  });
});

describe('formats swlint does not open: never silently clean in a gate', () => {
  const files = {
    'backup/secrets.tar.xz': fixture('secrets.tar.xz'),
    'backup/secrets.tar.bz2': fixture('secrets.tar.bz2'),
    'backup/secrets.7z': fixture('secrets.7z'),
    'backup/secrets.rar': rar(),
    // lz4 and lzip frames: their headers, then compressed-looking bytes
    'cache/blobs.lz4': Buffer.concat([Buffer.from('04224d186440a7', 'hex'), randomBytes(300)]),
    'cache/blobs.lz': Buffer.concat([Buffer.from('4c5a4950010c00', 'hex'), randomBytes(300)]),
    // renamed: told by its bytes, not its name
    'assets/font-cache.dat': fixture('secrets.tar.xz'),
  };
  const formats: Record<string, string> = {
    'assets/font-cache.dat': 'xz',
    'backup/secrets.7z': '7z',
    'backup/secrets.rar': 'rar',
    'backup/secrets.tar.bz2': 'bzip2',
    'backup/secrets.tar.xz': 'xz',
    'cache/blobs.lz': 'lzip',
    'cache/blobs.lz4': 'lz4',
  };
  const { repo, base, staged, diff, scan } = change(files);

  it('staged and diff report each one as swlint-unscanned, naming its format and what to do', () => {
    for (const run of [staged, diff]) {
      expect(run.code).toBe(1);
      expect(run.findings.map((f) => `${f.ruleId} ${f.file} ${f.message}`).sort()).toEqual(
        Object.entries(formats).map(
          ([file, format]) =>
            `swlint-unscanned ${file} Content swlint could not scan (compressed: ${format}, a format swlint does not open: its contents were not scanned)`,
        ),
      );
      for (const f of run.findings) {
        expect(f.fix).toContain('swlint baseline');
        expect(f.fix).toContain("`allowlist.paths` in the base branch's configuration");
        expect(f.fix).toContain('unpack it');
      }
    }
  });

  it('scan and history list them as skipped with their format, and pass', () => {
    const history = runJson(['history'], { cwd: repo.dir });
    for (const run of [scan, history]) {
      expect(run.code).toBe(0);
      expect(run.findings.filter((f) => f.ruleId !== 'swlint-unscanned')).toEqual([]);
      expect(run.report.skipped.map((s) => `${s.file} ${s.reason} ${s.detail}`).sort()).toEqual(
        Object.entries(formats).map(([file, format]) => `${file} binary compressed (${format}, a format swlint does not open: its contents were not scanned)`),
      );
    }
  });

  it('an xz of plain documentation text is listed as not opened too: its contents are not known', () => {
    const { diff, scan } = change({ 'docs/GUIDE.md.xz': fixture('guide.md.xz') });
    expect(diff.code).toBe(1);
    expect(where(diff)).toEqual(['swlint-unscanned docs/GUIDE.md.xz']);
    expect(scan.code).toBe(0);
    expect(scan.findings).toEqual([]);
  });

  it('a 7z inside a .tgz: the entry is named, and the gate does not pass it', () => {
    const { staged, diff, scan } = change({ 'release/bundle.tgz': gzipSync(tar('keys/secrets.7z', fixture('secrets.7z'))) });
    const detail = 'keys/secrets.7z (7z), in a format swlint does not open: its contents were not scanned';
    for (const run of [staged, diff]) {
      expect(run.code).toBe(1);
      expect(run.findings.map((f) => `${f.ruleId} ${f.file} ${f.message}`)).toEqual([
        `swlint-unscanned release/bundle.tgz Content swlint could not scan (compressed: inside it, ${detail})`,
      ]);
    }
    expect(scan.code).toBe(0);
    expect(scan.report.skipped).toEqual([
      { file: 'release/bundle.tgz', reason: 'binary', detail: `compressed: its contents were scanned; inside it, ${detail}` },
    ]);
  });

  it('a bzip2 file with no NUL byte in it is still told by its block magic, not read as text', () => {
    // bzip2's output of a short file often holds no NUL byte (a text signature then counts only with one):
    // the fixture's header and block magic, and its compressed bytes with each NUL changed
    const noNul = Buffer.from(fixture('secrets.tar.bz2'));
    for (let k = 10; k < noNul.length; k++) if (noNul[k] === 0) noNul[k] = 0x80;
    const { diff } = change({ 'backup/env.bz2': noNul });
    expect(diff.code).toBe(1);
    expect(where(diff)).toEqual(['swlint-unscanned backup/env.bz2']);
  });

  it('the text report names the format and says what to do', () => {
    const run = runCli(['diff', base, '--format', 'text'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('backup/secrets.tar.xz');
    expect(run.stdout).toContain('Content swlint could not scan (compressed: xz, a format swlint does not open: its contents were not scanned)');
    expect(run.stdout).toContain("`allowlist.paths` in the base branch's configuration");
  });
});
