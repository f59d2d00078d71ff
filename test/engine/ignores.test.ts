import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { Engine } from '../../src/engine/engine.js';
import { KeywordHits } from '../../src/engine/keyword-automaton.js';

const TOKEN = 'PT5e2eba3a949ea939fb471889b9d601a4e747b5b5dd03918e';

/** An engine whose keyword pass on bytes has set its SIMD filter up (it does after the first MB). */
function warmedEngine(foreignIgnores: boolean): Engine {
  const engine = new Engine(RULES, { redact: true, mode: 'scan', foreignIgnores });
  for (let k = 0; k < 2; k++) engine.keywordsInUtf8(Buffer.alloc((1 << 20) + 1, 'x'));
  return engine;
}
const warmed = new Map([true, false].map((f) => [f, warmedEngine(f)]));

/**
 * Scans `text` as the engine scans text, and as the pipeline scans bytes (keywords, and whether a
 * marker may occur, from the SIMD pass): both must give the same, which is returned.
 */
function scan(path: string, text: string, foreignIgnores = true) {
  const engine = new Engine(RULES, { redact: true, mode: 'scan', foreignIgnores });
  const summary = (result: ReturnType<Engine['scan']>) => ({
    findings: result.findings.map((f) => `${f.ruleId}:${f.line}`),
    suppressedInline: result.suppressedInline.length,
  });
  const fromText = summary(engine.scan({ path, text }));
  const bytesEngine = warmed.get(foreignIgnores)!;
  const found = bytesEngine.keywordsInUtf8(Buffer.from(text, 'utf8'));
  expect(found).toBeInstanceOf(KeywordHits);
  expect(summary(bytesEngine.scan({ path, text }, found))).toEqual(fromText);
  return fromText;
}

describe('inline ignores', () => {
  it.each([
    ['app.js', `const t = '${TOKEN}'; // swlint-ignore`],
    ['app.py', `TOKEN = "${TOKEN}"  # swlint-ignore signalwire-api-token`],
    ['app.c', `char *t = "${TOKEN}"; /* swlint-ignore */`],
    ['page.html', `<meta content="${TOKEN}"> <!-- swlint-ignore -->`],
    ['q.sql', `SELECT '${TOKEN}'; -- swlint-ignore`],
    ['app.ini', `token = ${TOKEN} ; swlint-ignore`],
  ])('same-line swlint-ignore in %s', (path, text) => {
    const r = scan(path, text);
    expect(r.findings).toEqual([]);
    expect(r.suppressedInline).toBe(1);
  });

  it('next-line form, and only for the rules it names', () => {
    expect(scan('a.js', `// swlint-ignore-next-line\nconst t = '${TOKEN}';`).findings).toEqual([]);
    expect(scan('a.js', `// swlint-ignore-next-line signalwire-space-url\nconst t = '${TOKEN}';`).findings).toEqual(['signalwire-api-token:2']);
    expect(scan('a.js', `// swlint-ignore-next-line\n\nconst t = '${TOKEN}';`).findings).toEqual(['signalwire-api-token:3']);
  });

  it('does not count the marker outside a comment', () => {
    expect(scan('a.js', `const t = '${TOKEN}'; const u = "https://x.test/swlint-ignore";`).findings).toEqual(['signalwire-api-token:1']);
  });

  it("honours other scanners' markers unless told not to", () => {
    for (const marker of ['# gitleaks:allow', '# pragma: allowlist secret', '// secretlint-disable-line']) {
      expect(scan('a.py', `TOKEN = "${TOKEN}"  ${marker}`).findings).toEqual([]);
      expect(scan('a.py', `TOKEN = "${TOKEN}"  ${marker}`, false).findings).toEqual(['signalwire-api-token:1']);
    }
    expect(scan('a.py', `# pragma: allowlist nextline secret\nTOKEN = "${TOKEN}"`).findings).toEqual([]);
    expect(scan('a.js', `// secretlint-disable-next-line\nconst t = "${TOKEN}"`).findings).toEqual([]);
  });

  it('works with CRLF line ends', () => {
    expect(scan('a.py', `# swlint-ignore-next-line\r\nTOKEN = "${TOKEN}"\r\n`).findings).toEqual([]);
  });
});

describe('swlint-suppression-added', () => {
  it('runs only in diff mode', () => {
    const text = `const t = load(); // swlint-ignore\n`;
    const diff = new Engine(RULES, { redact: true, mode: 'diff' }).scan({ path: 'a.js', text }).findings;
    expect(diff.map((f) => f.ruleId)).toEqual(['swlint-suppression-added']);
    expect(new Engine(RULES, { redact: true, mode: 'scan' }).scan({ path: 'a.js', text }).findings).toEqual([]);
  });

  it('is itself never suppressed by the ignore it reports', () => {
    const text = `const t = '${TOKEN}'; // swlint-ignore\n`;
    const f = new Engine(RULES, { redact: true, mode: 'diff' }).scan({ path: 'a.js', text }).findings;
    expect(f.map((x) => x.ruleId)).toEqual(['swlint-suppression-added']);
  });
});
