// Spawns the built CLI the way users run it, with the test git environment (test/helpers/git-env.ts).
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GIT_TEST_ENV } from './git-env.js';
import { tempDir } from './temp.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(PROJECT_ROOT, 'dist/cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** default: the project root */
  cwd?: string;
  /** default: GIT_TEST_ENV */
  env?: NodeJS.ProcessEnv;
  input?: string;
  /** ms before the run is killed (its code is then null): a guard against a hang, not a speed check */
  timeout?: number;
}

export function runCli(args: string[], opts: CliOptions = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? PROJECT_ROOT,
    env: { ...(opts.env ?? GIT_TEST_ENV), FORCE_COLOR: '' },
    input: opts.input ?? '',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...(opts.timeout ? { timeout: opts.timeout } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  match: string;
  fingerprint: string;
  fix: string;
  commit: { sha: string; message: string; author: string; email: string; date: string } | null;
  stillPresent: boolean | null;
}

export interface JsonReport {
  version: number;
  mode: string;
  root: string;
  findings: JsonFinding[];
  skipped: { file: string; reason: string; detail?: string }[];
  summary: { files: number; bytes: number; commits: number; findings: number; durationMs: number };
}

export interface JsonRun extends CliRun {
  report: JsonReport;
  /** the report's findings, root and summary (empty on a usage error, exit 2) */
  findings: JsonFinding[];
  root: string;
  summary: Record<string, number>;
}

/** Runs with --format json. A usage error (exit 2, no JSON) gives an empty report; any other run without JSON throws. */
export function runJson(args: string[], opts: CliOptions = {}): JsonRun {
  const r = runCli([...args, '--format', 'json'], opts);
  let report: JsonReport;
  try {
    report = JSON.parse(r.stdout) as JsonReport;
  } catch {
    if (r.code !== 2) throw new Error(`no JSON on stdout (exit ${r.code}); stderr: ${r.stderr}`);
    report = { version: 0, mode: '', root: '', findings: [], skipped: [], summary: { files: 0, bytes: 0, commits: 0, findings: 0, durationMs: 0 } };
  }
  return { ...r, report, findings: report.findings, root: report.root, summary: report.summary };
}

/**
 * Sorted "ruleId file:line [@ commit subject] [present|gone]" lines: one assertion covers the whole result.
 * `commit: false` leaves the subject out (the same expectations for scan and history).
 */
export function summarize(from: JsonReport | readonly JsonFinding[], opts: { still?: boolean; commit?: boolean } = {}): string[] {
  const findings = 'findings' in from ? from.findings : from;
  return findings
    .map((f) => {
      let s = `${f.ruleId} ${f.file}:${f.line}`;
      if (f.commit && opts.commit !== false) s += ` @ ${f.commit.message}`;
      if (opts.still) s += f.stillPresent ? ' [present]' : ' [gone]';
      return s;
    })
    .sort();
}

/** Copies a fixture tree to a fresh temporary directory outside any git repository (removed after the test file even without cleanup()). */
export function copyFixture(name: string): { dir: string; cleanup: () => void } {
  const dir = tempDir('swlint-fixture-');
  cpSync(path.join(PROJECT_ROOT, 'fixtures/trees', name), dir, { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
