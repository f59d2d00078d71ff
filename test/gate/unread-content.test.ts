// Content inside a compressed file that swlint could not read, or not to its end, must not pass
// the gate as clean: zip entries that are encrypted or use a method swlint does not decompress,
// and gzip or zstd files cut short or damaged. What could be read is still scanned (a token
// before the damage is reported); the rest makes the file swlint-unscanned in staged and diff,
// and is listed in the skip's detail in scan and history. zstd entries in a zip (method 93) are
// read.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { constants, deflateRawSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeProjectId, fakeToken } from '../helpers/secrets.js';
import { PROJECT_ROOT, runJson } from '../helpers/cli.js';
import { changeOnBranch } from '../helpers/change.js';
import { tar } from '../helpers/tar.js';
import { zip } from '../helpers/zip.js';

afterAll(cleanupTempDirs);

const fixture = (name: string) => readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/compressed', name));

/** Commits `files` on a branch off a one-file BASE: staged before the commit, diff after it, scan and history on the result. */
function change(files: Record<string, Buffer>) {
  const made = changeOnBranch(files);
  return { ...made, scan: runJson(['scan'], { cwd: made.repo.dir }), history: runJson(['history'], { cwd: made.repo.dir }) };
}

const lines = (run: ReturnType<typeof runJson>) => run.findings.map((f) => `${f.ruleId} ${f.file} ${f.message}`).sort();
const skips = (run: ReturnType<typeof runJson>) => run.report.skipped.map((s) => `${s.file} ${s.reason} ${s.detail ?? ''}`).sort();

const dotenv = (token: string) => `# production\nSIGNALWIRE_PROJECT_ID=${fakeProjectId()}\nSIGNALWIRE_API_TOKEN=${token}\n`;

/** An access log: text that compresses as real logs do (no credential in it). */
const accessLog = (n: number) =>
  Array.from({ length: n }, (_, k) => `2026-03-${String((k % 28) + 1).padStart(2, '0')} GET /v1/calls/${(k * 7919) % 100000} 200 ${(k * 37) % 900} ms`).join(
    '\n',
  ) + '\n';

describe('zip entries swlint does not read make the archive swlint-unscanned in a gate', () => {
  const token = fakeToken();
  const { staged, diff, scan, history } = change({
    // ZipCrypto: the flag set, the data encrypted bytes; a README beside them, readable
    'deploy/secrets.zip': zip([
      { name: 'README.txt', data: 'Deployment settings, encrypted with the team password.\n' },
      { name: 'config/.env', data: '', compressed: randomBytes(140), encrypted: true },
      { name: 'config/keys.json', data: '', compressed: randomBytes(90), encrypted: true },
    ]),
    // what 7-Zip writes with -mm=BZip2, -mm=Deflate64 and -mm=LZMA: compressed bytes swlint has no decoder for
    'backup/settings.zip': zip([
      { name: 'settings/.env', data: '', method: 12, compressed: Buffer.concat([Buffer.from('BZh91AY&SY'), randomBytes(120)]) },
      { name: 'settings/app.json', data: '', method: 9, compressed: randomBytes(200) },
      { name: 'settings/extra.json', data: '', method: 14, compressed: randomBytes(200) },
    ]),
    // hard negative: deflate and stored entries with no credential are read whole, and pass
    'docs/manual.zip': zip([
      { name: 'manual/index.html', data: '<h1>Voice API manual</h1><p>Set SIGNALWIRE_API_TOKEN in your environment.</p>\n' },
      { name: 'manual/style.css', data: 'body { font-family: sans-serif; }\n', stored: true },
    ]),
    // a readable entry beside them is still scanned: its token is reported too
    'release/bundle.zip': zip([
      { name: 'app/.env', data: dotenv(token) },
      { name: 'app/blob.bin', data: '', method: 95, compressed: Buffer.concat([Buffer.from('fd377a585a00', 'hex'), randomBytes(100)]) },
    ]),
  });

  it('staged and diff: swlint-unscanned names the entries and why, and says what to do', () => {
    for (const run of [staged, diff]) {
      expect(run.code).toBe(1);
      expect(lines(run)).toEqual([
        'signalwire-api-token release/bundle.zip Hard-coded SignalWire API token (inside a compressed file: app/.env)',
        'signalwire-project-id release/bundle.zip Hard-coded SignalWire project ID (inside a compressed file: app/.env)',
        'swlint-unscanned backup/settings.zip Content swlint could not scan (compressed: inside it, 1 entry compressed with bzip2, a method swlint does not read (settings/.env); inside it, 1 entry compressed with deflate64, a method swlint does not read (settings/app.json); inside it, 1 entry compressed with LZMA, a method swlint does not read (settings/extra.json): their contents were not scanned)',
        'swlint-unscanned deploy/secrets.zip Content swlint could not scan (compressed: inside it, 2 entries encrypted (config/.env, config/keys.json): their contents were not scanned)',
        'swlint-unscanned release/bundle.zip Content swlint could not scan (compressed: inside it, 1 entry compressed with xz, a method swlint does not read (app/blob.bin): its contents were not scanned)',
      ]);
      expect(run.stdout).not.toContain(token);
      for (const f of run.findings.filter((f) => f.ruleId === 'swlint-unscanned')) {
        expect(f.fix).toContain('decrypt');
        expect(f.fix).toContain('zip with deflate');
        expect(f.fix).toContain("`allowlist.paths` in the base branch's configuration");
      }
    }
  });

  it('scan and history list the entries as not read in the skip, and report only the readable token', () => {
    for (const run of [scan, history]) {
      expect(run.code).toBe(1);
      expect(run.findings.map((f) => `${f.ruleId} ${f.file}`).sort()).toEqual([
        'signalwire-api-token release/bundle.zip',
        'signalwire-project-id release/bundle.zip',
      ]);
      expect(skips(run)).toEqual([
        'backup/settings.zip binary compressed: its contents were scanned; inside it, 1 entry compressed with bzip2, a method swlint does not read (settings/.env); inside it, 1 entry compressed with deflate64, a method swlint does not read (settings/app.json); inside it, 1 entry compressed with LZMA, a method swlint does not read (settings/extra.json): their contents were not scanned',
        'deploy/secrets.zip binary compressed: its contents were scanned; inside it, 2 entries encrypted (config/.env, config/keys.json): their contents were not scanned',
        'docs/manual.zip binary compressed: its contents were scanned',
        'release/bundle.zip binary compressed: its contents were scanned; inside it, 1 entry compressed with xz, a method swlint does not read (app/blob.bin): its contents were not scanned',
      ]);
    }
  });
});

describe('zstd entries in a zip (method 93) are read', () => {
  it('a token in a zstd-compressed entry is found; zstd documentation text passes', () => {
    const { staged, diff } = change({
      'release/bundle.zip': zip([{ name: 'secrets.tar', data: '', method: 93, compressed: fixture('secrets.tar.zst') }]),
      'docs/guide.zip': zip([{ name: 'GUIDE.md', data: '', method: 93, compressed: fixture('guide.md.zst') }]),
    });
    for (const run of [staged, diff]) {
      expect(run.code).toBe(1);
      expect(lines(run)).toEqual(['signalwire-api-token release/bundle.zip Hard-coded SignalWire API token (inside a compressed file: secrets.tar!/app/.env)']);
      expect(skips(run)).toEqual([
        'docs/guide.zip binary compressed: its contents were scanned',
        'release/bundle.zip binary compressed: its contents were scanned',
      ]);
    }
  });
});

describe('a compressed file cut short or corrupt: what came before the damage is scanned, the rest is swlint-unscanned', () => {
  const early = fakeToken();
  const late = fakeToken();
  // a token at the start, then a log; the same with the token at the end: each gzip cut at its middle, as an interrupted copy leaves it
  const head = gzipSync(dotenv(early) + accessLog(4000));
  const tail = gzipSync(accessLog(4000) + dotenv(late));
  const cut = (b: Buffer) => b.subarray(0, b.length >> 1);
  // a gzip whose second half was overwritten: the first half's deflate blocks, then bytes that start no valid block
  const damaged = Buffer.concat([
    head.subarray(0, 10),
    deflateRawSync(dotenv(fakeToken()) + accessLog(300), { finishFlush: constants.Z_SYNC_FLUSH }),
    Buffer.from([0xff]),
    randomBytes(2000),
  ]);
  const { staged, diff, scan, history } = change({
    'logs/early.log.gz': cut(head),
    'logs/late.log.gz': cut(tail),
    'logs/damaged.log.gz': damaged,
    // a .tar.zst cut at its middle: no whole block left
    'backup/secrets.tar.zst': cut(fixture('secrets.tar.zst')),
    // hard negatives: zeros a tool padded with, and a second member (`cat a.gz b.gz`), are read as gunzip reads them
    'logs/padded.log.gz': Buffer.concat([gzipSync(accessLog(50)), Buffer.alloc(512)]),
    'logs/two.log.gz': Buffer.concat([gzipSync(accessLog(50)), gzipSync(accessLog(60))]),
  });
  const unread = 'what comes before the damage was scanned, the rest was not';

  it('staged and diff: the token before the cut is reported, and each damaged file is swlint-unscanned', () => {
    for (const run of [staged, diff]) {
      expect(run.code).toBe(1);
      expect(lines(run).filter((l) => !l.startsWith('signalwire-project-id'))).toEqual([
        'signalwire-api-token logs/damaged.log.gz Hard-coded SignalWire API token (inside a compressed file)',
        'signalwire-api-token logs/early.log.gz Hard-coded SignalWire API token (inside a compressed file)',
        `swlint-unscanned backup/secrets.tar.zst Content swlint could not scan (corrupt: its data is cut short: ${unread})`,
        `swlint-unscanned logs/damaged.log.gz Content swlint could not scan (corrupt: its data is corrupt: ${unread})`,
        `swlint-unscanned logs/early.log.gz Content swlint could not scan (corrupt: its data is cut short: ${unread})`,
        `swlint-unscanned logs/late.log.gz Content swlint could not scan (corrupt: its data is cut short: ${unread})`,
      ]);
      for (const f of run.findings.filter((f) => f.ruleId === 'swlint-unscanned')) expect(f.fix).toContain('gzip -t');
      expect(run.stdout).not.toContain(early);
    }
  });

  it('scan and history: listed as skipped with the damage in the detail, no error finding', () => {
    for (const run of [scan, history]) {
      expect(run.findings.filter((f) => f.ruleId === 'swlint-unscanned')).toEqual([]);
      expect(skips(run)).toEqual([
        `backup/secrets.tar.zst binary compressed: its contents were scanned; its data is cut short: ${unread}`,
        `logs/damaged.log.gz binary compressed: its contents were scanned; its data is corrupt: ${unread}`,
        `logs/early.log.gz binary compressed: its contents were scanned; its data is cut short: ${unread}`,
        `logs/late.log.gz binary compressed: its contents were scanned; its data is cut short: ${unread}`,
        'logs/padded.log.gz binary compressed: its contents were scanned',
        'logs/two.log.gz binary compressed: its contents were scanned',
      ]);
    }
  });

  it('a token in the second member of a gzip is found, and the file passes as read whole', () => {
    const token = fakeToken();
    const { diff } = change({ 'logs/two.log.gz': Buffer.concat([gzipSync(accessLog(50)), gzipSync(dotenv(token)), Buffer.alloc(100)]) });
    expect(diff.code).toBe(1);
    expect(diff.findings.map((f) => `${f.ruleId} ${f.file}`).sort()).toEqual(['signalwire-api-token logs/two.log.gz', 'signalwire-project-id logs/two.log.gz']);
  });

  it('a .tgz cut inside its tar: the files before the cut are read, the cut one is named', () => {
    const token = fakeToken();
    const tgz = gzipSync(Buffer.concat([tar('app/.env', dotenv(token)).subarray(0, -1024), tar('app/access.log', accessLog(3000))]));
    const { diff } = change({ 'release/app.tgz': tgz.subarray(0, tgz.length - 200) });
    expect(diff.code).toBe(1);
    expect(lines(diff).filter((l) => !l.startsWith('signalwire-project-id'))).toEqual([
      'signalwire-api-token release/app.tgz Hard-coded SignalWire API token (inside a compressed file: app/.env)',
      `swlint-unscanned release/app.tgz Content swlint could not scan (corrupt: its data is cut short; inside it, 1 entry cut short (app/access.log): ${unread})`,
    ]);
  });
});
