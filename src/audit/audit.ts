// `swlint audit --repos FILE [--shard K/N] [--jobs N]`: `swlint history --format json` over many
// repositories (local clones or URLs), `jobs` at a time, each bounded in time, then one merged
// report. The same steps the org-audit workflow runs on GitHub Actions, one shard per job.
// A repository that fails or times out is listed in the report, never dropped.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { IGNORE_FILE } from '../config/ignore-file.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI_PATH } from '../cli-path.js';
import { UsageError } from '../errors.js';
import { git } from '../sources/git/process.js';
import { mergeReports, readReport, type MergedReport, type RepositoryEntry } from './merge.js';

export interface RepoSpec {
  /** what reports call it: the URL without credentials or `.git`, or the path as written */
  name: string;
  /** the URL to clone, or the absolute local directory */
  location: string;
  remote: boolean;
}

export interface AuditOptions {
  reposFile: string;
  cwd: string;
  /** 1-based shard K of N */
  shard?: { index: number; count: number };
  jobs: number;
  /** per repository, seconds: history's --timeout (clone time included) */
  timeout: number;
  /** keep each repository's JSON report here */
  reportsDir?: string;
  /** extra arguments for each `swlint history` (e.g. --max-file-size) */
  historyArgs?: string[];
}

const URL_LIKE = /^(https?|ssh|git|file):\/\/|^[\w.-]+@[\w.-]+:/;

/** `https://user:token@github.com/org/repo.git` → `github.com/org/repo`: a name never carries credentials. */
export function repoName(line: string): string {
  if (!URL_LIKE.test(line)) return line.replace(/\/+$/, '');
  return line
    .replace(/^[a-z+]+:\/\//, '')
    .replace(/^[^@/]*@/, '')
    .replace(/:(?!\d)/, '/')
    .replace(/\.git\/?$/, '')
    .replace(/\/+$/, '');
}

/** The repositories file: one local path or URL a line; blank lines and `#` comments ignored; sorted and deduplicated. */
export function readRepos(file: string, cwd: string): RepoSpec[] {
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read --repos ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'}): give a file with one repository path or URL a line`);
  }
  const byName = new Map<string, RepoSpec>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const remote = URL_LIKE.test(line);
    const spec = { name: repoName(line), location: remote ? line : path.resolve(cwd, line), remote };
    if (!byName.has(spec.name)) byName.set(spec.name, spec);
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `K/N` with 1 <= K <= N. */
export function parseShard(s: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(s.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard must be K/N with 1 <= K <= N (got "${s}")`);
  return { index, count };
}

/** Shard K of N: every K-th repository of the sorted list, so N shards cover each exactly once whatever the file's order. */
export function shardOf<T>(repos: readonly T[], shard: { index: number; count: number } | undefined): T[] {
  return shard ? repos.filter((_, i) => i % shard.count === shard.index - 1) : [...repos];
}

const CLI = CLI_PATH;

interface Ran {
  code: number | null;
  stderr: string;
  killed: boolean;
}

function runProcess(cmd: string, args: string[], opts: { cwd: string; killAfterMs: number; env?: NodeJS.ProcessEnv }): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 4096) stderr += d.toString();
    });
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, opts.killAfterMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, stderr: e.message, killed });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, killed });
    });
  });
}

/**
 * `git clone` of a remote repository (the one git call of swlint that may fetch), through
 * git() with transports allowed; no prompt for credentials (it would hang), no hooks run.
 */
async function cloneRepository(location: string, dir: string, cwd: string, killAfterMs: number): Promise<Ran> {
  const signal = AbortSignal.timeout(killAfterMs);
  try {
    // --no-checkout: a checkout applies the filters the repository's .gitattributes name through
    // the user's config (git-lfs's smudge fetches from the URL in the repository's .lfsconfig);
    // history reads objects, and the configuration it reads from the working tree is written below
    const r = await git(cwd, ['clone', '--quiet', '--no-checkout', '--', location, dir], {
      network: true,
      signal,
      env: { GIT_ASKPASS: '', SSH_ASKPASS: '' },
    });
    if (r.code === 0) await writeConfigFiles(dir);
    return { code: r.code, stderr: r.stderr, killed: signal.aborted };
  } catch (e) {
    return { code: null, stderr: e instanceof Error ? e.message : String(e), killed: signal.aborted };
  }
}

/** The files `swlint history` reads its configuration from, at the top level of the working tree. */
const CONFIG_FILES = ['.swlintrc.json', 'package.json', '.swlint-baseline.json', IGNORE_FILE];

/**
 * HEAD's configuration files, as a checkout would have written them but without a filter: each
 * a regular file of HEAD's tree (a symlink or submodule is left out, as it is no file to read),
 * its blob copied as stored into the fresh clone, which holds nothing else.
 */
async function writeConfigFiles(dir: string): Promise<void> {
  const listed = await git(dir, ['ls-tree', '-z', '--full-tree', 'HEAD', '--', ...CONFIG_FILES]);
  if (listed.code !== 0) return; // an empty repository: no HEAD, nothing to read
  for (const entry of listed.stdout.toString('utf8').split('\0')) {
    const m = /^(100644|100755) blob ([0-9a-f]+)\t(.+)$/.exec(entry);
    if (!m || !CONFIG_FILES.includes(m[3]!)) continue;
    const blob = await git(dir, ['cat-file', 'blob', m[2]!]);
    if (blob.code === 0) writeFileSync(path.join(dir, m[3]!), blob.stdout);
  }
}

const firstLine = (s: string) =>
  s
    .trim()
    .split('\n')[0]
    ?.replace(/^swlint: (error: )?/, '')
    .slice(0, 300) ?? '';

/** One repository: clone if remote, `swlint history --format json`, its report tagged with the repository. */
async function auditOne(repo: RepoSpec, options: AuditOptions, work: string): Promise<ReturnType<typeof readReport>> {
  const started = Date.now();
  const fail = (status: RepositoryEntry['status'], error: string) =>
    ({
      version: 1,
      mode: 'history',
      root: '',
      repository: { name: repo.name, status, error },
      findings: [],
      skipped: [],
      summary: { files: 0, bytes: 0, commits: 0, findings: 0, durationMs: Date.now() - started },
    }) as ReturnType<typeof readReport>;
  const slot = path.join(work, Buffer.from(repo.name).toString('base64url').slice(0, 120));
  mkdirSync(slot, { recursive: true });
  let dir = repo.location;
  if (repo.remote) {
    dir = path.join(slot, 'clone');
    // no prompt for credentials (it would hang), no hooks run by a clone
    const r = await cloneRepository(repo.location, dir, slot, options.timeout * 1000);
    if (r.killed) return fail('timeout', `clone did not finish within ${options.timeout} s`);
    if (r.code !== 0) return fail('failed', `git clone failed: ${firstLine(r.stderr).replace(/\/\/[^@/\s]*@/g, '//')}`);
  } else if (!existsSync(dir)) {
    return fail('failed', 'no such directory');
  }
  const out = path.join(slot, 'report.json');
  const left = Math.max(0.001, options.timeout - (Date.now() - started) / 1000);
  const args = [CLI, 'history', dir, '--format', 'json', '--output', out, '--timeout', String(left), '--no-color', ...(options.historyArgs ?? [])];
  // the CLI stops itself at --timeout; the kill is for a process that does not
  const r = await runProcess(process.execPath, args, { cwd: options.cwd, killAfterMs: (left + 30) * 1000 });
  if (r.killed) return fail('timeout', `history did not finish within ${options.timeout} s`);
  if (!existsSync(out) || (r.code !== 0 && r.code !== 1 && r.code !== 2)) return fail('failed', firstLine(r.stderr) || `exit code ${r.code}`);
  let report: ReturnType<typeof readReport>;
  try {
    report = readReport(out);
  } catch {
    return fail('failed', firstLine(r.stderr) || 'no report written');
  }
  const incomplete = report.summary.incomplete === true;
  report.repository = {
    name: repo.name,
    status: incomplete ? 'timeout' : 'ok',
    ...(incomplete ? { error: `history stopped at --timeout ${options.timeout} s: findings are partial` } : {}),
    mode: report.mode,
    summary: report.summary,
  };
  if (repo.remote) report.root = repo.name;
  return report;
}

export async function audit(options: AuditOptions): Promise<{ merged: MergedReport; repos: RepoSpec[] }> {
  const all = readRepos(options.reposFile, options.cwd);
  if (all.length === 0) throw new UsageError(`--repos ${options.reposFile} lists no repository: one path or URL a line`);
  const repos = shardOf(all, options.shard);
  const work = mkdtempSync(path.join(tmpdir(), 'swlint-audit-'));
  try {
    const reports: ReturnType<typeof readReport>[] = new Array(repos.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < repos.length; i = next++) {
        reports[i] = await auditOne(repos[i]!, options, work);
        if (options.reportsDir) {
          const dir = path.resolve(options.cwd, options.reportsDir);
          mkdirSync(dir, { recursive: true });
          const safe = repos[i]!.name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
          // a file already there may be a symlink the checkout planted: replaced, never followed
          writeFileAtomic(path.join(dir, `${safe}.json`), JSON.stringify(reports[i], null, 2) + '\n', { within: options.cwd });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, repos.length)) }, worker));
    return { merged: mergeReports(reports, { expected: repos.map((r) => r.name), cwd: options.cwd }), repos };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
