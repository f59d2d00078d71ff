// Which git swlint runs: found in PATH's absolute directories only, never in the directory it
// is started in. git runs with the scanned repository as its working directory, and a program
// name is looked up from there: on POSIX an empty PATH entry (`PATH=:/usr/bin`, or a trailing
// `:`) or a relative one (`.`, `node_modules/.bin`) names that directory, and on Windows libuv
// looks in the working directory before PATH whatever PATH says. Either way a repository that
// ships an executable `git` (or `git.exe`) would have it run on every scan of it (the trust
// model: the scanned repository never makes swlint run a program). Looking git up once, here,
// also spares each git process the failed exec calls of the PATH entries before git's own.
import fs from 'node:fs';
import path from 'node:path';

/**
 * Where no git is found: an absolute path that names nothing, so that spawning it fails with
 * ENOENT as a missing `git` on PATH did, and every caller's "git is not installed" handling
 * applies unchanged.
 */
export const NO_GIT_FOUND = path.resolve(path.parse(process.cwd()).root, 'swlint-found-no-git-in-PATH', 'git');

/** What the lookup reads of the world: replaced in tests to play another platform. */
export interface LookupHost {
  platform: NodeJS.Platform;
  /** whether `file` is a regular file this process may execute */
  isExecutable(file: string): boolean;
}

const realHost: LookupHost = {
  platform: process.platform,
  isExecutable(file) {
    try {
      if (!fs.statSync(file).isFile()) return false;
      // Windows has no execute bit: a .exe or .com file is a program
      if (process.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
};

/** An environment variable as the platform names it: Windows' names ignore case (`Path`). */
function variable(env: NodeJS.ProcessEnv, name: string, platform: NodeJS.Platform): string | undefined {
  if (platform !== 'win32') return env[name];
  const key = Object.keys(env).find((k) => k.toUpperCase() === name);
  return key === undefined ? undefined : env[key];
}

/** The names git may have in one directory: libuv runs a `.com` or an `.exe` on Windows, and the bare name elsewhere. */
const NAMES: Record<'win32' | 'posix', readonly string[]> = { win32: ['git.com', 'git.exe'], posix: ['git'] };

/**
 * The absolute path of the git that `env`'s PATH names first, looking only in its absolute
 * directories (an empty, `.` or other relative entry is passed over), or null when none holds
 * one. Quotes around a Windows PATH entry are taken off, as Windows does.
 */
export function findGit(env: NodeJS.ProcessEnv, host: LookupHost = realHost): string | null {
  const win = host.platform === 'win32';
  const paths = win ? path.win32 : path.posix;
  for (const raw of (variable(env, 'PATH', host.platform) ?? '').split(paths.delimiter)) {
    const dir = win ? raw.replace(/^"(.*)"$/, '$1') : raw;
    // relative entries resolve against the working directory: the scanned repository
    if (dir === '' || !paths.isAbsolute(dir) || (win && !/^(?:[a-z]:[\\/]|[\\/]{2})/i.test(dir))) continue;
    for (const name of NAMES[win ? 'win32' : 'posix']) {
      const file = paths.join(dir, name);
      if (host.isExecutable(file)) return file;
    }
  }
  return null;
}

/** findGit's answers by PATH: a run starts dozens of git processes with the same one. */
const found = new Map<string, string>();

/** The git to spawn under `env` (findGit, remembered per PATH); NO_GIT_FOUND when there is none. */
export function gitBinary(env: NodeJS.ProcessEnv): string {
  const key = variable(env, 'PATH', process.platform) ?? '';
  let file = found.get(key);
  if (file === undefined) {
    file = findGit(env) ?? NO_GIT_FOUND;
    found.set(key, file);
  }
  return file;
}
