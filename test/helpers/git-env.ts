// The one git environment of the test suite: no system or global config, a fixed identity, no
// colour, so that runs are reproducible and nothing from the machine's git configuration leaks in.
import { execFileSync } from 'node:child_process';

export const GIT_TEST_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.invalid',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.invalid',
  NO_COLOR: '1',
};

/** Runs git in `cwd` with the test environment; returns its stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_TEST_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Makes `dir` a repository on `main` with one commit of everything in it. */
export function commitAll(dir: string, message = 'fixture'): void {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'commit.gpgsign', 'false');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
}
