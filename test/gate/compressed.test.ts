// A token inside a compressed file a change adds (a gzip'd .env, a zip, a .jar, a .docx, a
// .tgz) is as exposed as in the file it was made from: staged and diff read the contents,
// bounded, and a gate never passes an archive it could not read as clean.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { runCli, runJson } from '../helpers/cli.js';
import { tar } from '../helpers/tar.js';
import { changeOnBranch, writeBytes } from '../helpers/change.js';
import { zip } from '../helpers/zip.js';

afterAll(cleanupTempDirs);

/** A one-page PDF whose page draws `text`, its content stream compressed with FlateDecode, as PDF writers save it. */
function pdf(text: string, opts: { image?: Buffer; metadata?: true }): Buffer {
  const content = deflateSync(`BT /F1 11 Tf 72 720 Td (${text}) Tj ET`);
  const { image, metadata } = opts;
  // an XMP packet is uncompressed XML: 9 KB of it first, and the file's first 8 KB hold no NUL (read as text)
  const xmp = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">${'<rdf:Description dc:format="application/pdf"/>\n'.repeat(200)}</x:xmpmeta>`;
  return Buffer.concat([
    Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n', 'latin1'),
    ...(metadata ? [Buffer.from(`5 0 obj\n<< /Type /Metadata /Subtype /XML /Length ${xmp.length} >>\nstream\n${xmp}\nendstream\nendobj\n`)] : []),
    // an image's pixels (binary bytes, a NUL among them) before the page, as a scanned logo is
    ...(image
      ? [Buffer.from(`3 0 obj\n<< /Type /XObject /Subtype /Image /Length ${image.length} >>\nstream\n`, 'latin1'), image, Buffer.from('\nendstream\nendobj\n')]
      : []),
    Buffer.from(`4 0 obj\n<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'),
    content,
    Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'),
  ]);
}

/** Commits `files` on a branch off a one-file BASE; staged runs before the commit. */
const change = changeOnBranch;

const dotenv = (token: string) => `# production\nSIGNALWIRE_PROJECT_ID=\nSIGNALWIRE_API_TOKEN=${token}\n`;

describe('a token inside a compressed file', () => {
  const token = fakeToken();
  // text: read as text as well (a PDF with no NUL in its first 8 KB), so not listed as skipped
  const cases: { name: string; file: string; bytes: () => Buffer; entry: string; text?: true }[] = [
    { name: 'a gzip file', file: 'backup/env.gz', bytes: () => gzipSync(dotenv(token)), entry: '' },
    { name: 'a zip file', file: 'deploy/config.zip', bytes: () => zip([{ name: 'config/.env', data: dotenv(token) }]), entry: 'config/.env' },
    {
      name: 'a .jar with a stored properties file beside deflated classes',
      file: 'libs/client.jar',
      bytes: () =>
        zip([
          { name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0\r\n' },
          { name: 'application.properties', data: `signalwire.token=${token}\n`, stored: true },
        ]),
      entry: 'application.properties',
    },
    {
      name: 'a .docx (its text in word/document.xml)',
      file: 'docs/handover.docx',
      bytes: () => zip([{ name: 'word/document.xml', data: `<w:document><w:body><w:p><w:r><w:t>API token: ${token}</w:t></w:r></w:p></w:body></w:document>` }]),
      entry: 'word/document.xml',
    },
    { name: 'a .tgz', file: 'release/bundle.tgz', bytes: () => gzipSync(tar('app/.env', dotenv(token))), entry: 'app/.env' },
    {
      name: 'a zip inside a zip',
      file: 'dist/site.zip',
      bytes: () => zip([{ name: 'inner.zip', data: zip([{ name: 'settings.json', data: `{"signalwireToken": "${token}"}` }]), stored: true }]),
      entry: 'inner.zip!/settings.json',
    },
    {
      name: 'a PDF page (a FlateDecode content stream)',
      file: 'docs/runbook.pdf',
      bytes: () => pdf(`API token: ${token}`, { metadata: true }),
      entry: '',
      text: true,
    },
    {
      name: 'a PDF page after an image (a binary PDF)',
      file: 'docs/handbook.pdf',
      bytes: () => pdf(`API token: ${token}`, { image: Buffer.from(Array.from({ length: 4096 }, (_, k) => (k * 7919) % 256)) }),
      entry: '',
    },
    {
      name: 'an entry the central directory does not list',
      file: 'assets/fonts.zip',
      bytes: () =>
        zip([
          { name: 'hidden.txt', data: dotenv(token), unlisted: true },
          { name: 'readme.txt', data: 'fonts\n' },
        ]),
      entry: 'hidden.txt',
    },
  ];
  for (const c of cases) {
    it(`${c.name}: staged and diff report it, redacted, naming what holds it`, () => {
      const { staged, diff } = change({ [c.file]: c.bytes() });
      for (const run of [staged, diff]) {
        expect(run.code).toBe(1);
        expect(run.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([`signalwire-api-token ${c.file}:1`]);
        expect(run.findings[0]!.message).toBe(`Hard-coded SignalWire API token (inside a compressed file${c.entry ? `: ${c.entry}` : ''})`);
        expect(run.stdout).not.toContain(token);
        expect(run.report.skipped).toEqual(c.text ? [] : [{ file: c.file, reason: 'binary', detail: 'compressed: its contents were scanned' }]);
      }
    });
  }

  it('the text report and github annotations show it too, never the token', () => {
    const { repo, base } = change({ 'backup/env.gz': gzipSync(dotenv(token)) });
    for (const format of ['text', 'github']) {
      const run = runCli(['diff', base, '--format', format], { cwd: repo.dir });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('backup/env.gz');
      expect(run.stdout).not.toContain(token);
    }
  });
});

describe('what a compressed file holds that is not a finding', () => {
  it('an archive of placeholders and code passes, listed as scanned inside', () => {
    const bytes = zip([
      { name: '.env.example', data: 'SIGNALWIRE_API_TOKEN=PTxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n' },
      { name: 'src/index.js', data: 'export const token = process.env.SIGNALWIRE_API_TOKEN;\n' },
    ]);
    const { staged, diff } = change({ 'template.zip': bytes, 'logs.gz': gzipSync('GET /health 200\n'.repeat(200)) });
    for (const run of [staged, diff]) {
      expect(run.code).toBe(0);
      expect(run.findings).toEqual([]);
      expect(run.report.skipped.map((s) => `${s.file} ${s.reason} ${s.detail}`).sort()).toEqual([
        'logs.gz binary compressed: its contents were scanned',
        'template.zip binary compressed: its contents were scanned',
      ]);
    }
  });

  it("a token BASE's archive already held is not new when the change adds another entry", () => {
    const token = fakeToken();
    const repo = TestRepo.create();
    writeBytes(repo, 'vendor.zip', zip([{ name: 'old.env', data: dotenv(token) }]));
    const base = repo.commit('vendored');
    writeBytes(
      repo,
      'vendor.zip',
      zip([
        { name: 'old.env', data: dotenv(token) },
        { name: 'CHANGES.txt', data: 'version 2 of the vendored files\n' },
      ]),
    );
    repo.git('add', '-A');
    const staged = runJson(['staged'], { cwd: repo.dir });
    repo.commit('update');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    for (const run of [staged, diff]) {
      expect(run.code).toBe(0);
      expect(run.findings).toEqual([]);
    }
  });
});

describe('a compressed file that cannot be read whole', () => {
  it('contents past --max-file-size uncompressed (a decompression bomb) fail the gate as swlint-unscanned', () => {
    const token = fakeToken();
    // 3 MB of zeros compress to a few KB; the token after them is past a 1 MB bound
    const bomb = gzipSync(Buffer.concat([Buffer.alloc(3 * 2 ** 20), Buffer.from(dotenv(token))]));
    const { staged, diff } = change({ 'data/dump.gz': bomb }, ['--max-file-size', String(2 ** 20)]);
    for (const run of [staged, diff]) {
      expect(run.code).toBe(1);
      expect(run.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['swlint-unscanned data/dump.gz']);
      expect(run.report.skipped).toEqual([
        {
          file: 'data/dump.gz',
          reason: 'too-large',
          detail: 'compressed: its contents pass --max-file-size 1048576 bytes uncompressed, what lies past that was not read',
        },
      ]);
    }
  });

  it('an encrypted entry is listed as not read, and the gate does not pass it', () => {
    const { staged, diff } = change({ 'secrets.zip': zip([{ name: 'prod.env', data: 'x'.repeat(64), encrypted: true, stored: true }]) });
    for (const run of [staged, diff]) {
      expect(run.code).toBe(1);
      expect(run.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['swlint-unscanned secrets.zip']);
      expect(run.report.skipped).toEqual([
        {
          file: 'secrets.zip',
          reason: 'binary',
          detail: 'compressed: its contents were scanned; inside it, 1 entry encrypted (prod.env): its contents were not scanned',
        },
      ]);
    }
  });
});

describe('base64 of gzip in a text file', () => {
  const b64gz = (text: string) => gzipSync(text).toString('base64');

  it('a compressed data URI and a gzip value in YAML are inflated and read: staged and diff report them', () => {
    const [t1, t2] = [fakeToken(), fakeToken()];
    const repo = TestRepo.create().write('README.md', '# app\n');
    const base = repo.commit('base');
    repo.write('public/embed.html', `<script src="data:application/gzip;base64,${b64gz(`window.SW = { project: "voice", token: "${t1}" };`)}"></script>\n`);
    repo.write('deploy/values.yaml', `config:\n  env.gz: ${b64gz(dotenv(t2))}\n`);
    repo.git('add', '-A');
    const staged = runJson(['staged'], { cwd: repo.dir });
    repo.commit('add');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    for (const run of [staged, diff]) {
      expect(run.code).toBe(1);
      expect(run.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`).sort()).toEqual([
        'signalwire-api-token deploy/values.yaml:2 Hard-coded SignalWire API token (gzip-compressed and base64-encoded)',
        'signalwire-api-token public/embed.html:1 Hard-coded SignalWire API token (gzip-compressed and base64-encoded)',
      ]);
      expect(run.stdout).not.toContain(t1);
    }
  });

  it('one that inflates past the bound is not passed as clean: the file is partly decoded, swlint-unscanned in the gate', () => {
    const token = fakeToken();
    const repo = TestRepo.create().write('README.md', '# app\n');
    const base = repo.commit('base');
    // 2 MB of spaces before the token: a few KB of base64
    repo.write('deploy/values.yaml', `blob: ${b64gz(' '.repeat(2 * 2 ** 20) + dotenv(token))}\n`);
    repo.commit('add');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(diff.code).toBe(1);
    expect(diff.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual(['swlint-unscanned deploy/values.yaml']);
    expect(diff.report.skipped.map((s) => `${s.file} ${s.reason}`)).toEqual(['deploy/values.yaml partly-decoded']);
  });

  it('base64 of gzip holding no credential (a compressed icon font, a minified bundle) is not a finding', () => {
    const repo = TestRepo.create().write('README.md', '# app\n');
    const base = repo.commit('base');
    repo.write(
      'public/font.css',
      `@font-face { src: url(data:font/woff;base64,${gzipSync(Buffer.from(Array.from({ length: 3000 }, (_, k) => (k * 131) % 256))).toString('base64')}); }\n`,
    );
    repo.write('public/app.js', `eval(inflate("${b64gz('export const api = "/v1"; console.log("ready and waiting for the voice calls");')}"));\n`);
    repo.commit('add');
    const diff = runJson(['diff', base], { cwd: repo.dir });
    expect(diff.code).toBe(0);
    expect(diff.findings).toEqual([]);
    expect(diff.report.skipped).toEqual([]);
  });
});
