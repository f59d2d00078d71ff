// A worker's results for a batch, packed for postMessage and unpacked: every unit comes back
// once, with its scanned bytes; anything beyond bytes (findings, skips, errors, inline
// suppressions, unscanned content) comes back whole.
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { Engine } from '../../src/engine/engine.js';
import { packResults, unpackResults } from '../../src/scan/result-wire.js';
import { scanUnit, type UnitResult, type WorkUnit } from '../../src/scan/unit.js';
import { fakeToken } from '../helpers/secrets.js';

const engine = new Engine(RULES, { redact: true, mode: 'history' });
const text = (id: number, s: string, paths = [`f${id}.js`]): WorkUnit => ({
  id,
  content: { kind: 'bytes', bytes: Buffer.from(s) },
  paths,
  maxFileSize: 1 << 20,
});

describe('packResults / unpackResults', () => {
  it('gives back every unit’s result: plain ones as bytes, the others whole', () => {
    const units: WorkUnit[] = [
      text(0, 'export const a = 1;\n'),
      text(1, `const client = new RestClient('proj', '${fakeToken()}');\n`, ['a.js', 'b.js']),
      text(2, `const ok = '${fakeToken()}'; // swlint-ignore\nconst client = new RestClient('p', process.env.T);\n`),
      { id: 3, content: { kind: 'too-large', size: 9 << 20 }, paths: ['big.sql'], maxFileSize: 1 << 20 },
      {
        id: 4,
        content: { kind: 'bytes', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]) },
        paths: ['logo.png'],
        maxFileSize: 1 << 20,
      },
      text(5, ''),
    ];
    const direct = units.map((u) => scanUnit(engine, u));
    // a message is cloned on its way: the unpacked results must not depend on the sender's objects
    const packed = structuredClone(packResults(direct));
    expect(packed.plain).toBeInstanceOf(Float64Array);
    const back = [...unpackResults(packed)].sort((a, b) => a.id - b.id);
    expect(back.map((r) => r.id)).toEqual([0, 1, 2, 3, 4, 5]);
    const meaningful = (r: UnitResult) => ({
      id: r.id,
      scannedBytes: r.scannedBytes,
      skipped: r.skipped,
      unscanned: r.unscanned,
      results: r.results.filter((p) => p.findings.length || p.suppressed || p.errors.length),
    });
    expect(back.map(meaningful)).toEqual(direct.map(meaningful));
    // the finding, the inline suppression, the too-large and binary skips travel whole
    expect(back[1]!.results.map((p) => p.findings.map((f) => f.file))).toEqual([['a.js'], ['b.js']]);
    expect(back[2]!.results[0]!.suppressed).toBe(1);
    expect(back[3]!.skipped.map((s) => s.reason)).toEqual(['too-large']);
    expect(back[4]!.skipped.map((s) => s.reason)).toEqual(['binary']);
    expect(back[0]!.scannedBytes).toBe(20);
    expect(back[5]!.scannedBytes).toBe(0);
    expect(packed.results.map((r) => r.id).sort()).toEqual([1, 2, 3, 4]);
  });
});
