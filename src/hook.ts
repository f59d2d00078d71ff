// `swlint hook install | uninstall | test`: the git pre-commit hook that runs `swlint staged`.
// It honours core.hooksPath (husky: the line goes into .husky/pre-commit), never overwrites
// a hook it did not write (it adds a marked block to a shell hook, or refuses), and
// `hook test` proves the installed hook blocks a synthetic token without touching the
// user's index, working tree or object store.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detectPreCommitFramework, preCommitSnippet, type PreCommitFramework } from './hook-precommit.js';
import { symlinkedDirectory } from './io/atomic-write.js';
import { programPath } from './io/program-path.js';
import { git, GitError } from './sources/git/process.js';

export type HookAction = 'install' | 'uninstall' | 'test';

export interface HookOptions {
  cwd: string;
  force: boolean;
}

/** What the CLI prints (stdout / stderr lines) and its exit code. */
export interface HookOutcome {
  code: 0 | 1 | 2;
  out: string[];
  err: string[];
}

export const BEGIN = '# >>> swlint >>>';
export const END = '# <<< swlint <<<';
/** The line that says swlint wrote the whole file (uninstall may then delete it). */
export const OWNED = '# swlint: this pre-commit hook was written by `swlint hook install`.';

/**
 * How the hook finds swlint: the repository's node_modules/.bin (a pinned dependency),
 * then PATH. Never npx: even `npx --no-install` asks the registry about a name it does not
 * find locally. The command is left in "$@". `hook install` runs these same lines to check
 * that they find swlint, so an installed hook and `hook test` agree. The message names no
 * command that downloads anything.
 */
const LOOKUP = [
  '  swlint_top=$(git rev-parse --show-toplevel) || exit 2',
  '  if [ -x "$swlint_top/node_modules/.bin/swlint" ]; then',
  '    set -- "$swlint_top/node_modules/.bin/swlint"',
  '  elif command -v swlint >/dev/null 2>&1; then',
  '    set -- swlint',
  '  else',
  '    echo "swlint: the pre-commit hook cannot find swlint (neither node_modules/.bin/swlint in this repository nor swlint on PATH). Nothing was scanned, so the commit is blocked: install this project\'s dependencies with swlint among them (swlint\'s README, Install, says how), or delete the lines from # >>> swlint >>> to # <<< swlint <<< in this pre-commit hook." >&2',
  '    exit 2',
  '  fi',
];

/**
 * The marked block: run swlint staged, found as LOOKUP says; fail closed when swlint is missing.
 * A blocked commit ends with the `swlint fix` command to run next, named as the user can run
 * it: `swlint` when the hook found it on PATH, `npx --no-install swlint` for the project's own
 * copy (node_modules/.bin is not on the user's PATH; npx finds it from any directory of the
 * project and never downloads). The subshell sits left of `||`, where `sh -e` (husky) does not
 * end it at swlint's exit 1 before the advice.
 */
export const BLOCK = [
  BEGIN,
  '# Blocks commits that add SignalWire credentials: runs `swlint staged` on what is being',
  '# committed. Managed by `swlint hook install`; `swlint hook uninstall` removes this block.',
  '(',
  ...LOOKUP,
  '  swlint_status=0',
  '  "$@" staged || swlint_status=$?',
  '  if [ "$swlint_status" -eq 1 ]; then',
  '    if [ "$1" = swlint ]; then swlint_run=swlint; else swlint_run="npx --no-install swlint"; fi',
  '    echo "swlint: commit blocked. To move the credentials into .env, run: $swlint_run fix --staged (shows the change), then $swlint_run fix --staged --apply, git add, and commit again." >&2',
  '  fi',
  '  exit "$swlint_status"',
  ') || exit $?',
  END,
].join('\n');

/** LOOKUP, then print how swlint was found and its version: what `hook install` checks. */
const PROBE = ['(', ...LOOKUP, '  if [ "$1" = swlint ]; then command -v swlint; else printf \'%s\\n\' "$*"; fi', '  exec "$@" --version', ')', ''].join('\n');

const WHOLE_FILE = `#!/bin/sh\n${OWNED}\n${BLOCK}\n`;

class HookError extends Error {}

// ---------------------------------------------------------------------------------------
// git questions, through src/sources/git/process.ts without its core.hooksPath override: here
// we want the real one (and `hook test` runs the hook on purpose)

interface GitOutcome {
  status: number | null;
  stdout: string;
  stderr: string;
  signal?: NodeJS.Signals | null;
}

async function gitRun(cwd: string, args: string[], env?: NodeJS.ProcessEnv, input?: string): Promise<GitOutcome> {
  try {
    const r = await git(cwd, args, { env, input, realHooksPath: true });
    return { status: r.code, stdout: r.stdout.toString('utf8'), stderr: r.stderr };
  } catch (e) {
    // git could not be started (not installed): one line, exit 2
    if (e instanceof GitError) throw new HookError(e.message);
    throw e;
  }
}

async function gitOut(cwd: string, args: string[], env?: NodeJS.ProcessEnv, input?: string): Promise<string> {
  const r = await gitRun(cwd, args, env, input);
  if (r.status !== 0) throw new HookError(`git ${args.join(' ')} failed: ${(r.stderr || '').trim().split('\n')[0] ?? ''}`);
  return r.stdout.replace(/\n$/, '');
}

export interface HookTarget {
  top: string;
  /** the file swlint edits */
  file: string;
  /** `file` relative to the top level, for messages */
  shown: string;
  /** core.hooksPath is husky's (.husky or .husky/_): the hook lives in .husky/pre-commit */
  husky: boolean;
}

/** Where the pre-commit hook lives for the repository at `cwd`. */
export async function locateHook(cwd: string): Promise<HookTarget> {
  const topRun = await gitRun(cwd, ['rev-parse', '--show-toplevel']);
  if (topRun.status !== 0) throw new HookError('not inside a git working tree: run `swlint hook` inside the repository whose commits it should check');
  const top = topRun.stdout.trim();
  const cfg = await gitRun(top, ['config', '--show-scope', '--get', 'core.hooksPath']);
  let hooksDir: string;
  let husky = false;
  if (cfg.status === 0 && cfg.stdout.trim()) {
    const [scope = '', ...rest] = cfg.stdout.trim().split('\t');
    let value = rest.join('\t');
    if (value.startsWith('~/')) value = path.join(os.homedir(), value.slice(2));
    hooksDir = path.resolve(top, value);
    const rel = path.relative(top, hooksDir).split(path.sep).join('/');
    husky = rel === '.husky' || rel === '.husky/_';
    if (scope !== 'local' && scope !== 'worktree' && (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)))
      throw new HookError(
        `core.hooksPath (${scope} config) points to ${hooksDir}, which other repositories share: add \`swlint staged\` to its pre-commit yourself, or set a repository-local core.hooksPath`,
      );
  } else {
    hooksDir = path.resolve(top, await gitOut(top, ['rev-parse', '--git-path', 'hooks']));
  }
  const file = husky ? path.join(top, '.husky', 'pre-commit') : path.join(hooksDir, 'pre-commit');
  const shown = path.relative(top, file).split(path.sep).join('/') || file;
  return { top, file, shown: shown.startsWith('..') ? file : shown, husky };
}

// ---------------------------------------------------------------------------------------
// the hook file's text (pure)

/** True when the first line runs a POSIX-style shell, so a shell block can be added. */
export function isShellScript(text: string): boolean {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const m = /^#!\s*(\S+)(.*)$/.exec(first);
  if (!m) return false;
  let prog = path.posix.basename(m[1]!);
  if (prog === 'env')
    prog =
      (m[2] ?? '')
        .trim()
        .split(/\s+/)
        .find((a) => !a.startsWith('-') && !a.includes('=')) ?? '';
  return /^(sh|bash|dash|zsh|ksh|mksh|ash|busybox)$/.test(path.posix.basename(prog));
}

/** The marked block currently in `text`, or null; throws when a marker has no partner. */
export function findBlock(text: string): { start: number; end: number; block: string } | null {
  const lines = text.split('\n');
  const b = lines.findIndex((l) => l.trimEnd() === BEGIN);
  const e = lines.findIndex((l, i) => i > b && l.trimEnd() === END);
  if (b === -1 && !lines.some((l) => l.trimEnd() === END)) return null;
  if (b === -1 || e === -1)
    throw new HookError(`the swlint block is broken (a "${b === -1 ? BEGIN : END}" line is missing): fix or delete it, then run \`swlint hook install\` again`);
  return { start: b, end: e, block: lines.slice(b, e + 1).join('\n') };
}

/**
 * Adds the block near the top of an existing hook: after the shebang and husky's own
 * set-up line. Not at the end, where an `exec …` or `exit 0` in the hook would skip it.
 */
export function addBlock(text: string): string {
  const lines = text.split('\n');
  let at = 0;
  if (lines[0]?.startsWith('#!')) at = 1;
  while (at < lines.length && /^\s*\.\s.*husky\.sh/.test(lines[at] ?? '')) at++;
  const ending = text.length && !text.endsWith('\n') ? '\n' : '';
  lines.splice(at, 0, BLOCK);
  return lines.join('\n') + ending;
}

/** The hook without the block, or null when nothing of the user's would be left (delete the file). */
export function removeBlock(text: string): string | null {
  const found = findBlock(text);
  if (!found) return text;
  const lines = text.split('\n');
  lines.splice(found.start, found.end - found.start + 1);
  const rest = lines.join('\n');
  const meaningful = lines.filter((l, i) => l.trim() !== '' && l.trimEnd() !== OWNED && !(i === 0 && l.startsWith('#!')));
  if (meaningful.length === 0 && text.includes(OWNED)) return null;
  return rest;
}

// ---------------------------------------------------------------------------------------
// actions

/**
 * Refuses a hook file that is a symbolic link, or one reached through a symlinked directory
 * inside the working tree: `.husky/pre-commit` (or a `.githooks/` that core.hooksPath names)
 * is committed, so a repository could point it at `~/.bashrc` or anywhere else, and install
 * or uninstall would write there. swlint never writes through a symlink (README, Trust model).
 */
function refuseSymlinks(target: HookTarget, action: HookAction): void {
  let at = symlinkedDirectory(path.dirname(target.file), target.top);
  if (at === null) {
    try {
      if (!lstatSync(target.file).isSymbolicLink()) return;
    } catch {
      return; // missing: created below as a plain file
    }
    at = target.file;
  }
  let link: string;
  try {
    link = readlinkSync(at);
  } catch {
    return; // replaced since: the write below does not follow a link either (O_NOFOLLOW)
  }
  const shown = path.relative(target.top, at).split(path.sep).join('/') || at;
  throw new HookError(
    `${shown.startsWith('..') ? at : shown} is a symbolic link (to ${link}), and swlint never writes through one: add \`swlint staged\` to the hook it points to yourself, or replace the link with a plain ${at === target.file ? 'file' : 'directory'} and run \`swlint hook ${action}\` again`,
  );
}

/** Writes the hook file itself; O_NOFOLLOW: a symlink put in its place since the check is not followed either. */
function writeHook(file: string, text: string, mode?: number): void {
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0), mode ?? 0o666);
  try {
    writeFileSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function isExecutable(file: string): boolean {
  return process.platform === 'win32' || (statSync(file).mode & 0o111) !== 0;
}

function makeExecutable(file: string): void {
  const mode = statSync(file).mode & 0o7777;
  chmodSync(file, mode | ((mode & 0o444) >> 2) | 0o100);
}

/** How the installed hook will run swlint, found by the hook's own lookup (PROBE), or why it will not. */
export interface Resolution {
  ok: boolean;
  /** `node_modules/.bin/swlint`, or swlint's path on PATH */
  how: string;
  onPath: boolean;
  version: string;
  /** the lookup's own message when it found nothing */
  why: string;
}

export function resolveSwlint(top: string): Resolution {
  // the shell on PATH, never a `sh` the repository ships (src/io/program-path.ts)
  const r = spawnSync(programPath('sh', process.env), ['-c', PROBE], { cwd: top, env: process.env, encoding: 'utf8' });
  const lines = (r.stdout ?? '').trim().split('\n');
  const found = lines[0] ?? '';
  const local = path.join(top, 'node_modules', '.bin', 'swlint');
  const how = found === local ? 'node_modules/.bin/swlint' : found;
  const why =
    (r.stderr ?? '')
      .trim()
      .split('\n')
      .pop()
      ?.replace(/^swlint: /, '') ?? '';
  return { ok: r.status === 0 && found !== '', how, onPath: found !== local, version: lines[1] ?? '', why: r.error ? r.error.message : why };
}

/** The end of a success message: how the hook runs swlint. */
function runsWith(found: Resolution): string {
  const which = found.onPath ? `swlint from PATH (${found.how})` : found.how;
  const caveat = found.onPath ? '; git started from a GUI or another shell needs it on PATH too, so a devDependency of the project is the surer way' : '';
  return ` It runs ${which}, version ${found.version}${caveat}.`;
}

function install(target: HookTarget, force: boolean): HookOutcome {
  const where = target.shown;
  const existing = readText(target.file);
  const framework = target.husky ? null : detectPreCommitFramework(target.top, existing, target.shown);
  if (framework) return preCommitFrameworkOutcome(target, framework);
  const found = resolveSwlint(target.top);
  if (!found.ok)
    return {
      code: 2,
      out: [],
      err: [
        `swlint: no hook was installed: it would not find swlint when git runs it (neither node_modules/.bin/swlint in this repository nor swlint on PATH). Add swlint to this project's devDependencies (README, Install), then run \`swlint hook install\` again`,
      ],
    };
  const hint = target.husky ? ' (husky: core.hooksPath is .husky)' : '';
  if (existing === null || existing.trim() === '') {
    mkdirSync(path.dirname(target.file), { recursive: true });
    writeHook(target.file, WHOLE_FILE, 0o755);
    makeExecutable(target.file);
    return {
      code: 0,
      out: [
        `swlint: installed the pre-commit hook in ${where}${hint}: each commit now runs \`swlint staged\` (check it with \`swlint hook test\`).${runsWith(found)}`,
      ],
      err: [],
    };
  }
  const block = findBlock(existing);
  if (block) {
    const notes: string[] = [];
    let text = existing;
    if (block.block !== BLOCK) {
      const lines = existing.split('\n');
      lines.splice(block.start, block.end - block.start + 1, BLOCK);
      text = lines.join('\n');
      writeHook(target.file, text);
    }
    if (!target.husky && !isExecutable(target.file)) {
      makeExecutable(target.file);
      notes.push('made it executable');
    }
    const what = block.block !== BLOCK ? 'updated the swlint block in' : 'already installed in';
    return { code: 0, out: [`swlint: ${what} ${where}${notes.length ? ` (${notes.join(', ')})` : ''}.${runsWith(found)}`], err: [] };
  }
  if (force && !target.husky) {
    writeHook(target.file, WHOLE_FILE);
    makeExecutable(target.file);
    return {
      code: 0,
      out: [`swlint: replaced ${where} with a hook that runs \`swlint staged\` (--force; the previous hook is gone).${runsWith(found)}`],
      err: [],
    };
  }
  if (!target.husky && !isShellScript(existing)) {
    const first = existing.split(/\r?\n/, 1)[0] ?? '';
    const what = first.startsWith('#!') ? `runs ${first.slice(2).trim()}` : 'has no #! line';
    return {
      code: 2,
      out: [],
      err: [
        `swlint: ${where} is not a shell script (it ${what}), so swlint will not edit it: call \`swlint staged\` from it yourself, or run \`swlint hook install --force\` to replace it`,
      ],
    };
  }
  writeHook(target.file, addBlock(existing));
  const notes: string[] = [];
  if (!target.husky && !isExecutable(target.file)) {
    makeExecutable(target.file);
    notes.push(' It was not executable, so git did not run it: it is now, and its other commands will run too.');
  }
  return {
    code: 0,
    out: [
      `swlint: added a marked swlint block at the top of the existing ${where}${hint}; the rest of the hook is unchanged.${notes.join('')}${runsWith(found)}`,
    ],
    err: [],
  };
}

/**
 * The pre-commit framework owns the hook: adding a block to its generated hook would be
 * dropped by the next `pre-commit install`. Nothing is written. Exit 2 (nothing installed,
 * so a script that runs `swlint hook install && …` stops) with the lines to add printed on
 * stdout; exit 0 when the config already runs swlint.
 */
function preCommitFrameworkOutcome(target: HookTarget, framework: PreCommitFramework): HookOutcome {
  const seen = framework.evidence.join('; ');
  if (framework.configured)
    return {
      code: 0,
      out: [
        `swlint: nothing to install: the pre-commit framework manages this repository's hooks (${seen}) and ${framework.config} already runs swlint. If its hook is not installed yet, run \`pre-commit install\`.`,
      ],
      err: [],
    };
  const local = existsSync(path.join(target.top, 'node_modules', '.bin', 'swlint'));
  return {
    code: 2,
    out: [`# add to ${framework.config ?? '.pre-commit-config.yaml'}, under repos:`, ...preCommitSnippet(local), '# then run: pre-commit install'],
    err: [
      `swlint: no hook was installed: the pre-commit framework manages this repository's hooks (${seen}), and \`pre-commit install\` would drop a block added to its hook. Add swlint to .pre-commit-config.yaml as printed above, then run \`pre-commit install\``,
    ],
  };
}

function uninstall(target: HookTarget): HookOutcome {
  const existing = readText(target.file);
  if (existing === null || !findBlock(existing)) return { code: 0, out: [`swlint: no swlint hook in ${target.shown}; nothing to remove`], err: [] };
  const rest = removeBlock(existing);
  if (rest === null) {
    unlinkSync(target.file);
    return { code: 0, out: [`swlint: removed ${target.shown} (swlint had written all of it)`], err: [] };
  }
  writeHook(target.file, rest);
  return { code: 0, out: [`swlint: removed the swlint block from ${target.shown}; the rest of the hook is unchanged`], err: [] };
}

/** `swlint hook test`: stage a canary in a private index and object store, run the hook, expect a block. */
async function selfTest(target: HookTarget): Promise<HookOutcome> {
  const fail = (why: string, detail: string[] = []): HookOutcome => ({ code: 1, out: [`swlint hook test: FAIL — ${why}`], err: detail });
  const text = readText(target.file);
  const found = text === null ? null : findBlock(text);
  if (text === null || !found) {
    if (detectPreCommitFramework(target.top, text, target.shown))
      return fail(
        `no swlint block in ${target.shown}, which the pre-commit framework manages: add swlint to .pre-commit-config.yaml (\`swlint hook install\` prints the lines), then check it with \`pre-commit run swlint\``,
      );
    return fail(`no swlint pre-commit hook in ${target.shown}: run \`swlint hook install\``);
  }
  if (!target.husky && !isExecutable(target.file)) return fail(`${target.shown} is not executable, so git will not run it: run \`swlint hook install\` again`);
  const whole = removeBlock(text) === null;

  const token = 'PT' + randomBytes(24).toString('hex');
  const shownToken = `${token.slice(0, 4)}…${token.slice(-4)}`;
  const canary = `swlint-hook-canary-${randomBytes(4).toString('hex')}.js`;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'swlint-hook-test-'));
  try {
    const realIndex = path.resolve(target.top, await gitOut(target.top, ['rev-parse', '--git-path', 'index']));
    const realObjects = path.resolve(target.top, await gitOut(target.top, ['rev-parse', '--git-path', 'objects']));
    const index = path.join(scratch, 'index');
    const objects = path.join(scratch, 'objects');
    mkdirSync(objects);
    if (existsSync(realIndex)) copyFileSync(realIndex, index);
    const env: NodeJS.ProcessEnv = {
      GIT_INDEX_FILE: index,
      // new objects (the canary blob) go to the scratch store; the repository's are read through it
      GIT_OBJECT_DIRECTORY: objects,
      GIT_ALTERNATE_OBJECT_DIRECTORIES: realObjects,
    };
    const content = `// swlint hook test canary: a synthetic, random token that is not a real credential\nconst SIGNALWIRE_API_TOKEN = '${token}';\n`;
    const sha = await gitOut(target.top, ['hash-object', '-w', '--stdin', '--path', canary], env, content);
    await gitOut(target.top, ['update-index', '--add', '--cacheinfo', `100644,${sha},${canary}`], env);

    let ran: GitOutcome;
    let how: string;
    if (whole) {
      // swlint wrote the whole hook: let git find and run it, as `git commit` would
      ran = await gitRun(target.top, ['hook', 'run', 'pre-commit'], env);
      how = `git ran ${target.shown}`;
      if (ran.status === 129 && /is not a git command|usage: git hook/.test(ran.stderr)) {
        ran = runScript(target.file, target.top, env, false);
        how = `ran ${target.shown}`;
      }
    } else {
      // the hook also holds other people's commands (lint-staged, tests …) that may change files: run only our block
      const script = path.join(scratch, 'swlint-block.sh');
      writeFileSync(script, `${found.block}\n`);
      ran = runScript(script, target.top, env, true);
      how = `ran the swlint block of ${target.shown} (its other commands were not run)`;
    }
    const output = `${ran.stdout ?? ''}${ran.stderr ?? ''}`;
    const tail = output
      .replaceAll(token, shownToken)
      .trimEnd()
      .split('\n')
      .slice(-8)
      .map((l) => `  | ${l}`);
    if (ran.status === 0) return fail(`${how}, and it let a staged SignalWire token (${shownToken} in ${canary}) through (exit 0)`, tail);
    if (!output.includes('signalwire-api-token') && !output.includes(shownToken))
      return fail(`${how}; it exited ${ran.status ?? ran.signal} but did not report the staged token, so it failed for another reason`, tail);
    return {
      code: 0,
      out: [
        `swlint hook test: PASS — ${how}, and it blocked a staged synthetic SignalWire token (${shownToken} in ${canary}, exit ${ran.status}).`,
        'Nothing was committed; your index, working tree and object store are untouched.',
      ],
      err: [],
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function runScript(file: string, cwd: string, env: NodeJS.ProcessEnv, viaShell: boolean): SpawnSyncReturns<string> {
  const childEnv = { ...process.env, ...env };
  const [cmd, args] = viaShell || process.platform === 'win32' ? [programPath('sh', childEnv), [file]] : [file, []];
  const r = spawnSync(cmd, args, { cwd, env: childEnv, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new HookError(`could not run ${file}: ${r.error.message}`);
  return r;
}

/**
 * The file node_modules/.bin/swlint runs when git tracks it (or the file it links to), else
 * null. The hook runs the project's installed swlint, and `hook install` and `hook test` run it
 * at once; a copy committed to the repository is the repository's program, not an install.
 */
async function committedSwlint(top: string): Promise<string | null> {
  const bin = path.join(top, 'node_modules', '.bin', 'swlint');
  let real: string;
  try {
    real = realpathSync(bin);
  } catch {
    return null; // not there: the hook looks on PATH
  }
  const realTop = realpathSync(top);
  const inside = [...new Set([path.join('node_modules', '.bin', 'swlint'), path.relative(realTop, real)])].filter(
    (rel) => rel && !rel.startsWith('..') && !path.isAbsolute(rel),
  );
  const r = await gitRun(top, ['--literal-pathspecs', 'ls-files', '-z', '--', ...inside]);
  const tracked = r.status === 0 ? r.stdout.split('\0').filter(Boolean) : [];
  return tracked[0] ?? null;
}

export async function runHook(action: HookAction, options: HookOptions): Promise<HookOutcome> {
  try {
    const target = await locateHook(options.cwd);
    if (action !== 'test') refuseSymlinks(target, action);
    if (action !== 'uninstall') {
      const committed = await committedSwlint(target.top);
      if (committed)
        throw new HookError(
          `${committed} is committed to this repository, so the hook would run the repository's own file as swlint: swlint will not run it. Remove it from git (git rm --cached ${committed}), install swlint with npm, then run \`swlint hook ${action}\` again`,
        );
    }
    if (action === 'install') return install(target, options.force);
    if (action === 'uninstall') return uninstall(target);
    return await selfTest(target);
  } catch (e) {
    if (e instanceof HookError) return { code: 2, out: [], err: [`swlint: ${e.message}`] };
    throw e;
  }
}
