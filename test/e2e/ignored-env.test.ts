// Ignored .env files still feed browser bundles: `scan` reads them for
// signalwire-public-env-exposure only (Vite, Next.js, Create React App, Expo), never for the
// other rules (a plain secret in an ignored .env is where it belongs). Outside git and inside.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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

  it('finds them in many directories at several depths, and under a directory argument', () => {
    // the walk reads several directories at once: every app is found, in node_modules none, and paths stay relative to the scan root
    const fx = copyFixture('ignored-env');
    cleanup = fx.cleanup;
    const expected: string[] = [];
    for (let i = 0; i < 12; i++) {
      const rel = path.posix.join('packages', `group-${i % 3}`, ...Array.from({ length: i % 5 }, (_, d) => `level-${d}`), `app-${i}`);
      cpSync(path.join(fx.dir, 'vite-app'), path.join(fx.dir, rel), { recursive: true });
      expected.push(`signalwire-public-env-exposure ${rel}/.env.local:3`, `signalwire-public-env-exposure ${rel}/src/main.ts:1`);
    }
    mkdirSync(path.join(fx.dir, 'node_modules/some-lib'), { recursive: true });
    writeFileSync(path.join(fx.dir, 'node_modules/some-lib/.env.local'), 'VITE_SIGNALWIRE_TOKEN=PTadab6be02631a4ea9c93a5c9faec483bb28596f8c2070a53\n');
    writeFileSync(path.join(fx.dir, '.gitignore'), 'node_modules\n');
    // deeper than an app's own files are looked for (8 directories), found by git or not
    const deep = path.join(fx.dir, ...Array.from({ length: 9 }, (_, d) => `deep-${d}`), 'app');
    mkdirSync(deep, { recursive: true });
    for (const name of ['.env.local', '.gitignore']) cpSync(path.join(fx.dir, 'vite-app', name), path.join(deep, name));
    commitAll(fx.dir, 'apps');
    const all = summarize(runJson(['scan', '.'], { cwd: fx.dir }).report);
    expect(all).toEqual([...EXPECTED, ...expected].sort());
    // a directory argument: its own ignored dotenv files, named from it
    const one = runJson(['scan', 'packages/group-1'], { cwd: fx.dir });
    expect(summarize(one.report)).toEqual(
      expected
        .filter((e) => e.includes('packages/group-1/'))
        .map((e) => e.replace('packages/group-1/', ''))
        .sort(),
    );
  });

  it('in a repository: inside ignored directories and in nested repositories, from git and not from a walk', () => {
    // git lists what the scan reads and what it ignores; the dotenv files are found among those,
    // so a nested repository's own ignored files must be asked of it
    const fx = copyFixture('ignored-env');
    cleanup = fx.cleanup;
    writeFileSync(path.join(fx.dir, '.gitignore'), 'legacy/\n');
    cpSync(path.join(fx.dir, 'vite-app'), path.join(fx.dir, 'legacy/web'), { recursive: true });
    commitAll(fx.dir, 'apps');
    // a repository inside the tree, not a submodule: listed with its own rules
    cpSync(path.join(fx.dir, 'vite-app'), path.join(fx.dir, 'workspace/shop'), { recursive: true });
    commitAll(path.join(fx.dir, 'workspace/shop'), 'shop');
    const r = runJson(['scan', '.'], { cwd: fx.dir });
    expect(summarize(r.report)).toEqual(
      [
        ...EXPECTED,
        'signalwire-public-env-exposure legacy/web/.env.local:3',
        'signalwire-public-env-exposure workspace/shop/.env.local:3',
        'signalwire-public-env-exposure workspace/shop/src/main.ts:1',
      ].sort(),
    );
  });
});
