// Every scan but a hook's staged run raises V8's optimisation budget for the whole process
// (src/scan/v8-settings.ts). Not for staged: the build makes the bundle's code cache from a staged
// run, and V8 rejects a cache made under flags other than those the bin compiles with. A file of
// its own: importing the whole run grows the young generation v8-settings.test.ts measures.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FILE_SIZE, type RunOptions } from '../../src/options.js';
import { run } from '../../src/run.js';
import { appliedV8Settings } from '../../src/scan/v8-settings.js';
import { TestRepo } from '../helpers/git-repo.js';
import { fakeToken } from '../helpers/secrets.js';

describe('the optimisation budget', () => {
  it("is raised for a scan, not for a hook's staged run (the build makes the code cache from one, under V8's own flags)", async () => {
    const repo = TestRepo.create();
    repo.write('app.js', '// app\n').commit('Initial commit');
    repo.write('app.js', `// app\nconst signalwireToken = '${fakeToken()}';\n`);
    repo.git('add', 'app.js');
    const options = {
      paths: [],
      cwd: repo.dir,
      format: 'json',
      failOn: 'error',
      redact: true,
      color: false,
      rules: [],
      disable: [],
      maxFileSize: DEFAULT_MAX_FILE_SIZE,
      jobs: 1,
      quiet: true,
      verbose: false,
    } satisfies Omit<RunOptions, 'mode'>;
    const staged = await run({ ...options, mode: 'staged' });
    expect(staged.findings.map((f) => f.ruleId)).toEqual(['signalwire-api-token']);
    expect(appliedV8Settings().optimisationBudget).toBe(false);
    const scan = await run({ ...options, mode: 'scan' });
    expect(scan.findings.map((f) => f.ruleId)).toEqual(['signalwire-api-token']);
    expect(appliedV8Settings().optimisationBudget).toBe(true);
  });
});
