// Spawns the built CLI the way users run it.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(PROJECT_ROOT, 'dist/cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? PROJECT_ROOT,
    env: { ...process.env, FORCE_COLOR: '', ...opts.env, NO_COLOR: opts.env?.NO_COLOR ?? '' },
    input: opts.input ?? '',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface JsonFinding {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  match: string;
  fingerprint: string;
  fix: string;
  commit: { sha: string; message: string } | null;
  stillPresent: boolean | null;
}

export interface JsonReport {
  version: number;
  mode: string;
  root: string;
  findings: JsonFinding[];
  skipped: { file: string; reason: string }[];
  summary: { files: number; bytes: number; commits: number; findings: number; durationMs: number };
}

export function runJson(args: string[], opts: Parameters<typeof runCli>[1] = {}): { code: number | null; report: JsonReport; stderr: string } {
  const r = runCli([...args, '--format', 'json'], opts);
  let report: JsonReport;
  try {
    report = JSON.parse(r.stdout) as JsonReport;
  } catch {
    throw new Error(`no JSON on stdout (exit ${r.code}); stderr: ${r.stderr}`);
  }
  return { code: r.code, report, stderr: r.stderr };
}

/** `ruleId file:line` for each finding, sorted: what end-to-end tests compare. */
export function summarize(report: JsonReport): string[] {
  return report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`).sort();
}

/** Copies a fixture tree to a fresh temporary directory outside any git repository. */
export function copyFixture(name: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'swlint-fixture-'));
  cpSync(path.join(PROJECT_ROOT, 'fixtures/trees', name), dir, { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'swlint-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Makes a fixture copy a git repository with one commit of everything in it (pinned identity, no global config). */
export function commitAll(dir: string, message = 'fixture'): void {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' }, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Fixture');
  git('config', 'user.email', 'fixture@example.invalid');
  git('config', 'commit.gpgsign', 'false');
  git('add', '-A');
  git('commit', '-q', '-m', message);
}
