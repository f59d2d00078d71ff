// Progress on a terminal: `diff` and large `scan`s show one line and clear it before the report;
// Ctrl-C during `history` clears it and exits 130. The CLI runs on a pseudo-terminal (python3's
// pty module) so that it shows progress at all; test/e2e/cli.test.ts checks there is none without one.
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI } from '../helpers/cli.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { GIT_TEST_ENV } from '../helpers/git-env.js';
import { TestRepo } from '../helpers/git-repo.js';

afterAll(cleanupTempDirs);

const hasPython = spawnSync('python3', ['-c', 'import pty']).status === 0;

// Runs argv on a pty; sends SIGINT once `marker` has appeared; prints {sent, code, out} as JSON.
const PTY_DRIVER = `
import json, os, pty, select, signal, sys, time
marker = sys.argv[1].encode()
argv = sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(argv[0], argv)
out, sent, deadline = b'', False, time.time() + 120
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.05)
    if not ready:
        continue
    try:
        data = os.read(fd, 65536)
    except OSError:
        break
    if not data:
        break
    out += data
    if not sent and marker in out:
        os.kill(pid, signal.SIGINT)
        sent = True
_, status = os.waitpid(pid, 0)
code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)
print(json.dumps({'sent': sent, 'code': code, 'out': out.decode('utf-8', 'replace')}))
`;

/** A repository with `n` commits, each changing one file (git fast-import: seconds, not minutes). */
function longHistory(n: number): TestRepo {
  const repo = TestRepo.create();
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const body = `const build = ${i};\n${'// filler line for a blob of some size\n'.repeat(40)}`;
    lines.push(
      'commit refs/heads/main',
      `committer Test <t@example.invalid> ${1_700_000_000 + i} +0000`,
      'data 2',
      'c',
      `M 644 inline src/f${i % 50}.js`,
      `data ${Buffer.byteLength(body)}`,
      body,
    );
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: repo.dir, input: lines.join('\n') + '\n', env: GIT_TEST_ENV });
  return repo;
}

function onTerminal(cwd: string, args: string[], interruptOn = '@@no interrupt@@'): { sent: boolean; code: number; out: string } {
  const r = spawnSync('python3', ['-c', PTY_DRIVER, interruptOn, process.execPath, CLI, ...args], {
    cwd,
    env: { ...GIT_TEST_ENV, NO_COLOR: '1', COLUMNS: '120' },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return JSON.parse(r.stdout) as { sent: boolean; code: number; out: string };
}

describe('progress on a terminal', () => {
  it.skipIf(!hasPython)('diff over many commits and a scan of 300 files: a progress line, cleared before the report', () => {
    const repo = longHistory(40);
    const tree = tempDir('swlint-progress-');
    for (let i = 0; i < 300; i++) writeFileSync(path.join(tree, `f${i}.js`), `const n = ${i};\n`);
    for (const [dir, args, label] of [
      [repo.dir, ['diff', 'main~39', 'main'], 'swlint diff: '],
      [tree, ['scan', '.', '--jobs', '1'], 'swlint scan: '],
    ] as const) {
      const r = onTerminal(dir, [...args]);
      expect(r.code, r.out).toBe(0);
      const shown = r.out.lastIndexOf(label);
      expect(shown, r.out).toBeGreaterThanOrEqual(0);
      // after the last progress update: the clearing sequence, then the report's summary
      const after = r.out.slice(shown);
      expect(after.indexOf('\r\x1b[K')).toBeGreaterThan(0);
      expect(after.indexOf('\r\x1b[K')).toBeLessThan(after.indexOf('no SignalWire credential problems'));
    }
  });
});

describe('Ctrl-C during history', () => {
  it.skipIf(!hasPython)('clears the progress line and exits 130', () => {
    const repo = longHistory(6000);
    const result = onTerminal(repo.dir, ['history'], 'swlint history:');
    expect(result.sent).toBe(true);
    expect(result.code).toBe(130);
    // the last thing written is the clearing sequence: nothing of the progress line is left on screen
    expect(result.out).toContain('swlint history:');
    expect(result.out.endsWith('\r\x1b[K')).toBe(true);
  });
});

describe('Ctrl-C during a scan on one thread', () => {
  it.skipIf(!hasPython)('stops at the file it is on, not after the rest of the tree', () => {
    // text every rule reads (a SignalWire mention, near-miss tokens), so that each file takes a while
    const lines: string[] = [];
    for (let i = 0; i < 4000; i++)
      lines.push(i % 5 < 2 ? `const signalwireClient${i} = connect(process.env.SIGNALWIRE_SPACE);` : `// build ${i}: PT${'0a1b2c3d'.repeat(5)}zz${i}`);
    const body = lines.join('\n') + '\n';
    const tree = tempDir('swlint-interrupt-');
    const files = 120;
    for (let i = 0; i < files; i++) writeFileSync(path.join(tree, `f${i}.js`), body);
    const r = onTerminal(tree, ['scan', '.', '--jobs', '1'], 'swlint scan:');
    expect(r.sent).toBe(true);
    expect(r.code).toBe(130);
    // the progress line counts the files scanned (every 200 ms): a scan that let Ctrl-C wait
    // went on through the tree first
    const counts = [...r.out.matchAll(/swlint scan: (\d+) files/g)].map((m) => Number(m[1]));
    expect(counts.length).toBeGreaterThan(0);
    expect(Math.max(...counts), r.out).toBeLessThan(files / 4);
    expect(r.out.endsWith('\r\x1b[K')).toBe(true);
  });
});
