// The fast path (parseArgs) and yargs must read every command line the fast path accepts the
// same way: same command, positionals and values. Anything else the fast path must decline.
import { describe, expect, it } from 'vitest';
import { fastParse } from '../../src/args.js';
import { parseWithYargs } from '../../src/cli/yargs-cli.js';
import { closest } from '../../src/cli/suggest.js';
import { parseSize } from '../../src/cli/size.js';

const ACCEPTED: string[][] = [
  [],
  ['.'],
  ['scan', 'src', 'lib'],
  ['staged'],
  ['staged', '--format', 'json', '--fail-on', 'never'],
  ['diff', 'main'],
  ['diff', 'main', 'feature', '--format=sarif', '-o', 'out.sarif'],
  ['history', '--since', '2 weeks ago', '--branch', 'main'],
  ['history', 'repo', '--range', 'a..b'],
  ['--rule', 'signalwire-api-token', '--rule', 'signalwire-space-url', '-d', 'dotenv-committed'],
  ['scan', '-f', 'json', '-q', '-v', '-j', '4', '--max-file-size', '512KiB'],
  ['--no-redact', '--no-color', '--no-foreign-ignores', 'a'],
  ['--color', '--report-stale', '-c', 'cfg.json', '-b', 'base.json'],
  ['--format', 'json', '--format', 'text'],
  ['scan', '-', '--stdin-filename', 'app.py'],
  ['scan', '--output', '-'],
  ['baseline', '--out', 'b.json', 'src'],
  ['hook', 'install', '--force'],
  ['rules', '--format', 'json'],
  ['--timeout', '30', 'src'],
  ['scan', '--', '--weird-file-name'],
  ['constructor'],
  ['scan', 'toString', 'hasOwnProperty'],
];

describe('the two parsers agree', () => {
  it.each(ACCEPTED.map((a) => [a.join(' ') || '(no arguments)', a] as const))('%s', async (_name, argv) => {
    const fast = fastParse(argv);
    expect(fast).not.toBeNull();
    const slow = await parseWithYargs(argv);
    expect('parsed' in slow ? slow.parsed : slow).toEqual(fast);
  });
});

describe('the fast path declines what only yargs answers', () => {
  it.each([
    ['--help'],
    ['scan', '--help'],
    ['help'],
    ['version'],
    ['completion'],
    ['-qv'],
    ['-fjson'],
    ['--quiet', 'true'],
    ['--formt', 'json'],
    ['histroy'],
    ['diff'],
    ['diff', 'main..feature'],
    ['staged', 'x'],
    ['rules', '--format', 'sarif'],
    ['--get-yargs-completions', 'swlint'],
  ])('%s', (...argv) => {
    expect(fastParse(argv)).toBeNull();
  });
});

describe('yargs reads what the fast path declines', () => {
  it('short-flag groups', async () => {
    const r = await parseWithYargs(['-qv', 'src']);
    expect('parsed' in r && r.parsed.values).toMatchObject({ quiet: true, verbose: true });
  });
  it("per-command help is that command's, and rules lists only the formats it supports", async () => {
    const scan = await parseWithYargs(['scan', '--help']);
    expect('print' in scan && scan.print).toMatch(/^swlint scan \[paths\.\.\]/);
    expect('print' in scan && scan.print).toContain('--stdin-filename');
    const rules = await parseWithYargs(['rules', '--help']);
    expect('print' in rules && rules.print).toContain('[text|json]');
    expect('print' in rules && rules.print).not.toMatch(/sarif|junit/);
  });
});

describe('helpers', () => {
  it('suggests the nearest name only when it is close', () => {
    expect(closest('histroy', ['scan', 'history', 'staged'])).toBe('history');
    expect(closest('formt', ['format', 'output'])).toBe('format');
    expect(closest('zzzzzz', ['format', 'output'])).toBeNull();
  });
  it('reads sizes with binary units, as the 5 MB default (5242880) means', () => {
    expect(parseSize('5MB', 'max-file-size')).toBe(5242880);
    expect(parseSize('5M', 'max-file-size')).toBe(5242880);
    expect(parseSize('512KiB', 'max-file-size')).toBe(524288);
    expect(parseSize('1.5M', 'max-file-size')).toBe(1572864);
    expect(parseSize('100000', 'max-file-size')).toBe(100000);
    expect(parseSize('1e6', 'max-file-size')).toBe(1000000);
    expect(() => parseSize('5XB', 'max-file-size')).toThrow(/must be a size/);
    expect(() => parseSize('-1', 'max-file-size')).toThrow(/must be a size/);
  });
});
