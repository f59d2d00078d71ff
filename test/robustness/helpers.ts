// Shared by the robustness suite: run the built CLI with its peak memory recorded, or as an
// unprivileged user, and build odd files in temporary directories.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI } from '../helpers/cli.js';
import { GIT_TEST_ENV } from '../helpers/git-env.js';
import { tempDir } from '../helpers/temp.js';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** peak resident set size of the CLI process, in MB (only from runMeasured) */
  maxRssMb?: number;
  /** set when the process had to be killed */
  signal?: NodeJS.Signals | null;
}

/** Runs the built CLI; `timeoutMs` kills it (a hang becomes a failed assertion, not a stuck suite). */
export function run(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; prefix?: string[] } = { cwd: '.' }): Run {
  const env = { ...GIT_TEST_ENV, ...opts.env };
  const [cmd, ...pre] = opts.prefix ?? [];
  const argv = [process.execPath, CLI, ...args];
  const r = spawnSync(cmd ?? argv[0]!, cmd ? [...pre, ...argv] : argv.slice(1), {
    cwd: opts.cwd,
    env,
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 20_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', signal: r.signal };
}

/** Runs the built CLI with a preload that writes process.resourceUsage().maxRSS on exit. */
export function runMeasured(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Run {
  const dir = tempDir('swlint-rss-');
  const preload = path.join(dir, 'rss.mjs');
  const out = path.join(dir, 'rss.txt');
  writeFileSync(
    preload,
    `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  const r = spawnSync(process.execPath, ['--import', preload, CLI, ...args], {
    cwd: opts.cwd,
    env: { ...GIT_TEST_ENV, ...opts.env },
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const kb = existsSync(out) ? Number(readFileSync(out, 'utf8')) : NaN;
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', maxRssMb: kb / 1024, signal: r.signal };
}

export interface Report {
  version: number;
  mode: string;
  root: string;
  findings: {
    ruleId: string;
    file: string;
    line: number;
    match: string;
    fingerprint: string;
    commit: { sha: string; message?: string } | null;
    stillPresent: boolean | null;
  }[];
  skipped: { file: string; reason: string; detail?: string }[];
  summary: { files: number; bytes: number; commits: number; findings: number; durationMs: number; incomplete?: boolean };
}

export function parseReport(r: Run): Report {
  try {
    return JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`no JSON on stdout (exit ${r.code}, signal ${r.signal ?? 'none'}); stderr: ${r.stderr}`);
  }
}

/** `reason file` for each skipped entry, sorted. */
export const skippedList = (rep: Report): string[] => rep.skipped.map((s) => `${s.reason} ${s.file}`).sort();
/** `ruleId file` for each finding, sorted. */
export const findingList = (rep: Report): string[] => rep.findings.map((f) => `${f.ruleId} ${f.file}`).sort();

/** A source line holding a synthetic API token. */
export const tokenLine = (token: string): string => `const client = new RestClient('proj', '${token}');\n`;

/** Whether an executable is on PATH (setpriv, mkfifo, python3 …). */
export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

/** Like run(), without blocking: many independent runs can overlap. */
export function runAsync(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd, env: { ...GIT_TEST_ENV, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}
