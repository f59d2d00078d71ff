// Which files are decoded at all: the bytes' keywords decide (src/scan/unit.ts), so a keyword
// that every file of a code base holds decodes every file. A plain-http URL that is no
// SignalWire host (a licence header's, in every source file of signalwire/freeswitch) must not
// decode a file; one that is a SignalWire host must, and is still found.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { RULES } from '../../rules/index.js';
import { scanUnit } from '../../src/scan/unit.js';
import clientToken from '../../rules/signalwire-client-token.js';
import { random } from '../helpers/random.js';
import { fakeToken } from '../helpers/secrets.js';

const engine = new Engine(RULES, { redact: true, mode: 'history' });
const LICENCE = `/*
 * FreeSWITCH Modular Media Switching Software Library / Soft-Switch Application
 * Version: MPL 1.1
 * The contents of this file are subject to the Mozilla Public License Version
 * 1.1 (the "License"); you may not use this file except in compliance with
 * the License. You may obtain a copy of the License at
 * http://www.mozilla.org/MPL/
 */
#include <switch.h>

static switch_status_t load_config(void)
{
	return SWITCH_STATUS_SUCCESS;
}
`;

function unit(text: string, path: string) {
  return scanUnit(engine, { id: 0, content: { kind: 'bytes', bytes: Buffer.from(text, 'utf8') }, paths: [path], maxFileSize: 1 << 20 });
}

describe('which files are decoded', () => {
  it('does not decode a source file whose only keyword is a licence header URL', () => {
    const bytes = Buffer.from(LICENCE, 'utf8');
    const found = engine.keywordsInUtf8(bytes)!;
    expect(engine.needsText(found, bytes, 'src/mod/applications/mod_conference/conference_api.c')).toBe(false);
    const result = unit(LICENCE, 'src/mod/applications/mod_conference/conference_api.c');
    expect(result.scannedBytes).toBe(bytes.length);
    expect(result.results).toEqual([]);
  });

  it('decodes and reports a plain-http SignalWire URL in the same file, in any case', () => {
    const text = LICENCE.replace('#include <switch.h>', '#define RELAY_URL "http://relay.SignalWire.com/api"\n#include <switch.h>');
    const bytes = Buffer.from(text, 'utf8');
    expect(engine.needsText(engine.keywordsInUtf8(bytes)!, bytes, 'src/relay.c')).toBe(true);
    const findings = unit(text, 'src/relay.c').results.flatMap((r) => r.findings);
    expect(findings.map((f) => [f.ruleId, f.line])).toEqual([['signalwire-insecure-http', 9]]);
  });
});

// The rules' case-sensitive keywords (`PT`, and `UFQ`/`UFR`, base64's start of `PT`) decide on
// the bytes alone, each found wherever it is, after any number of near misses (`BUFFER`, `STUFF`).
describe('case-sensitive keywords: which files are decoded', () => {
  const SOURCE = `#define BUFFER_SIZE 4096
static char STUFF[BUFFER_SIZE];
/* BUFFERS are flushed by the UFO daemon */
int flush(void) { return BUFFER_SIZE; }
`;
  it('does not decode a file that holds none of them, however often it holds their first two letters', () => {
    const bytes = Buffer.from(SOURCE.repeat(40), 'utf8');
    expect(engine.needsText(engine.keywordsInUtf8(bytes)!, bytes, 'src/flush.c')).toBe(false);
  });

  it.each(['PT', 'UFQ', 'UFR'])('decodes a file whose only keyword is %s, after many near misses', (keyword) => {
    const text = SOURCE.repeat(40) + `static const char *code = "x${keyword}z";\n`;
    const bytes = Buffer.from(text, 'utf8');
    expect(engine.needsText(engine.keywordsInUtf8(bytes)!, bytes, 'src/flush.c')).toBe(true);
  });
});

// Escapes that hide no letter or digit do not decode a file: an HTML page full of ordinary
// character references, colour codes, file modes and `\0` in a shell script, emoji in `\u{…}`.
// The same page with a token in references is decoded, and the token found.
describe('escapes: which files are decoded', () => {
  const PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>About us &#8212; Acme Dental</title></head>
<body>
  <p>Founded in 1998 &#x2014; three clinics, one phone number.</p>
  <p>Open Monday&#8211;Friday, 8&#160;am&#8211;6&#160;pm. &#8220;Same-day&#8221; &#38; emergencies &#x2192; &#9733;</p>
  <p>Dr&#46; O&#8217;Neil &#183; Dr&#46; M&#252;ller. &#x00A9; 2025 Acme&#xA0;Dental&#x2e;</p>
  <!-- token -->
</body>
</html>
`;
  const SHELL = `#!/bin/sh\nGREEN=$'\\033[32m'\nRESET=$'\\033[0m'\nNUL=$'\\0'\ninstall -m 0755 build/voice /usr/local/bin/voice\nprintf '%s\\n' "\${GREEN}ok\${RESET}"\n`;
  const EMOJI = 'export const REACTIONS = ["\\u{1F600}", "\\u{1F44D}", "\\u{2764}\\u{FE0F}"];\nexport const label = (r) => `${r}\\u{A0}thanks`;\n';

  it('does not decode files whose escapes hide no letter or digit', () => {
    for (const [text, path] of [
      [PAGE, 'site/about.html'],
      [SHELL, 'scripts/colors.sh'],
      [EMOJI, 'src/emoji.js'],
    ] as const) {
      const bytes = Buffer.from(text, 'utf8');
      expect(engine.needsText(engine.keywordsInUtf8(bytes)!, bytes, path), path).toBe(false);
      expect(unit(text, path).results, path).toEqual([]);
    }
  });

  it('decodes the same page holding a token in character references, and reports it', () => {
    const token = fakeToken();
    const text = PAGE.replace('<!-- token -->', `<div data-token="${[...token].map((c) => `&#${c.charCodeAt(0)};`).join('')}"></div>`);
    const bytes = Buffer.from(text, 'utf8');
    expect(engine.needsText(engine.keywordsInUtf8(bytes)!, bytes, 'site/about.html')).toBe(true);
    const findings = unit(text, 'site/about.html').results.flatMap((r) => r.findings);
    expect(findings.map((f) => [f.ruleId, f.line])).toEqual([['signalwire-api-token', 8]]);
  });
});

// `eyj`, the client-token rule's keyword, is case-insensitive: minified code and inline images
// hold it by chance. The rule says from the bytes whether any JOSE match there is a SignalWire
// token (mayMatchBytes), and a file where none is, and no other rule would run, is not decoded.
describe('client tokens: which files are decoded', () => {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const sig = 'Qk3n9x0GJt1pL8aZc2Vb7YwE5rT4uIoP6sDfGhJkLmNbVcXzAqWeRtYuIoPlKjHgFdSaZx';
  // a Firebase ID token in a test fixture: a JWT, not SignalWire's
  const firebase = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: 'https://securetoken.google.com/demo-app', aud: 'demo-app', iat: 1750263000 })}.${sig}`;
  const room = `${b64({ typ: 'VRT', ch: 'relay.signalwire.com', alg: 'HS512' })}.${b64({ iat: 1756402267, jti: 'b4a54042-3a69-43e0-9ce5-69086ca970b4', r: 'standup', s: ['room.self.audio_mute'] })}.${sig}`;
  // a minified bundle: identifiers and an inline image that hold `eyJ`/`EYJ` by chance, and a token
  const bundle = (token: string) =>
    `!function(){var eyJx=1,EYJa="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJeyJAAAAAAAA";` +
    `var t="${token}";window.auth={token:t,eyJq:eyJx}}();\n`;
  const only = new Engine([clientToken], { redact: true, mode: 'scan' });

  it('does not decode a bundle that holds `eyJ` only by chance', () => {
    const text = bundle('');
    const bytes = Buffer.from(text, 'utf8');
    const found = engine.keywordsInUtf8(bytes)!;
    expect([...found]).toEqual(['eyj']);
    expect(engine.needsText(found, bytes, 'public/assets/index-4f2a9c.js')).toBe(false);
    expect(unit(text, 'public/assets/index-4f2a9c.js').results).toEqual([]);
  });

  it('decodes the same bundle holding a SignalWire video room token, and reports it', () => {
    const text = bundle(room);
    const bytes = Buffer.from(text, 'utf8');
    expect(engine.needsText(engine.keywordsInUtf8(bytes)!, bytes, 'public/assets/index-4f2a9c.js')).toBe(true);
    const findings = unit(text, 'public/assets/index-4f2a9c.js').results.flatMap((r) => r.findings);
    expect(findings.map((f) => [f.ruleId, f.line])).toEqual([['signalwire-client-token', 1]]);
  });

  it('says "may match" wherever detect finds a token: texts built from token pieces, overlapping starts and separators', () => {
    const pieces = ['eyJ', 'eyJhbGciOi', room, firebase, room.split('.')[0]!, '.', '..', `.${sig}`, 'x', ' ', '"', '\n', 'é', 'EYJ', room.slice(0, 40)];
    const next = random(7);
    const pick = (n: number) => Math.floor(next() * n);
    let mayMatch = 0;
    for (let n = 0; n < 3000; n++) {
      let text = '';
      for (let k = 1 + pick(6); k > 0; k--) text += pieces[pick(pieces.length)];
      const gate = clientToken.mayMatchBytes!(Buffer.from(text, 'utf8'));
      const findings = only.scan({ path: 'src/app.js', text }).findings;
      if (!gate) expect(findings, text).toEqual([]);
      if (gate) mayMatch++;
    }
    // both answers occur: the generated texts test the gate, not only its "may match"
    expect(mayMatch).toBeGreaterThan(300);
    expect(mayMatch).toBeLessThan(2700);
  });

  it('tells a SignalWire token from another service’s JWT', () => {
    expect(clientToken.mayMatchBytes!(Buffer.from(`const idToken = "${firebase}";`))).toBe(false);
    expect(clientToken.mayMatchBytes!(Buffer.from(`const roomToken = "${room}";`))).toBe(true);
  });

  it('says "may match" past 64 starts (base64url data full of them) rather than test each', () => {
    expect(clientToken.mayMatchBytes!(Buffer.from('eyJabc.'.repeat(65)))).toBe(true);
    expect(clientToken.mayMatchBytes!(Buffer.from('eyJabc.'.repeat(64)))).toBe(false);
  });
});
