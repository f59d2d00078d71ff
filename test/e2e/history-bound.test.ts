// `swlint history` and the per-file bound (100 findings of a rule in a file): over a history the
// bound applies to the distinct values a path ever held, so a version that adds one more value
// to a file already past the bound is counted, never hidden behind the earlier version's summary.
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';
import { runJson, type JsonFinding } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

/** A load-test fixture: one account a line, each with its own token. */
const accounts = (tokens: string[]) => `name,space,token\n${tokens.map((t, k) => `load-${k},loadtest.signalwire.com,${t}`).join('\n')}\n`;

const summaryOf = (findings: JsonFinding[]) => findings.filter((f) => f.match.startsWith('+'));
const listed = (findings: JsonFinding[]) => findings.filter((f) => f.ruleId === 'signalwire-api-token' && !f.match.startsWith('+'));

describe('swlint history: the per-file bound over many versions', () => {
  it('counts a token a later version adds to a file already past the bound, whatever --jobs', () => {
    const repo = TestRepo.create();
    const tokens = Array.from({ length: 120 }, fakeToken);
    repo.write('test/load/accounts.csv', accounts(tokens)).commit('Add load-test accounts');
    // the same file with one more account: the new token is the 121st value, past the bound
    repo.write('test/load/accounts.csv', accounts([...tokens, fakeToken()])).commit('One more load-test account');
    // a placeholder row is no value (hard negative): nothing more to count
    repo
      .write(
        'test/load/accounts.csv',
        accounts([...tokens, tokens[0]!]) + 'load-x,loadtest.signalwire.com,PTxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n',
      )
      .commit('Placeholder row');
    const runs = ['1', '2'].map((jobs) => runJson(['history', '--jobs', jobs], { cwd: repo.dir }));
    for (const r of runs) {
      expect(r.code).toBe(1);
      const tokensListed = listed(r.findings);
      // the first 100 values, each at the commit that added it
      expect(tokensListed).toHaveLength(100);
      expect(new Set(tokensListed.map((f) => f.commit!.message))).toEqual(new Set(['Add load-test accounts']));
      expect(tokensListed.map((f) => f.line).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, k) => k + 2));
      // one summary for the file's history: 20 more from the first commit and 1 from the second
      const [summary, ...others] = summaryOf(r.findings);
      expect(others).toEqual([]);
      expect(summary).toMatchObject({ ruleId: 'signalwire-api-token', file: 'test/load/accounts.csv', match: '+21 more', line: 102 });
      expect(summary!.commit!.message).toBe('Add load-test accounts');
      expect(summary!.message).toMatch(/^21 more findings of this rule in this file's history, not listed .*brought by 1 later commit$/);
    }
    // the same report with one worker thread or two
    const strip = (r: (typeof runs)[number]) => ({ ...r.report, summary: { ...r.report.summary, durationMs: 0 } });
    expect(strip(runs[0]!)).toEqual(strip(runs[1]!));
  });

  it('does not blame a value past the bound on the later commit that happened to list it', () => {
    const repo = TestRepo.create();
    const tokens = Array.from({ length: 110 }, fakeToken);
    repo.write('seed/tenants.csv', accounts(tokens)).commit('Seed 110 tenants');
    // dropping the first 40 rows brings tokens 101-110 into the first 100 of the new version
    repo.write('seed/tenants.csv', accounts(tokens.slice(40))).commit('Drop old tenants');
    const r = runJson(['history'], { cwd: repo.dir });
    expect(listed(r.findings).filter((f) => f.commit!.message !== 'Seed 110 tenants')).toEqual([]);
    expect(summaryOf(r.findings).map((f) => `${f.match} @ ${f.commit!.message} [${String(f.stillPresent)}]`)).toEqual(['+10 more @ Seed 110 tenants [true]']);
  });

  it('--range: counts the token the range adds to a file already past the bound, and nothing the file held before', () => {
    const repo = TestRepo.create();
    const tokens = Array.from({ length: 120 }, fakeToken);
    repo.write('test/load/accounts.csv', accounts(tokens)).commit('Add load-test accounts');
    repo.write('README.md', '# load tests\n').commit('Docs');
    repo.write('test/load/accounts.csv', accounts([...tokens, fakeToken()])).commit('One more load-test account');
    for (const range of ['HEAD~1..HEAD', 'HEAD~2..HEAD']) {
      const r = runJson(['history', '--range', range], { cwd: repo.dir });
      expect(r.code).toBe(1);
      expect(r.findings.map((f) => `${f.match} @ ${f.commit!.message}:${f.line}`)).toEqual(['+1 more @ One more load-test account:122']);
    }
  });

  it('lists every value when no version is past the bound, however many values the versions hold together', () => {
    const repo = TestRepo.create();
    repo.write('seed/tenants.csv', accounts(Array.from({ length: 60 }, fakeToken))).commit('Seed tenants');
    repo.write('seed/tenants.csv', accounts(Array.from({ length: 60 }, fakeToken))).commit('Rotate every tenant');
    const r = runJson(['history'], { cwd: repo.dir });
    expect(listed(r.findings)).toHaveLength(120);
    expect(summaryOf(r.findings)).toEqual([]);
  });
});
