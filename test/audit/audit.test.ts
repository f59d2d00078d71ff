// `swlint audit` and `swlint merge` over local fixture repositories (no network): shards cover
// every repository exactly once, merging is order-independent, N shards merge to the same
// inventory as one run, failures are listed, a token leaked in two repositories is one credential.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { runCli } from '../helpers/cli.js';
import { repoName, shardOf } from '../../src/audit/audit.js';

interface Merged {
  mode: string;
  repositories: { name: string; status: string; error?: string }[];
  findings: { repository: string; file: string; line: number; ruleId: string; credentialId?: string; match: string }[];
  credentials: { id: string; repositories: string[]; locations: { repository: string; file: string }[]; stillPresent: boolean | null; exposure: string[] }[];
  summary: { findings: number; incomplete?: true };
}

let work = '';
let shared = '';
const names: string[] = [];

beforeAll(() => {
  work = tempDir('swlint-audit-test-');
  shared = fakeToken();
  // six repositories: the shared token in two of them, one removed from HEAD, one clean
  const make = (name: string, files: Record<string, string>, remove?: string) => {
    const repo = TestRepo.create();
    for (const [f, c] of Object.entries(files)) repo.write(f, c);
    repo.commit(`init ${name}`);
    if (remove) repo.remove(remove).commit('remove');
    const dir = path.join(work, name);
    repo.git('clone', '-q', repo.dir, dir);
    names.push(name);
  };
  make('alpha', { 'src/a.js': `const signalwireToken = '${shared}';\n` });
  make('bravo', { 'config/.env.production': `SIGNALWIRE_API_TOKEN=${shared}\n`, 'lib/b.py': `signalwire_token = "${fakeToken()}"\n` });
  make('charlie', { 'old.js': `const signalwireToken = '${fakeToken()}';\n`, 'README.md': '# c\n' }, 'old.js');
  make('delta', { 'README.md': '# clean\n' });
  make('echo', { Dockerfile: `FROM node:20\nENV SIGNALWIRE_API_TOKEN=${fakeToken()}\n` });
  make('foxtrot', { 'web/.env.local': `NEXT_PUBLIC_SIGNALWIRE_TOKEN=${fakeToken()}\n` });
  mkdirSync(path.join(work, 'not-a-repo'));
  // in shuffled order, with a duplicate, a comment, a missing path and a plain directory
  writeFileSync(
    path.join(work, 'repos.txt'),
    ['# the organisation', 'foxtrot', 'charlie', '', 'alpha', 'echo', 'alpha', 'bravo', 'delta', 'missing-repo', 'not-a-repo'].join('\n') + '\n',
  );
});

afterAll(cleanupTempDirs);

function auditJson(args: string[]): { code: number | null; doc: Merged; stderr: string } {
  const out = path.join(work, `out-${args.join('_').replace(/[^\w-]/g, '_')}.json`);
  const r = runCli(['audit', '--repos', 'repos.txt', '--format', 'json', '--output', out, ...args], { cwd: work });
  return { code: r.code, doc: JSON.parse(readFileSync(out, 'utf8')) as Merged, stderr: r.stderr };
}

/** What must not depend on how the work was split: repositories, findings and credentials. */
function inventory(m: Merged) {
  return { repositories: m.repositories.map((r) => `${r.name} ${r.status}`), findings: m.findings, credentials: m.credentials };
}

describe('swlint audit', () => {
  it('audits every repository, lists the ones it could not scan, and finds a token shared by two repositories as one credential', () => {
    const { code, doc, stderr } = auditJson([]);
    expect(code).toBe(2); // two repositories could not be scanned
    expect(doc.mode).toBe('merge');
    expect(doc.repositories.map((r) => `${r.name} ${r.status}`)).toEqual([
      'alpha ok',
      'bravo ok',
      'charlie ok',
      'delta ok',
      'echo ok',
      'foxtrot ok',
      'missing-repo failed',
      'not-a-repo failed',
    ]);
    expect(doc.repositories.find((r) => r.name === 'missing-repo')!.error).toBe('no such directory');
    expect(doc.repositories.find((r) => r.name === 'not-a-repo')!.error).toMatch(/git/i);
    expect(stderr).toMatch(/repository missing-repo was not scanned/);
    expect(doc.credentials).toHaveLength(5);
    const both = doc.credentials.find((c) => c.repositories.length === 2)!;
    expect(both.repositories).toEqual(['alpha', 'bravo']);
    expect(both.locations.map((l) => `${l.repository}:${l.file}`)).toEqual(['alpha:src/a.js', 'bravo:config/.env.production']);
    expect(doc.findings.filter((f) => f.credentialId === both.id).map((f) => f.repository)).toEqual(['alpha', 'bravo']);
    expect(doc.credentials.find((c) => c.repositories[0] === 'charlie')!.exposure).toEqual(['history-only']);
    expect(JSON.stringify(doc)).not.toContain(shared);
  });

  it('N shards cover every repository exactly once and merge, in any order, to the same inventory as one run', () => {
    const whole = auditJson([]).doc;
    // 8 shards of 8 repositories: one each; 2: several each (the CLI is spawned 10 times: a generous time limit)
    for (const n of [2, 8]) {
      const files: string[] = [];
      const seen: string[] = [];
      for (let k = 1; k <= n; k++) {
        const out = path.join(work, `shard-${k}-of-${n}.json`);
        runCli(['audit', '--repos', 'repos.txt', '--shard', `${k}/${n}`, '--jobs', '2', '--format', 'json', '--output', out], { cwd: work });
        seen.push(...(JSON.parse(readFileSync(out, 'utf8')) as Merged).repositories.map((r) => r.name));
        files.push(out);
      }
      expect(seen.sort()).toEqual(whole.repositories.map((r) => r.name));
      const forward = runCli(['merge', ...files, '--format', 'json'], { cwd: work });
      const backward = runCli(['merge', ...[...files].reverse(), '--format', 'json'], { cwd: work });
      expect(forward.code).toBe(2);
      expect(inventory(JSON.parse(forward.stdout) as Merged)).toEqual(inventory(whole));
      expect(inventory(JSON.parse(backward.stdout) as Merged)).toEqual(inventory(whole));
    }
  }, 180_000);

  it('merges per-repository history reports; --repos lists a repository that has no report', () => {
    const a = runCli(['history', '--format', 'json', '--output', path.join(work, 'alpha.json')], { cwd: path.join(work, 'alpha') });
    const b = runCli(['history', '--format', 'json', '--output', path.join(work, 'bravo.json')], { cwd: path.join(work, 'bravo') });
    expect([a.code, b.code]).toEqual([1, 1]);
    const merged = JSON.parse(runCli(['merge', 'bravo.json', 'alpha.json', '--format', 'json'], { cwd: work }).stdout) as Merged;
    expect(merged.credentials.filter((c) => c.repositories.length === 2)).toHaveLength(1);
    writeFileSync(path.join(work, 'expected.txt'), `${path.join(work, 'alpha')}\n${path.join(work, 'bravo')}\n${path.join(work, 'zulu')}\n`);
    const r = runCli(['merge', 'alpha.json', 'bravo.json', '--repos', 'expected.txt', '--format', 'json'], { cwd: work });
    expect(r.code).toBe(2);
    const listed = (JSON.parse(r.stdout) as Merged).repositories;
    expect(listed.find((x) => x.name.endsWith('zulu'))).toMatchObject({ status: 'failed', error: expect.stringMatching(/no report/) });
  });

  it('writes the merged inventory as HTML, SARIF and text', () => {
    const json = path.join(work, 'all.json');
    runCli(['audit', '--repos', 'repos.txt', '--format', 'json', '--output', json], { cwd: work });
    const html = runCli(['merge', json, '--format', 'html'], { cwd: work }).stdout;
    expect(html).toContain('Repositories (8)');
    expect(html).toMatch(/<code>missing-repo<\/code><\/td><td><strong>failed<\/strong>/);
    expect(html.match(/<article class="credential/g)).toHaveLength(5);
    const sarif = JSON.parse(runCli(['merge', json, '--format', 'sarif'], { cwd: work }).stdout) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    expect(sarif.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri)).toContain('alpha/src/a.js');
    expect(runCli(['merge', json, '--no-color'], { cwd: work }).stdout).toMatch(/^5 credentials to rotate$/m);
  });

  it('clones URLs (a file:// URL here: no network) and names repositories without credentials', () => {
    writeFileSync(path.join(work, 'urls.txt'), `${pathToFileURL(path.join(work, 'alpha')).href}\n`);
    const out = path.join(work, 'urls.json');
    const r = runCli(['audit', '--repos', 'urls.txt', '--format', 'json', '--output', out, '--reports-dir', 'per-repo'], { cwd: work });
    expect(r.code).toBe(1);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as Merged;
    expect(doc.repositories).toEqual([expect.objectContaining({ name: path.join(work, 'alpha'), status: 'ok' })]);
    expect(doc.credentials).toHaveLength(1);
    // --reports-dir keeps the repository's own report, tagged with its name
    const kept = JSON.parse(readFileSync(path.join(work, 'per-repo', `${path.join(work, 'alpha').replace(/[^A-Za-z0-9._-]+/g, '_')}.json`), 'utf8')) as {
      repository: { name: string };
    };
    expect(kept.repository.name).toBe(path.join(work, 'alpha'));
    expect(repoName('https://x-access-token:ghs_secret@github.com/acme/api.git')).toBe('github.com/acme/api');
    expect(repoName('git@github.com:acme/api.git')).toBe('github.com/acme/api');
    expect(repoName('ssh://git@gitlab.example.com:2222/acme/api.git')).toBe('gitlab.example.com:2222/acme/api');
  });

  it('lists a repository whose history ran out of time as timeout, keeping what it found', () => {
    const repo = TestRepo.create();
    repo.write('a.js', `const signalwireToken = '${fakeToken()}';\n`).commit('token');
    for (let c = 0; c < 5; c++) {
      for (let f = 0; f < 40; f++) repo.write(`src/f${f}.js`, `export const v = ${c * 100 + f};\n`);
      repo.commit(`c${c}`);
    }
    writeFileSync(path.join(work, 'slow.txt'), `${repo.dir}\n`);
    const out = path.join(work, 'slow.json');
    const r = runCli(['audit', '--repos', 'slow.txt', '--timeout', '0.001', '--format', 'json', '--output', out], { cwd: work });
    expect(r.code).toBe(2);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as Merged;
    expect(doc.repositories).toEqual([expect.objectContaining({ name: repo.dir, status: 'timeout', error: expect.stringMatching(/partial/) })]);
    expect(doc.summary.incomplete).toBe(true);
    expect(r.stderr).toMatch(/was not fully scanned \(timeout/);
  });

  it('shards split a sorted list: each item in exactly one shard', () => {
    const items = Array.from({ length: 23 }, (_, i) => `r${i}`);
    for (const n of [1, 4, 23, 30]) {
      const all = Array.from({ length: n }, (_, k) => shardOf(items, { index: k + 1, count: n })).flat();
      expect(all.sort()).toEqual([...items].sort());
    }
  });

  it('refuses a bad --shard and a missing --repos', () => {
    expect(runCli(['audit', '--repos', 'repos.txt', '--shard', '4/3'], { cwd: work }).stderr).toMatch(/--shard must be K\/N/);
    const r = runCli(['audit'], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs --repos FILE/);
    expect(runCli(['merge', 'repos.txt'], { cwd: work }).stderr).toMatch(/not a swlint JSON report|cannot read/);
  });
});
