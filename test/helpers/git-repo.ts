// Real git repositories built in a temporary directory at test time: pinned branch name,
// identity, dates and config, so that runs are reproducible and nothing from the
// machine's git configuration leaks in.
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { runCli as runBuiltCli, type CliRun } from './cli.js';

export { CLI } from './cli.js';
export type { CliRun };

/** Environment for git and the CLI: no system or global config, fixed identity. */
export const GIT_TEST_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.invalid',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.invalid',
  NO_COLOR: '1',
};

/** A synthetic API token of the real shape: PT + 48 random lowercase hex digits. */
export const fakeToken = (): string => 'PT' + randomBytes(24).toString('hex');
/** A random v4 UUID (a project id when it sits in SignalWire context). */
export const fakeProjectId = (): string => randomUUID();

const dirs: string[] = [];

/** Removes every directory the helpers created (call from afterAll). */
export function cleanupRepos(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function tempDir(prefix = 'swlint-git-'): string {
  const d = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  dirs.push(d);
  return d;
}

export class TestRepo {
  private tick = 0;

  constructor(readonly dir: string) {}

  /** A new repository on branch `main` (pass `init: false` to wrap an existing one, e.g. a clone). */
  static create(): TestRepo {
    const repo = new TestRepo(tempDir());
    repo.git('init', '-q');
    repo.git('symbolic-ref', 'HEAD', 'refs/heads/main');
    repo.git('config', 'commit.gpgsign', 'false');
    repo.git('config', 'core.autocrlf', 'false');
    repo.git('config', 'core.excludesFile', '/dev/null');
    repo.git('config', 'merge.ff', 'false');
    return repo;
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: this.env(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  write(file: string, content: string): this {
    const abs = path.join(this.dir, file);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    return this;
  }

  remove(file: string): this {
    unlinkSync(path.join(this.dir, file));
    return this;
  }

  /** Stages everything and commits with the next fixed date; returns the new commit id. */
  commit(message: string): string {
    this.tick++;
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }

  /** The n-th commit is dated n hours after 2024-01-01T00:00Z, so order and dates are reproducible. */
  private env(): NodeJS.ProcessEnv {
    const date = new Date(Date.UTC(2024, 0, 1) + this.tick * 3_600_000).toISOString().replace('.000Z', '+00:00');
    return { ...GIT_TEST_ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  }
}

/** Runs the built CLI in `cwd` with the test git environment. */
export function runCli(cwd: string, args: string[], env: NodeJS.ProcessEnv = GIT_TEST_ENV): CliRun {
  return runBuiltCli(args, { cwd, env });
}

export interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  commit: { sha: string; message: string; author: string; email: string; date: string } | null;
  stillPresent: boolean | null;
  fingerprint: string;
  match: string;
}

/** Runs a git mode with --format json; returns exit code, findings and stderr. */
export function runJson(cwd: string, args: string[]): CliRun & { findings: JsonFinding[]; root: string; summary: Record<string, number> } {
  const r = runCli(cwd, [...args, '--format', 'json']);
  if (r.code === 2) return { ...r, findings: [], root: '', summary: {} };
  const doc = JSON.parse(r.stdout) as { findings: JsonFinding[]; root: string; summary: Record<string, number> };
  return { ...r, findings: doc.findings, root: doc.root, summary: doc.summary };
}

/** Sorted "ruleId file:line @ subject [still]" lines: one assertion covers the whole result. */
export function summarize(findings: JsonFinding[], opts: { still?: boolean } = {}): string[] {
  return findings
    .map((f) => {
      let s = `${f.ruleId} ${f.file}:${f.line}`;
      if (f.commit) s += ` @ ${f.commit.message}`;
      if (opts.still) s += f.stillPresent ? ' [present]' : ' [gone]';
      return s;
    })
    .sort();
}
