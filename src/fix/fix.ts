// `swlint fix`: move hard-coded SignalWire credentials out of the code into .env, in each
// file's own language. Decide everything first (which literal becomes which lookup, what .env,
// .env.example and .gitignore gain), refuse the whole run on any conflict, then write every
// file atomically. Prints nothing itself: returns the text and the exit code.
import { escapeControlsKeepLines } from '../report/safe-text.js';
import { promises as fs, constants as fsConstants } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { LocatedFinding } from '../engine/engine.js';
import { redact } from '../engine/redact.js';
import { DEFAULT_MAX_FILE_SIZE, type RunOptions } from '../options.js';
import { gitToplevel } from '../sources/git/repo.js';
import { fileNameOf, isDotenvName, ROTATE_TOKEN } from '../detect/language.js';
import { isSignalWireName, keyWords } from '../detect/context.js';
import { AS_UTF16_CHARACTERS, IN_BINARY_STRINGS, IN_COMPRESSED, IN_OTHER_ENCODING } from '../scan/unit.js';
import {
  constantRefusal,
  constantUseIn,
  environmentUseAt,
  fixLanguageOf,
  Refused,
  rewrite,
  type FixLanguage,
  type Piece,
  type RangeEdit,
} from './languages.js';
import { lex, LexError } from './lex.js';
import { appendLines, dotenvLine, parseDotenv } from './dotenv.js';
import { unifiedDiff } from './diff.js';
import { environmentReads, filesWithWords, headVersions, isIgnored, trackedOf, unstagedOf, untrack } from './git.js';

export interface FixOptions {
  cwd: string;
  /** files or directories to fix (default: the current directory) */
  paths: string[];
  /** fix the files whose staged content `swlint staged` reports */
  staged: boolean;
  /** write; otherwise show the diff only */
  apply: boolean;
  /** allow files with uncommitted (unstaged or untracked) changes */
  force: boolean;
  redact: boolean;
  config?: string;
}

export interface FixOutcome {
  code: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

type Kind = 'token' | 'project' | 'space' | 'signing' | 'pat';

const KIND_OF_RULE: Record<string, Kind> = {
  'signalwire-api-token': 'token',
  'signalwire-signing-key': 'signing',
  'signalwire-personal-access-token': 'pat',
  'signalwire-project-id': 'project',
  'signalwire-space-url': 'space',
};
const PAIR_RULE = 'signalwire-basic-auth';
/** Rules whose match is a credential (redacted wherever fix prints a line). */
const CREDENTIAL_RULES = new Set([...Object.keys(KIND_OF_RULE), PAIR_RULE, 'signalwire-client-token', 'signalwire-public-env-exposure']);

const DEFAULT_NAME: Record<Kind, string> = {
  token: 'SIGNALWIRE_API_TOKEN',
  project: 'SIGNALWIRE_PROJECT_ID',
  space: 'SIGNALWIRE_SPACE_URL',
  signing: 'SIGNALWIRE_SIGNING_KEY',
  pat: 'SIGNALWIRE_TOKEN',
};

/** The default's alternative when the default holds a value of another kind. */
const SPECIFIC_NAME: Record<Kind, string> = {
  token: 'SIGNALWIRE_REST_API_TOKEN',
  project: 'SIGNALWIRE_PROJECT',
  space: 'SIGNALWIRE_SPACE_HOST',
  signing: 'SIGNALWIRE_WEBHOOK_SIGNING_KEY',
  pat: 'SIGNALWIRE_PERSONAL_ACCESS_TOKEN',
};

const PLACEHOLDER: Record<Kind, string> = {
  token: 'PT' + 'x'.repeat(48),
  project: 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
  space: 'your-space.signalwire.com',
  signing: 'PSK_your_signing_key',
  pat: 'pat_your_personal_access_token',
};

const ROTATE: Record<Kind, string> = {
  token: ROTATE_TOKEN,
  signing: "Rotate it: in your Space open the project's API credentials and rotate the signing key, then deploy the new key",
  pat: 'Revoke it at id.signalwire.com > Personal Access Tokens and create a new one',
  project: 'Not a secret by itself: nothing to rotate (it now comes from the environment, so each environment can use its own project)',
  space: 'Not a secret by itself: nothing to rotate',
};

/** How an existing variable name says what it holds. */
function kindOfName(name: string): Kind | null {
  if (/PAT$|PAT_|PERSONAL/.test(name)) return 'pat';
  if (/SIGNING/.test(name)) return 'signing';
  if (/PROJECT|ACCOUNT/.test(name)) return 'project';
  if (/SPACE|HOST|DOMAIN|URL/.test(name)) return 'space';
  if (/TOKEN|API_KEY|AUTH|SECRET|PASSWORD/.test(name)) return 'token';
  return null;
}

/**
 * Per kind: the word a name without SignalWire in it must hold to be taken for this credential,
 * and the words it may hold besides (`API_TOKEN`, `AUTH_TOKEN`, `PROJECT_ID`, `ACCOUNT_SID`,
 * `SPACE_URL`). Any other word names something else: a Laravel app's .env.example reads
 * `AWS_SECRET_ACCESS_KEY`, `DB_HOST` and `APP_URL`, which are no SignalWire credential's.
 */
const GENERIC_NAME: Record<Kind, { core: RegExp; words: RegExp }> = {
  token: { core: /^token$/, words: /^(?:api|rest|auth|token)$/ },
  project: { core: /^(?:project|projectid|sid)$/, words: /^(?:project|projectid|proj|id|account|sid)$/ },
  space: { core: /^space$/, words: /^(?:space|url|host|name|domain)$/ },
  signing: { core: /^signing$/, words: /^(?:signing|key|secret|webhook)$/ },
  pat: { core: /^(?:personal|pat)$/, words: /^(?:personal|access|token|pat)$/ },
};

/** Whether a variable the repository reads may hold a SignalWire credential of this kind: it names SignalWire, or names nothing else. */
function mayHoldSignalWire(name: string, kind: Kind): boolean {
  if (isSignalWireName(name)) return true;
  const words = keyWords(name);
  const { core, words: allowed } = GENERIC_NAME[kind];
  return words.some((w) => core.test(w)) && words.every((w) => allowed.test(w));
}

/** A credential value found in code, and the variable it moves to. */
interface Credential {
  value: string;
  kind: Kind;
  name: string;
  /** files (relative to the top level) it was moved out of */
  files: Set<string>;
  /** other names code reads the same value by (it writes it, or defaults a lookup of it, under each): .env gets each */
  aliases: Set<string>;
}

interface Remaining {
  /** a finding of another rule, which a rewrite of its file may remove (where it ends) */
  other?: { endLine: number; endColumn: number };
  file: string;
  line: number;
  column: number;
  ruleId: string;
  why: string;
}

interface PlannedWrite {
  /** relative to the top level */
  file: string;
  abs: string;
  before: string | null;
  beforeBytes: Buffer | null;
  after: string;
  bom: boolean;
  mode: number;
  /** .env: shown as added keys, never as a diff */
  secret?: boolean;
}

class FixError extends Error {}

export async function runFix(options: FixOptions): Promise<FixOutcome> {
  let outcome: FixOutcome;
  try {
    outcome = await fix(options);
  } catch (e) {
    if (!(e instanceof FixError)) throw e;
    outcome = { code: 2, stdout: '', stderr: `swlint: ${e.message}\n` };
  }
  // file names come from the repository: no control character reaches the terminal
  return { ...outcome, stdout: printable(outcome.stdout), stderr: printable(outcome.stderr) };
}

/** Control characters (but tab and newline) and bidi overrides escaped: src/report/safe-text.ts. */
const printable = escapeControlsKeepLines;

/** Why a value read from a file's bytes rather than its text (a binary's strings, a compressed file's contents, another encoding) is left to be fixed by hand; null for one in the text. */
function whyByHand(message: string): string | null {
  if (message.endsWith(IN_BINARY_STRINGS))
    return 'a binary file (build output, bytecode or a database): fix the source it is built from, rebuild, and stop committing the file (git rm --cached)';
  if (message.includes(IN_COMPRESSED))
    return 'inside a compressed file (an archive, a gzip file, a PDF, a document saved as zip): fix the files it is made from, make it again, and stop committing it if it is build output';
  if (message.endsWith(IN_OTHER_ENCODING) || message.endsWith(AS_UTF16_CHARACTERS))
    return 'the value is in the file in another encoding than its text (UTF-16 or UTF-32 bytes, or characters git writes out as UTF-16): remove it by hand and save the file as UTF-8';
  return null;
}

async function fix(o: FixOptions): Promise<FixOutcome> {
  const top = await gitToplevel(o.cwd);
  if (!top)
    throw new FixError('swlint fix works inside a git repository (git diff is how you review what it changed): run it in one, or `git init` and commit first');
  const realTop = await fs.realpath(top);
  const { run } = await import('../run.js');
  const base: RunOptions = {
    mode: 'scan',
    paths: o.paths,
    cwd: o.cwd,
    format: 'text',
    config: o.config,
    failOn: 'error',
    // the values are needed to move them: nothing below prints one unredacted unless --no-redact
    redact: false,
    color: false,
    rules: [],
    disable: [],
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    jobs: 2,
    quiet: true,
    verbose: false,
  };
  let paths = o.paths;
  if (o.staged && o.paths.length) throw new FixError('swlint fix --staged takes no paths: it fixes the files whose staged content holds credentials');
  if (o.staged) {
    const staged = await run({ ...base, mode: 'staged', paths: [] });
    paths = [...new Set(staged.findings.map((f) => path.join(staged.root, f.file)))];
    if (paths.length === 0) return { code: 0, stdout: 'swlint fix: nothing staged holds a SignalWire credential; nothing to fix\n', stderr: '' };
  }
  const result = await run({ ...base, paths });
  if (result.summary.incomplete) throw new FixError('the scan did not finish, so nothing was changed: run swlint fix again');
  const rel = (f: LocatedFinding) => path.relative(top, path.resolve(result.root, f.file)).split(path.sep).join('/');

  // 1. what each finding asks for, file by file
  const remaining: Remaining[] = [];
  const byFile = new Map<string, LocatedFinding[]>();
  let envHygiene = false;
  for (const f of result.findings) {
    const file = rel(f);
    const baseName = fileNameOf(file);
    if (file === '.env' && (f.ruleId === 'dotenv-not-ignored' || f.ruleId === 'dotenv-committed' || KIND_OF_RULE[f.ruleId] || f.ruleId === PAIR_RULE)) {
      // the root .env is where values belong: what it needs is to stay out of git
      envHygiene = true;
      continue;
    }
    const byHand = whyByHand(f.message);
    if (byHand) {
      remaining.push({ file, line: f.line, column: f.column, ruleId: f.ruleId, why: byHand + rotation(f.ruleId) });
      continue;
    }
    if (!(f.ruleId in KIND_OF_RULE) && f.ruleId !== PAIR_RULE) {
      remaining.push({ file, line: f.line, column: f.column, ruleId: f.ruleId, why: f.fix, other: { endLine: f.endLine, endColumn: f.endColumn } });
      continue;
    }
    if (isDotenvName(baseName)) {
      remaining.push({
        file,
        line: f.line,
        column: f.column,
        ruleId: f.ruleId,
        why: 'a .env-style file other than the root .env: keep it out of git (.gitignore, git rm --cached) or merge its keys into .env',
      });
      continue;
    }
    const list = byFile.get(file) ?? [];
    list.push(f);
    byFile.set(file, list);
  }

  // 2. read and check each file; note the values it holds
  const envText = await readOptional(path.join(top, '.env'));
  const envKeys = parseDotenv(envText ?? '');
  const reads = byFile.size ? await environmentReads(top) : new Map<string, number>();
  const exampleText = await readOptional(path.join(top, '.env.example'));
  const examples = parseDotenv(exampleText ?? '');
  for (const k of examples.keys()) reads.set(k, (reads.get(k) ?? 0) + 1);
  for (const k of envKeys.keys()) reads.set(k, (reads.get(k) ?? 0) + 1);
  const credentials = new Map<string, Credential>();
  const namesTaken = new Map<string, string>();
  // every file first: a value the code writes into the environment (os.environ["X"] = …) or
  // gives as a lookup's default (os.getenv("X", …)) must be named X in .env, wherever it is met first,
  // and no other value may take X, whichever is met first
  const sources = new Map<string, SourceFile | string>();
  const namedByCode = new Map<string, string>();
  const reservedKind = new Map<string, Kind>();
  const environmentOf = new Map<LocatedFinding, RangeEdit['environment']>();
  for (const [file, findings] of byFile) {
    if ('refused' in fixLanguageOf(file)) continue;
    const read = await readSource(path.join(top, file), realTop);
    sources.set(file, read);
    if (typeof read === 'string') continue;
    const starts = lineStarts(read.text);
    for (const f of findings) {
      const kind = KIND_OF_RULE[f.ruleId];
      const use = kind && environmentUseAt(read.text, starts[f.line - 1] ?? 0, offsetOf(starts, f.line, f.column));
      if (!use) continue;
      environmentOf.set(f, use);
      const key = credentialKey(f.match, kind);
      if (!namedByCode.has(key)) namedByCode.set(key, use.name);
      if (!namesTaken.has(use.name)) {
        namesTaken.set(use.name, key);
        reservedKind.set(use.name, kind);
      }
    }
  }
  const credentialFor = (value: string, kind: Kind, codeName?: string): { credential: Credential; name: string } => {
    const key = credentialKey(value, kind);
    let c = credentials.get(key);
    if (!c) {
      const named = namedByCode.get(key);
      const kindOfTaken = (n: string) => credentials.get(namesTaken.get(n) ?? '')?.kind ?? reservedKind.get(n);
      const name = named && namesTaken.get(named) === key ? named : chooseName(value, kind, envKeys, reads, namesTaken, examples, kindOfTaken);
      c = { value, kind, name, files: new Set(), aliases: new Set() };
      namesTaken.set(c.name, key);
      credentials.set(key, c);
    }
    // the name this code writes the value under, or defaults a lookup of to it, stays its name (unless another value has it)
    if (codeName && codeName !== c.name && (namesTaken.get(codeName) ?? key) === key) {
      namesTaken.set(codeName, key);
      return { credential: c, name: codeName };
    }
    return { credential: c, name: c.name };
  };

  const writes: PlannedWrite[] = [];
  const shownSecrets = new Set<string>();
  for (const f of result.findings) {
    if (!CREDENTIAL_RULES.has(f.ruleId)) continue;
    for (const part of f.ruleId === PAIR_RULE ? splitPair(f.match) : [f.match]) shownSecrets.add(part);
  }
  for (const [file, findings] of byFile) {
    const abs = path.join(top, file);
    const refuse = (why: string) => {
      for (const f of findings) remaining.push({ file, line: f.line, column: f.column, ruleId: f.ruleId, why: why + rotation(f.ruleId) });
    };
    const lang = fixLanguageOf(file);
    if ('refused' in lang) {
      refuse(lang.refused);
      continue;
    }
    const read = sources.get(file) ?? (await readSource(abs, realTop));
    if (typeof read === 'string') {
      refuse(read);
      continue;
    }
    const { text, bom, bytes, mode } = read;
    const { edits, refusals } = planFile(text, findings, credentialFor, shownSecrets, environmentOf);
    // `whole`: all of the file's edits, after which none of its values may be left
    let constants: string[] = [];
    const attempt = (some: PlannedEdit[], whole: boolean): string => {
      const rewritten = rewrite(text, lang, some);
      verify(rewritten.text, lang, whole ? some.flatMap((e) => e.credentials) : []);
      if (whole) constants = rewritten.constants;
      return rewritten.text;
    };
    let after: string | null = null;
    if (refusals.size === 0) {
      try {
        after = attempt(edits, true);
      } catch (e) {
        if (!(e instanceof Refused)) throw e;
      }
    }
    if (after === null) {
      // never part of a file: say which values stopped it, and that the others wait for them
      findings.forEach((f, i) => {
        let why = refusals.get(i) ?? 'left as is: another value in this file cannot be moved automatically, and swlint fix never edits part of a file';
        if (!refusals.has(i)) {
          try {
            attempt(
              edits.filter((e) => e.finding === i),
              false,
            );
          } catch (one) {
            if (!(one instanceof Refused)) throw one;
            why = one.message;
          }
        }
        remaining.push({ file, line: f.line, column: f.column, ruleId: f.ruleId, why });
      });
      continue;
    }
    // a constant that now reads the environment must not be one that other files use as a constant
    const elsewhere = constants.length ? await constantUseElsewhere(top, file, lang, constants) : null;
    if (elsewhere) {
      refuse(elsewhere);
      continue;
    }
    for (const e of edits)
      e.credentials.forEach((c, i) => {
        c.files.add(file);
        if (e.names[i] !== c.name) c.aliases.add(e.names[i]!);
      });
    writes.push({ file, abs, before: text, beforeBytes: bytes, after, bom, mode });
  }
  // other findings in a rewritten file that the rewrite removed (http:// to a host now read from the environment)
  const rewritten = new Map(writes.map((w) => [w.file, w]));
  for (let i = remaining.length - 1; i >= 0; i--) {
    const r = remaining[i]!;
    const w = rewritten.get(r.file);
    if (!w || !r.other || w.before === null) continue;
    const starts = lineStarts(w.before);
    const raw = w.before.slice(offsetOf(starts, r.line, r.column), offsetOf(starts, r.other.endLine, r.other.endColumn));
    if (raw !== '' && !w.after.includes(raw)) remaining.splice(i, 1);
  }
  // credentials only in refused files do not move
  const moved = [...credentials.values()]
    .filter((c) => c.files.size > 0)
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.name < b.name ? -1 : 1));

  // 3. .env, .env.example, .gitignore, and a tracked .env
  const errors: string[] = [];
  let untrackEnv = false;
  if (moved.length || envHygiene) {
    const envLines: string[] = [];
    for (const c of moved)
      for (const name of namesOf(c)) {
        const has = envKeys.get(name);
        if (has === undefined) envLines.push(dotenvLine(name, c.value));
        else if (credentialKey(has, c.kind) !== credentialKey(c.value, c.kind))
          errors.push(
            `.env already sets ${name} to a different value than the one in ${[...c.files].join(', ')}: decide which is right (put it in .env, or rename the key there), then run swlint fix again`,
          );
      }
    if (envLines.length) writes.push(await plannedText(top, '.env', envText, appendLines(envText ?? '', envLines), true));
    const exampleKeys = parseDotenv(exampleText ?? '');
    const exampleLines = moved.flatMap((c) =>
      namesOf(c)
        .filter((name) => !exampleKeys.has(name))
        .map((name) => `${name}=${PLACEHOLDER[c.kind]}`),
    );
    if (exampleLines.length) writes.push(await plannedText(top, '.env.example', exampleText, appendLines(exampleText ?? '', exampleLines), false));
    if (!(await isIgnored(top, '.env'))) {
      const gi = await readOptional(path.join(top, '.gitignore'));
      writes.push(await plannedText(top, '.gitignore', gi, appendLines(gi ?? '', ['.env']), false));
    }
    untrackEnv = (await trackedOf(top, ['.env'])).has('.env');
  }

  // 4. refuse files whose uncommitted changes git diff would mix with ours
  const checked = writes.filter((w) => w.file !== '.env' && w.before !== null).map((w) => w.file);
  const tracked = await trackedOf(top, checked);
  const unstaged = await unstagedOf(top, checked);
  if (!o.force) {
    for (const file of checked) {
      if (!tracked.has(file))
        errors.push(`${file} is not tracked by git: \`git add\` it first, so that git diff shows exactly what swlint fix changed (or pass --force)`);
      else if (unstaged.has(file))
        errors.push(
          `${file} has changes that are not staged: commit, stage or stash them first, so that git diff shows exactly what swlint fix changed (or pass --force)`,
        );
    }
  }
  if (errors.length) {
    return { code: 2, stdout: '', stderr: errors.map((e) => `swlint: ${e}`).join('\n') + '\nswlint: nothing was changed\n' };
  }

  // 5. show, or write
  const show = shower(o.redact, [...shownSecrets, ...moved.map((c) => c.value)]);
  const out: string[] = [];
  const codeWrites = writes.filter((w) => !['.env', '.env.example', '.gitignore'].includes(w.file));
  if (o.apply && writes.length) {
    await writeAll(writes);
    for (const w of writes) out.push(`swlint fix: ${w.before === null ? 'created' : 'updated'} ${w.file}${w.secret ? ' (git-ignored; holds the values)' : ''}`);
    if (untrackEnv) {
      await untrack(top, '.env');
      out.push('swlint fix: ran git rm --cached .env (the file stays on disk; commit the removal)');
    }
  } else {
    for (const w of writes) {
      if (w.secret) {
        out.push(`--- ${w.before === null ? '/dev/null' : 'a/.env'} (git-ignored: the values go here; shown redacted)`);
        for (const line of w.after
          .slice((w.before ?? '').length)
          .split(/\r?\n/)
          .filter(Boolean))
          out.push(`+${show(line)}`);
      } else {
        out.push(unifiedDiff(w.file, w.before, w.after, show).trimEnd());
      }
    }
    if (untrackEnv) out.push('would run: git rm --cached .env (it is tracked; --apply runs it and keeps the file on disk)');
  }
  if (remaining.length) {
    out.push('', 'Not fixed automatically (left untouched):');
    for (const r of remaining.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column))
      out.push(`  ${r.file}:${r.line}:${r.column} ${r.ruleId}: ${show(r.why)}`);
  }
  if (moved.length) out.push('', ...(await rotationChecklist(top, moved, show)));
  const proposed = writes.length > 0 || untrackEnv;
  if (!proposed && !remaining.length) out.push('swlint fix: no hard-coded SignalWire credential to fix');
  else if (!o.apply && proposed)
    out.push(
      '',
      `swlint fix: dry run, nothing written: ${codeWrites.length} file${codeWrites.length === 1 ? '' : 's'} to change, ${moved.length} credential${moved.length === 1 ? '' : 's'} to move. Run \`swlint fix${o.staged ? ' --staged' : ''} --apply\` to write.`,
    );
  else if (o.apply && proposed)
    out.push(
      '',
      `swlint fix: review with \`git diff\`, then \`git add\` the changed files${o.staged ? ' and commit again' : ''}; set the variables wherever the code runs (CI, hosting).`,
    );
  // files .gitignore leaves out are not the code being fixed: only what could not be read counts
  // (a binary whose strings were scanned was read, as far as a binary can be)
  const unread = result.skipped.filter((sk) => sk.reason !== 'ignored' && !(sk.reason === 'binary' && sk.detail));
  if (unread.length) {
    // images and archives are expected; a file too large or unreadable is worth a look: said apart, with the reasons
    const binary = unread.filter((sk) => sk.reason === 'binary').length;
    const byReason = new Map<string, number>();
    for (const sk of unread) if (sk.reason !== 'binary') byReason.set(sk.reason, (byReason.get(sk.reason) ?? 0) + 1);
    const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
    const parts = [...(binary ? [`${files(binary)} skipped as binary`] : []), ...[...byReason].map(([reason, n]) => `${files(n)} not read (${reason})`)];
    out.push(`swlint fix: ${parts.join(', ')}: \`swlint scan --verbose\` lists them`);
  }
  const code: 0 | 1 = (!o.apply && proposed) || remaining.length ? 1 : 0;
  return { code, stdout: out.join('\n') + '\n', stderr: result.warnings.map((w) => `swlint: warning: ${w}\n`).join('') };
}

/** What a refusal adds for a secret, wherever it stays: a project ID, Space URL or client token has nothing to rotate. */
function rotation(ruleId: string): string {
  const kind = KIND_OF_RULE[ruleId];
  const secret = kind === 'token' || kind === 'signing' || kind === 'pat' || ruleId === PAIR_RULE || ruleId === 'signalwire-public-env-exposure';
  return secret ? '; then rotate it' : '';
}

/** The variables a credential is read by: its name, then the other names code uses for it. */
const namesOf = (c: Credential): string[] => [c.name, ...c.aliases];

/** Credentials are one per value; a project ID or Space name in any case is the same value. */
function credentialKey(value: string, kind: Kind): string {
  return kind === 'project' || kind === 'space' ? value.toLowerCase() : value;
}

/**
 * Picks the variable name: a .env key already holding the value, a name the repository reads
 * that names SignalWire or nothing else (mayHoldSignalWire), or the default. Not a name whose .env.example value has another shape: a Space host is not
 * stored where the example is a URL (`SIGNALWIRE_SPACE_URL=https://…`), which the code reading
 * it expects; the host then gets SIGNALWIRE_SPACE_HOST.
 */
function chooseName(
  value: string,
  kind: Kind,
  envKeys: Map<string, string>,
  reads: Map<string, number>,
  taken: Map<string, string>,
  examples: Map<string, string>,
  kindOfTaken: (name: string) => Kind | undefined,
): string {
  for (const [k, v] of envKeys) if (credentialKey(v, kind) === credentialKey(value, kind) && !taken.has(k)) return k;
  const otherShape = (n: string) => kind === 'space' && /^[a-z][\w+.-]*:\/\//i.test(examples.get(n) ?? '');
  let fallback = otherShape(DEFAULT_NAME[kind]) ? 'SIGNALWIRE_SPACE_HOST' : DEFAULT_NAME[kind];
  // the default already holds a value of another kind (code reads an API token as SIGNALWIRE_TOKEN, a PAT's default): a name that says what this one is
  if (taken.has(fallback) && kindOfTaken(fallback) !== kind) fallback = SPECIFIC_NAME[kind];
  const candidates = [...reads].filter(([n]) => kindOfName(n) === kind && mayHoldSignalWire(n, kind) && !taken.has(n) && !otherShape(n));
  let name =
    candidates.some(([n]) => n === fallback) || candidates.length === 0 ? fallback : candidates.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
  // a second, different value of the same kind gets a name of its own
  for (let i = 2; taken.has(name); i++) name = `${fallback}_${i}`;
  return name;
}

/** A basic-auth finding's secret, `project-id:token`, as its two values. */
function splitPair(secret: string): string[] {
  const colon = secret.indexOf(':');
  return colon < 0 ? [secret] : [secret.slice(0, colon), secret.slice(colon + 1)];
}

const KIND_ORDER: Kind[] = ['project', 'token', 'space', 'signing', 'pat'];

/** Offset of a 1-based line and column, counting \r\n, \n and a lone \r as breaks (as the engine does). */
function offsetOf(starts: number[], line: number, column: number): number {
  return (starts[line - 1] ?? NaN) + column - 1;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/** A range edit, with the finding it comes from, the credentials it moves and the variable each is read by. */
interface PlannedEdit extends RangeEdit {
  finding: number;
  credentials: Credential[];
  names: string[];
}

/** The edits for one file's findings, and why each finding that cannot be fixed with certainty cannot. */
function planFile(
  text: string,
  findings: LocatedFinding[],
  credentialFor: (value: string, kind: Kind, codeName?: string) => { credential: Credential; name: string },
  shown: Set<string>,
  environmentOf: ReadonlyMap<LocatedFinding, RangeEdit['environment']>,
): { edits: PlannedEdit[]; refusals: Map<number, string> } {
  const starts = lineStarts(text);
  const edits: PlannedEdit[] = [];
  const refusals = new Map<number, string>();
  for (const [finding, f] of findings.entries()) {
    const start = offsetOf(starts, f.line, f.column);
    const end = offsetOf(starts, f.endLine, f.endColumn);
    const raw = text.slice(start, end);
    const secret = f.match;
    // an encoded form (base64, percent-encoding) is as secret as the value: redact it too
    if (!splitPair(secret).some((part) => raw.toLowerCase().includes(part.toLowerCase()))) shown.add(raw);
    const edit = (from: number, to: number, parts: (Piece | { value: string; kind: Kind })[], environment?: RangeEdit['environment']) => {
      // a pair written over lines and the token on its later line are both findings (the engine's
      // resolveOverlaps): the token's range is edited once
      if (edits.some((e) => e.start === from && e.end === to)) return;
      const credentials: Credential[] = [];
      const names: string[] = [];
      const pieces = parts.map((p): Piece => {
        if (!('value' in p)) return p;
        const { credential, name } = credentialFor(p.value, p.kind, environment?.name);
        credentials.push(credential);
        names.push(name);
        return { env: name };
      });
      edits.push({ start: from, end: to, pieces, finding, credentials, names, ...(environment && { environment }) });
    };
    if (!(end > start) || raw.length !== end - start) {
      refusals.set(finding, 'the file changed since it was scanned: run swlint fix again');
    } else if (f.ruleId === PAIR_RULE) {
      const [user, token] = splitPair(secret) as [string, string];
      const userRaw = raw.slice(0, user.length);
      if (raw.toLowerCase() === secret.toLowerCase()) {
        edit(start, end, [{ value: userRaw, kind: 'project' }, { text: raw.slice(user.length, user.length + 1) }, { value: token, kind: 'token' }]);
      } else if (userRaw.toLowerCase() === user.toLowerCase() && raw.endsWith(token) && raw.length > user.length + token.length) {
        edit(start, start + user.length, [{ value: userRaw, kind: 'project' }]);
        edit(end - token.length, end, [{ value: token, kind: 'token' }]);
      } else {
        refusals.set(
          finding,
          'an encoded basic-auth pair (base64 Authorization header or percent-encoded URL): build it at run time from SIGNALWIRE_PROJECT_ID and SIGNALWIRE_API_TOKEN read from the environment, and rotate the token',
        );
      }
    } else {
      const kind = KIND_OF_RULE[f.ruleId]!;
      const same = credentialKey(raw, kind) === credentialKey(secret, kind);
      if (same) edit(start, end, [{ value: raw, kind }], environmentOf.get(f));
      else
        refusals.set(
          finding,
          'the value is split across literals or encoded (base64, percent-encoding): put it together in .env by hand, read it from the environment, and rotate it',
        );
    }
  }
  return { edits, refusals };
}

/**
 * Why the constants `names` of `file` must stay constants, when another file uses one as such:
 * Go's other files of the package (the directory), or any Java file (`@Header(Sw.API_TOKEN)`).
 */
async function constantUseElsewhere(top: string, file: string, lang: FixLanguage, names: string[]): Promise<string | null> {
  if (lang.kind !== 'code') return null;
  let others: string[];
  if (lang.syntax === 'go') {
    const dir = path.posix.dirname(file);
    const entries = await fs.readdir(path.join(top, dir), { withFileTypes: true });
    others = entries.filter((e) => e.isFile() && e.name.endsWith('.go')).map((e) => (dir === '.' ? e.name : `${dir}/${e.name}`));
  } else if (lang.syntax === 'java') others = await filesWithWords(top, names, '*.java');
  else return null;
  for (const other of others) {
    if (other === file) continue;
    const text = await fs.readFile(path.join(top, other), 'utf8').catch(() => null);
    const use = text === null ? null : constantUseIn(text, lang, names);
    if (use) return constantRefusal(names, lang, use, other);
  }
  return null;
}

/** The rewritten file still lexes, and no value that moved is left in it. */
function verify(after: string, lang: FixLanguage, used: Credential[]): void {
  if (lang.kind === 'code' || lang.kind === 'shell') {
    try {
      lex(after, lang.kind === 'code' ? lang.syntax : 'shell');
    } catch (e) {
      if (e instanceof LexError) throw new Refused('the rewritten file would not parse: move the value by hand');
      throw e;
    }
  }
  const lower = after.toLowerCase();
  for (const c of used)
    if (lower.includes(c.value.toLowerCase())) throw new Refused('the value occurs in the file in a shape swlint does not rewrite: move it by hand');
}

interface SourceFile {
  text: string;
  bytes: Buffer;
  bom: boolean;
  mode: number;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The file as UTF-8 text, or why fix leaves it alone. */
async function readSource(abs: string, realTop: string): Promise<SourceFile | string> {
  const st = await fs.lstat(abs);
  if (st.isSymbolicLink()) return 'a symbolic link: fix the file it points to';
  if (!st.isFile()) return 'not a regular file';
  const real = await fs.realpath(abs);
  if (!real.startsWith(realTop + path.sep)) return 'outside the repository (through a linked directory): fix it where it lives';
  const bytes = await fs.readFile(abs);
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let text: string;
  try {
    text = strictUtf8.decode(bom ? bytes.subarray(3) : bytes);
  } catch {
    return 'not UTF-8 text (binary-ish or another encoding): move the value by hand';
  }
  if (/[\x00-\x08\x0e-\x1a\x1c-\x1f]/.test(text)) return 'binary-ish content (control characters): move the value by hand';
  const head = text.slice(0, 2000);
  if (/@generated|do not edit|<auto-generated|autogenerated|generated by/i.test(head))
    return 'generated code: change the generator or its input instead, regenerate, and rotate the credential';
  if (text.split(/\r?\n|\r/).some((l) => l.length > 1000))
    return 'a minified or bundled file (very long lines): fix the source it is built from and rotate the credential';
  return { text, bytes, bom, mode: st.mode & 0o7777 };
}

async function readOptional(abs: string): Promise<string | null> {
  try {
    const st = await fs.lstat(abs);
    if (st.isSymbolicLink())
      throw new FixError(`${path.basename(abs)} is a symbolic link: swlint fix never writes through one; make it a plain file, then run swlint fix again`);
    return await fs.readFile(abs, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

async function plannedText(top: string, file: string, before: string | null, after: string, secret: boolean): Promise<PlannedWrite> {
  const abs = path.join(top, file);
  const st = before === null ? null : await fs.stat(abs);
  return {
    file,
    abs,
    before,
    after,
    bom: false,
    secret,
    beforeBytes: before === null ? null : await fs.readFile(abs),
    mode: st ? st.mode & 0o7777 : secret ? 0o600 : 0o644,
  };
}

/**
 * Writes every planned file or none: each goes to a temporary file beside it first; only when
 * all are written, and none of the originals changed meanwhile, are they renamed into place.
 * Renaming replaces a symbolic link instead of writing through it.
 */
async function writeAll(writes: PlannedWrite[]): Promise<void> {
  const temps: { tmp: string; w: PlannedWrite }[] = [];
  try {
    for (const w of writes) {
      const tmp = path.join(path.dirname(w.abs), `.${path.basename(w.abs)}.swlint-${randomBytes(6).toString('hex')}.tmp`);
      const body = Buffer.concat([w.bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(w.after, 'utf8')]);
      const handle = await fs.open(tmp, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, w.mode);
      temps.push({ tmp, w });
      try {
        await handle.writeFile(body);
        await handle.chmod(w.mode);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    for (const { w } of temps) {
      const now = await fs.readFile(w.abs).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)));
      const unchanged = now === null ? w.beforeBytes === null : w.beforeBytes !== null && now.equals(w.beforeBytes);
      if (!unchanged) throw new FixError(`${w.file} changed while swlint fix ran: nothing was changed; run it again`);
    }
  } catch (e) {
    await Promise.all(temps.map((t) => fs.rm(t.tmp, { force: true })));
    throw e;
  }
  for (const { tmp, w } of temps) await fs.rename(tmp, w.abs);
}

/**
 * Secrets by their shape, for the lines fix prints that no finding names: a diff's context can
 * hold a token the scan did not report (an inline ignore, a baseline, a disabled rule).
 */
const SECRET_SHAPES =
  /PT[0-9a-fA-F]{48}|PSK_[A-Za-z0-9]{20,64}|pat_[A-Za-z0-9]{20,40}|eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}|(?<=Basic\s+)[A-Za-z0-9+/]{20,}={0,2}/g;

/** Turns a line into what may be printed: known secrets redacted, control characters escaped. */
function shower(redacting: boolean, secrets: string[]): (line: string) => string {
  const sorted = [...new Set(secrets)].filter((s) => s.length >= 8).sort((a, b) => b.length - a.length);
  return (line) => {
    let out = line;
    if (redacting) {
      for (const s of sorted) out = out.split(s).join(redact(s));
      out = out.replace(SECRET_SHAPES, (shape) => redact(shape));
    }
    return printable(out);
  };
}

async function rotationChecklist(top: string, moved: Credential[], show: (s: string) => string): Promise<string[]> {
  const lines = ['Rotate (a credential that was ever committed or pushed is exposed, whatever the code says now):'];
  let secrets = 0;
  const head = await headVersions(top, [...new Set(moved.flatMap((c) => [...c.files]))]);
  for (const c of moved) {
    const inHead = [...c.files].some((f) => head.get(f)?.includes(c.value));
    const where = inHead ? 'committed (in HEAD)' : 'not in HEAD (uncommitted so far)';
    if (c.kind !== 'project' && c.kind !== 'space') secrets++;
    lines.push(`  [ ] ${namesOf(c).join(' = ')} (${show(c.value)}), ${where}, from ${[...c.files].join(', ')}: ${ROTATE[c.kind]}.`);
  }
  lines.push('  [ ] Set the variables wherever the code runs (CI secrets, hosting environment); .env is for this machine only.');
  if (moved.some((c) => c.files.size && [...c.files].some((f) => f.startsWith('.github/workflows/'))))
    lines.push('  [ ] The workflow reads repository secrets: add each one (gh secret set NAME) with the value from .env.');
  if (secrets) {
    lines.push(
      '',
      'History (optional; rotating is what makes an exposed value harmless): to also remove the old values from every commit,',
      '  (set -a; . ./.env; for v in ' +
        moved
          .filter((c) => c.kind !== 'project' && c.kind !== 'space')
          .map((c) => `"$${c.name}"`)
          .join(' ') +
        '; do printf \'%s==>***REMOVED***\\n\' "$v"; done) > ../swlint-replacements.txt',
      '  git filter-repo --replace-text ../swlint-replacements.txt',
      '  This rewrites every commit from the first that held a value (new commit ids), drops the origin remote, needs a force-push,',
      '  and every clone, fork, open pull request and CI cache keeps the old history until it is re-cloned or deleted.',
    );
  }
  return lines;
}
