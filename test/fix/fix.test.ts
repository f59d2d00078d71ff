// `swlint fix` end to end: the built CLI on fixture projects in ten languages and formats,
// copied into fresh git repositories with synthetic credentials generated here.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, lstatSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { listFiles, snapshot } from './helpers.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fakeProjectId, fakeToken } from '../helpers/secrets.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';
import { TestRepo } from '../helpers/git-repo.js';
import { redact } from '../../src/engine/redact.js';

afterAll(cleanupTempDirs);

const FIXTURES = path.join(PROJECT_ROOT, 'fixtures/fix');
const SPACE = 'harborline-dental.signalwire.com';

/** A signing key of the real shape: PSK_ + 24 mixed letters and digits. */
const fakeSigningKey = () =>
  'PSK_a1B' +
  randomBytes(16)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 21);

interface Values {
  token: string;
  project: string;
  signing: string;
}

function values(): Values {
  return { token: fakeToken(), project: fakeProjectId(), signing: fakeSigningKey() };
}

/** A repository holding the fixture's input with the values filled in, committed. */
function fixtureRepo(name: string, v: Values): TestRepo {
  const repo = TestRepo.create();
  cpSync(path.join(FIXTURES, name, 'input'), repo.dir, { recursive: true });
  for (const f of listFiles(repo.dir)) {
    const abs = path.join(repo.dir, f);
    writeFileSync(abs, readFileSync(abs, 'utf8').replaceAll('__TOKEN__', v.token).replaceAll('__PROJECT__', v.project).replaceAll('__SIGNING__', v.signing));
  }
  repo.commit('initial');
  return repo;
}

// ---------------------------------------------------------------------------------------
// language checkers: each fixed file must still parse with its language's own tool

interface Checker {
  id: string;
  /** null: runs in-process */
  command: string | null;
  exts: RegExp;
  check(file: string): string | null;
}

const has = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' }).status === 0;
let pycache: string | undefined;
const tool = (cmd: string, args: (file: string) => string[]) => (file: string) => {
  // py_compile would leave __pycache__ in the repository (a binary file the next run reports as not scanned)
  const r = spawnSync(cmd, args(file), { encoding: 'utf8', env: { ...process.env, PYTHONPYCACHEPREFIX: (pycache ??= tempDir('swlint-pycache-')) } });
  return r.status === 0 ? null : `${cmd}: ${r.stdout}${r.stderr}`;
};

const CHECKERS: Checker[] = [
  { id: 'node --check', command: 'node', exts: /\.(c|m)?js$/, check: tool(process.execPath, (f) => ['--check', f]) },
  {
    id: 'typescript',
    command: null,
    exts: /\.(c|m)?ts$/,
    check: (f) => {
      const out = ts.transpileModule(readFileSync(f, 'utf8'), { reportDiagnostics: true, fileName: f });
      return out.diagnostics?.length ? ts.flattenDiagnosticMessageText(out.diagnostics[0]!.messageText, '\n') : null;
    },
  },
  { id: 'python3 -m py_compile', command: 'python3', exts: /\.py$/, check: tool('python3', (f) => ['-m', 'py_compile', f]) },
  { id: 'php -l', command: 'php', exts: /\.php$/, check: tool('php', (f) => ['-l', f]) },
  { id: 'ruby -c', command: 'ruby', exts: /\.rb$/, check: tool('ruby', (f) => ['-c', f]) },
  { id: 'gofmt -e', command: 'gofmt', exts: /\.go$/, check: tool('gofmt', (f) => ['-e', f]) },
  { id: 'bash -n', command: 'bash', exts: /\.sh$/, check: tool('bash', (f) => ['-n', f]) },
];
const available = new Set(
  CHECKERS.filter((c) => c.command === null || has(c.command, c.command === 'gofmt' ? ['-l', '/dev/null'] : ['--version'])).map((c) => c.id),
);
const checkersRan = new Set<string>();

function parses(file: string): void {
  for (const c of CHECKERS) {
    if (!c.exts.test(file) || !available.has(c.id)) continue;
    checkersRan.add(c.id);
    expect(c.check(file), `${c.id} on ${path.basename(file)}`).toBeNull();
  }
}

// ---------------------------------------------------------------------------------------

interface Case {
  name: string;
  /** the files fix changes (their fixed text is fixtures/fix/NAME/expected/FILE) */
  changed: string[];
  /** .env lines, in order, with the value's kind */
  env: [string, keyof Values | 'space'][];
}

const CASES: Case[] = [
  {
    name: 'node',
    changed: ['src/sms.ts', 'src/webhook.js'],
    env: [
      ['SW_PROJECT', 'project'],
      ['SW_API_TOKEN', 'token'],
      ['SIGNALWIRE_SPACE_URL', 'space'],
      ['SIGNALWIRE_SIGNING_KEY', 'signing'],
    ],
  },
  {
    name: 'python',
    changed: ['app/notify.py'],
    env: [
      ['SIGNALWIRE_PROJECT_ID', 'project'],
      ['SIGNALWIRE_API_TOKEN', 'token'],
      ['SIGNALWIRE_SPACE_URL', 'space'],
    ],
  },
  {
    // the code writes the values into the environment itself, or gives them as a lookup's default
    name: 'environment',
    changed: ['cmd/dev/main.go', 'config/settings.py', 'lib/boot.rb', 'scripts/dev.js'],
    env: [
      ['SW_PROJECT', 'project'],
      ['SW_TOKEN', 'token'],
    ],
  },
  {
    name: 'php',
    changed: ['send.php'],
    env: [
      ['SIGNALWIRE_PROJECT_ID', 'project'],
      ['SIGNALWIRE_API_TOKEN', 'token'],
      ['SIGNALWIRE_SPACE_URL', 'space'],
    ],
  },
  {
    name: 'ruby',
    changed: ['send.rb'],
    env: [
      ['SIGNALWIRE_PROJECT_ID', 'project'],
      ['SIGNALWIRE_API_TOKEN', 'token'],
      ['SIGNALWIRE_SPACE_URL', 'space'],
    ],
  },
  {
    name: 'go',
    changed: ['main.go'],
    env: [
      ['SIGNALWIRE_PROJECT_ID', 'project'],
      ['SIGNALWIRE_API_TOKEN', 'token'],
      ['SIGNALWIRE_SPACE_URL', 'space'],
    ],
  },
  {
    name: 'csharp',
    changed: ['SignalWireSettings.cs'],
    env: [
      ['SIGNALWIRE_PROJECT_ID', 'project'],
      ['SIGNALWIRE_API_TOKEN', 'token'],
      ['SIGNALWIRE_SPACE_URL', 'space'],
    ],
  },
  {
    name: 'java',
    changed: ['src/main/java/com/acme/Sms.java'],
    env: [
      ['SIGNALWIRE_PROJECT_ID', 'project'],
      ['SIGNALWIRE_API_TOKEN', 'token'],
      ['SIGNALWIRE_SPACE_URL', 'space'],
    ],
  },
  {
    name: 'compose',
    changed: ['docker-compose.yml'],
    env: [
      ['SIGNALWIRE_PROJECT_ID', 'project'],
      ['SIGNALWIRE_API_TOKEN', 'token'],
      ['SIGNALWIRE_SPACE_URL', 'space'],
    ],
  },
  {
    name: 'workflow',
    changed: ['.github/workflows/smoke.yml'],
    env: [
      ['SIGNALWIRE_PROJECT_ID', 'project'],
      ['SIGNALWIRE_API_TOKEN', 'token'],
      ['SIGNALWIRE_SPACE_URL', 'space'],
    ],
  },
  {
    name: 'shell',
    changed: ['scripts/numbers.sh'],
    env: [
      ['SIGNALWIRE_PROJECT_ID', 'project'],
      ['SIGNALWIRE_API_TOKEN', 'token'],
      ['SIGNALWIRE_SPACE_URL', 'space'],
    ],
  },
];

const expected = (name: string, file: string) => readFileSync(path.join(FIXTURES, name, 'expected', file), 'utf8');

/** `git diff` of one file as swlint fix prints it: no git headers, no function context, secrets redacted. */
function gitDiffAsShown(repo: TestRepo, file: string, secrets: string[]): string {
  let d = repo.git('-c', 'core.pager=cat', 'diff', '--no-color', '--no-ext-diff', '-U3', '--', file);
  d = d
    .split('\n')
    .filter((l) => !/^(diff --git|index )/.test(l))
    .map((l) => l.replace(/^(@@ [^@]+ @@).*$/, '$1'))
    .join('\n');
  for (const s of secrets) d = d.split(s).join(redact(s));
  return d.trimEnd();
}

describe.each(CASES)('swlint fix: $name', (c) => {
  it('dry run shows the diff and writes nothing; --apply writes it; the files parse; scan is clean; a second run changes nothing', () => {
    const v = values();
    const repo = fixtureRepo(c.name, v);
    const secrets = [v.token, v.project, v.signing, SPACE];
    const before = snapshot(repo);

    const dry = runCli(['fix'], { cwd: repo.dir });
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(1);
    expect(snapshot(repo)).toEqual(before);
    for (const s of [v.token, v.project, v.signing]) expect(dry.stdout).not.toContain(s);
    expect(dry.stdout).toContain('dry run, nothing written');

    const applied = runCli(['fix', '--apply'], { cwd: repo.dir });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    for (const s of [v.token, v.project, v.signing]) expect(applied.stdout).not.toContain(s);

    // the dry run's diff is exactly what --apply did
    for (const file of c.changed) {
      expect(readFileSync(path.join(repo.dir, file), 'utf8'), file).toBe(expected(c.name, file));
      const diff = gitDiffAsShown(repo, file, secrets);
      expect(diff).toMatch(/^--- a\/.*\n\+\+\+ b\/.*\n@@ -\d+,\d+ \+\d+,\d+ @@\n/);
      expect(dry.stdout).toContain(diff);
      parses(path.join(repo.dir, file));
    }
    expect(repo.git('diff', '--name-only').trim().split('\n').sort()).toEqual([...c.changed].sort());
    const valueOf = (k: keyof Values | 'space') => (k === 'space' ? SPACE : v[k]);
    expect(readFileSync(path.join(repo.dir, '.env'), 'utf8')).toBe(c.env.map(([k, kind]) => `${k}=${valueOf(kind)}\n`).join(''));
    expect(lstatSync(path.join(repo.dir, '.env')).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(repo.dir, '.env.example'), 'utf8')).toBe(expected(c.name, '.env.example'));
    expect(readFileSync(path.join(repo.dir, '.gitignore'), 'utf8')).toBe('.env\n');
    expect(repo.git('check-ignore', '.env').trim()).toBe('.env');

    const scan = runCli(['scan', '--format', 'json'], { cwd: repo.dir });
    expect(JSON.parse(scan.stdout).findings).toEqual([]);
    expect(scan.code).toBe(0);

    const after = snapshot(repo);
    const again = runCli(['fix', '--apply'], { cwd: repo.dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('swlint fix: no hard-coded SignalWire credential to fix\n');
    expect(snapshot(repo)).toEqual(after);
  }, 120_000);
});

describe('swlint fix: a basic-auth pair written over lines', () => {
  it('reads each value from the environment once, though the token on its own line is a finding of its own', () => {
    const v = values();
    const repo = TestRepo.create();
    repo.write(
      'src/numbers.js',
      [
        "import axios from 'axios';",
        '',
        'export async function listNumbers() {',
        `  const res = await axios.get('https://${SPACE}/api/relay/rest/phone_numbers', {`,
        '    auth: {',
        `      username: '${v.project}',`,
        `      password: '${v.token}',`,
        '    },',
        '  });',
        '  return res.data;',
        '}',
        '',
      ].join('\n'),
    );
    repo.commit('initial');
    const scan = runCli(['scan', '--format', 'json'], { cwd: repo.dir });
    const found = (JSON.parse(scan.stdout) as { findings: { ruleId: string; line: number }[] }).findings.map((f) => `${f.ruleId}:${f.line}`);
    expect(found).toEqual(expect.arrayContaining(['signalwire-basic-auth:6', 'signalwire-api-token:7']));

    const applied = runCli(['fix', '--apply'], { cwd: repo.dir });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const fixed = readFileSync(path.join(repo.dir, 'src/numbers.js'), 'utf8');
    expect(fixed).toContain('      username: process.env.SIGNALWIRE_PROJECT_ID,\n      password: process.env.SIGNALWIRE_API_TOKEN,\n');
    for (const s of [v.token, v.project]) expect(fixed).not.toContain(s);
    parses(path.join(repo.dir, 'src/numbers.js'));
    expect(readFileSync(path.join(repo.dir, '.env'), 'utf8')).toContain(`SIGNALWIRE_API_TOKEN=${v.token}\n`);
  }, 60_000);
});

describe('swlint fix: the language checkers', () => {
  it('ran every checker this machine has (CI installs php and ruby)', () => {
    // runs after the fixture suites above (vitest runs a file's tests in order)
    const always = ['node --check', 'typescript', 'python3 -m py_compile', 'bash -n'];
    const ci = process.env.CI === 'true' ? ['php -l', 'ruby -c'] : [];
    for (const id of [...always, ...ci]) expect(available.has(id), `${id} is missing`).toBe(true);
    expect([...checkersRan].sort()).toEqual([...available].sort());
    console.log(
      `checkers that ran: ${[...checkersRan].sort().join(', ')}; not on this machine: ${
        CHECKERS.map((c) => c.id)
          .filter((id) => !available.has(id))
          .join(', ') || 'none'
      }`,
    );
  });
});
