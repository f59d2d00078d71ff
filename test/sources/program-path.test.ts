// Which program swlint runs for a name: PATH's absolute directories only (src/io/program-path.ts).
import { describe, expect, it } from 'vitest';
import { findProgram, programPath, type LookupHost } from '../../src/io/program-path.js';

const findGit = (env: NodeJS.ProcessEnv, host: LookupHost) => findProgram('git', env, host);

/** A host where exactly `programs` are executable files. */
const host = (platform: NodeJS.Platform, programs: string[]): LookupHost => ({ platform, isExecutable: (f) => programs.includes(f) });

describe('findProgram on POSIX', () => {
  it('passes over empty and relative PATH entries, which name the working directory', () => {
    // every candidate in the working directory "exists": none may be chosen
    const everywhere: LookupHost = { platform: 'linux', isExecutable: (f) => !f.startsWith('/') || f === '/usr/bin/git' };
    expect(findGit({ PATH: ':.:bin:node_modules/.bin:./tools:/usr/bin' }, everywhere)).toBe('/usr/bin/git');
    expect(findGit({ PATH: ':.:node_modules/.bin' }, everywhere)).toBeNull();
  });

  it('takes the first absolute directory that holds an executable git', () => {
    const h = host('linux', ['/opt/git/bin/git', '/usr/bin/git']);
    expect(findGit({ PATH: '/usr/local/bin:/opt/git/bin:/usr/bin' }, h)).toBe('/opt/git/bin/git');
    expect(findGit({ PATH: '/usr/local/bin' }, h)).toBeNull();
    expect(findGit({ PATH: '' }, h)).toBeNull();
    // no PATH at all: where execvp looks then
    expect(findGit({}, host('linux', ['/usr/bin/git']))).toBe('/usr/bin/git');
  });
});

describe('findProgram on Windows', () => {
  const git = 'C:\\Program Files\\Git\\cmd\\git.exe';

  it('reads Path in any case, unquotes entries, and passes over relative ones', () => {
    const h: LookupHost = { platform: 'win32', isExecutable: (f) => f === git || !/^(?:[a-z]:\\|\\\\)/i.test(f) };
    expect(findGit({ Path: '.;tools;C:relative;\\rooted;"C:\\Program Files\\Git\\cmd";C:\\Windows' }, h)).toBe(git);
    expect(findGit({ Path: '.;tools;C:relative;\\rooted' }, h)).toBeNull();
  });

  it('looks for git.com, then git.exe, as Windows runs them; UNC directories count', () => {
    expect(findGit({ PATH: 'D:\\tools' }, host('win32', ['D:\\tools\\git.exe', 'D:\\tools\\git.com']))).toBe('D:\\tools\\git.com');
    expect(findGit({ PATH: '\\\\server\\share\\git' }, host('win32', ['\\\\server\\share\\git\\git.exe']))).toBe('\\\\server\\share\\git\\git.exe');
    // a bare `git` (no extension) is no program there
    expect(findGit({ PATH: 'D:\\tools' }, host('win32', ['D:\\tools\\git']))).toBeNull();
  });
});

describe('findProgram for another name', () => {
  it('finds the shell by the same rules', () => {
    const h: LookupHost = { platform: 'linux', isExecutable: (f) => f === 'sh' || f === './sh' || f === '/bin/sh' };
    expect(findProgram('sh', { PATH: '.::/bin' }, h)).toBe('/bin/sh');
    expect(findProgram('sh', { PATH: 'C:\\Git\\bin' }, host('win32', ['C:\\Git\\bin\\sh.exe']))).toBe('C:\\Git\\bin\\sh.exe');
  });
});

describe('programPath', () => {
  it('remembers an unset PATH apart from an empty one', () => {
    const unset = programPath('git', {});
    // where execvp looks without PATH (a machine with git elsewhere only checks the empty case)
    if (findProgram('git', {}) !== null) expect(unset).toBe(findProgram('git', {}));
    // an empty PATH names no directory: nothing is found, and spawning the answer fails with ENOENT
    const empty = programPath('git', { PATH: '' });
    expect(empty).toMatch(/swlint-found-no-git-in-PATH/);
    expect(programPath('git', { PATH: '' })).toBe(empty);
  });
});
