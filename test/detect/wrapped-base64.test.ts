// Base64 wrapped over lines (src/detect/decoders.ts, wrappedBase64): the default output of
// `base64 .env` (76 columns) or of `openssl base64` (64) pasted into a cloud-init `content: |`,
// a manifest or a PEM-like block. A token cut by a line break is read in the joined text; the
// finding covers the block's lines.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { RULES } from '../../rules/index.js';
import { wrappedBase64 } from '../../src/detect/decoders.js';
import { charRuns } from '../../src/detect/candidates.js';
import { MIN_BASE64, isBase64Byte } from '../../src/detect/decoders.js';
import { fakeProjectId, fakeToken } from '../helpers/secrets.js';

const engine = new Engine(RULES, { redact: true, mode: 'scan' });
const found = (path: string, text: string) =>
  engine
    .scan({ path, text })
    .findings.map((f) => `${f.ruleId} ${f.line}-${f.endLine}`)
    .sort();

/** base64 of `s` cut every `width` characters, each line after `indent`, with `eol` */
const wrap = (s: string, width: number, indent = '', eol = '\n') =>
  (
    Buffer.from(s)
      .toString('base64')
      .match(new RegExp(`.{1,${width}}`, 'g')) ?? []
  )
    .map((l) => indent + l)
    .join(eol);

const dotenv = (token: string) => `SIGNALWIRE_PROJECT_ID=${fakeProjectId()}\nSIGNALWIRE_API_TOKEN=${token}\nSIGNALWIRE_SPACE_URL=quarry-freight.signalwire.com`;

/** wrappedBase64 over the text's own base64 runs, padding included (as decodedViews gives them) */
function blocks(text: string) {
  const runs: number[] = [];
  for (const [s, e] of charRuns(text, MIN_BASE64, isBase64Byte)) {
    let end = e;
    while (end < text.length && end - e < 2 && text[end] === '=') end++;
    runs.push(s, end);
  }
  return wrappedBase64(text, runs).map((b) => [
    text.slice(0, b.start).split('\n').length,
    text.slice(0, b.end).split('\n').length,
    Buffer.from(b.joined, 'base64').toString(),
  ]);
}

describe('base64 wrapped over lines', () => {
  it('a cloud-init `content: |` block wrapped at 76: the token cut by a line break is found, at the block', () => {
    const text = `write_files:\n  - path: /opt/app/.env\n    encoding: b64\n    content: |\n${wrap(dotenv(fakeToken()), 76, '      ')}\n`;
    expect(text.split('\n')[5]!.length).toBe(6 + 76);
    expect(found('cloud-init.yaml', text)).toEqual(['signalwire-api-token 5-8', 'signalwire-project-id 5-8', 'signalwire-space-url 5-8']);
  });

  it('a PEM-like block wrapped at 64, with CRLF line ends', () => {
    const text = `-----BEGIN ENV-----\r\n${wrap(dotenv(fakeToken()), 64, '', '\r\n')}\r\n-----END ENV-----\r\n`;
    expect(found('env.pem', text)).toContain('signalwire-api-token 2-5');
  });

  it('joins lines of one width and a shorter last one; a block filling its last line ends at its padding', () => {
    const env = dotenv(fakeToken());
    expect(blocks(wrap(env, 76))).toEqual([[1, 4, env]]);
    // 57 bytes a line: a text of 3 x 57 - 1 bytes fills three lines, the last ending in `=`
    const exact = 'K'.repeat(3 * 57 - 1 - 10) + 'a1b2c3d4e5';
    const text = `${wrap(exact, 76)}\nQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\n`;
    expect(text.split('\n')[2]!.endsWith('=')).toBe(true);
    expect(blocks(text)).toEqual([[1, 3, exact]]);
  });

  it('ends a block at a shorter line, and does not join lines holding more than base64, short lines, or one line alone', () => {
    const env = dotenv(fakeToken());
    const lines = wrap(env, 76).split('\n');
    // a shorter line ends a block: what follows is another
    expect(blocks([lines[0], lines[1]!.slice(4), lines[2], lines[3]].join('\n')).map((b) => b.slice(0, 2))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    // a line with a key before its base64 is no line of a block: the block is the two after it
    expect(blocks([lines[0], `x: ${lines[1]}`, lines[2], lines[3]].join('\n')).map((b) => b.slice(0, 2))).toEqual([[3, 4]]);
    expect(blocks(wrap(env, 48))).toEqual([]);
    expect(blocks(`${lines[0]}\n\n${lines[1]}\n`)).toEqual([]);
    expect(blocks(Buffer.from(env).toString('base64'))).toEqual([]);
  });

  it('reports a value read whole on one line once, not again from the block', () => {
    const token = fakeToken();
    // the token on the second line's decoded bytes alone (each line decodes alone: 76 is a multiple of 4)
    const env = `${'#'.repeat(57)}T=${token} ${'#'.repeat(57 - 3 - token.length)}${'#'.repeat(20)}`;
    const text = wrap(env, 76) + '\n';
    expect(found('env.b64', text)).toEqual(['signalwire-api-token 2-2']);
  });
});
