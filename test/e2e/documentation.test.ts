// Documentation awareness end to end: examples in a documentation tree are not findings, the
// same value in application code is, and the answer does not depend on the mode or on --jobs.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitAll } from '../helpers/git-env.js';
import { copyFixture, runJson } from '../helpers/cli.js';

const EXPECTED = [
  'signalwire-api-token error docs/ops/runbook.md:7',
  'signalwire-project-id info docs/ops/runbook.md:7',
  'signalwire-project-id warning src/app.js:2',
  'signalwire-space-url info docs/ops/runbook.md:3',
  'signalwire-space-url info docs/ops/runbook.md:4',
];

const seen = (findings: { ruleId: string; severity: string; file: string; line: number }[]) =>
  findings.map((f) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}`).sort();

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

function docsSite(fillers: number): string {
  const fx = copyFixture('docs-site');
  cleanup = fx.cleanup;
  // enough plain files that --jobs hands the tree to worker threads
  mkdirSync(path.join(fx.dir, 'notes'));
  for (let i = 0; i < fillers; i++) writeFileSync(path.join(fx.dir, 'notes', `n${i}.md`), `note ${i} about signalwire\n`);
  return fx.dir;
}

describe('documentation tree', () => {
  it('scan: examples dropped, documentation lowered to info, code kept; the same with --jobs 1 and 4', () => {
    const dir = docsSite(250);
    const one = runJson(['scan', '.', '--jobs', '1'], { cwd: dir });
    const four = runJson(['scan', '.', '--jobs', '4'], { cwd: dir });
    expect(seen(one.report.findings)).toEqual(EXPECTED);
    expect(seen(four.report.findings)).toEqual(EXPECTED);
  });

  it('history: the same judgement over every commit, with --jobs 1 and 4', () => {
    const dir = docsSite(0);
    commitAll(dir, 'docs site');
    for (const jobs of ['1', '4']) {
      const r = runJson(['history', '--jobs', jobs], { cwd: dir });
      expect(seen(r.report.findings)).toEqual(EXPECTED);
    }
  });

  it('without the config key, the handbook is not documentation: its repeated value is reported', () => {
    const dir = docsSite(0);
    writeFileSync(path.join(dir, '.swlintrc.json'), '{}\n');
    const r = runJson(['scan', '.'], { cwd: dir });
    expect(seen(r.report.findings).filter((s) => s.includes('handbook/'))).toEqual([
      'signalwire-project-id warning handbook/install.txt:3',
      'signalwire-project-id warning handbook/setup.txt:3',
      'signalwire-project-id warning handbook/upgrade.txt:3',
    ]);
  });
});
