// lineStart and lineEnd (src/detect/context.ts) look for the line's ends within a short reach and
// ask the line index past it: every offset must get the line index's own answer, on the first
// line, the last one, lines longer than the reach, and each kind of line break.
import { describe, expect, it } from 'vitest';
import { lineEnd, lineStart } from '../../src/detect/context.js';
import { LineIndex } from '../../src/engine/locate.js';
import { rng as random } from '../../fixtures/seeded.mjs';

describe('lineStart and lineEnd', () => {
  it('answer as the line index does, for every offset', () => {
    const rnd = random(7);
    const pieces = ['a', 'PT', ' ', '\n', '\r\n', '\r', 'x'.repeat(700), 'y'.repeat(2047), 'z'.repeat(2049), 'é'];
    let longLines = 0;
    for (let round = 0; round < 120; round++) {
      const text = Array.from({ length: Math.floor(rnd() * 14) }, () => pieces[Math.floor(rnd() * pieces.length)]!).join('');
      const src = { text, lineIndex: new LineIndex(text) };
      const whole = new LineIndex(text);
      for (let offset = 0; offset <= text.length; offset += 1 + Math.floor(rnd() * 40)) {
        // inside a \r\n (no match starts there) the short scan sees a line break before it
        if (text[offset - 1] === '\r' && text[offset] === '\n') continue;
        const span = whole.span(whole.position(offset).line)!;
        expect([lineStart(src, offset), lineEnd(src, offset)], `${JSON.stringify(text.slice(0, 40))}… at ${offset}`).toEqual(span);
        if (span[1] - span[0] > 2048) longLines++;
      }
    }
    // lines past the short reach were asked about, so the line index's side was taken too
    expect(longLines).toBeGreaterThan(100);
  });
});
