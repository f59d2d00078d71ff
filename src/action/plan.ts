// The GitHub Action's decision: which swlint command a workflow event calls for. Pure but
// for the git questions, which the caller answers (gitFacts() asks the checkout).
import { git } from '../sources/git/process.js';

const ZERO_SHA = /^0+$/;
export const MODES = ['auto', 'scan', 'history', 'diff'] as const;
export type ActionMode = (typeof MODES)[number];

/** What decide() needs to know about the checkout. */
export interface GitFacts {
  /** commits reachable from `after` that no other remote branch has, newest first */
  newCommits(after: string): string[];
  parents(sha: string): string[];
  hasCommit(sha: string): boolean;
}

/** The swlint command to run (without output options); argv null: nothing to scan (success). */
export interface Plan {
  argv: string[] | null;
  reason: string;
}

export interface DecideInput {
  eventName: string;
  /** the webhook payload from GITHUB_EVENT_PATH: untrusted shape, read field by field */
  event: unknown;
  mode?: string;
  git: GitFacts;
}

/** Shell-like split of the `args` input: whitespace separates, quotes group, nothing expands. */
export function splitArgs(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  let has = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
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

export const short = (sha: string): string => sha.slice(0, 12);

/** A string field of a nested object in the event payload, or null. */
function field(obj: unknown, ...keys: string[]): string | null {
  let cur = obj;
  for (const k of keys) {
    if (cur === null || typeof cur !== 'object') return null;
    cur = (cur as Record<string, unknown>)[k];
  }
  return typeof cur === 'string' && cur !== '' ? cur : null;
}

/** The commits a push of a new branch (or a force push whose old tip is gone) brings, as a swlint command. */
function newBranchPlan(after: string, git: GitFacts, why: string): Plan {
  const commits = git.newCommits(after);
  if (commits.length === 0) return { argv: null, reason: `${why}: no commit that another branch does not already have, nothing to scan` };
  const oldest = commits[commits.length - 1]!;
  const [parent] = git.parents(oldest);
  // every new commit descends from `oldest` or sits beside it, so parent..after covers them all
  if (parent)
    return { argv: ['diff', parent, after], reason: `${why}: the ${commits.length} commit(s) no other branch has (${short(parent)}..${short(after)})` };
  return { argv: ['history', '--branch', after], reason: `${why}: the branch starts at a root commit, so its whole history (${commits.length} commit(s))` };
}

/** Event payload → the swlint command to run. Throws (exit 2) on an event it cannot read. */
export function decide({ eventName, event, mode = 'auto', git }: DecideInput): Plan {
  const m = (mode || 'auto').trim();
  if (!(MODES as readonly string[]).includes(m)) throw new Error(`mode must be one of ${MODES.join(', ')} (got "${m}")`);
  if (m === 'scan') return { argv: ['scan'], reason: 'mode scan: the working tree' };
  if (m === 'history') return { argv: ['history'], reason: 'mode history: every commit of every ref' };

  let base: string | null;
  let head: string | null;
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    base = field(event, 'pull_request', 'base', 'sha');
    head = field(event, 'pull_request', 'head', 'sha');
    if (!base || !head) throw new Error(`the ${eventName} event has no pull_request.base.sha / head.sha`);
  } else if (eventName === 'merge_group') {
    base = field(event, 'merge_group', 'base_sha');
    head = field(event, 'merge_group', 'head_sha');
    if (!base || !head) throw new Error('the merge_group event has no base_sha / head_sha');
  } else if (eventName === 'push') {
    const before = field(event, 'before') ?? '';
    const after = field(event, 'after') ?? '';
    const deleted = event !== null && typeof event === 'object' && (event as { deleted?: unknown }).deleted === true;
    if (!after || ZERO_SHA.test(after) || deleted) return { argv: null, reason: 'push deleted a branch or tag: nothing to scan' };
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

/**
 * decide() with its git questions answered from the repository at `cwd`; `branch` is the
 * pushed branch (its remote ref is not "another branch"). decide() is pure and git is
 * asynchronous, so a question not answered yet stops decide(), is asked, and decide() runs
 * again: at most three questions (hasCommit, newCommits, parents), so at most four runs.
 */
export async function decideWithGit(input: Omit<DecideInput, 'git'>, cwd: string, branch: string): Promise<Plan> {
  const run = async (args: string[]) => {
    const r = await git(cwd, args);
    return { ok: r.code === 0, out: r.stdout.toString('utf8'), err: r.stderr };
  };
  const ask: { [K in keyof GitFacts]: (sha: string) => Promise<ReturnType<GitFacts[K]>> } = {
    async newCommits(after) {
      const exclude = branch ? [`--exclude=*/${branch}`] : [];
      const r = await run(['rev-list', '--topo-order', after, '--not', ...exclude, '--remotes']);
      if (!r.ok) throw new Error(`git rev-list failed: ${r.err.trim()} (does actions/checkout use fetch-depth: 0?)`);
      return r.out.split('\n').filter(Boolean);
    },
    async parents(sha) {
      const r = await run(['rev-list', '--parents', '-n', '1', sha]);
      return r.ok ? r.out.trim().split(/\s+/).slice(1) : [];
    },
    async hasCommit(sha) {
      return (await run(['cat-file', '-e', `${sha}^{commit}`])).ok;
    },
  };
  const answers = new Map<string, unknown>();
  class Unanswered {
    constructor(
      readonly key: string,
      readonly answer: () => Promise<unknown>,
    ) {}
  }
  const known = <T>(question: keyof GitFacts, sha: string): T => {
    const key = `${question} ${sha}`;
    if (answers.has(key)) return answers.get(key) as T;
    throw new Unanswered(key, () => ask[question](sha));
  };
  const facts: GitFacts = {
    newCommits: (after) => known('newCommits', after),
    parents: (sha) => known('parents', sha),
    hasCommit: (sha) => known('hasCommit', sha),
  };
  for (;;) {
    try {
      return decide({ ...input, git: facts });
    } catch (e) {
      if (!(e instanceof Unanswered)) throw e;
      answers.set(e.key, await e.answer());
    }
  }
}
