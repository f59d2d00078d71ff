// The outside contract (README, the project's contract) as an acceptance check runs it: the
// built CLI on small realistic repositories, asserting exit codes, stdout/stderr and reports.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, PROJECT_ROOT, runCli, type JsonReport } from '../helpers/cli.js';
import { OPTIONS } from '../../src/args.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fakeProjectId, fakeToken } from '../helpers/secrets.js';
import { TestRepo } from '../helpers/git-repo.js';

afterAll(cleanupTempDirs);

/** a small Node service that hard-codes its SignalWire credentials, and one that reads them */
function serviceRepo(token = fakeToken()): TestRepo {
  const repo = TestRepo.create();
  repo
    .write(
      'src/notify.js',
      [
        "import { RestClient } from '@signalwire/compatibility-api';",
        '',
        '// appointment reminders',
        `const client = RestClient('${fakeProjectId()}', '${token}', {`,
        '  signalwireSpaceUrl: process.env.SIGNALWIRE_SPACE_URL,',
        '});',
        'export default client;',
        '',
      ].join('\n'),
    )
    .write('src/env.js', 'export const token = process.env.SIGNALWIRE_API_TOKEN; // read, not written: no finding\n')
    .write('.gitignore', 'node_modules/\n.env\n');
  repo.git('add', '-A');
  repo.commit('notification service');
  return repo;
}

const mkfifo = (file: string) => execFileSync('mkfifo', [file]);

describe('settings files the scanned tree provides are read, never waited on', () => {
  // a FIFO never ends without a writer: a tree holding one where swlint looks for its settings
  // would stop the scan (and a pre-commit hook, a CI job) for good
  for (const name of ['.swlintrc.json', '.swlint-baseline.json', '.swlintignore']) {
    it(`${name} that is a FIFO is an error (exit 2, one line), not a hang`, () => {
      const repo = serviceRepo();
      mkfifo(path.join(repo.dir, name));
      const r = runCli(['scan', '--format', 'json'], { cwd: repo.dir, timeout: 60_000 });
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(name);
      expect(r.stderr).toMatch(/not a regular file/);
    });
  }

  it('a package.json that is a FIFO is passed over like any package.json without a "swlint" key', () => {
    const repo = serviceRepo();
    mkfifo(path.join(repo.dir, 'package.json'));
    const r = runCli(['scan', '--format', 'json'], { cwd: repo.dir, timeout: 60_000 });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.findings.map((f) => `${f.file} ${f.ruleId}`)).toContain('src/notify.js signalwire-api-token');
    expect(report.findings.some((f) => f.file === 'src/env.js')).toBe(false);
  });

  it('a config named with --config is still read from a FIFO, as a shell reads `--config <(…)`', () => {
    const repo = serviceRepo();
    const dir = tempDir();
    const fifo = path.join(dir, 'swlint-config');
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ rules: { 'signalwire-api-token': 'warning' } }));
    mkfifo(fifo);
    // the writer blocks until swlint opens the FIFO, as `<(…)` does
    const writer = spawn('sh', ['-c', 'cat config.json > swlint-config'], { cwd: dir, stdio: 'ignore' });
    const r = runCli(['scan', '--config', fifo, '--format', 'json'], { cwd: repo.dir, timeout: 60_000 });
    writer.kill();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.findings.find((f) => f.ruleId === 'signalwire-api-token')?.severity).toBe('warning');
  });

  it('a settings file that is a symbolic link to a device is refused too', () => {
    const repo = serviceRepo();
    execFileSync('ln', ['-s', '/dev/zero', path.join(repo.dir, '.swlintrc.json')]);
    const r = runCli(['scan'], { cwd: repo.dir, timeout: 60_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.swlintrc\.json \(it is not a regular file\)/);
  });
});

describe('a run that exits 2 says so in its SARIF, not only in its exit code', () => {
  type Sarif = { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { level: string; message: { text: string } }[] }[] }[] };
  const invocation = (stdout: string) => (JSON.parse(stdout) as Sarif).runs[0]!.invocations[0]!;

  it('a complete scan is a successful execution', () => {
    const repo = serviceRepo();
    const r = runCli(['scan', '--format', 'sarif'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(invocation(r.stdout).executionSuccessful).toBe(true);
  });

  it('--timeout that stops the scan: executionSuccessful is false, the warning is a notification', () => {
    const repo = serviceRepo();
    const r = runCli(['history', '--format', 'sarif', '--timeout', '0.001'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    const inv = invocation(r.stdout);
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications?.map((n) => n.message.text).join('\n')).toMatch(/--timeout/);
  });

  it('a named path that does not exist: the rest is reported, the run is marked failed with the reason', () => {
    const repo = serviceRepo();
    const r = runCli(['scan', 'src', 'lib/missing.js', '--format', 'sarif'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    const sarif = JSON.parse(r.stdout) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]!.results.map((x) => x.ruleId)).toContain('signalwire-api-token');
    const inv = invocation(r.stdout);
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications).toContainEqual(
      expect.objectContaining({ level: 'error', message: { text: expect.stringContaining('lib/missing.js') } }),
    );
  });
});

describe('usage errors say what to do, in one line, on stderr (exit 2)', () => {
  const oneLine = (stderr: string) => {
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    return lines[0]!;
  };

  it('a short flag without its value is named as typed, with its long name', () => {
    const repo = serviceRepo();
    const r = runCli(['scan', '-f'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(oneLine(r.stderr)).toMatch(/^swlint: -f \(--format\) needs a value/);
  });

  it('a path that does not exist: the message says what to do', () => {
    const repo = serviceRepo();
    const r = runCli(['scan', 'srcc'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(oneLine(r.stderr)).toBe('swlint: error: no such file or directory: srcc (check the path, or leave it out)');
  });

  // `--config "$CI_CONFIG"` with the variable unset must not quietly run on the defaults
  it.each([['--config'], ['--baseline'], ['--output']])('%s "" is a usage error, not a run without it', (flag) => {
    const repo = serviceRepo();
    const r = runCli(['scan', flag, '', '--format', 'json'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(oneLine(r.stderr)).toBe(`swlint: ${flag} needs a value, not an empty string (see swlint scan --help)`);
  });

  it('history --branch "" is a usage error too', () => {
    const repo = serviceRepo();
    const r = runCli(['history', '--branch', ''], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/--branch needs a value/);
  });
});

describe('swlint baseline says how later runs will find the file it wrote', () => {
  it('the default file at the scan root: used automatically', () => {
    const repo = serviceRepo();
    const r = runCli(['baseline'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/to \.swlint-baseline\.json; later runs there use it automatically/);
    expect(runCli(['scan'], { cwd: repo.dir }).code).toBe(0);
  });

  it('--out elsewhere: only with --baseline, which is what it says', () => {
    const repo = serviceRepo();
    const r = runCli(['baseline', '--out', 'accepted.json'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/automatically/);
    expect(r.stdout).toMatch(/to accepted\.json; later runs use it with --baseline accepted\.json/);
    // and that is true: without it the findings are back, with it they are accepted
    expect(runCli(['scan'], { cwd: repo.dir }).code).toBe(1);
    expect(runCli(['scan', '--baseline', 'accepted.json'], { cwd: repo.dir }).code).toBe(0);
  });
});

describe('a git directory has no working tree to scan', () => {
  it('`swlint` in a bare repository is exit 2 pointing at `swlint history`, which finds the token', () => {
    const repo = serviceRepo();
    const bare = path.join(tempDir(), 'service.git');
    execFileSync('git', ['clone', '-q', '--bare', repo.dir, bare]);
    const scan = runCli(['scan', '--format', 'json'], { cwd: bare });
    expect(scan.code).toBe(2);
    expect(scan.stdout).toBe('');
    expect(scan.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(scan.stderr).toMatch(/git directory .*swlint history/);
    const history = runCli(['history', '--format', 'json'], { cwd: bare });
    expect(history.code).toBe(1);
    const report = JSON.parse(history.stdout) as JsonReport;
    expect(report.findings.map((f) => `${f.file} ${f.ruleId}`)).toContain('src/notify.js signalwire-api-token');
  });

  it('`swlint scan .git` (or inside it) is the same error; the working tree around it scans as before', () => {
    const repo = serviceRepo();
    for (const [args, cwd] of [
      [['scan', '.git'], repo.dir],
      [['scan'], path.join(repo.dir, '.git')],
    ] as const) {
      const r = runCli([...args], { cwd });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/is a git directory/);
    }
    expect(runCli(['scan', 'src'], { cwd: repo.dir }).code).toBe(1);
  });
});

describe('diff: stillPresent of content it could not scan', () => {
  // a pull request that adds a file over --max-file-size: unscanned, and still there at HEAD
  it('is true while HEAD still holds that unscanned content, false once HEAD holds a version it scans', () => {
    const repo = serviceRepo();
    repo.git('checkout', '-q', '-b', 'feature');
    const dump = Array.from({ length: 4000 }, (_, i) => `INSERT INTO calls VALUES (${i}, 'queued', '+1555010${String(i).padStart(4, '0')}');`).join('\n');
    repo.write('db/seed.sql', dump + '\n');
    repo.git('add', '-A');
    repo.commit('seed data');
    const still = runCli(['diff', 'main', '--max-file-size', '100K', '--format', 'json'], { cwd: repo.dir });
    expect(still.code).toBe(1);
    const first = (JSON.parse(still.stdout) as JsonReport).findings;
    expect(first.map((f) => [f.ruleId, f.file, f.stillPresent])).toEqual([['swlint-unscanned', 'db/seed.sql', true]]);
    expect(still.stdout).not.toContain('INSERT INTO');

    repo.write('db/seed.sql', "INSERT INTO calls VALUES (1, 'queued', '+15550100001');\n");
    repo.git('add', '-A');
    repo.commit('smaller seed');
    const gone = runCli(['diff', 'main', '--max-file-size', '100K', '--format', 'json'], { cwd: repo.dir });
    expect(gone.code).toBe(1);
    const second = (JSON.parse(gone.stdout) as JsonReport).findings;
    expect(second.map((f) => [f.ruleId, f.file, f.stillPresent])).toEqual([['swlint-unscanned', 'db/seed.sql', false]]);
  });
});

describe('shell completion completes commands and options (`swlint completion bash`)', () => {
  /** what bash offers for the words typed so far, through the script swlint prints and a `swlint` on PATH */
  function bashComplete(words: string[]): string[] {
    const bin = tempDir();
    writeFileSync(path.join(bin, 'swlint'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
    const script = runCli(['completion', 'bash']).stdout;
    writeFileSync(path.join(bin, 'completion.bash'), script);
    const quoted = words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
    const out = execFileSync(
      'bash',
      ['-c', `source completion.bash; COMP_WORDS=(swlint ${quoted}); COMP_CWORD=${words.length}; _swlint_yargs_completions; printf '%s\\n' "\${COMPREPLY[@]}"`],
      { cwd: bin, env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` }, encoding: 'utf8' },
    );
    return out.split('\n').filter(Boolean);
  }

  it.each([
    [['hi'], ['history']],
    [['--fo'], ['--format', '--foreign-ignores']], // the default command's options (scan)
    [['--no-re'], ['--no-redact']],
    [['diff', 'main', '--fail-on', 'w'], ['warning']],
    [['scan', '-f', 's'], ['sarif']],
    [['history', '--br'], ['--branch']],
    [['hook', 'un'], ['uninstall']],
    [['--disable', 'dotenv-c'], ['dotenv-committed']],
  ])('%j completes to %j', (words, expected) => {
    expect(bashComplete(words)).toEqual(expected);
  });

  it('offers no one-letter option spelled long (`--f`), and no option another command takes', () => {
    const all = bashComplete(['staged', '--']);
    expect(all).toContain('--format');
    expect(all).toContain('--no-color');
    expect(all).not.toContain('--f');
    expect(all).not.toContain('--branch'); // history's
    expect(all).not.toContain('--stdin-filename'); // scan -'s
  });
});

describe('history [PATH] names a repository', () => {
  it('a file is not taken for a missing directory: one line that says what to name instead', () => {
    const repo = serviceRepo();
    const r = runCli(['history', 'src/notify.js'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `swlint: ${path.join(repo.dir, 'src/notify.js')} is a file, not a repository: name the repository's directory, or run \`swlint history\` inside it\n`,
    );
  });
});

describe('help, version and completion: `swlint help [COMMAND]`, `swlint COMMAND --help`', () => {
  const oneLine = (stderr: string) => {
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    return stderr.trimEnd();
  };

  it.each([[['completion', '--help']], [['completion', '-h']], [['help', 'completion']]])('%j prints the usage of completion (exit 0)', (args) => {
    const r = runCli(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^swlint completion \[shell\]\n/);
    expect(r.stdout).toContain('bash or zsh');
    // help, not the script itself
    expect(r.stdout).not.toContain('###-begin-swlint-completions-###');
  });

  it('a mistake after `version` is named for `version`, not for the default command scan', () => {
    const extra = runCli(['version', 'extra']);
    expect(extra.code).toBe(2);
    expect(oneLine(extra.stderr)).toBe('swlint: `swlint version` takes no arguments (got "extra"; see swlint version --help)');
    const option = runCli(['version', '--format', 'json']);
    expect(option.code).toBe(2);
    expect(oneLine(option.stderr)).toMatch(/^swlint: unknown option --format: `swlint version` takes no arguments/);
    expect(option.stderr).not.toContain('swlint scan');
    expect(option.stdout).toBe('');
  });

  it.each([[['help', '--bogus']], [['help', 'history', '--format', 'json']], [['help', 'history', 'extra']]])(
    '%j: an option or a second name after `help` is an error, never dropped unread',
    (args) => {
      const r = runCli(args);
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toMatch(/^swlint: `swlint help` takes at most one command name/);
      expect(r.stdout).toBe('');
    },
  );

  it('`help history` and `help` still print help', () => {
    expect(runCli(['help', 'history']).stdout).toMatch(/^swlint history \[path\]/);
    const all = runCli(['help']);
    expect([all.code, all.stderr]).toEqual([0, '']);
    expect(all.stdout).toContain('Commands:');
  });
});

describe('an option given as --no-NAME is named so in its error', () => {
  it.each([
    [['history', '--no-ignore'], 'swlint: --no-ignore does not apply to `swlint history` (it is for: scan, baseline)'],
    [['rules', '--no-color'], 'swlint: --no-color does not apply to `swlint rules` (it is for: scan, history, staged, diff, baseline, merge, audit)'],
  ])('%j', (args, message) => {
    const r = runCli(args, { cwd: serviceRepo().dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${message}\n`);
  });

  it('the help lists --no-color, the contract spelling that turns colour off', () => {
    const help = runCli(['scan', '--help']).stdout;
    expect(help).toContain('--no-color');
    expect(help).toContain('--no-redact');
    expect(help).toContain('--no-ignore');
  });
});

describe('the README documents what the CLI offers and reports', () => {
  const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  /** the rows of the README table that follows `heading` */
  const table = (heading: string) => {
    const start = readme.indexOf(`\n${heading}\n`);
    expect(start, heading).toBeGreaterThan(-1);
    const rows = readme.slice(start).split('\n').slice(2);
    const first = rows.findIndex((l) => l.startsWith('|'));
    const end = rows.findIndex((l, i) => i > first && !l.startsWith('|'));
    return rows.slice(first, end).join('\n');
  };

  it('every option `--help` lists is in the Options table', () => {
    const options = table('## Options');
    // yargs lists every option of every command; the table names each one (negatable ones as --no-NAME or NAME)
    const missing = Object.keys(OPTIONS).filter((name) => !options.includes(`\`--${name}`) && !options.includes(`--no-${name}\``));
    expect(missing).toEqual([]);
  });

  it('every rule `swlint rules` lists has a row in "What it finds"', () => {
    const rules = JSON.parse(runCli(['rules', '--format', 'json']).stdout) as { id: string }[];
    const finds = table('## What it finds');
    expect(rules.map((r) => r.id).filter((id) => !finds.includes(`| \`${id}\` |`))).toEqual([]);
  });

  it('every skipped[].reason a scan reports is one the JSON section lists', () => {
    const repo = serviceRepo();
    repo.write('.gitignore', 'node_modules/\n.env\nbuild/\n');
    repo.write('build/bundle.js', `const SIGNALWIRE_API_TOKEN = '${fakeToken()}';\n`);
    // a Git LFS pointer: the object it names lives in LFS storage, not in the repository
    repo.write(
      'assets/recording.wav',
      'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n',
    );
    const r = runCli(['scan', '--format', 'json'], { cwd: repo.dir });
    const report = JSON.parse(r.stdout) as JsonReport & { skipped: { file: string; reason: string }[] };
    const reasons = [...new Set(report.skipped.map((s) => s.reason))].sort();
    expect(reasons).toEqual(['ignored', 'lfs-object']);
    const listed = readme.split('\n').find((l) => l.startsWith('- `skipped[].reason` is one of'))!;
    expect(reasons.filter((x) => !listed.includes(`\`${x}\``))).toEqual([]);
  });
});

describe('diff: the inventory says what HEAD still holds, as the findings do', () => {
  it('a token added and removed inside the range is history-only and no longer at HEAD; one the branch keeps is committed', () => {
    const repo = serviceRepo();
    const base = repo.git('rev-parse', 'HEAD').trim();
    const removed = fakeToken();
    const kept = fakeToken();
    repo.write('scripts/seed.py', `import requests\nSIGNALWIRE_API_TOKEN = '${removed}'\n`);
    repo.commit('seed script');
    repo.write('scripts/seed.py', "import os, requests\nSIGNALWIRE_API_TOKEN = os.environ['SIGNALWIRE_API_TOKEN']\n");
    repo.commit('read the token from the environment');
    repo.write('jobs/report.rb', `SIGNALWIRE_TOKEN = '${kept}'\n`);
    repo.commit('nightly report');
    const r = runCli(['diff', base, '--format', 'json'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport & {
      credentials: { match: string; exposure: string[]; stillPresent: boolean | null; presentIn: string[] }[];
    };
    const byFile = (file: string) => report.findings.find((f) => f.file === file && f.ruleId === 'signalwire-api-token')!;
    expect([byFile('scripts/seed.py').stillPresent, byFile('jobs/report.rb').stillPresent]).toEqual([false, true]);
    const cred = (file: string) => report.credentials.find((c) => c.match === byFile(file).match)!;
    expect(cred('scripts/seed.py')).toMatchObject({ exposure: ['history-only'], stillPresent: false, presentIn: [] });
    expect(cred('jobs/report.rb')).toMatchObject({ exposure: ['committed'], stillPresent: true, presentIn: ['jobs/report.rb'] });
    const text = runCli(['diff', base], { cwd: repo.dir }).stdout;
    expect(text).toMatch(/1 location; history-only; first committed [^\n]*; no longer at HEAD/);
    expect(text).toMatch(/1 location; committed; first committed [^\n]*; still in jobs\/report\.rb/);
  });
});
