// Which program swlint runs for a name (git, and the `sh` of `swlint hook`): found in PATH's
// absolute directories only, never in the directory it is started in. git runs with the
// scanned repository as its working directory, and a name is looked up from there: on POSIX an
// empty PATH entry (`PATH=:/usr/bin`, or a trailing `:`) or a relative one (`.`,
// `node_modules/.bin`) names that directory, and on Windows libuv looks in the working
// directory before PATH whatever PATH says. Either way a repository that ships an executable
// `git` (or `git.exe`) would have it run on every scan of it (the trust model: the scanned
// repository never makes swlint run a program). Looking a name up once, here, also spares each
// process the failed exec calls of the PATH entries before its own. Imports node's modules only:
// the bin loads it (src/sources/git/hardened.ts).
import fs from 'node:fs';
import path from 'node:path';

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

/**
 * The absolute path of the program `name` that `env`'s PATH names first, looking only in its
 * absolute directories (an empty, `.` or other relative entry is passed over; without PATH,
 * the directories execvp falls back to), or null when none holds one. On Windows the name is a
 * `.com` or `.exe` file, the two libuv runs, and quotes around a PATH entry are taken off, as
 * Windows does.
 */
export function findProgram(name: string, env: NodeJS.ProcessEnv, host: LookupHost = realHost): string | null {
  const win = host.platform === 'win32';
  const paths = win ? path.win32 : path.posix;
  const files = win ? [`${name}.com`, `${name}.exe`] : [name];
  // no PATH at all: execvp's own default on POSIX (glibc's _PATH_DEFPATH), nothing on Windows
  const list = variable(env, 'PATH', host.platform) ?? (win ? '' : '/bin:/usr/bin');
  for (const raw of list.split(paths.delimiter)) {
    const dir = win ? raw.replace(/^"(.*)"$/, '$1') : raw;
    // relative entries resolve against the working directory: the scanned repository (on
    // Windows, `\dir` and `C:dir` hang on the current drive or its directory too)
    if (dir === '' || !paths.isAbsolute(dir) || (win && !/^(?:[a-z]:[\\/]|[\\/]{2})/i.test(dir))) continue;
    for (const file of files) {
      const candidate = paths.join(dir, file);
      if (host.isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

/** findProgram's answers by name and PATH: a run starts dozens of git processes with the same one. */
const found = new Map<string, string>();

/**
 * The file to spawn for `name` under `env` (findProgram, remembered). With none, an absolute
 * path that names nothing: spawning it fails with ENOENT as a missing program on PATH did, so
 * every caller's "not installed" handling applies unchanged.
 */
export function programPath(name: string, env: NodeJS.ProcessEnv): string {
  // an unset PATH (execvp's default directories) is not an empty one (no directory)
  const pathValue = variable(env, 'PATH', process.platform);
  const key = pathValue === undefined ? `${name}\0unset` : `${name}\0=${pathValue}`;
  let file = found.get(key);
  if (file === undefined) {
    file = findProgram(name, env) ?? path.resolve(path.parse(process.cwd()).root, `swlint-found-no-${name}-in-PATH`, name);
    found.set(key, file);
  }
  return file;
}
