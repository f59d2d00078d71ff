// The three CI formats through the built CLI: dispatch, exit codes, and paths relative to the
// repository root even when a subdirectory is scanned.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GIT_TEST_ENV } from '../helpers/git-env.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const ENV = GIT_TEST_ENV;
let dir = '';
const token = 'PT' + randomBytes(24).toString('hex');

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'swlint-formats-'));
  spawnSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, env: ENV });
  mkdirSync(path.join(dir, 'packages', 'api'), { recursive: true });
  writeFileSync(path.join(dir, 'packages', 'api', 'send.js'), `const client = RestClient(id, '${token}');\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const swlint = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, env: ENV, encoding: 'utf8' });

describe('--format sarif | github | junit', () => {
  it('sarif: repository-relative URIs when a subdirectory is scanned, exit 1 on findings', () => {
    const r = swlint('scan', 'packages/api', '--format', 'sarif');
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).not.toContain(token);
    const log = JSON.parse(r.stdout) as {
      runs: { originalUriBaseIds: Record<string, { uri: string }>; results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('packages/api/send.js');
    expect(log.runs[0]!.originalUriBaseIds['%SRCROOT%']!.uri).toMatch(/^file:\/\/.*\/$/);
  });

  it('github: annotations with repository-relative paths', () => {
    const r = swlint('scan', 'packages/api', '--format', 'github');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^::error file=packages\/api\/send\.js,line=1,col=\d+,/m);
    expect(r.stdout).not.toContain(token);
  });

  it('junit: written to --output, with --fail-on never exiting 0', () => {
    const out = path.join(dir, 'report.xml');
    const r = swlint('scan', 'packages/api', '--format', 'junit', '--output', out, '--fail-on', 'never');
    expect(r.status, r.stderr).toBe(0);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toContain('<testcase classname="swlint" name="packages/api/send.js" file="packages/api/send.js"');
    // the gate passed (--fail-on never): the finding is listed, not a failure
    expect(xml).toContain('error signalwire-api-token at packages/api/send.js');
    expect(xml).toMatch(/<testsuite name="swlint" tests="\d+" failures="0"/);
    expect(xml).not.toContain('<failure');
    expect(xml).not.toContain(token);
  });
});
