// The split-UUID search (src/detect/assemble.ts) finds its quoted 8-hex heads with indexOf: it
// must find exactly what the regex it replaced found, leftmost first and without overlaps.
import { describe, expect, it } from 'vitest';
import { assembledUuids, quotedHex8 } from '../../src/detect/assemble.js';
import { ChunkContext } from '../../src/engine/engine.js';
import { LineIndex } from '../../src/engine/locate.js';
import { rng as random } from '../../fixtures/seeded.mjs';

function byRegex(text: string): number[] {
  const re = /(["'`])([0-9a-fA-F]{8})\1/g;
  const out: number[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m.index);
  return out;
}

describe('quotedHex8', () => {
  it('finds the heads the regex finds, on text dense with quotes and hex', () => {
    const rnd = random(21);
    const pieces = ['"', "'", '`', 'a', 'F', '0', '9', 'ce44d5f2', '61a2', 'g', ' ', '\n', '"ce44d5f2"', "'ce44d5f2'", '`12345678`', '"ce44d5f2\'', 'é'];
    let found = 0;
    for (let round = 0; round < 3000; round++) {
      const text = Array.from({ length: Math.floor(rnd() * 60) }, () => pieces[Math.floor(rnd() * pieces.length)]!).join('');
      const heads = [...quotedHex8(text)];
      expect(heads, JSON.stringify(text)).toEqual(byRegex(text));
      found += heads.length;
    }
    expect(found).toBeGreaterThan(1000);
  });

  it('still assembles a UUID split over literals', () => {
    const text = "const projectId = ['ce44d5f2', '61a2', '4e8a', '9cfe', '368d3a8fe63d'].join('-'); // signalwire\n";
    const input = { text, lineIndex: new LineIndex(text), path: 'a.js', has: () => true, memo: <T>(_: object, f: () => T) => f() } as unknown as Parameters<
      typeof assembledUuids
    >[0];
    expect(assembledUuids(input).map((a) => a.value)).toEqual(['ce44d5f2-61a2-4e8a-9cfe-368d3a8fe63d']);
  });
});
