// Files with characters outside ASCII, through the CLI and its worker threads: the rules read a
// one-byte stand-in text there (src/scan/stand-ins.ts), and what a user sees is the real text's:
// the same findings, lines, columns and snippets with `--jobs 1` and `--jobs N`, and a custom
// rule that names such a character still matches in every thread.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { seededHex } from '../helpers/random.js';

// synthetic values only
const hex = seededHex;

const PROSE = [
  '// “Démarrage rapide” — voir la documentation…',
  '// 設定ファイル: SignalWire の認証情報 🚀',
  '// Schritt 2: Schlüssel eintragen\u00a0(nicht committen)',
];

/** 240 files of prose outside ASCII; every 8th holds a token, on a line that has such characters too or not. */
function buildTree(dir: string): Map<string, { line: number; column: number }> {
  const planted = new Map<string, { line: number; column: number }>();
  for (let i = 0; i < 240; i++) {
    const sub = path.join(dir, 'docs', `s${i % 12}`);
    mkdirSync(sub, { recursive: true });
    const lines = Array.from({ length: 30 + (i % 20) }, (_, k) =>
      k % 3 === 0 ? PROSE[(i + k) % PROSE.length]! : `export const v${k} = 'acme-${hex(i * 50 + k, 10)}';`,
    );
    const file = `docs/s${i % 12}/page${i}.ts`;
    if (i % 8 === 0) {
      const onProse = i % 16 === 0;
      const prefix = onProse ? '/* clé — ' : '';
      lines.splice(7, 0, `${prefix}const signalwireToken = 'PT${hex(i, 48)}';${onProse ? ' */' : ''}`);
      planted.set(file, { line: 8, column: prefix.length + 26 });
    }
    writeFileSync(path.join(dir, file), lines.join('\n') + '\n');
  }
  return planted;
}

describe('text with characters outside ASCII', () => {
  afterEach(cleanupTempDirs);

  it('is reported at the real text’s lines and columns, the same with --jobs 1 and --jobs 3', () => {
    const dir = tempDir();
    const planted = buildTree(dir);
    const one = runJson(['scan', '.', '--jobs', '1', '--fail-on', 'never'], { cwd: dir });
    const many = runJson(['scan', '.', '--jobs', '3', '--fail-on', 'never'], { cwd: dir });
    expect(one.report.summary.files).toBe(240);
    const tokens = one.report.findings.filter((f) => f.ruleId === 'signalwire-api-token');
    expect(new Map(tokens.map((f) => [f.file, { line: f.line, column: f.column }]))).toEqual(planted);
    // the text report cuts its snippet from the real line, accents and dash included
    const text = runCli(['scan', 'docs/s0/page0.ts', '--format', 'text', '--fail-on', 'never', '--no-color'], { cwd: dir });
    expect(text.stdout).toMatch(/\/\* clé — const signalwireToken = 'PT[0-9a-f]{2}…[0-9a-f]{4}'; \*\//);
    expect(many.report.findings).toEqual(one.report.findings);
    expect(many.report.skipped).toEqual(one.report.skipped);
  });

  it('runs a custom rule that names such a character in every thread', () => {
    const dir = tempDir();
    buildTree(dir);
    writeFileSync(
      path.join(dir, '.swlintrc.json'),
      JSON.stringify({
        customRules: [{ id: 'acme-schluessel', regex: 'Schlüssel=(\\w{12,})', keywords: ['schl'], message: 'A vault key.', fix: 'Move it to the vault.' }],
      }),
    );
    writeFileSync(path.join(dir, 'docs/s3/page3.ts'), `${PROSE[2]}\n// Schlüssel=Zq81Lk20Xv77Mn4 — „geheim“\n`);
    for (const jobs of ['1', '3']) {
      const { report } = runJson(['scan', '.', '--jobs', jobs, '--fail-on', 'never'], { cwd: dir });
      expect(report.findings.filter((f) => f.ruleId === 'acme-schluessel').map((f) => [f.file, f.line, f.column])).toEqual([['docs/s3/page3.ts', 2, 14]]);
    }
  });
});
