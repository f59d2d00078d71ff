// Configuration: data only (JSON), never code from the scanned repository.
// Lookup: --config FILE; else, from the scanned directory up to the repository root
// (or the filesystem root outside a repository), the first directory holding
// .swlintrc.json, or a package.json with a "swlint" key.
import path from 'node:path';
import { fsReader, UnreadableFileError, type FileReader } from './file-reader.js';
import type { Severity } from '../types.js';
import type { CustomRuleSpec } from './custom-rules.js';
import { compileUserRegex, userRegexProblem } from './user-regex.js';
import { jsonSyntaxMessage } from '../errors.js';

export interface SwlintConfig {
  /** rule id → "off" or a severity */
  rules: Record<string, Severity | 'off'>;
  allowlist: {
    /** globs relative to the config file's directory; matching files are not scanned */
    paths: string[];
    /** regular expressions; a finding whose secret matches one is dropped */
    values: string[];
    /** finding fingerprints (from JSON output or the baseline) that are accepted */
    fingerprints: string[];
  };
  /** extra placeholder values that are never findings */
  placeholders: string[];
  /** rules of your own, run through the same engine */
  customRules: CustomRuleSpec[];
  /** honour gitleaks:allow, pragma: allowlist secret, secretlint-disable-line (default true) */
  foreignIgnores: boolean;
  /** `swlint diff` only */
  diff: {
    /** inline ignores added inside the range hide findings too (default false: they are reported) */
    honourNewInlineIgnores: boolean;
  };
  /** globs relative to the config file's directory: trees that are documentation (src/detect/documentation.ts) */
  documentation: string[];
}

export interface LoadedConfig {
  config: SwlintConfig;
  /** the file it came from, or null for defaults */
  file: string | null;
  dir: string;
}

export class ConfigError extends Error {}

const EMPTY: SwlintConfig = {
  rules: {},
  allowlist: { paths: [], values: [], fingerprints: [] },
  placeholders: [],
  customRules: [],
  foreignIgnores: true,
  diff: { honourNewInlineIgnores: false },
  documentation: [],
};
const KNOWN_KEYS = ['$schema', 'rules', 'allowlist', 'placeholders', 'customRules', 'foreignIgnores', 'diff', 'documentation'];
const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);

export async function loadConfig(opts: {
  explicit?: string;
  startDir: string;
  stopDir: string | null;
  cwd: string;
  ruleIds: ReadonlySet<string>;
  /** where files are read from (default: the filesystem); diff and staged pass a git tree */
  reader?: FileReader;
}): Promise<LoadedConfig> {
  const reader = opts.reader ?? fsReader;
  const read = (file: string, named = false) =>
    reader.read(file, named).catch((e: unknown) => {
      throw e instanceof UnreadableFileError ? new ConfigError(e.message) : e;
    });
  if (opts.explicit) {
    const file = path.resolve(opts.cwd, opts.explicit);
    const raw = await read(file, true);
    if (raw === null)
      throw new ConfigError(`cannot read config file ${opts.explicit}${reader === fsReader ? '' : ` in ${reader.where}`}: check the path given to --config`);
    const data = parseJson(raw, file);
    const body = path.basename(file) === 'package.json' ? ((data as Record<string, unknown>)['swlint'] ?? {}) : data;
    return { config: validate(body, file, opts.ruleIds), file, dir: path.dirname(file) };
  }
  let dir = opts.startDir;
  for (;;) {
    const rc = path.join(dir, '.swlintrc.json');
    const raw = await read(rc);
    if (raw !== null) return { config: validate(parseJson(raw, rc), rc, opts.ruleIds), file: rc, dir };
    const pkgFile = path.join(dir, 'package.json');
    // an unreadable package.json is not ours to judge (it may sit in any parent directory); an unreadable .swlintrc.json is
    const pkgRaw = await reader.read(pkgFile).catch(() => null);
    if (pkgRaw !== null) {
      let pkg: unknown = null;
      try {
        pkg = JSON.parse(pkgRaw);
      } catch {
        pkg = null; // a broken package.json is not ours to judge unless it holds our key
      }
      if (pkg && typeof pkg === 'object' && Object.hasOwn(pkg, 'swlint'))
        return { config: validate((pkg as Record<string, unknown>)['swlint'], `${pkgFile} ("swlint" key)`, opts.ruleIds), file: pkgFile, dir };
    }
    if (opts.stopDir && path.resolve(dir) === path.resolve(opts.stopDir)) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return { config: emptyConfig(), file: null, dir: opts.startDir };
}

/** The defaults. `rules` has no prototype: a rule called "constructor" must read as its own entry (or none). */
export function emptyConfig(): SwlintConfig {
  const out = structuredClone(EMPTY);
  out.rules = Object.create(null) as SwlintConfig['rules'];
  return out;
}

function parseJson(raw: string, file: string): unknown {
  try {
    return JSON.parse(raw.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ConfigError(`invalid JSON in ${file}: ${jsonSyntaxMessage(e)}`);
  }
}

function validate(data: unknown, file: string, ruleIds: ReadonlySet<string>): SwlintConfig {
  const fail = (key: string, what: string): never => {
    throw new ConfigError(`invalid config ${file}: "${key}" ${what}`);
  };
  if (!data || typeof data !== 'object' || Array.isArray(data)) fail('(top level)', 'must be a JSON object');
  const obj = data as Record<string, unknown>;
  const out = emptyConfig();
  for (const key of Object.keys(obj)) {
    if (!KNOWN_KEYS.includes(key)) fail(key, `is not a known setting (known: ${KNOWN_KEYS.slice(1).join(', ')})`);
  }
  // custom rules first: `rules` may configure them too
  const customIds = new Set<string>();
  if (obj.customRules !== undefined) {
    if (!Array.isArray(obj.customRules)) fail('customRules', 'must be an array of rule objects');
    (obj.customRules as unknown[]).forEach((raw, i) => {
      const spec = validateCustomRule(raw, `customRules[${i}]`, ruleIds, customIds, fail);
      customIds.add(spec.id);
      out.customRules.push(spec);
    });
  }
  if (obj.foreignIgnores !== undefined) {
    if (typeof obj.foreignIgnores !== 'boolean') fail('foreignIgnores', 'must be true or false');
    out.foreignIgnores = obj.foreignIgnores as boolean;
  }
  if (obj.rules !== undefined) {
    if (!obj.rules || typeof obj.rules !== 'object' || Array.isArray(obj.rules))
      fail('rules', 'must be an object of rule id → "off" | "error" | "warning" | "info"');
    for (const [id, value] of Object.entries(obj.rules as Record<string, unknown>)) {
      if (!ruleIds.has(id) && !customIds.has(id)) fail(`rules.${id}`, `is not a rule id (run \`swlint rules\` for the list)`);
      if (typeof value !== 'string' || !SEVERITIES.has(value)) fail(`rules.${id}`, 'must be "off", "error", "warning" or "info"');
      out.rules[id] = value as Severity | 'off';
    }
  }
  if (obj.allowlist !== undefined) {
    if (!obj.allowlist || typeof obj.allowlist !== 'object' || Array.isArray(obj.allowlist))
      fail('allowlist', 'must be an object with "paths" and/or "values"');
    const al = obj.allowlist as Record<string, unknown>;
    for (const key of Object.keys(al))
      if (!['paths', 'values', 'fingerprints'].includes(key)) fail(`allowlist.${key}`, 'is not a known setting (known: paths, values, fingerprints)');
    out.allowlist.paths = stringList(al.paths, 'allowlist.paths', fail);
    out.allowlist.values = stringList(al.values, 'allowlist.values', fail);
    out.allowlist.fingerprints = stringList(al.fingerprints, 'allowlist.fingerprints', fail);
    out.allowlist.values.forEach((v, i) => {
      const problem = userRegexProblem(v);
      if (problem) fail(`allowlist.values[${i}]`, `is not a pattern swlint can run: ${problem}`);
    });
  }
  if (obj.diff !== undefined) {
    if (!obj.diff || typeof obj.diff !== 'object' || Array.isArray(obj.diff)) fail('diff', 'must be an object like {"honourNewInlineIgnores": false}');
    const d = obj.diff as Record<string, unknown>;
    for (const key of Object.keys(d)) if (key !== 'honourNewInlineIgnores') fail(`diff.${key}`, 'is not a known setting (known: honourNewInlineIgnores)');
    if (d.honourNewInlineIgnores !== undefined && typeof d.honourNewInlineIgnores !== 'boolean') fail('diff.honourNewInlineIgnores', 'must be true or false');
    out.diff.honourNewInlineIgnores = d.honourNewInlineIgnores === true;
  }
  out.placeholders = stringList(obj.placeholders, 'placeholders', fail);
  out.documentation = stringList(obj.documentation, 'documentation', fail);
  return out;
}

function validateCustomRule(
  raw: unknown,
  where: string,
  builtIn: ReadonlySet<string>,
  seen: ReadonlySet<string>,
  fail: (key: string, what: string) => never,
): CustomRuleSpec {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail(where, 'must be an object with id, regex, message and fix');
  const r = raw as Record<string, unknown>;
  for (const key of Object.keys(r))
    if (!['id', 'regex', 'flags', 'keywords', 'severity', 'message', 'description', 'fix'].includes(key))
      fail(`${where}.${key}`, 'is not a known setting (known: id, regex, flags, keywords, severity, message, description, fix)');
  const str = (key: string, required: boolean): string | undefined => {
    const v = r[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v === '') fail(`${where}.${key}`, 'must be a non-empty string');
    return v as string;
  };
  const id = str('id', true)!;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) fail(`${where}.id`, 'must be lower-case letters, digits and hyphens');
  if (builtIn.has(id) || seen.has(id)) fail(`${where}.id`, `"${id}" is already a rule id`);
  const regex = str('regex', true)!;
  const flags = str('flags', false) ?? '';
  if (!/^[imsu]*$/.test(flags)) fail(`${where}.flags`, 'may only hold the flags i, m, s and u');
  const problem = userRegexProblem(regex, flags);
  if (problem) fail(`${where}.regex`, `is not a pattern swlint can run: ${problem}`);
  if (compileUserRegex(regex, flags).test('')) fail(`${where}.regex`, 'matches the empty string');
  const severity = str('severity', false);
  if (severity !== undefined && !['error', 'warning', 'info'].includes(severity)) fail(`${where}.severity`, 'must be "error", "warning" or "info"');
  const keywords = stringList(r.keywords, `${where}.keywords`, fail);
  return {
    id,
    regex,
    flags,
    keywords,
    severity: severity as Severity | undefined,
    message: str('message', true)!,
    description: str('description', false),
    fix: str('fix', true)!,
  };
}

function stringList(v: unknown, key: string, fail: (key: string, what: string) => never): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(key, 'must be an array of strings');
  return v as string[];
}
