// Issue 9.10: swlint never writes through a symlink (--output, `swlint baseline` with the
// default file and --out, the Action's SARIF), and a failed write leaves no truncated report.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { GIT_TEST_ENV } from '../helpers/git-env.js';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { run, tokenLine } from '../robustness/helpers.js';

afterAll(cleanupTempDirs);

// the Action's entry point: scripts/action.mjs on this branch, dist/src/action/main.js once the Action is TypeScript
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = [path.join(ROOT, 'dist/src/action/main.js'), path.join(ROOT, 'scripts/action.mjs')].find((f) => existsSync(f))!;

/** A repository with a token, BASE before it, and a victim file outside the repository. */
function trap() {
  const repo = TestRepo.create();
  repo.write('a.js', '// a\n');
  const base = repo.commit('base');
  repo.write('b.js', tokenLine(fakeToken())).commit('token');
  const victim = path.join(tempDir('swlint-victim-'), 'precious.txt');
  writeFileSync(victim, 'precious\n');
  return { repo, base, victim };
}

const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.includes('swlint-tmp'));

describe('9.10 never write through a symlink', () => {
  it('diff --output onto a committed symlink replaces the link, not its target', () => {
    const { repo, base, victim } = trap();
    symlinkSync(victim, path.join(repo.dir, 'swlint.sarif'));
    repo.commit('link');
    const r = run(['diff', base, '--format', 'sarif', '--output', 'swlint.sarif'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(path.join(repo.dir, 'swlint.sarif')).isSymbolicLink()).toBe(false);
    expect(JSON.parse(readFileSync(path.join(repo.dir, 'swlint.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(leftovers(repo.dir)).toEqual([]);
  });

  it('--output under a directory that is a symlink is refused (exit 2)', () => {
    const { repo, base, victim } = trap();
    symlinkSync(path.dirname(victim), path.join(repo.dir, 'reports'));
    const r = run(['diff', base, '--output', 'reports/precious.txt'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^swlint: refusing to write reports\/precious\.txt: .*reports is a symbolic link/);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('swlint baseline: the default .swlint-baseline.json and --out, when symlinks', () => {
    const { repo, victim } = trap();
    symlinkSync(victim, path.join(repo.dir, '.swlint-baseline.json'));
    symlinkSync(victim, path.join(repo.dir, 'other.json'));
    const byDefault = run(['baseline'], { cwd: repo.dir });
    const withOut = run(['baseline', '--out', 'other.json'], { cwd: repo.dir });
    expect([byDefault.code, withOut.code]).toEqual([0, 0]);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    for (const f of ['.swlint-baseline.json', 'other.json']) {
      expect(lstatSync(path.join(repo.dir, f)).isSymbolicLink()).toBe(false);
      expect(JSON.parse(readFileSync(path.join(repo.dir, f), 'utf8')).findings).toHaveLength(1);
    }
  });

  it("the Action's SARIF write onto a committed symlink", () => {
    const { repo, victim } = trap();
    symlinkSync(victim, path.join(repo.dir, 'swlint.sarif'));
    repo.commit('link');
    const meta = tempDir('swlint-action-meta-');
    writeFileSync(path.join(meta, 'event.json'), '{}');
    const r = spawnSync(process.execPath, [SCRIPT], {
      cwd: repo.dir,
      encoding: 'utf8',
      env: {
        ...GIT_TEST_ENV,
        GITHUB_EVENT_NAME: 'schedule',
        GITHUB_EVENT_PATH: path.join(meta, 'event.json'),
        GITHUB_WORKSPACE: repo.dir,
        GITHUB_STEP_SUMMARY: path.join(meta, 'summary.md'),
        INPUT_SARIF_FILE: 'swlint.sarif',
      },
    });
    expect(r.status).toBe(1);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(JSON.parse(readFileSync(path.join(repo.dir, 'swlint.sarif'), 'utf8')).version).toBe('2.1.0');
  });
});

describe('9.10 a failed write leaves no truncated report', () => {
  it.runIf(process.getuid?.() === 0)('disk full (a 64 KB tmpfs): exit 2, one line, the old report intact, no temporary file', (ctx) => {
    const repo = TestRepo.create();
    // a report well over 64 KB: many findings
    repo.write('many.js', Array.from({ length: 400 }, () => tokenLine(fakeToken())).join(''));
    repo.commit('many');
    const mnt = tempDir('swlint-full-');
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]);
    if (mounted.status !== 0) ctx.skip(); // no mount permission in this sandbox
    try {
      const out = path.join(mnt, 'report.json');
      writeFileSync(out, '{"old": true}\n');
      const r = run(['scan', '--format', 'json', '--output', out], { cwd: repo.dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^swlint: cannot write .*report\.json: no space left on the device; nothing was written \(free some space or choose another path\)\n$/,
      );
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(readFileSync(out, 'utf8')).toBe('{"old": true}\n');
      expect(readdirSync(mnt)).toEqual(['report.json']);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });

  it('an unwritable target directory: exit 2 and no file', () => {
    const repo = TestRepo.create();
    repo.write('a.js', '// a\n').commit('a');
    const out = path.join(repo.dir, 'missing-dir', 'r.json');
    const r = run(['scan', '--output', out], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write .*r\.json: no such directory/);
    expect(existsSync(path.join(repo.dir, 'missing-dir'))).toBe(false);
  });
});

describe('--output to a FIFO or a device is written in place, as a shell redirection would', () => {
  // links and nodes of the test's own, outside the repository: a regression replaces them, never the machine's /dev
  it('a symlink the user names to /dev/null or to standard output is written through; the link stays', () => {
    const { repo, base } = trap();
    const dir = tempDir('swlint-dev-');
    const toNull = path.join(dir, 'null-link');
    const toStdout = path.join(dir, 'stdout-link');
    symlinkSync('/dev/null', toNull);
    // what /dev/stdout is; here standard output is a socket, which cannot be opened by name
    symlinkSync('/proc/self/fd/1', toStdout);
    const discarded = run(['diff', base, '--format', 'json', '--output', toNull], { cwd: repo.dir });
    expect(discarded.code).toBe(1);
    expect(discarded.stderr).not.toMatch(/cannot write/);
    expect(lstatSync(toNull).isSymbolicLink()).toBe(true);
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
    // a report larger than a pipe holds (64 KB): node's stream, not a synchronous write, which
    // fails with EAGAIN on the non-blocking descriptor once the pipe is full
    for (let f = 0; f < 5; f++) repo.write(`many-${f}.js`, Array.from({ length: 100 }, () => tokenLine(fakeToken())).join(''));
    repo.commit('many tokens');
    const shown = run(['diff', base, '--format', 'json', '--output', toStdout], { cwd: repo.dir });
    expect(shown.code).toBe(1);
    expect(shown.stdout.length).toBeGreaterThan(256 * 1024);
    expect(JSON.parse(shown.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'signalwire-api-token')).toHaveLength(501);
    expect(lstatSync(toStdout).isSymbolicLink()).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  });

  it.runIf(process.getuid?.() === 0)('a character device stays the device (as root, a rename would replace the node)', () => {
    const { repo, base } = trap();
    const node = path.join(tempDir('swlint-chr-'), 'null');
    expect(spawnSync('mknod', ['-m', '666', node, 'c', '1', '3']).status).toBe(0);
    const r = run(['diff', base, '--format', 'json', '--output', node], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/cannot write/);
    expect(lstatSync(node).isCharacterDevice()).toBe(true);
  });

  it('a FIFO: the reader gets the whole report and the FIFO stays one', () => {
    const { repo, base } = trap();
    const dir = tempDir('swlint-fifo-');
    const fifo = path.join(dir, 'report.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const received = path.join(dir, 'received.json');
    // the reader runs on its own (the CLI blocks opening the FIFO until it does)
    const reader = spawn('sh', ['-c', 'cat "$0" > "$1"', fifo, received], { stdio: 'ignore' });
    const readerDone = new Promise<number | null>((resolve) => reader.on('close', resolve));
    const r = run(['diff', base, '--format', 'json', '--output', fifo], { cwd: repo.dir });
    // a run that replaced the FIFO instead leaves the reader waiting: stopped, it fails below
    const stop = setTimeout(() => reader.kill('SIGKILL'), 10_000);
    expect(r.code).toBe(1);
    return readerDone.then((code) => {
      clearTimeout(stop);
      expect(code).toBe(0);
      expect(JSON.parse(readFileSync(received, 'utf8')).findings).toHaveLength(1);
      expect(lstatSync(fifo).isFIFO()).toBe(true);
      expect(leftovers(dir)).toEqual([]);
    });
  });

  it('a symlink to a FIFO inside the repository is still replaced, never followed', () => {
    const { repo, base } = trap();
    const fifo = path.join(tempDir('swlint-fifo-'), 'planted.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    symlinkSync(fifo, path.join(repo.dir, 'report.json'));
    // followed, the write would wait for a reader that never comes: the run's timeout would fail the test
    const r = run(['diff', base, '--format', 'json', '--output', 'report.json'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(lstatSync(path.join(repo.dir, 'report.json')).isFile()).toBe(true);
    expect(JSON.parse(readFileSync(path.join(repo.dir, 'report.json'), 'utf8')).findings).toHaveLength(1);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it.runIf(process.getuid?.() === 0)('a block device is refused: exit 2, one line, the node untouched', () => {
    const { repo, base } = trap();
    const node = path.join(tempDir('swlint-blk-'), 'disk');
    // a loop device's numbers; nothing opens it: the refusal comes first
    expect(spawnSync('mknod', [node, 'b', '7', '0']).status).toBe(0);
    const r = run(['diff', base, '--output', node], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^swlint: refusing to write .*disk: it is a block device; choose a file\n$/);
    expect(lstatSync(node).isBlockDevice()).toBe(true);
  });
});
