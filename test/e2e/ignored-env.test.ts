// Ignored .env files still feed browser bundles: `scan` reads them for
// signalwire-public-env-exposure only (Vite, Next.js, Create React App, Expo), never for the
// other rules (a plain secret in an ignored .env is where it belongs). Outside git and inside.
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, runJson, summarize } from '../helpers/cli.js';

const EXPECTED = [
  'signalwire-public-env-exposure cra-app/.env.development.local:1',
  'signalwire-public-env-exposure expo-app/.env:1',
  'signalwire-public-env-exposure next-app/.env.production.local:1',
  'signalwire-public-env-exposure vite-app/.env.local:3',
  'signalwire-public-env-exposure vite-app/src/main.ts:1',
];

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' }, stdio: 'pipe' });

describe('ignored dotenv files', () => {
  it('outside a repository: the .gitignore files decide, exposure is reported, the server .env is not', () => {
    const fx = copyFixture('ignored-env');
    cleanup = fx.cleanup;
    const r = runJson(['scan', '.'], { cwd: fx.dir });
    expect(summarize(r.report)).toEqual(EXPECTED);
    expect(r.report.findings.find((f) => f.file === 'vite-app/.env.local')?.fix).toBeTruthy();
    expect(r.code).toBe(1);
  });

  it('inside a repository, and only while the rule runs', () => {
    const fx = copyFixture('ignored-env');
    cleanup = fx.cleanup;
    git(fx.dir, 'init', '-q', '-b', 'main');
    git(fx.dir, 'config', 'user.name', 'Fixture');
    git(fx.dir, 'config', 'user.email', 'fixture@example.invalid');
    git(fx.dir, 'config', 'commit.gpgsign', 'false');
    git(fx.dir, 'add', '-A');
    git(fx.dir, 'commit', '-q', '-m', 'apps');
    expect(summarize(runJson(['scan', '.'], { cwd: fx.dir }).report)).toEqual(EXPECTED);
    expect(runJson(['scan', '.', '--disable', 'signalwire-public-env-exposure'], { cwd: fx.dir }).report.findings).toEqual([]);
  });
});
