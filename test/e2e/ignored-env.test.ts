// Ignored .env files still feed browser bundles: `scan` reads them for
// signalwire-public-env-exposure only (Vite, Next.js, Create React App, Expo), never for the
// other rules (a plain secret in an ignored .env is where it belongs). Outside git and inside.
import { afterEach, describe, expect, it } from 'vitest';
import { commitAll } from '../helpers/git-env.js';
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
    commitAll(fx.dir, 'apps');
    expect(summarize(runJson(['scan', '.'], { cwd: fx.dir }).report)).toEqual(EXPECTED);
    expect(runJson(['scan', '.', '--disable', 'signalwire-public-env-exposure'], { cwd: fx.dir }).report.findings).toEqual([]);
  });
});
