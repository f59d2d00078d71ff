// `swlint merge REPORT.json…`: per-repository JSON reports (or earlier merged ones) combined
// into one inventory. The same credential leaked in two repositories is one credential with
// two repositories (credential ids are the same keyed hash everywhere). The result depends
// only on the set of reports, never on their order: everything is sorted on the way out, so
// N shards merged give exactly what one run over all repositories gives.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding, ScanResult, Severity, Skipped, Summary } from '../types.js';
import { formatJson } from '../report/json.js';
import { SEVERITY_RANK } from '../types.js';
import { UsageError } from '../errors.js';
import { redact } from '../engine/redact.js';
import { maskCredentials } from '../engine/redact.js';
import {
  compareDates,
  credentialOrder,
  remediation,
  EXPOSURE_ORDER,
  type Credential,
  type CredentialLocation,
  type Verification,
} from '../inventory/inventory.js';
import type { CredentialKind } from '../inventory/credential.js';

export type RepositoryState = 'ok' | 'failed' | 'timeout';

export interface RepositoryEntry {
  name: string;
  status: RepositoryState;
  /** why it was not (fully) scanned */
  error?: string;
  mode?: string;
  summary?: Summary;
}

export interface MergedFinding extends Finding {
  repository: string;
}

export interface MergedReport {
  mode: 'merge';
  root: string;
  repositories: RepositoryEntry[];
  findings: MergedFinding[];
  skipped: (Skipped & { repository: string })[];
  credentials: Credential[];
  summary: Summary;
  warnings: string[];
}

/** A report as `--format json` writes it (single repository, or merged). */
interface JsonReport {
  version: number;
  mode: string;
  root: string;
  /** set by `swlint audit` on each repository's report */
  repository?: RepositoryEntry;
  repositories?: RepositoryEntry[];
  findings: (Omit<Finding, 'credential'> & { credentialId?: string; repository?: string; verification?: Verification })[];
  skipped: (Skipped & { repository?: string })[];
  credentials?: (Credential & { repositories?: string[] })[];
  summary: Summary;
}

export function readReport(file: string): JsonReport {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read ${file} as a swlint JSON report (${(e as Error).message.split('\n')[0]}): write reports with --format json`);
  }
  const r = doc as Partial<JsonReport>;
  if (typeof doc !== 'object' || doc === null || r.version !== 1 || !Array.isArray(r.findings) || typeof r.mode !== 'string')
    throw new UsageError(`${file} is not a swlint JSON report (version 1): write reports with --format json`);
  const bad = malformed(r as Record<string, unknown>);
  if (bad) throw new UsageError(`${file} is not a swlint JSON report (version 1): ${bad}; write reports with --format json`);
  return redactReport({ skipped: [], summary: { files: 0, bytes: 0, commits: 0, findings: 0, durationMs: 0 }, root: '', ...r } as JsonReport);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Why the report cannot be one swlint wrote, or null. The reporters print these fields as they
 * are (a line number is no text to escape), so a hand-made or damaged report is refused in one
 * line rather than crashing the merge or putting a string with an ESC where a number goes.
 */
function malformed(r: Record<string, unknown>): string | null {
  for (const k of ['summary', 'repository'] as const) if (r[k] !== undefined && !isObject(r[k])) return `${k} is not an object`;
  for (const k of ['skipped', 'credentials', 'repositories'] as const) if (r[k] !== undefined && !Array.isArray(r[k])) return `${k} is not a list`;
  const findings = r.findings as unknown[];
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    if (!isObject(f)) return `findings[${i}] is not an object`;
    for (const k of ['ruleId', 'severity', 'message', 'file', 'fingerprint', 'match'] as const)
      if (typeof f[k] !== 'string') return `findings[${i}].${k} is not a string`;
    for (const k of ['line', 'column', 'endLine', 'endColumn'] as const)
      if (f[k] !== undefined && !isCount(f[k])) return `findings[${i}].${k} is not a line or column number`;
    if (f.commit !== undefined && f.commit !== null && !isObject(f.commit)) return `findings[${i}].commit is not an object`;
  }
  for (const [k, list] of [
    ['skipped', r.skipped],
    ['credentials', r.credentials],
    ['repositories', r.repositories],
  ] as const)
    for (const [i, e] of ((list as unknown[] | undefined) ?? []).entries()) if (!isObject(e)) return `${k}[${i}] is not an object`;
  for (const [i, e] of ((r.repositories as Record<string, unknown>[] | undefined) ?? []).entries())
    if (typeof e.name !== 'string' || typeof e.status !== 'string') return `repositories[${i}] has no name or status`;
  if (isObject(r.repository) && (typeof r.repository.name !== 'string' || typeof r.repository.status !== 'string')) return 'repository has no name or status';
  return null;
}

/** What redact() prints: at most 4 characters each side of one ellipsis. */
const REDACTED = /^[^…]{0,4}…[^…]{0,4}$/u;

const shown = (v: unknown): string | null => (typeof v !== 'string' ? null : REDACTED.test(v) ? v : redact(v));

/**
 * A report written with --no-redact holds the secrets in clear; merge has no --no-redact of its
 * own, so what it prints and writes is redacted whatever its inputs were (matches, the
 * credentials' Space and project, commit metadata masked as a scan masks it). Its entries are
 * objects: malformed() refused the report otherwise.
 */
function redactReport(r: JsonReport): JsonReport {
  for (const f of r.findings) {
    f.match = shown(f.match) ?? '';
    if (f.commit) for (const k of ['message', 'author', 'email'] as const) if (typeof f.commit[k] === 'string') f.commit[k] = maskCredentials(f.commit[k]);
  }
  for (const c of r.credentials ?? []) {
    c.match = shown(c.match) ?? '';
    c.space = shown(c.space);
    c.project = shown(c.project);
    if (c.firstExposure && typeof c.firstExposure.author === 'string') c.firstExposure.author = maskCredentials(c.firstExposure.author);
  }
  return r;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The repository name a single report stands for: what audit named it, else its root. */
function nameOf(r: JsonReport): string {
  return r.repository?.name ?? r.root;
}

export function mergeReports(reports: readonly JsonReport[], options: { expected?: readonly string[]; cwd?: string } = {}): MergedReport {
  const repos = new Map<string, RepositoryEntry>();
  const findings: MergedFinding[] = [];
  const skipped: MergedReport['skipped'] = [];
  const creds = new Map<string, { c: Credential; repos: Set<string> }[]>();
  const addRepo = (e: RepositoryEntry) => {
    const had = repos.get(e.name);
    // the same repository twice (a rerun shard): a finished scan wins over a failed one
    if (!had || (had.status !== 'ok' && e.status === 'ok')) repos.set(e.name, e);
  };
  for (const r of reports) {
    const single = r.mode !== 'merge';
    if (single) addRepo(r.repository ?? { name: nameOf(r), status: r.summary.incomplete ? 'timeout' : 'ok', mode: r.mode, summary: r.summary });
    else for (const e of r.repositories ?? []) addRepo(e);
    for (const f of r.findings) {
      const { credentialId, verification: _v, repository, ...rest } = f;
      findings.push({
        ...rest,
        repository: single ? nameOf(r) : (repository ?? ''),
        ...(credentialId ? { credential: { role: 'secret' as const, id: credentialId, shown: f.match } } : {}),
      });
    }
    for (const s of r.skipped) skipped.push({ ...s, repository: single ? nameOf(r) : (s.repository ?? '') });
    for (const c of r.credentials ?? []) {
      const inRepos = c.repositories ?? [nameOf(r)];
      const list = creds.get(c.id) ?? [];
      list.push({
        c: single ? { ...c, locations: c.locations.map((l) => ({ ...l, repository: nameOf(r) })), presentIn: c.presentIn.map((p) => `${nameOf(r)}:${p}`) } : c,
        repos: new Set(inRepos),
      });
      creds.set(c.id, list);
    }
  }
  for (const name of options.expected ?? [])
    if (!repos.has(name)) repos.set(name, { name, status: 'failed', error: 'no report: its scan did not run or its report was lost' });

  // one finding per (repository, fingerprint, commit): a repository in two inputs counts once
  const seen = new Set<string>();
  const unique = findings.filter((f) => {
    const k = `${f.repository}\0${f.fingerprint}\0${f.commit?.sha ?? ''}\0${f.line}\0${f.column}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  unique.sort(
    (a, b) =>
      cmp(a.repository, b.repository) ||
      cmp(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      cmp(a.ruleId, b.ruleId) ||
      cmp(a.commit?.sha ?? '', b.commit?.sha ?? ''),
  );
  const skippedSorted = dedupe(skipped, (s) => `${s.repository}\0${s.file}\0${s.reason}`).sort(
    (a, b) => cmp(a.repository, b.repository) || cmp(a.file, b.file),
  );
  const credentials = [...creds.values()].map(mergeCredential).sort(credentialOrder);
  const repositories = [...repos.values()].sort((a, b) => cmp(a.name, b.name));
  const sum = (k: 'files' | 'bytes' | 'commits' | 'durationMs') => repositories.reduce((n, e) => n + (e.summary?.[k] ?? 0), 0);
  const notScanned = repositories.filter((e) => e.status !== 'ok');
  return {
    mode: 'merge',
    root: options.cwd ?? process.cwd(),
    repositories,
    findings: unique,
    skipped: skippedSorted,
    credentials,
    summary: {
      files: sum('files'),
      bytes: sum('bytes'),
      commits: sum('commits'),
      findings: unique.length,
      durationMs: sum('durationMs'),
      ...(notScanned.length ? { incomplete: true as const } : {}),
    },
    warnings: notScanned.map(
      (e) =>
        `repository ${e.name} was not ${e.status === 'timeout' ? 'fully ' : ''}scanned (${e.status}${e.error ? `: ${e.error}` : ''}); its findings are missing or partial`,
    ),
  };
}

function dedupe<T>(list: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return list.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const VERIFICATION_RANK: Record<string, number> = { live: 3, invalid: 2, unknown: 1 };

function mergeCredential(parts: { c: Credential; repos: Set<string> }[]): Credential {
  // deterministic whatever the order of the inputs
  const sorted = [...parts].sort((a, b) => cmp([...a.repos].sort().join('\0'), [...b.repos].sort().join('\0')));
  const all = sorted.map((p) => p.c);
  const first = all[0]!;
  const pick = (get: (c: Credential) => string | null): string | null => {
    const values = [...new Set(all.map(get).filter((v): v is string => v !== null))].sort();
    return values[0] ?? null;
  };
  const locations = dedupe(
    all.flatMap((c) => c.locations),
    (l: CredentialLocation) => `${l.repository ?? ''}\0${l.file}\0${l.line}\0${l.column}\0${l.commit ?? ''}\0${l.ruleId}`,
  ).sort(
    (a, b) =>
      cmp(a.repository ?? '', b.repository ?? '') || compareDates(a.date ?? '', b.date ?? '') || cmp(a.file, b.file) || a.line - b.line || a.column - b.column,
  );
  const exposures = new Set(all.flatMap((c) => c.exposure));
  // history-only in one repository and committed at HEAD in another: it is still committed
  if (exposures.has('committed')) exposures.delete('history-only');
  const exposure = EXPOSURE_ORDER.filter((e) => exposures.has(e));
  const firsts = all.flatMap((c) => (c.firstExposure ? [c.firstExposure] : [])).sort((a, b) => compareDates(a.date, b.date) || cmp(a.commit, b.commit));
  const verifications = all
    .flatMap((c) => (c.verification ? [c.verification] : []))
    .sort((a, b) => (VERIFICATION_RANK[b.status] ?? 0) - (VERIFICATION_RANK[a.status] ?? 0) || cmp(b.checkedAt ?? '', a.checkedAt ?? ''));
  const still = all.map((c) => c.stillPresent);
  const space = pick((c) => c.space);
  const kind = first.kind as CredentialKind;
  return {
    id: first.id,
    kind,
    match: pick((c) => c.match) ?? first.match,
    severity: all.reduce<Severity>((s, c) => (SEVERITY_RANK[c.severity] > SEVERITY_RANK[s] ? c.severity : s), 'info'),
    rules: [...new Set(all.flatMap((c) => c.rules))].sort(),
    space,
    project: pick((c) => c.project),
    firstExposure: firsts[0] ?? null,
    locations,
    stillPresent: still.includes(true) ? true : still.every((s) => s === false) ? false : null,
    presentIn: [...new Set(all.flatMap((c) => c.presentIn))].sort(),
    exposure,
    verification: verifications[0] ?? null,
    remediation: remediation(kind, space, exposure),
    repositories: [...new Set(sorted.flatMap((p) => [...p.repos]))].sort(),
  };
}

/** The merged report as JSON: contract v1 fields (written by the JSON reporter), plus repositories[] and each finding's repository. */
export function mergedJson(m: MergedReport): string {
  // the reporter's mode field is the contract's Mode; a merged report says "merge"
  const base = JSON.parse(formatJson(m as unknown as ScanResult)) as Record<string, unknown> & { findings: Record<string, unknown>[] };
  base.findings.forEach((f, i) => {
    f.repository = m.findings[i]!.repository;
  });
  const doc = {
    version: base.version,
    tool: base.tool,
    mode: m.mode,
    root: m.root,
    repositories: m.repositories,
    findings: base.findings,
    skipped: m.skipped,
    summary: m.summary,
    credentials: m.credentials,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** Paths in formats that know one repository: `repository/file`. */
export function withRepositoryPaths(m: MergedReport): MergedReport {
  const prefix = (repo: string, file: string) => (repo ? `${repo.replace(/\/+$/, '')}/${file}` : file);
  return {
    ...m,
    findings: m.findings.map((f) => ({ ...f, file: prefix(f.repository, f.file) })),
    skipped: m.skipped.map((s) => ({ ...s, file: prefix(s.repository, s.file) })),
  };
}

export function readReports(files: readonly string[], cwd: string): JsonReport[] {
  if (files.length === 0) throw new UsageError('`swlint merge` needs at least one REPORT.json (written with --format json)');
  return files.map((f) => readReport(path.resolve(cwd, f)));
}
