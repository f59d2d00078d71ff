// JUnit XML: one failing testcase per file with findings, a skipped one per skipped file,
// one passing testcase for the clean rest; everything XML-escaped.
import { describe, expect, it } from 'vitest';
import { escapeXml, formatJunit } from '../../src/report/junit.js';
import { COMMIT, sampleResult } from './helpers.js';

const attrs = (tag: string) => Object.fromEntries([...tag.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));

describe('junit report', () => {
  it('escapes XML and drops characters XML cannot carry', () => {
    expect(escapeXml(`a<b>&"c"'d'\u0001\u001b`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;');
  });

  it('has one testsuite "swlint" with a testcase per file with findings, per skipped file, and one for the clean files', () => {
    const { result, token } = sampleResult({ mode: 'history' });
    const xml = formatJunit(result);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="swlint"')).toBe(true);
    expect(xml).not.toContain(token);
    expect(xml.match(/<testsuite /g)).toHaveLength(1);
    const files = new Set(result.findings.map((f) => f.file));
    const cases = [...xml.matchAll(/<testcase [^>]*>/g)].map((m) => attrs(m[0]));
    expect(cases.map((c) => c.name)).toEqual([...[...files].map((f) => escapeXml(f)), 'assets/big.bin', `${12 - files.size} blobs without findings`]);
    expect(xml.match(/<failure /g)).toHaveLength(result.findings.length);
    const suite = attrs(/<testsuite [^>]*>/.exec(xml)![0]);
    expect(suite).toMatchObject({ name: 'swlint', tests: String(files.size + 2), failures: String(files.size), errors: '0', skipped: '1', time: '0.042' });
    const f = result.findings.find((x) => x.ruleId === 'signalwire-api-token')!;
    const failure = attrs(xml.match(/<failure [^>]*>/g)!.find((t) => t.includes(f.ruleId))!);
    expect(failure.type).toBe('signalwire-api-token');
    expect(failure.message).toContain(`line ${f.line}:`);
    expect(xml).toContain(escapeXml(COMMIT.message));
    expect(xml).toContain('add config, with &quot;quotes&quot; &amp; &lt;angles&gt;');
    expect(xml).toContain('<skipped message="not scanned: binary"/>');
  });

  it('still has a passing testcase when nothing was found', () => {
    const { result } = sampleResult();
    const xml = formatJunit({ ...result, findings: [], skipped: [] });
    expect(xml).toContain('<testcase classname="swlint" name="12 files without findings" time="0"/>');
    expect(xml).toContain('tests="1" failures="0"');
  });
});
