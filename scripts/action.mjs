// The GitHub Action's entry point (action.yml runs it after building swlint from the
// action's own checkout). It turns the workflow event into a swlint command, runs it once
// with JSON output, and from that result writes the SARIF file for upload-sarif, the
// annotations and the job summary. The exit code is swlint's: 0 clean, 1 findings, 2 error.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.join(HERE, '..', 'dist', 'cli.js');
const ZERO_SHA = /^0+$/;
export const MODES = ['auto', 'scan', 'history', 'diff'];

/**
 * @typedef {{ newCommits(after: string): string[]; parents(sha: string): string[]; hasCommit(sha: string): boolean }} GitFacts
 * @typedef {{ argv: string[] | null, reason: string }} Plan  argv null: nothing to scan (success)
 */

/** Shell-like split of the `args` input: whitespace separates, quotes group, nothing expands. */
export function splitArgs(s) {
  const out = [];
  let cur = '';
  let quote = '';
  let has = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"' && (s[i + 1] === '"' || s[i + 1] === '\\')) cur += s[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      has = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (quote) throw new Error(`args: unclosed ${quote} quote`);
  if (has) out.push(cur);
  return out;
}

/** The commits a push of a new branch (or a force push whose old tip is gone) brings, as a swlint command. */
function newBranchPlan(after, git, why) {
  const commits = git.newCommits(after);
  if (commits.length === 0) return { argv: null, reason: `${why}: no commit that another branch does not already have, nothing to scan` };
  const oldest = commits[commits.length - 1];
  const [parent] = git.parents(oldest);
  // every new commit descends from `oldest` or sits beside it, so parent..after covers them all
  if (parent) return { argv: ['diff', parent, after], reason: `${why}: the ${commits.length} commit(s) no other branch has (${short(parent)}..${short(after)})` };
  return { argv: ['history', '--branch', after], reason: `${why}: the branch starts at a root commit, so its whole history (${commits.length} commit(s))` };
}

const short = (sha) => String(sha).slice(0, 12);

/**
 * Event payload → the swlint command to run (without output options). Pure but for the
 * git questions, which the caller answers.
 * @param {{ eventName: string, event: any, mode?: string, git: GitFacts }} input
 * @returns {Plan}
 */
export function decide({ eventName, event, mode = 'auto', git }) {
  const m = (mode || 'auto').trim();
  if (!MODES.includes(m)) throw new Error(`mode must be one of ${MODES.join(', ')} (got "${m}")`);
  if (m === 'scan') return { argv: ['scan'], reason: 'mode scan: the working tree' };
  if (m === 'history') return { argv: ['history'], reason: 'mode history: every commit of every ref' };

  let base = null;
  let head = null;
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    base = event?.pull_request?.base?.sha ?? null;
    head = event?.pull_request?.head?.sha ?? null;
    if (!base || !head) throw new Error(`the ${eventName} event has no pull_request.base.sha / head.sha`);
  } else if (eventName === 'merge_group') {
    base = event?.merge_group?.base_sha ?? null;
    head = event?.merge_group?.head_sha ?? null;
    if (!base || !head) throw new Error('the merge_group event has no base_sha / head_sha');
  } else if (eventName === 'push') {
    const before = event?.before ?? '';
    const after = event?.after ?? '';
    if (!after || ZERO_SHA.test(after) || event?.deleted) return { argv: null, reason: 'push deleted a branch or tag: nothing to scan' };
    if (!before || ZERO_SHA.test(before)) return newBranchPlan(after, git, 'push of a new branch');
    if (before === after) return { argv: null, reason: 'push: before and after are the same commit, nothing to scan' };
    if (!git.hasCommit(before)) return newBranchPlan(after, git, `push (the previous tip ${short(before)} is not in this checkout, e.g. after a force push)`);
    base = before;
    head = after;
  } else if (m === 'diff') {
    throw new Error(`mode diff needs a pull_request, push or merge_group event, not ${eventName || 'an unknown event'}`);
  } else {
    return { argv: ['history'], reason: `${eventName || 'unknown event'}: a full history scan` };
  }
  if (base === head) return { argv: null, reason: `BASE and HEAD are the same commit (${short(base)}): nothing to scan` };
  return { argv: ['diff', base, head], reason: `${eventName}: the commits in ${short(base)}..${short(head)}` };
}

/** Answers decide()'s git questions from the repository at `cwd`; `branch` is the pushed branch (its remote ref is not "another branch"). */
export function gitFacts(cwd, branch) {
  const run = (args) => spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return {
    newCommits(after) {
      const exclude = branch ? [`--exclude=*/${branch}`] : [];
      const r = run(['rev-list', '--topo-order', after, '--not', ...exclude, '--remotes']);
      if (r.status !== 0) throw new Error(`git rev-list failed: ${(r.stderr || '').trim()} (does actions/checkout use fetch-depth: 0?)`);
      return r.stdout.split('\n').filter(Boolean);
    },
    parents(sha) {
      const r = run(['rev-list', '--parents', '-n', '1', sha]);
      return r.status === 0 ? r.stdout.trim().split(/\s+/).slice(1) : [];
    },
    hasCommit(sha) {
      return run(['cat-file', '-e', `${sha}^{commit}`]).status === 0;
    },
  };
}

// the escaping shared with every other human-facing channel (src/report/safe-text.ts)
const { escapeControls, escapeMarkdown } = await import(pathToFileURL(path.join(HERE, '..', 'dist', 'src', 'report', 'safe-text.js')).href);
const escapeHtml = (s) => escapeControls(String(s)).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** A markdown table cell: no pipes, no line breaks (escaped like every control character), no HTML from the repository's content. */
const cell = (s) => escapeHtml(s).replace(/\|/g, '&#124;');
/** Commit metadata (author, subject) in a cell: Markdown shown as text, never rendered (links, images, mentions). */
const metaCell = (s) => escapeMarkdown(String(s));
const code = (s) => `<code>${cell(s)}</code>`;
const ICON = { error: '🔴 error', warning: '🟠 warning', info: '🔵 info' };
const MAX_ROWS = 100;

/** The job summary: counts, then a table of findings with their redacted matches. */
export function summaryMarkdown(result, plan) {
  const n = result.findings.length;
  const s = result.summary;
  const scope = result.mode === 'scan' ? `${s.files} files` : `${s.files} blobs in ${s.commits} commits`;
  const lines = [`### swlint: ${n === 0 ? 'no SignalWire credential problems' : `${n} problem${n === 1 ? '' : 's'}`}`, '', `${cell(plan.reason)} — ${scope}.`, ''];
  if (n > 0) {
    const git = result.findings.some((f) => f.commit);
    lines.push(git ? '| Severity | Rule | Location | Commit | Match |' : '| Severity | Rule | Location | Match |');
    lines.push(git ? '|---|---|---|---|---|' : '|---|---|---|---|');
    for (const f of result.findings.slice(0, MAX_ROWS)) {
      const row = [ICON[f.severity] ?? cell(f.severity), code(f.ruleId), code(`${f.file}:${f.line}:${f.column}`)];
      if (git) row.push(f.commit ? `${code(short(f.commit.sha))} ${metaCell(f.commit.author)}: ${metaCell(f.commit.message)}${f.stillPresent === false ? ' (removed since)' : ''}` : '');
      row.push(code(f.match));
      lines.push(`| ${row.join(' | ')} |`);
    }
    if (n > MAX_ROWS) lines.push('', `…and ${n - MAX_ROWS} more: see the annotations or the code-scanning alerts.`);
    lines.push('', 'Each annotation and code-scanning alert says how to fix it. A credential that reached a pushed commit is exposed: rotate it first (in your Space, API > Tokens), then remove it from the code.');
  }
  if (result.skipped.length) lines.push('', `${result.skipped.length} file(s) were not scanned (binary or too large).`);
  return lines.join('\n') + '\n';
}

function emptyResult(root) {
  return { mode: 'diff', root, findings: [], skipped: [], summary: { files: 0, bytes: 0, commits: 0, findings: 0, durationMs: 0 }, warnings: [] };
}

function toplevel(cwd) {
  const r = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

async function main() {
  const env = process.env;
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const cwd = path.resolve(workspace, env.INPUT_PATH || '.');
  const extra = splitArgs(env.INPUT_ARGS || '');
  const taken = extra.find((a) => /^(--format|--output|-o)(=|$)/.test(a));
  if (taken) throw new Error(`args: do not pass ${taken}; the action writes SARIF to the sarif-file input and annotations to the log`);
  const failOn = env.INPUT_FAIL_ON || 'error';
  const sarifFile = path.resolve(workspace, env.INPUT_SARIF_FILE || 'swlint.sarif');
  const eventName = env.GITHUB_EVENT_NAME || '';
  const event = env.GITHUB_EVENT_PATH && existsSync(env.GITHUB_EVENT_PATH) ? JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) : {};
  const branch = eventName === 'push' && typeof event.ref === 'string' && event.ref.startsWith('refs/heads/') ? event.ref.slice('refs/heads/'.length) : '';
  const srcRoot = toplevel(cwd) ?? workspace;
  const shallow = spawnSync('git', ['rev-parse', '--is-shallow-repository'], { cwd, encoding: 'utf8' }).stdout.trim() === 'true';

  const plan = decide({ eventName, event, mode: env.INPUT_MODE || 'auto', git: gitFacts(cwd, branch) });
  console.log(`swlint: ${plan.reason}`);
  if (shallow && plan.argv && plan.argv[0] !== 'scan')
    console.log('::warning title=swlint::This is a shallow clone: commits outside it cannot be scanned. Set fetch-depth: 0 on actions/checkout.');

  const { formatSarif } = await import(pathToFileURL(path.join(HERE, '..', 'dist', 'src', 'report', 'sarif.js')).href);
  const { formatGithub } = await import(pathToFileURL(path.join(HERE, '..', 'dist', 'src', 'report', 'github.js')).href);
  // the checkout is untrusted: a committed swlint.sarif symlink must not redirect the write
  const { writeFileAtomic } = await import(pathToFileURL(path.join(HERE, '..', 'dist', 'src', 'io', 'atomic-write.js')).href);

  let result;
  let code = 0;
  if (!plan.argv) {
    result = emptyResult(srcRoot);
  } else {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'swlint-action-'));
    try {
      const json = path.join(tmp, 'result.json');
      const argv = [CLI, ...plan.argv, '--format', 'json', '--output', json, '--fail-on', failOn, '--no-color', ...extra];
      console.log(`swlint: running swlint ${argv.slice(1).filter((a) => a !== json).join(' ')}`);
      const r = spawnSync(process.execPath, argv, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
      code = r.status ?? 2;
      if (code === 2 || !existsSync(json)) {
        const why = plan.argv[0] === 'scan' ? '' : ' If a commit is missing, set fetch-depth: 0 on actions/checkout.';
        console.log(`::error title=swlint::swlint failed (exit ${code}); see the message above.${why}`);
        process.exitCode = 2;
        return;
      }
      result = JSON.parse(readFileSync(json, 'utf8'));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  writeFileAtomic(sarifFile, formatSarif(result, { srcRoot }), { within: workspace });
  process.stdout.write(formatGithub(result, { srcRoot }));
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, summaryMarkdown(result, plan));
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `findings=${result.findings.length}\nsarif-file=${sarifFile}\nexit-code=${code}\n`);
  process.exitCode = code;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e) => {
    console.log(`::error title=swlint::${String(e instanceof Error ? e.message : e).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`);
    process.exitCode = 2;
  });
}
