// A YAML double-quoted string continued with `\` at the end of a line (src/detect/decoders.ts,
// continuedLines): the line break is escaped and the next line's indentation goes with it, so
// `token: "PTd728…\` and `    27652…"` is one token. Read both with and without the
// indentation (a backslash outside such a string keeps it); one finding per value and place.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { RULES } from '../../rules/index.js';
import { fakeToken } from '../helpers/secrets.js';

const engine = new Engine(RULES, { redact: true, mode: 'scan' });
const found = (path: string, text: string) => engine.scan({ path, text }).findings.map((f) => `${f.ruleId} ${f.line}:${f.column}-${f.endLine}:${f.endColumn}`);

describe('YAML double-quoted strings continued over lines', () => {
  it('a token cut by an escaped line break is found, at its pieces', () => {
    const token = fakeToken();
    const text = `signalwire:\n  token: "${token.slice(0, 26)}\\\n    ${token.slice(26)}"\n`;
    expect(found('values.yaml', text)).toEqual([`signalwire-api-token 2:11-3:${5 + token.length - 26}`]);
    // the same lines in a file that is no YAML keep the indentation: nothing joined into a token
    expect(found('values.txt', text)).toEqual([]);
  });

  it('a value both readings show is reported once; one only the indented reading shows is still found', () => {
    const token = fakeToken();
    expect(found('notes.yml', `note: "rotated \\\n    ${token} today"\n`)).toEqual([`signalwire-api-token 2:5-2:${5 + token.length}`]);
    expect(found('notes.yml', `note: "${token}\\\n    rotated"\n`)).toEqual([`signalwire-api-token 1:8-1:${8 + token.length}`]);
  });
});
