// Escapes the decoders read besides base64, percent, `\u00XX` and `\xXX` (src/detect/decoders.ts):
// HTML/XML character references (decimal, hex, some characters only), ES2015 `\u{…}` escapes and
// octal escapes (a C header, Python bytes, a shell `$'…'`). Each token is found at the line of its
// escaped run, in scan and history; the tree's hard negatives (ordinary entities, colour codes,
// file modes, digests, a UUID in hex, emoji) give nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { commitAll } from '../helpers/git-env.js';
import { copyFixture, runJson, summarize } from '../helpers/cli.js';

const EXPECTED = [
  'signalwire-api-token include/sw_credentials.h:8',
  'signalwire-api-token scripts/deploy.sh:4',
  'signalwire-api-token site/partner.html:5',
  'signalwire-api-token site/signup.html:18',
  'signalwire-api-token src/voice-widget.mjs:3',
  'signalwire-api-token tools/provision.py:4',
  'signalwire-basic-auth assets/badge.svg:5',
  'signalwire-space-url assets/badge.svg:5',
];

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe('escaped credentials', () => {
  it('scan decodes character references, code-point and octal escapes, and says how each was written', () => {
    const fx = copyFixture('escapes');
    cleanup = fx.cleanup;
    const r = runJson(['scan', '.'], { cwd: fx.dir });
    expect(r.code).toBe(1);
    expect(summarize(r.report)).toEqual(EXPECTED);
    const message = (file: string) => (r.report.findings.find((f) => f.file === file) as unknown as { message: string }).message;
    expect(message('site/signup.html')).toMatch(/\(written as character references\)$/);
    expect(message('assets/badge.svg')).toMatch(/\(written as character references\)$/);
    expect(message('src/voice-widget.mjs')).toMatch(/\(written with \\u\{…\} or \\x\{…\} escapes\)$/);
    expect(message('include/sw_credentials.h')).toMatch(/\(written with octal escapes\)$/);
    // at the escaped run, redacted like any other
    const widget = r.report.findings.find((f) => f.file === 'src/voice-widget.mjs')!;
    expect(widget.column).toBe(16);
    expect(r.report.findings.every((f) => f.match.includes('…') && !/PT[0-9a-f]{48}/.test(r.stdout))).toBe(true);
    expect(r.report.skipped).toEqual([]);
  });

  it('history finds them too, with nothing from the hard negatives', () => {
    const fx = copyFixture('escapes');
    cleanup = fx.cleanup;
    commitAll(fx.dir, 'escapes');
    const r = runJson(['history'], { cwd: fx.dir });
    expect(r.code).toBe(1);
    expect(summarize(r.report, { commit: false })).toEqual(EXPECTED);
  });
});
