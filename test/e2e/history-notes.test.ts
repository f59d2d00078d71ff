// Git notes (`git notes add`, refs/notes/*) are blobs in trees named by the object each note is
// about, fanned out (`d7/810c…`) once there are many. `swlint history` reports a token in a note
// at `(note on <id>)`, like `(commit message)` and `(tag message)`; and a path pattern written
// for files (`*`, `**`, .swlintignore's `*` then `!src/`) never hides what a message or a note
// holds: only a pattern that names those pseudo-paths does.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';
import { GIT_TEST_ENV } from '../helpers/git-env.js';
import { TestRepo } from '../helpers/git-repo.js';
import { seededHex } from '../helpers/random.js';
import { cleanupTempDirs } from '../helpers/temp.js';

afterAll(cleanupTempDirs);

// synthetic values of the real format
const NOTE_TOKEN = `PT${seededHex(8101, 48)}`;
const REVIEW_TOKEN = `PT${seededHex(8102, 48)}`;
const FANNED_TOKEN = `PT${seededHex(8103, 48)}`;
const MESSAGE_TOKEN = `PT${seededHex(8104, 48)}`;
const TAG_TOKEN = `PT${seededHex(8105, 48)}`;
const CODE_TOKEN = `PT${seededHex(8106, 48)}`;
const HEXNAME_TOKEN = `PT${seededHex(8107, 48)}`;

interface Built {
  repo: TestRepo;
  first: string;
  second: string;
  third: string;
  /** a file on main whose path looks like a fanned-out note: it is a file, and stays one */
  hexPath: string;
}

function build(): Built {
  const repo = TestRepo.create();
  repo.write('README.md', '# billing service\n');
  repo.write('src/app.js', "const client = require('./client');\nmodule.exports = client;\n");
  const first = repo.commit('initial import');
  repo.write('src/client.js', `const signalwireToken = '${CODE_TOKEN}';\nmodule.exports = { signalwireToken };\n`);
  const second = repo.commit('client');
  const hexPath = `vendor/cache/${seededHex(8200, 2)}/${seededHex(8201, 38)}`;
  repo.write(hexPath, `SIGNALWIRE_API_TOKEN=${HEXNAME_TOKEN}\n`);
  const third = repo.commit(`deploy: SIGNALWIRE_API_TOKEN=${MESSAGE_TOKEN}`);
  repo.git('tag', '-a', 'v1.0.0', '-m', `release 1.0.0\n\nsmoke test used SIGNALWIRE_API_TOKEN=${TAG_TOKEN}`);
  // notes as `git notes add` writes them (refs/notes/commits, and a second notes ref)
  repo.git('notes', 'add', '-m', `deployed to staging with SIGNALWIRE_API_TOKEN=${NOTE_TOKEN}`, first);
  repo.git('notes', '--ref=review', 'add', '-m', `reviewer: rotate ${REVIEW_TOKEN} after the demo`, second);
  // a note in a fanned-out tree (git writes `xx/yyyy…` once a notes tree grows), made by hand
  const noteBlob = gitIn(repo, `ops: SIGNALWIRE_API_TOKEN=${FANNED_TOKEN}\n`, 'hash-object', '-w', '--stdin');
  const sub = gitIn(repo, `100644 blob ${noteBlob}\t${third.slice(2)}\n`, 'mktree');
  const root = gitIn(repo, `040000 tree ${sub}\t${third.slice(0, 2)}\n`, 'mktree');
  const notesCommit = gitIn(repo, "Notes added by 'git notes add'\n", 'commit-tree', root);
  repo.git('update-ref', 'refs/notes/ops', notesCommit);
  expect(repo.git('notes', '--ref=ops', 'show', third)).toContain(FANNED_TOKEN);
  return { repo, first, second, third, hexPath };
}

/** git with `input` on its standard input; its output, trimmed */
function gitIn(repo: TestRepo, input: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo.dir, env: GIT_TEST_ENV, input, encoding: 'utf8' }).trim();
}

const where = (r: ReturnType<typeof runJson>) => r.findings.map((f) => `${f.file}:${f.line} ${f.match}`).sort();
const redacted = (t: string) => `${t.slice(0, 4)}…${t.slice(-4)}`;

describe('history: git notes', () => {
  it('a token in a note is reported at (note on <id>), with the notes commit; a file at a hex path stays a file', () => {
    const { repo, first, second, third, hexPath } = build();
    const r = runJson(['history'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(where(r)).toEqual(
      [
        `(commit message):1 ${redacted(MESSAGE_TOKEN)}`,
        `(note on ${first}):1 ${redacted(NOTE_TOKEN)}`,
        `(note on ${second}):1 ${redacted(REVIEW_TOKEN)}`,
        `(note on ${third}):1 ${redacted(FANNED_TOKEN)}`,
        `(tag message):3 ${redacted(TAG_TOKEN)}`,
        `${hexPath}:1 ${redacted(HEXNAME_TOKEN)}`,
        `src/client.js:1 ${redacted(CODE_TOKEN)}`,
      ].sort(),
    );
    const note = r.findings.find((f) => f.file === `(note on ${first})`)!;
    // the commit is the one that wrote the note, on refs/notes/commits
    expect(note.commit?.sha).toBe(repo.git('rev-parse', 'refs/notes/commits').trim());
    expect(note.commit?.message).toBe("Notes added by 'git notes add'");
    // a note is no file at HEAD
    expect(note.stillPresent).toBe(false);
    // and its fix says where the value is, not how to replace a literal in a file
    expect(note.fix).toMatch(/^Nothing to change in the code: it is in a git note, which git keeps\. Rotate it now:/);
    // nothing at the notes trees' own paths (the annotated ids, fanned out or not)
    expect(r.findings.some((f) => /^(?:[0-9a-f]{2}\/)?[0-9a-f]{38,40}$/.test(f.file))).toBe(false);

    // the same once git has packed the notes refs (`git gc` does)
    repo.git('pack-refs', '--all');
    expect(repo.git('for-each-ref', 'refs/notes/').split('\n').filter(Boolean)).toHaveLength(3);
    expect(runJson(['history'], { cwd: repo.dir }).findings).toEqual(r.findings);

    const text = runCli(['history', '--no-color'], { cwd: repo.dir });
    expect(text.stdout).toMatch(new RegExp(`^\\(note on ${third}\\)$`, 'm'));
    expect(text.stdout).not.toMatch(/PT[0-9a-f]{48}/);
  });

  it('file patterns do not hide messages or notes; patterns that name them do', () => {
    const { repo, first, hexPath } = build();
    const files = (r: ReturnType<typeof runJson>) => [...new Set(r.findings.map((f) => f.file.replace(/ on [0-9a-f]+\)$/, ')')))].sort();
    const messages = ['(commit message)', '(note)', '(tag message)'];

    // "ignore everything but src/", as in a .gitignore
    writeFileSync(path.join(repo.dir, '.swlintignore'), '*\n!src/\n');
    const ignored = runJson(['history'], { cwd: repo.dir });
    expect(files(ignored)).toEqual([...messages, 'src/client.js']);

    writeFileSync(path.join(repo.dir, '.swlintignore'), '');
    for (const globs of [['**'], ['*', '*/**'], ['**/*.md', 'docs/**', 'vendor/**']]) {
      writeFileSync(path.join(repo.dir, '.swlintrc.json'), JSON.stringify({ allowlist: { paths: globs } }));
      const r = runJson(['history'], { cwd: repo.dir });
      for (const m of messages) expect(files(r), JSON.stringify(globs)).toContain(m);
    }

    // deliberately: commit messages and every note (the tag's message still reported)
    writeFileSync(path.join(repo.dir, '.swlintrc.json'), JSON.stringify({ allowlist: { paths: ['(commit message)', '(note on *)'] } }));
    const chosen = runJson(['history'], { cwd: repo.dir });
    expect(files(chosen)).toEqual(['(tag message)', 'src/client.js', hexPath].sort());
    expect((chosen.report as unknown as { allowlisted: string[] }).allowlisted).toContain(`(note on ${first})`);
    // and in .swlintignore, one note by its object, the last matching line winning
    writeFileSync(path.join(repo.dir, '.swlintrc.json'), '{}');
    writeFileSync(path.join(repo.dir, '.swlintignore'), `(*\n!(note on ${first})\n`);
    const one = runJson(['history'], { cwd: repo.dir });
    expect(one.findings.filter((f) => f.file.startsWith('(')).map((f) => f.file)).toEqual([`(note on ${first})`]);
  });

  it('diff: a commit message of the range is reported whatever file patterns BASE ignores', () => {
    const repo = TestRepo.create();
    repo.write('src/app.js', 'module.exports = {};\n');
    repo.write('.swlintignore', '*\n!src/\n');
    repo.commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('docs/setup.md', `Set SIGNALWIRE_API_TOKEN=${CODE_TOKEN} in the shell.\n`);
    repo.write('src/app.js', 'module.exports = { region: "us" };\n');
    repo.commit(`setup notes (used SIGNALWIRE_API_TOKEN=${MESSAGE_TOKEN})`);
    const r = runJson(['diff', 'main'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    // the ignored file stays ignored; the message is no file
    expect(where(r)).toEqual([`(commit message):1 ${redacted(MESSAGE_TOKEN)}`]);
  });
});
