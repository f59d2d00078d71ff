// Real git repositories built in a temporary directory at test time: pinned branch name,
// identity, dates and config (test/helpers/git-env.ts), so that runs are reproducible.
import { execFileSync } from 'node:child_process';
import { mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GIT_TEST_ENV } from './git-env.js';
import { tempDir } from './temp.js';

export class TestRepo {
  private tick = 0;

  constructor(readonly dir: string) {}

  /** A new repository on branch `main` (pass `init: false` to wrap an existing one, e.g. a clone). */
  static create(): TestRepo {
    const repo = new TestRepo(tempDir());
    repo.git('init', '-q');
    repo.git('symbolic-ref', 'HEAD', 'refs/heads/main');
    repo.git('config', 'commit.gpgsign', 'false');
    repo.git('config', 'core.autocrlf', 'false');
    repo.git('config', 'core.excludesFile', '/dev/null');
    repo.git('config', 'merge.ff', 'false');
    return repo;
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: this.env(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  write(file: string, content: string): this {
    const abs = path.join(this.dir, file);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    return this;
  }

  remove(file: string): this {
    unlinkSync(path.join(this.dir, file));
    return this;
  }

  /** Stages everything and commits with the next fixed date; returns the new commit id. */
  commit(message: string): string {
    this.tick++;
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }

  /** The n-th commit is dated n hours after 2024-01-01T00:00Z, so order and dates are reproducible. */
  private env(): NodeJS.ProcessEnv {
    const date = new Date(Date.UTC(2024, 0, 1) + this.tick * 3_600_000).toISOString().replace('.000Z', '+00:00');
    return { ...GIT_TEST_ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  }
}
