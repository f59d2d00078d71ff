// Which files are decoded at all: the bytes' keywords decide (src/scan/unit.ts), so a keyword
// that every file of a code base holds decodes every file. A plain-http URL that is no
// SignalWire host (a licence header's, in every source file of signalwire/freeswitch) must not
// decode a file; one that is a SignalWire host must, and is still found.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { RULES } from '../../rules/index.js';
import { scanUnit } from '../../src/scan/unit.js';

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
