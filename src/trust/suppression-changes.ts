// `swlint diff`: what the range changes in the files that decide what swlint suppresses —
// .swlintrc.json, the "swlint" key of package.json, the baseline, and the files --config and
// --baseline name. The change does not take effect in this run (suppressions come from BASE,
// src/trust/trusted-source.ts), but it will once merged, so reviewers must see it. Judged on
// the parsed JSON, not its text: `"\u0073wlint"` is the key "swlint", `"\u0066ingerprint"` a
// fingerprint. Each new suppression is one `swlint-suppression-added` finding; values that may
// be credentials (allowlist values, placeholders, baseline matches) are masked.
import path from 'node:path';
import type { LocatedFinding } from '../engine/engine.js';
import { maskCredentials } from '../engine/redact.js';
import { fingerprint } from '../engine/redact.js';
import type { CommitInfo, Rule } from '../types.js';
import { COMMIT_FORMAT, parseCommitHeader } from '../sources/git/log.js';
import { GitError, firstLine, git } from '../sources/git/process.js';
import { resolveCommit } from '../sources/git/repo.js';
import { IGNORE_FILE, parseIgnoreLines } from '../config/ignore-file.js';

export const SUPPRESSION_RULE = 'swlint-suppression-added';
const NAMES = ['.swlintrc.json', 'package.json', '.swlint-baseline.json'];

export interface SuppressionChangeInput {
  root: string;
  base: string;
  head: string;
  /** repository-relative paths of the --config and --baseline files, when inside the repository */
  configPath?: string;
  baselinePaths?: readonly string[];
  /** the rule as run() selected it (severity from BASE's config); absent: the rule is not run */
  rule: Rule | undefined;
}

export async function suppressionChanges(input: SuppressionChangeInput): Promise<LocatedFinding[]> {
  const { root, rule } = input;
  if (!rule) return [];
  const [base, head] = await Promise.all([resolveCommit(root, input.base), resolveCommit(root, input.head)]);
  if (!base || !head || base === head) return [];
  // what the range brings: from where it forked off BASE to HEAD (BASE's own later changes are not the range's)
  const mb = await git(root, ['merge-base', base, head]);
  const from = mb.code === 0 ? mb.stdout.toString('utf8').trim() : base;
  const specs = [
    ...NAMES.map((n) => `:(glob)**/${n}`),
    `:(literal)${IGNORE_FILE}`,
    ...[input.configPath, ...(input.baselinePaths ?? [])].filter((p): p is string => !!p).map((p) => `:(literal)${p}`),
  ];
  const r = await git(root, ['diff', '--raw', '-z', '--no-abbrev', '--no-renames', '--no-ext-diff', '--no-textconv', from, head, '--', ...specs]);
  if (r.code !== 0) throw new GitError(`git diff of the configuration files failed: ${firstLine(r.stderr)}`, r.stderr, r.code);
  const findings: LocatedFinding[] = [];
  const parts = r.stdout.toString('utf8').split('\0');
  for (let i = 0; i + 1 < parts.length; i += 2) {
    // ":<old mode> <new mode> <old id> <new id> <status>" then the path
    const [, , oldId, newId] = parts[i]!.slice(1).split(' ');
    const file = parts[i + 1]!;
    const deleted = !newId || /^0+$/.test(newId);
    const kind = fileKind(file, input);
    // a baseline or ignore file deleted suppresses nothing new; a configuration deleted drops the
    // rule levels and custom rules it set
    if (!kind || (deleted && (kind === 'baseline' || kind === 'ignore'))) continue;
    const [before, after] = await Promise.all([oldId && !/^0+$/.test(oldId) ? blobText(root, oldId) : null, deleted ? null : blobText(root, newId)]);
    const added =
      kind === 'baseline'
        ? baselineEntriesAdded(before, after)
        : kind === 'ignore'
          ? ignoreEntriesAdded(before, after)
          : configEntriesAdded(before, after, kind === 'package');
    if (added.length === 0) continue;
    const commit = await lastCommitTouching(root, head, base, file);
    for (const entry of added) findings.push(toFinding(rule, file, after ?? '', entry, commit));
  }
  return findings;
}

type Kind = 'config' | 'package' | 'baseline' | 'ignore';

function fileKind(file: string, input: SuppressionChangeInput): Kind | null {
  if (input.baselinePaths?.includes(file)) return 'baseline';
  if (file === IGNORE_FILE) return 'ignore'; // only the root's is read
  if (file === input.configPath) return path.posix.basename(file) === 'package.json' ? 'package' : 'config';
  const name = path.posix.basename(file);
  return name === '.swlint-baseline.json' ? 'baseline' : name === 'package.json' ? 'package' : name === '.swlintrc.json' ? 'config' : null;
}

async function blobText(root: string, id: string): Promise<string | null> {
  const r = await git(root, ['cat-file', 'blob', id]);
  return r.code === 0 ? r.stdout.toString('utf8') : null;
}

async function lastCommitTouching(root: string, head: string, base: string, file: string): Promise<CommitInfo | null> {
  const r = await git(root, ['log', '-1', '--no-show-signature', '--no-mailmap', COMMIT_FORMAT, head, `^${base}`, '--', `:(literal)${file}`]);
  const line = r.stdout.toString('utf8').split('\n')[0] ?? '';
  return r.code === 0 && line ? parseCommitHeader(line).info : null;
}

/** One new suppression: what it is (shown, masked) and a string to find its line by. */
interface Entry {
  what: string;
  /** text to look for in the new file to place the finding (a JSON-encoded value or key) */
  anchor: string;
}

type Json = Record<string, unknown>;

function parse(text: string | null): { ok: true; value: unknown } | { ok: false } {
  if (text === null) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch {
    return { ok: false };
  }
}

const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
const own = (o: unknown, key: string): unknown => (isObject(o) && Object.hasOwn(o, key) ? o[key] : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const show = (s: string) => JSON.stringify(maskCredentials(s));

/** New suppressions in a config (or package.json's "swlint" value) compared with the one before. */
export function configEntriesAdded(beforeText: string | null, afterText: string | null, isPackage: boolean): Entry[] {
  const after = parse(afterText);
  if (!after.ok) return [{ what: 'configuration that is not valid JSON (it will fail every later run)', anchor: '' }];
  const beforeParsed = parse(beforeText);
  const pick = (v: unknown) => (isPackage ? own(v, 'swlint') : v);
  const was = beforeParsed.ok ? pick(beforeParsed.value) : undefined;
  // none now (the file or its "swlint" key gone): what BASE's set and this one does not is judged as dropped
  const now = pick(after.value) ?? (isObject(was) ? {} : undefined);
  if (now === undefined) return [];
  if (!isObject(now)) return [{ what: `swlint configuration that is not an object`, anchor: isPackage ? '"swlint"' : '' }];
  const out: Entry[] = [];
  const rulesNow = own(now, 'rules');
  const rulesWas = own(was, 'rules');
  if (isObject(rulesNow)) {
    for (const [id, level] of Object.entries(rulesNow)) {
      if (own(rulesWas, id) === level) continue;
      out.push({ what: `rules.${maskCredentials(id)} set to ${show(String(level))}`, anchor: JSON.stringify(id) });
    }
  }
  // a level BASE set and the change drops: the rule's default applies, lower than an `error` BASE raised it to
  if (isObject(rulesWas))
    for (const [id, level] of Object.entries(rulesWas))
      if (level !== 'off' && own(rulesNow, id) === undefined)
        out.push({ what: `rules.${maskCredentials(id)} no longer set (its default severity applies)`, anchor: isObject(rulesNow) ? '"rules"' : '' });
  for (const key of ['paths', 'values', 'fingerprints']) {
    const before = new Set(strings(own(own(was, 'allowlist'), key)));
    for (const v of strings(own(own(now, 'allowlist'), key)))
      if (!before.has(v)) out.push({ what: `allowlist.${key} entry ${show(v)}`, anchor: JSON.stringify(v) });
  }
  const placeholdersBefore = new Set(strings(own(was, 'placeholders')));
  for (const v of strings(own(now, 'placeholders')))
    if (!placeholdersBefore.has(v)) out.push({ what: `placeholders entry ${show(v)}`, anchor: JSON.stringify(v) });
  // documentation trees judge Space URLs, project IDs and client tokens as examples (info, or not reported)
  const documentationBefore = new Set(strings(own(was, 'documentation')));
  for (const v of strings(own(now, 'documentation')))
    if (!documentationBefore.has(v)) out.push({ what: `documentation entry ${show(v)}`, anchor: JSON.stringify(v) });
  if (own(now, 'foreignIgnores') !== own(was, 'foreignIgnores') && own(now, 'foreignIgnores') !== false)
    out.push({ what: "foreignIgnores: other scanners' inline markers honoured", anchor: '"foreignIgnores"' });
  if (own(own(now, 'diff'), 'honourNewInlineIgnores') === true && own(own(was, 'diff'), 'honourNewInlineIgnores') !== true)
    out.push({ what: 'diff.honourNewInlineIgnores: inline ignores added in pull requests will hide findings', anchor: '"honourNewInlineIgnores"' });
  const customBefore = new Map(
    (Array.isArray(own(was, 'customRules')) ? (own(was, 'customRules') as unknown[]) : []).map((r) => [String(own(r, 'id')), JSON.stringify(r)]),
  );
  const customNow = new Set<string>();
  for (const r of Array.isArray(own(now, 'customRules')) ? (own(now, 'customRules') as unknown[]) : []) {
    const id = String(own(r, 'id'));
    customNow.add(id);
    if (customBefore.has(id) && customBefore.get(id) !== JSON.stringify(r))
      out.push({ what: `customRules "${maskCredentials(id)}" changed`, anchor: JSON.stringify(id) });
  }
  // a rule of BASE's own that the change drops finds nothing once merged
  for (const id of customBefore.keys())
    if (!customNow.has(id))
      out.push({ what: `customRules "${maskCredentials(id)}" removed`, anchor: own(now, 'customRules') !== undefined ? '"customRules"' : '' });
  return out;
}

/** .swlintignore lines (path patterns, fingerprints) that the new file has and the old one did not. */
export function ignoreEntriesAdded(beforeText: string | null, afterText: string | null): Entry[] {
  const before = new Set(parseIgnoreLines(beforeText ?? '').map((l) => l.text));
  return parseIgnoreLines(afterText ?? '')
    .filter((l) => !before.has(l.text))
    .map((l) => ({ what: `${IGNORE_FILE} ${l.kind === 'fingerprint' ? 'fingerprint' : 'path pattern'} ${show(l.text)}`, anchor: l.text }));
}

/** Baseline entries (by parsed fingerprint) that the new baseline accepts and the old one did not. */
export function baselineEntriesAdded(beforeText: string | null, afterText: string | null): Entry[] {
  const after = parse(afterText);
  if (!after.ok) return [{ what: 'a baseline that is not valid JSON', anchor: '' }];
  const before = parse(beforeText);
  const entries = (v: unknown) => (Array.isArray(own(v, 'findings')) ? (own(v, 'findings') as unknown[]) : []);
  const known = new Set(before.ok ? entries(before.value).map((e) => own(e, 'fingerprint')) : []);
  const out: Entry[] = [];
  for (const e of entries(after.value)) {
    const fp = own(e, 'fingerprint');
    if (typeof fp !== 'string' || known.has(fp)) continue;
    const rule = maskCredentials(String(own(e, 'ruleId') ?? '?'));
    const file = maskCredentials(String(own(e, 'file') ?? '?'));
    out.push({ what: `baseline accepts ${rule} in ${file} (${maskCredentials(fp)})`, anchor: fp });
  }
  return out;
}

function toFinding(rule: Rule, file: string, text: string, entry: Entry, commit: CommitInfo | null): LocatedFinding {
  const at = entry.anchor ? text.indexOf(entry.anchor) : -1;
  const line = at < 0 ? 1 : text.slice(0, at).split('\n').length;
  const what = entry.what.length > 200 ? entry.what.slice(0, 199) + '…' : entry.what;
  return {
    ruleId: rule.id,
    severity: rule.severity,
    message: `Suppression added to ${path.posix.basename(file)}: ${what}`,
    file,
    line,
    column: 1,
    endLine: line,
    endColumn: 1,
    match: what,
    fingerprint: fingerprint(rule.id, file, entry.what),
    commit,
    stillPresent: null,
    fix: 'Review the suppression: it takes effect only once merged into the base branch. Fine for test fixtures and documentation examples; for a real credential, remove the credential instead (and rotate it).',
  };
}
