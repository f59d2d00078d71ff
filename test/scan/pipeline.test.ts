// The seams of the scanning pipeline: a source yields items without any rule running; the
// pipeline scans items from any source (here a fake one, written in a few lines, as a fifth
// source such as stdin would be); steps after the engine are plain functions.
import { afterAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { Engine } from '../../src/engine/engine.js';
import type { EngineSpec } from '../../src/engine/spec.js';
import { runPipeline, WorkerCostModel } from '../../src/scan/pipeline.js';
import { FindingList } from '../../src/scan/provenance.js';
import { decode, decodeAscii, decodeUtf8 } from '../../src/scan/decode.js';
import { applyInlineIgnores, capPerRule } from '../../src/scan/steps.js';
import { stagedSource } from '../../src/sources/staged.js';
import type { SourceItem } from '../../src/sources/source.js';
import { fakeSource } from '../helpers/fake-source.js';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';

afterAll(cleanupTempDirs);

const line = (t: string) => `const client = new RestClient('proj', '${t}');`;
const spec: EngineSpec = {
  rules: RULES.map((r) => ({ id: r.id, severity: r.severity })),
  customRules: [],
  placeholders: [],
  options: { redact: true, mode: 'staged', foreignIgnores: true, allowValues: [] },
};
const engine = new Engine(RULES, { redact: true, mode: 'staged' });

describe('sources', () => {
  it('the staged source yields the change as items: content, the content before, facts; no rule runs', async () => {
    const repo = TestRepo.create();
    repo.write('app.js', '// app\n').commit('Initial commit');
    repo.write('app.js', `// app\n${line(fakeToken())}\n`).write('.env', 'A=1\n');
    repo.git('add', '-A');
    const source = await stagedSource({ cwd: repo.dir, maxBytes: 1 << 20 });
    const items: SourceItem[] = [];
    for await (const item of source.items()) items.push(item);
    const shown = items.map((i) =>
      i.kind === 'blob'
        ? `blob ${i.sightings[0]!.path} before=${i.before?.length} ${i.content.kind === 'bytes' ? Buffer.from(i.content.bytes).toString('utf8').split('\n').length : i.content.kind}`
        : i.kind === 'facts'
          ? `facts ${i.facts.path} tracked=${i.facts.tracked}`
          : `skip ${i.skipped.file}`,
    );
    expect(shown.sort()).toEqual(['blob .env before=0 2', 'blob app.js before=1 3', 'facts .env tracked=true']);
  });
});

describe('pipeline over a fake source', () => {
  const token = fakeToken();
  const items: SourceItem[] = [
    { kind: 'blob', content: { kind: 'bytes', bytes: Buffer.from(`// old\n${line(token)}\n`) }, sightings: [{ path: 'whole.js', commit: 0 }] },
    {
      kind: 'blob',
      content: { kind: 'bytes', bytes: Buffer.from(`${line(token)}\n// new\n${line(fakeToken())}\n`) },
      sightings: [{ path: 'changed.js', commit: 0 }],
      before: [{ kind: 'bytes', bytes: Buffer.from(`${line(token)}\n`) }],
    },
    { kind: 'blob', content: { kind: 'too-large', size: 9 << 20 }, sightings: [{ path: 'big.sql', commit: 0 }], before: [] },
    {
      kind: 'blob',
      content: { kind: 'bytes', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]) },
      sightings: [{ path: 'logo.png', commit: 0 }],
    },
    { kind: 'facts', facts: { path: '.env', tracked: true, ignored: false, inRepo: true }, commit: 0 },
    { kind: 'skip', skipped: { file: 'sub', reason: 'submodule' } },
  ];

  it('scans content, reports only added lines when a before is given, the gate reports unscanned content', async () => {
    const list = new FindingList();
    const out = await runPipeline(fakeSource(items), { engine, engineSpec: spec, maxFileSize: 5 << 20, jobs: 1, gate: true, sink: list });
    expect(list.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.commit?.message}`).sort()).toEqual([
      'dotenv-committed .env:1 Add',
      'signalwire-api-token changed.js:3 Add',
      'signalwire-api-token whole.js:2 Add',
      'swlint-unscanned big.sql:1 Add',
    ]);
    expect(out.skipped.map((s) => `${s.file} ${s.reason}`).sort()).toEqual(['big.sql too-large', 'logo.png binary', 'sub submodule']);
    expect(out.files).toBe(2);
    expect(out.incomplete).toBe(false);
  });

  it('outside the gate, unscanned content is only skipped', async () => {
    const list = new FindingList();
    await runPipeline(fakeSource(items), { engine, engineSpec: spec, maxFileSize: 5 << 20, jobs: 1, gate: false, sink: list });
    expect(list.findings.some((f) => f.ruleId === 'swlint-unscanned')).toBe(false);
  });
});

describe('steps and decisions', () => {
  it('the engine returns inline-suppressed findings with the directive line; the step decides', () => {
    const text = `// swlint-ignore-next-line\n${line(fakeToken())}\n`;
    const result = engine.scan({ path: 'a.js', text });
    expect(result.findings).toEqual([]);
    expect(result.suppressedInline.map((s) => [s.finding.line, s.directiveLine])).toEqual([[2, 1]]);
    expect(applyInlineIgnores(result, null, () => true).suppressed).toBe(1);
    expect(applyInlineIgnores(result, { has: (l) => l === 1, spanAdded: (f, l) => f <= 1 && l >= 1 }, () => true).suppressed).toBe(0);
  });

  it('caps findings per rule per file with one summary finding', () => {
    const text = Array.from({ length: 250 }, () => `signalwire token ${fakeToken()}`).join('\n');
    const capped = capPerRule(engine.scan({ path: 'gen.txt', text }).findings, 100);
    expect(capped).toHaveLength(101);
    expect(capped[100]!.match).toBe('+150 more');
  });

  it('binary by content, never by name: signatures and NUL density decide; a stray NUL is text', () => {
    expect(decode(Buffer.from('plain text\n\0 after a NUL\n')).ok).toBe(true);
    expect(decode(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0])).ok).toBe(false);
    expect(decode(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))).ok).toBe(false);
    const le = decode(Buffer.from('token = "x"\n', 'utf16le'));
    expect(le.ok && le.text).toBe('token = "x"\n');
  });

  it('reads ASCII bytes as the UTF-8 decoder does, as a Uint8Array, past a megabyte and with control characters', () => {
    const ascii = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 31) % 128));
    for (const bytes of [ascii, new Uint8Array(ascii), Buffer.concat(Array.from({ length: 400 }, () => ascii)), Buffer.alloc(0)]) {
      expect(decodeAscii(bytes)).toBe(decodeUtf8(bytes));
      expect(decode(bytes, 'ascii')).toEqual(decode(bytes, true));
    }
  });

  it('file signatures at their offsets; text that merely starts like one is text', () => {
    const binary = (bytes: number[]) => decode(Buffer.concat([Buffer.from(bytes), Buffer.alloc(64, 0x41)]));
    // a bitmap: `BM`, its size, four reserved zero bytes, the pixel offset
    expect(binary([0x42, 0x4d, 0x36, 0x10, 0x0e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x36, 0x00, 0x00, 0x00])).toEqual({
      ok: false,
      reason: 'binary',
      format: 'bmp',
    });
    // ISO media: the signature sits after a 4-byte box size
    expect(binary([0x00, 0x00, 0x00, 0x18, 0x66, 0x74, 0x79, 0x70])).toEqual({ ok: false, reason: 'binary', format: 'mp4/mov/heic (ISO media)' });
    expect(binary([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])).toEqual({ ok: false, reason: 'binary', format: 'png' });
    expect(decode(Buffer.alloc(0))).toEqual({ ok: true, text: '', encoding: 'utf-8' });
    // a GIF's 16-bit width and height hold NUL bytes
    expect(binary([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00])).toEqual({ ok: false, reason: 'binary', format: 'gif' });
    for (const text of [
      'BMW fleet: SIGNALWIRE_TOKEN=PT…\n',
      'BM25 ranking notes\n',
      'PK values are UUIDs\n',
      'GIF89a is the animated variant\n',
      'ID3 tags hold the title\n',
      'RIFF chunks, explained\n',
      'OTTO: deploy notes\n',
      '%PDF-1.7 export settings\n',
      'ftyp\n',
    ]) {
      expect(decode(Buffer.from(text)), text).toEqual({ ok: true, text, encoding: 'utf-8' });
    }
  });
});

describe('when worker threads start (WorkerCostModel)', () => {
  const MB = 1024 * 1024;
  /** a clock that advances `msPerMB` for every MB scanned, and reports the given utilizations in turn */
  const clockOf = (busy: number[], msPerMB = 10) => {
    let t = 0;
    return {
      clock: { now: () => t, busySinceLastCall: () => busy.shift() ?? 1 },
      advance: (bytes: number) => (t += (bytes / MB) * msPerMB),
    };
  };
  /** feeds `units` units of `size` bytes; the answer of workersPay() after each */
  const feed = (model: WorkerCostModel, time: { advance: (b: number) => void } | null, units: number, size: number, readByScanner = false) =>
    Array.from({ length: units }, () => {
      model.scanned(size, readByScanner);
      time?.advance(size);
      return model.workersPay();
    });

  it('history without --jobs: only after an 8 MB stretch in which the main thread was busy 90 % of the time', () => {
    const busy = [0.74, 0.82, 0.93];
    const time = clockOf(busy);
    const model = new WorkerCostModel(undefined, time.clock);
    // a git-bound history: thousands of small units, the thread waiting for git a quarter of the time
    expect(feed(model, time, 3000, 2048).some(Boolean)).toBe(false);
    const decisions = feed(model, time, 11, MB);
    // judged at each 8 MB: 0.74 (the 5.9 MB above and 3 MB here), 0.82 (the next 8 MB): not yet
    expect(decisions.some(Boolean)).toBe(false);
    expect(busy).toEqual([0.93]);
    // the next stretch is scan-bound: workers pay, and the decision stays
    expect(feed(model, time, 8, MB).at(-1)).toBe(true);
    expect(feed(model, time, 1, 10)).toEqual([true]);
  });

  it('working-tree files: by the work left after the first 8 MB, at the rate they were scanned', () => {
    // 4,000 files of 12 KB (47 MB) at 100 MB/s: 0.4 s left after the first 8 MB, not worth two workers
    const small = clockOf([], 10);
    const docs = new WorkerCostModel(4000, small.clock);
    expect(feed(docs, small, 4000, 12 * 1024, true).some(Boolean)).toBe(false);
    // 34,000 files of 27 KB (900 MB): 8.9 s left, workers start at the first judgment
    const big = clockOf([], 10);
    const tree = new WorkerCostModel(34000, big.clock);
    const decisions = feed(tree, big, 400, 27 * 1024, true);
    expect(decisions.indexOf(true)).toBe(Math.ceil((8 * MB) / (27 * 1024)) - 1);
    // the same files, scanned ten times as slowly: 0.4 s becomes 4 s left, and workers pay
    const slow = clockOf([], 100);
    expect(feed(new WorkerCostModel(4000, slow.clock), slow, 4000, 12 * 1024, true).some(Boolean)).toBe(true);
  });

  it('working-tree files: the first window, slowed by compiling the engine, decides alone only with twice the margin', () => {
    // 3,000 files of 27 KB: the first 8 MB at 0.2 ms a file (compiling), the rest at 0.08
    let t = 0;
    const clock = { now: () => t, busySinceLastCall: () => 1 };
    const named = new WorkerCostModel(3000, clock);
    const decisions = Array.from({ length: 3000 }, (_, k) => {
      named.scanned(27 * 1024, true);
      t += k < 311 ? 0.2 : 0.08;
      return named.workersPay();
    });
    // after the first window, 0.54 s left at its rate: over the bound, but not twice over; after
    // the second, 0.18 s at the true rate: the scan ends on this thread
    expect(decisions.some(Boolean)).toBe(false);
    // the same first window with 30,000 files to come: 5.9 s left, workers start at once
    t = 0;
    const tree = new WorkerCostModel(30_000, clock);
    const first = Array.from({ length: 400 }, () => {
      tree.scanned(27 * 1024, true);
      t += 0.2;
      return tree.workersPay();
    });
    expect(first.indexOf(true)).toBe(Math.ceil((8 * MB) / (27 * 1024)) - 1);
  });

  it('working-tree files of a few bytes: judged after 1,000 files, by what a file costs whatever its size', () => {
    // each file costs 40 µs (its system calls), whatever its 94 bytes
    let t = 0;
    const perFile = { now: () => t, busySinceLastCall: () => 1 };
    const many = new WorkerCostModel(300_000, perFile);
    const decisions = Array.from({ length: 1500 }, () => {
      many.scanned(94, true);
      t += 0.04;
      return many.workersPay();
    });
    // 299,000 files left at 40 µs: 12 s; 8 MB would have been 89,000 files
    expect(decisions.indexOf(true)).toBe(999);
    // 4,000 such files: 0.12 s left after the first 1,000, not worth two workers
    t = 0;
    const few = new WorkerCostModel(4000, perFile);
    const none = Array.from({ length: 4000 }, () => {
      few.scanned(94, true);
      t += 0.04;
      return few.workersPay();
    });
    expect(none.some(Boolean)).toBe(false);
  });
});
