// GitHub workflow commands: one annotation per finding, escaped so no value can end the
// command early or inject another, then a summary line.
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatGithub } from '../../src/report/github.js';
import { COMMIT, sampleResult } from './helpers.js';

/** Parses `::cmd k=v,k=v::data` the way the runner does (split, then unescape). */
function parseCommand(line: string) {
  const m = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) return null;
  const unProp = (s: string) => s.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  const props = Object.fromEntries(
    (m[2] ?? '')
      .split(',')
      .filter(Boolean)
      .map((kv) => {
        const i = kv.indexOf('=');
        return [kv.slice(0, i), unProp(kv.slice(i + 1))];
      }),
  );
  const data = m[3]!.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  return { command: m[1]!, props, data };
}

describe('github report', () => {
  it('escapes data and property values as the Actions toolkit does', () => {
    expect(escapeData('100%\r\nnext')).toBe('100%25%0D%0Anext');
    expect(escapeProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
  });

  it('writes one annotation per finding with location, title, redacted match and fix', () => {
    const { result, token } = sampleResult();
    const text = formatGithub(result);
    expect(text).not.toContain(token);
    const lines = text.trimEnd().split('\n');
    const commands = lines.map(parseCommand);
    // every finding, then the engine warning, then the plain summary line
    expect(commands.filter((c) => c?.props.title?.startsWith('swlint '))).toHaveLength(result.findings.length);
    expect(commands.filter((c) => c?.props.title === 'swlint').map((c) => c!.data)).toEqual(result.warnings);
    expect(lines.at(-1)).toMatch(/^swlint: \d+ problems \(\d+ errors?, \d+ warnings?\); 12 files scanned, 1 skipped$/);
    for (const [i, f] of result.findings.entries()) {
      const c = commands[i]!;
      expect(c.command).toBe(f.severity === 'info' ? 'notice' : f.severity);
      expect(c.props.file).toBe(f.file);
      expect(c.props.line).toBe(String(f.line));
      expect(c.props.title).toBe(`swlint ${f.ruleId}`);
      expect(c.data).toContain(`${f.message}: ${f.match}`);
      expect(c.data).toContain(`Fix: ${f.fix}`);
      if (f.endColumn > f.column) {
        expect(c.props).toMatchObject({ col: String(f.column), endLine: String(f.endLine), endColumn: String(f.endColumn) });
      } else expect(c.props.col).toBeUndefined();
    }
    const odd = commands.find((c) => c?.props.file?.startsWith('config/'))!;
    expect(odd.props.file).toBe('config/dir with space/a,b:c%.js');
    expect(lines.find((l) => l.includes('config/'))).toContain('file=config/dir with space/a%2Cb%3Ac%25.js,');
  });

  it('cannot be tricked into a second command by a hostile file name or message', () => {
    const { result } = sampleResult();
    const f = result.findings[0]!;
    f.file = 'x\n::add-mask::,line=9::y.js';
    f.message = 'msg\r\n::stop-commands::tok';
    const lines = formatGithub({ ...result, findings: [f], warnings: [] })
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(2);
    // control characters from the repository are shown escaped (src/report/safe-text.ts), then workflow-escaped
    expect(lines[0]).toMatch(/^::(error|warning) file=x\\x0a%3A%3Aadd-mask%3A%3A%2Cline=9%3A%3Ay\.js,line=/);
    expect(parseCommand(lines[0]!)!.data.startsWith('msg\\x0d\\x0a::stop-commands::tok:')).toBe(true);
  });

  it('names the commit in git modes and re-bases paths onto the repository root', () => {
    const { result } = sampleResult({ mode: 'history', root: '/repo/sub' });
    const text = formatGithub(result, { srcRoot: '/repo' });
    expect(text).toContain(`file=sub/src/app.js,`);
    expect(text).toContain(`Introduced in ${COMMIT.sha.slice(0, 12)} by ${COMMIT.author}`);
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/; 3 commits \(12 file versions\) scanned, 1 skipped$/);
  });

  it('says so when there is nothing to report', () => {
    const { result } = sampleResult();
    expect(formatGithub({ ...result, findings: [], skipped: [], warnings: [] })).toBe('swlint: no SignalWire credential problems; 12 files scanned\n');
  });
});
