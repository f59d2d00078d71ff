// Ctrl-C during `history` on a terminal: the progress line is cleared and the exit code is 130.
// The CLI runs on a pseudo-terminal (python3's pty module) so that it shows progress at all.
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, cleanupRepos, GIT_TEST_ENV, TestRepo } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

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
    lines.push('commit refs/heads/main', `committer Test <t@example.invalid> ${1_700_000_000 + i} +0000`, 'data 2', 'c', `M 644 inline src/f${i % 50}.js`, `data ${Buffer.byteLength(body)}`, body);
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: repo.dir, input: lines.join('\n') + '\n', env: GIT_TEST_ENV });
  return repo;
}

describe('Ctrl-C during history', () => {
  it.skipIf(!hasPython)('clears the progress line and exits 130', () => {
    const repo = longHistory(6000);
    const r = spawnSync('python3', ['-c', PTY_DRIVER, 'swlint history:', process.execPath, CLI, 'history'], {
      cwd: repo.dir, env: { ...GIT_TEST_ENV, NO_COLOR: '1', COLUMNS: '120' }, encoding: 'utf8', timeout: 180_000,
    });
    const result = JSON.parse(r.stdout) as { sent: boolean; code: number; out: string };
    expect(result.sent).toBe(true);
    expect(result.code).toBe(130);
    // the last thing written is the clearing sequence: nothing of the progress line is left on screen
    expect(result.out).toContain('swlint history:');
    expect(result.out.endsWith('\r\x1b[K')).toBe(true);
  });
});
