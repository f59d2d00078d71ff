// dotenv-shipped: a .env git ignores that ships anyway, in a Docker build context (Dockerfile or
// Containerfile copying `.` without a .dockerignore entry for it) or in an npm package (a "files"
// list matching it, an .npmignore lacking it). Hard negatives: a .dockerignore that covers it, a
// Dockerfile copying named files only, a "files" list without it.
import { afterEach, describe, expect, it } from 'vitest';
import { commitAll } from '../helpers/git-env.js';
import { copyFixture, runJson, summarize } from '../helpers/cli.js';

const EXPECTED = [
  'dotenv-shipped api/.env:1',
  'dotenv-shipped cli/.env.local:1',
  'dotenv-shipped sdk/config/.env:1',
  'dotenv-shipped worker/.env.production:1',
];

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe('dotenv-shipped', () => {
  it('outside git: judged by the .gitignore, .dockerignore, .npmignore files and package.json', () => {
    const fx = copyFixture('shipped-env');
    cleanup = fx.cleanup;
    const r = runJson(['scan', '.'], { cwd: fx.dir });
    expect(summarize(r.report)).toEqual(EXPECTED);
    expect(r.code).toBe(1);
    const fix = r.report.findings.find((f) => f.file === 'api/.env')?.fix ?? '';
    expect(fix).toMatch(/\.dockerignore/);
    expect(fix).toMatch(/\.npmignore/);
  });

  it('is not looked for around a file named alone: only that file is scanned', () => {
    const fx = copyFixture('shipped-env');
    cleanup = fx.cleanup;
    commitAll(fx.dir, 'services');
    // api/.env ships in api's Docker context, but the user asked about one other file
    const one = runJson(['scan', 'sdk/package.json'], { cwd: fx.dir });
    expect(one.report.findings).toEqual([]);
    expect(one.report.summary.files).toBe(1);
    expect(one.code).toBe(0);
    // the directory holding it is a tree: its shipped .env is reported
    expect(summarize(runJson(['scan', 'sdk'], { cwd: fx.dir }).report)).toEqual(['dotenv-shipped config/.env:1']);
  });

  it('inside git (git decides what is ignored), and off with --disable', () => {
    const fx = copyFixture('shipped-env');
    cleanup = fx.cleanup;
    commitAll(fx.dir, 'services');
    expect(summarize(runJson(['scan', '.'], { cwd: fx.dir }).report)).toEqual(EXPECTED);
    expect(runJson(['scan', '.', '--disable', 'dotenv-shipped'], { cwd: fx.dir }).report.findings).toEqual([]);
  });
});
