// The GitHub Action's entry point (action.yml runs dist/src/action/main.js after building
// swlint from the action's own checkout). It turns the workflow event into a swlint command,
// runs it once with JSON output, and from that result writes the SARIF file for
// upload-sarif, the annotations, the job summary and the step outputs. The exit code is
// swlint's: 0 clean, 1 findings, 2 error. Every outcome, exit 2 included, leaves a SARIF
// file and the outputs behind, so the steps after this one (upload-sarif) do not fail too.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFileAtomic } from '../io/atomic-write.js';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatGithub } from '../report/github.js';
import { formatSarif, type ReportInput } from '../report/sarif.js';
import type { Mode } from '../types.js';
import { decideWithGit, splitArgs, type Plan } from './plan.js';
import { git } from '../sources/git/process.js';
import { summaryMarkdown } from './summary.js';

const CLI = fileURLToPath(new URL('../../cli.js', import.meta.url));

export interface ActionEnv {
  [name: string]: string | undefined;
}

/** What a run produced besides the log: the exit code and the report it was built from. */
interface Outcome {
  code: number;
  result: ReportInput;
  /** set when swlint could not finish: the one-line cause, for the SARIF invocation */
  failure: string | null;
}

function emptyResult(root: string, mode: Mode): ReportInput {
  return { mode, root, findings: [], skipped: [], summary: { files: 0, bytes: 0, commits: 0, findings: 0, durationMs: 0 }, warnings: [] };
}

async function toplevel(cwd: string): Promise<string | null> {
  const r = await git(cwd, ['rev-parse', '--show-toplevel']).catch(() => null);
  return r?.code === 0 ? r.stdout.toString('utf8').trim() : null;
}

/** The workflow-command form of a message: one line, `%`, CR and LF escaped as the runner expects. */
export function commandData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * Why swlint exited 2, as one annotation. The `fetch-depth` advice is given only when git
 * said a commit or object is missing: a --timeout, a bad config or a bad argument has its
 * own cause, which swlint's message already names.
 */
export function failureMessage(stderr: string, incomplete: boolean): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.replace(/^swlint: (?:warning: )?/, '').trim())
    .filter(Boolean);
  if (incomplete) {
    const why = lines.find((l) => /--timeout/.test(l)) ?? 'the scan stopped before it was done';
    return `swlint did not finish (exit 2): ${why.replace(/\.$/, '')}. The SARIF file and the annotations hold only what was scanned.`;
  }
  const cause = lines.find((l) => !/^warning:/.test(l)) ?? lines[0] ?? 'no message';
  const missingCommit = /unknown revision|bad revision|bad object|not a valid (?:object|commit)|shallow|does not exist in this clone|no such commit/i.test(
    stderr,
  );
  const hint = missingCommit && !/fetch-depth/.test(cause) ? ' A commit is missing from the clone: set fetch-depth: 0 on actions/checkout.' : '';
  return `swlint failed (exit 2): ${cause.replace(/\.$/, '')}.${hint}`;
}

/**
 * The SARIF of a run that did not finish: what it found, with the invocation marked failed
 * and the cause as an error notification, so code scanning does not take it for a clean run.
 */
export function failedSarif(sarif: string, failure: string): string {
  const log = JSON.parse(sarif) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications?: unknown[] }[] }[] };
  for (const run of log.runs) {
    for (const inv of run.invocations) {
      inv.executionSuccessful = false;
      inv.toolExecutionNotifications = [
        { level: 'error', message: { text: failure }, descriptor: { id: 'execution-failed' } },
        ...(inv.toolExecutionNotifications ?? []),
      ];
    }
  }
  return JSON.stringify(log, null, 2) + '\n';
}

/** Runs the planned swlint command; its stdout and stderr go to the log as they come. */
function runSwlint(plan: Plan & { argv: string[] }, cwd: string, srcRoot: string, failOn: string, extra: string[]): Outcome {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'swlint-action-'));
  try {
    const json = path.join(tmp, 'result.json');
    const argv = [CLI, ...plan.argv, '--format', 'json', '--output', json, '--fail-on', failOn, '--no-color', ...extra];
    // the log shows the command a user would rerun: the report's temporary file is the Action's business
    const shown = argv.slice(1).filter((a, i, all) => a !== json && !(a === '--output' && all[i + 1] === json));
    console.log(`swlint: running swlint ${shown.join(' ')}`);
    const r = spawnSync(process.execPath, argv, { cwd, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const stderr = r.stderr ?? '';
    process.stdout.write(stderr); // the runner shows both streams in one log; keep swlint's message in it
    const code = r.status ?? 2;
    const result = existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as ReportInput) : null;
    if (code !== 2 && result) return { code, result, failure: null };
    const failure = failureMessage(stderr || (r.error ? r.error.message : ''), result?.summary.incomplete === true);
    return { code: 2, result: result ?? emptyResult(srcRoot, plan.argv[0] as Mode), failure };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** One run of the Action with the given environment; returns the step's exit code. */
export async function runAction(env: ActionEnv): Promise<number> {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const cwd = path.resolve(workspace, env.INPUT_PATH || '.');
  const sarifFile = path.resolve(workspace, env.INPUT_SARIF_FILE || 'swlint.sarif');
  const srcRoot = (await toplevel(cwd)) ?? workspace;
  const writeOutputs = (outcome: Outcome) => {
    const sarif = formatSarif(outcome.result, { srcRoot });
    // the checkout is untrusted: a committed swlint.sarif symlink must not redirect the write
    writeFileAtomic(sarifFile, outcome.failure ? failedSarif(sarif, outcome.failure) : sarif, { within: workspace });
    if (env.GITHUB_OUTPUT)
      appendFileSync(env.GITHUB_OUTPUT, `findings=${outcome.result.findings.length}\nsarif-file=${sarifFile}\nexit-code=${outcome.code}\n`);
  };

  let outcome: Outcome;
  let plan: Plan;
  try {
    const extra = splitArgs(env.INPUT_ARGS || '');
    const taken = extra.find((a) => /^(--format|--output|-o)(=|$)/.test(a));
    if (taken) throw new Error(`args: do not pass ${taken}; the action writes SARIF to the sarif-file input and annotations to the log`);
    const eventName = env.GITHUB_EVENT_NAME || '';
    const event: unknown = env.GITHUB_EVENT_PATH && existsSync(env.GITHUB_EVENT_PATH) ? JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) : {};
    const ref = event !== null && typeof event === 'object' ? (event as { ref?: unknown }).ref : undefined;
    const branch = eventName === 'push' && typeof ref === 'string' && ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : '';
    plan = await decideWithGit({ eventName, event, mode: env.INPUT_MODE || 'auto' }, cwd, branch);
    console.log(`swlint: ${plan.reason}`);
    const shallow = (await git(cwd, ['rev-parse', '--is-shallow-repository'])).stdout.toString('utf8').trim() === 'true';
    if (shallow && plan.argv && plan.argv[0] !== 'scan')
      console.log('::warning title=swlint::This is a shallow clone: commits outside it cannot be scanned. Set fetch-depth: 0 on actions/checkout.');
    outcome = plan.argv
      ? runSwlint({ ...plan, argv: plan.argv }, cwd, srcRoot, env.INPUT_FAIL_ON || 'error', extra)
      : { code: 0, result: emptyResult(srcRoot, 'diff'), failure: null };
  } catch (e) {
    const failure = e instanceof Error ? e.message : String(e);
    outcome = { code: 2, result: emptyResult(srcRoot, 'diff'), failure };
    console.log(`::error title=swlint::${commandData(failure)}`);
    writeOutputs(outcome);
    return 2;
  }

  if (outcome.failure) console.log(`::error title=swlint::${commandData(outcome.failure)}`);
  writeOutputs(outcome);
  process.stdout.write(formatGithub(outcome.result, { srcRoot }));
  if (env.GITHUB_STEP_SUMMARY) {
    let md = summaryMarkdown(outcome.result, plan);
    if (outcome.failure) md += '\n**swlint exited 2: the scan did not finish, so this summary may be incomplete.** The step log says why.\n';
    appendFileSync(env.GITHUB_STEP_SUMMARY, md);
  }
  return outcome.code;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runAction(process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.log(`::error title=swlint::${commandData(String(e instanceof Error ? e.message : e))}`);
      process.exitCode = 2;
    },
  );
}
