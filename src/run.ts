// run(options) → result and exit code. Prints nothing: the CLI does that.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { RULES } from '../rules/index.js';
import type { Finding, Rule, ScanResult, Skipped, StaleEntry } from './types.js';
import { shownPath as sightingPath, type Content } from './sources/source.js';
import { SEVERITY_RANK } from './types.js';
import type { RunOptions } from './options.js';
import { Engine, type LocatedFinding } from './engine/engine.js';
import { runMode, type ModeContext } from './scan/modes.js';
import { dotenvBeforeReader, dotenvReader, isDotenvFinding, withoutSealedDotenv } from './scan/sealed-dotenv.js';
import type { EngineSpec } from './engine/spec.js';
import { ConfigError, loadConfig, type LoadedConfig } from './config/config.js';
import { IGNORE_FILE, loadIgnoreFile } from './config/ignore-file.js';
import { messageMatcher, namesMessages } from './config/message-paths.js';
import { relativeFrom } from './config/relative-paths.js';
import { UsageError } from './errors.js';
import { gitToplevel } from './sources/git/repo.js';
import { addPlaceholderValues } from './detect/placeholders.js';
import { isDotenvName } from './detect/language.js';
import type { IgnoredFiles, TreeFiles } from './scan/shipping.js';
import { judgeDocumentation, pathKinds, type DocumentationOptions } from './detect/documentation.js';
import { buildCustomRule } from './config/custom-rules.js';
import { compileUserRegex } from './config/user-regex.js';
import { DEFAULT_BASELINE, entryOf, readBaseline, type BaselineEntry } from './baseline.js';
// ---- trust model (issue 9): suppressions come from BASE / HEAD in diff / staged ----
import { trustedSource, trustFindings } from './trust/trusted-source.js';
import { redactCommitMetadata } from './trust/redact-metadata.js';

export { UsageError };

export interface RunResult extends ScanResult {
  findings: LocatedFinding[];
  warnings: string[];
  /** the rules that ran (built-in and custom, after --rule/--disable and config) */
  rulesRun: Rule[];
  /** what suppressed findings: inline ignores, config allowlist, baseline */
  suppressed: { inline: number; allowlist: number; baseline: number };
  /** the baseline used, and its entries that matched nothing (with --report-stale) */
  baseline?: { file: string; stale: BaselineEntry[] };
  /** `scan` of one directory in a repository: whether git tracks a file, known from the listing (for the inventory) */
  isTracked?: (file: string) => boolean;
}

export function selectRules(options: Pick<RunOptions, 'rules' | 'disable'>, loaded: LoadedConfig | null): Rule[] {
  const all: Rule[] = [...RULES, ...(loaded?.config.customRules ?? []).map(buildCustomRule)];
  const ids = new Set(all.map((r) => r.id));
  for (const id of [...options.rules, ...options.disable]) if (!ids.has(id)) throw new UsageError(`unknown rule id "${id}": run \`swlint rules\` for the list`);
  const configured = loaded?.config.rules ?? {};
  return all
    .filter((r) => (options.rules.length === 0 || options.rules.includes(r.id)) && !options.disable.includes(r.id))
    .filter((r) => options.rules.includes(r.id) || configured[r.id] !== 'off')
    .map((r) => {
      const sev = configured[r.id];
      return sev && sev !== 'off' ? { ...r, severity: sev } : r;
    });
}

export async function run(options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const first = options.paths[0] === '-' ? '.' : options.paths[0]; // scan -: standard input, config from cwd
  const namedPath = path.resolve(options.cwd, options.mode === 'scan' || options.mode === 'history' ? (first ?? '.') : '.');
  const namedIsDirectory = options.mode !== 'scan' || (await isDirectory(namedPath));
  // a file named alone looks up its configuration from its own directory, and stops at its
  // repository's root like a directory does (from the file's path, git finds no repository,
  // and the lookup went on into the directories above it: a parent repository's config)
  const startDir = namedIsDirectory ? namedPath : path.dirname(namedPath);
  const trusted = await trustedSource(options, startDir);
  const top = trusted.root ?? (await gitToplevel(startDir).catch(() => null));
  const loaded = await loadConfig({
    explicit: options.config,
    startDir: trusted.startDir,
    stopDir: top,
    cwd: trusted.cwd,
    ruleIds: new Set(RULES.map((r) => r.id)),
    reader: trusted.reader,
  });
  addPlaceholderValues(loaded.config.placeholders);
  const rules = selectRules(options, loaded);
  const engineOptions = {
    redact: options.redact,
    mode: options.mode,
    foreignIgnores: options.foreignIgnores !== false && loaded.config.foreignIgnores,
    // BASE's config decides whether inline ignores new in a pull request hide findings (src/trust/inline-policy.ts)
    honourNewInlineIgnores: loaded.config.diff.honourNewInlineIgnores,
    ...(options.verify ? { keepSecrets: true } : {}), // --verify: raw values in memory for src/inventory/verify.ts
  };
  const engine = new Engine(rules, {
    ...engineOptions,
    allowValues: loaded.config.allowlist.values.map((v) => compileUserRegex(v)),
  });
  const engineSpec: EngineSpec = {
    rules: rules.map((r) => ({ id: r.id, severity: r.severity })),
    customRules: loaded.config.customRules,
    placeholders: loaded.config.placeholders,
    options: { ...engineOptions, allowValues: loaded.config.allowlist.values },
  };
  const globs = allowlistGlobs(loaded);
  // loaded only when needed: start-up time is what a pre-commit hook pays on every commit
  const picomatch = globs.length ? (await import('picomatch')).default : null;
  const matcher = picomatch ? picomatch(globs, { dot: true }) : null;
  // messages' pseudo-paths: only the patterns that name them (src/config/message-paths.ts)
  const messageMatchers = picomatch ? globs.filter(namesMessages).map((g) => messageMatcher(picomatch, g)) : [];
  // issue 12.14: .swlintignore at the repository root (the scan root outside git), read like the config
  const ignoreFile = await loadIgnoreFile(path.join(top ?? trusted.startDir, IGNORE_FILE), trusted.reader);
  const accepted: ReadonlySet<string> = new Set([...loaded.config.allowlist.fingerprints, ...ignoreFile.fingerprints]);
  const allowlistedFiles = new Set<string>(); // issue 12.6: reported, never silently left out
  // per scan root (a history with --recurse-submodules has one per submodule)
  // base: the configuration's directory, null when --config makes it the repository's (names from the top)
  const relativeFromRoot = new Map<string, { top: (rel: string) => string; base: ((rel: string) => string) | null }>();
  const ctx: ModeContext = {
    options,
    engine,
    engineSpec,
    ...(options.timeout !== undefined ? { deadline: started + options.timeout * 1000 } : {}),
    allowlisted: (root, rel, listed = true, message = false) => {
      if (!matcher && ignoreFile.patterns === 0) return false;
      if (message) {
        const hit = messageMatchers.some((m) => m(rel)) || ignoreFile.ignoresMessage(rel);
        if (hit && listed) allowlistedFiles.add(rel);
        return hit;
      }
      // a pull request must not be able to hide its own change to what is suppressed
      if (options.mode === 'diff' && /(^|\/)(\.swlintrc\.json|\.swlint-baseline\.json|package\.json|\.swlintignore)$/.test(rel)) return false;
      // issue 12.5: a config named with --config governs the whole run, wherever it lives (ci/):
      // its globs are relative to the repository root (the scan root outside git)
      let from = relativeFromRoot.get(root);
      if (!from) relativeFromRoot.set(root, (from = { top: relativeFrom(top ?? root, root), base: options.config ? null : relativeFrom(loaded.dir, root) }));
      const fromTop = from.top(rel);
      const fromBase = from.base ? from.base(rel) : fromTop;
      const hit = (matcher !== null && !fromBase.startsWith('../') && matcher(fromBase)) || (!fromTop.startsWith('../') && ignoreFile.ignores(fromTop));
      if (hit && listed) allowlistedFiles.add(rel); // `root` is the run's root: rel is as findings name files
      return hit;
    },
  };
  // detect: scan of the working tree as a whole (one directory) also looks at ignored files
  // (src/scan/shipping.ts); a file named alone is scanned alone, not the tree around it
  const wholeTree = options.mode === 'scan' && options.paths.length <= 1 && options.paths[0] !== '-' && (options.paths.length === 0 || namedIsDirectory);
  // loaded here, not at start-up: only scan needs it, and it brings the `ignore` package
  const shipping = wholeTree ? import('./scan/shipping.js') : null;
  // Its listings (the ignored files, and the dotenv files among them and the listed ones) start
  // once the scan's files are listed and run while they are scanned. After the scan they added
  // 1.1 s to the bench tree's 4 s; started before the listing, they slowed it down (both on this
  // thread) by 0.1 s.
  const early: { root?: string; ignored?: Promise<IgnoredFiles>; tree?: Promise<TreeFiles>; dotenvs?: Promise<string[]> } = {};
  const ignoredKeep = (root: string) => ({ all: options.noIgnore === true, allowlisted: (rel: string) => ctx.allowlisted(root, rel) });
  // the ignored files, named by the listing's own walk of the directories when it can (ListOptions.ignoredSink)
  let sunk: { root: string; collected: Promise<{ done: () => IgnoredFiles }> } | null = null;
  if (shipping) {
    ctx.ignoredSink = (root) => {
      // until the module is in (a few milliseconds), the first names wait here
      const first: string[] = [];
      let add: (rel: string) => void = (rel) => void first.push(rel);
      const collected = shipping.then((m) => {
        const collector = m.ignoredCollector(ignoredKeep(root));
        for (const rel of first) collector.add(rel);
        first.length = 0;
        add = collector.add;
        return collector;
      });
      sunk = { root, collected };
      return (rel) => add(rel);
    };
    ctx.onListed = (root, listing) => {
      const named = sunk?.root === root ? sunk.collected : null;
      const ignored = (named && listing.ignoredNamed ? listing.ignoredNamed : Promise.resolve(false)).then((all) =>
        all && named ? named.then((c) => c.done()) : shipping.then((m) => m.ignoredFiles(root, ignoredKeep(root))),
      );
      const tree = shipping.then((m) => m.listedTree(root, listing, ignored));
      Object.assign(early, { root, ignored, tree, dotenvs: tree.then((t) => t.named(isDotenvName)) });
      // awaited after the scan, unless it stops early (--timeout): a failure then is not an unhandled one
      for (const pending of [early.ignored, early.dotenvs]) pending?.catch(() => undefined);
    };
  }
  // every --baseline FILE applies (issue 12.3); none named: the default one, if present
  const named = options.baselines ?? [];
  const baselineFilesOf = (root: string) =>
    named.length ? named.map((b) => path.resolve(trusted.cwd, b)) : options.noDefaultBaseline ? [] : [path.join(root, DEFAULT_BASELINE)];
  // each baseline read once (from the trusted tree: in staged and diff a git call), whoever asks first
  const baselinesRead = new Map<string, ReturnType<typeof readBaseline>>();
  const baselineOf = (file: string) => {
    let read = baselinesRead.get(file);
    if (!read) baselinesRead.set(file, (read = readBaseline(file, trusted.reader, !named.length)));
    return read;
  };
  // the baseline's files, read from the same trusted tree before the change is scanned: a file the
  // change renames away from one is judged whole (ModeContext.baselinedFiles)
  if ((options.mode === 'diff' || options.mode === 'staged') && top) {
    const files = new Set<string>();
    for (const file of baselineFilesOf(top)) for (const entry of (await baselineOf(file))?.findings ?? []) files.add(entry.file);
    if (files.size) ctx.baselinedFiles = files;
    ctx.judgedApart = await renamedApart(engine, options, accepted, {
      globs: loaded.config.documentation,
      configDir: options.config ? top : loaded.dir,
      root: top,
      top,
    });
  }
  const result = await runMode(ctx);
  const warnings: string[] = [...result.warnings];
  for (const f of await trustFindings(options, trusted, rules)) result.findings.push(f);
  if (shipping && !result.incomplete) {
    const allowlistedAbs = (abs: string) => ctx.allowlisted(result.root, path.relative(result.root, abs).split(path.sep).join('/'));
    const { addIgnoredFiles, ignoredFiles, scanIgnoredDotenv, shippedDotenvFacts, walkedTree } = await shipping;
    const fromEarly = early.root === result.root;
    // --no-ignore scans the ignored files too; otherwise `skipped` says how many were left out
    await addIgnoredFiles(ctx, result, (fromEarly && early.ignored) || ignoredFiles(result.root, ignoredKeep(result.root)));
    // ignored dotenv files still feed browser bundles; found once for both steps
    const tree = (fromEarly && (await early.tree)) || walkedTree(result.root);
    const dotenvs = await ((fromEarly && early.dotenvs) || tree.named(isDotenvName));
    result.findings.push(
      ...(await scanIgnoredDotenv(result.root, dotenvs, result.findings, allowlistedAbs, rules, {
        ...engineOptions,
        allowValues: loaded.config.allowlist.values.map((v) => compileUserRegex(v)),
      })),
    );
    // ignored dotenv files shipped in a Docker build context or an npm package (dotenv-shipped)
    if (rules.some((r) => r.id === 'dotenv-shipped'))
      for (const facts of await shippedDotenvFacts(result.root, tree, dotenvs, allowlistedAbs)) result.findings.push(...engine.checkFile(facts));
  }
  // a .env file whose every value is encrypted (sops, dotenvx) is meant to be committed
  if (result.findings.some(isDotenvFinding))
    result.findings = await withoutSealedDotenv(
      result.findings,
      dotenvReader(options.mode, result.root),
      dotenvBeforeReader(options.mode, result.root),
      result.laterVersions,
    );
  if (result.incomplete)
    warnings.push(
      `stopped after --timeout ${options.timeout} s: the result is incomplete (summary.incomplete); raise --timeout, or narrow the scan (paths, --since, --range)`,
    );
  for (const e of result.errors) warnings.push(`rule ${e.ruleId} failed on ${e.file}: ${e.message}`);
  const unsuppressible = new Set(rules.filter((r) => r.kind === 'content' && r.unsuppressible).map((r) => r.id));
  // detect: documentation examples are judged over the whole run (src/detect/documentation.ts)
  // documentation globs are relative to what allowlist.paths is relative to (issue 12.5): a file named with --config governs the whole run
  const docBase = options.config ? (top ?? result.root) : loaded.dir;
  const judged = await judgeDocumentation(result.findings, { globs: loaded.config.documentation, configDir: docBase, root: result.root, top });
  // a token a pair over lines holds is accepted with the pair (src/engine/engine.ts, resolveOverlaps)
  const isAccepted = (known: ReadonlySet<string>, f: LocatedFinding) => known.has(f.fingerprint) || (f.heldBy !== undefined && known.has(f.heldBy));
  let found = judged.filter((f) => unsuppressible.has(f.ruleId) || !isAccepted(accepted, f));
  const suppressed = { inline: result.suppressedInline, allowlist: judged.length - found.length, baseline: 0 };
  const baselineFiles = baselineFilesOf(result.root);
  let baselineInfo: RunResult['baseline'];
  let stale: StaleEntry[] | undefined;
  const baselineEntries: { entry: BaselineEntry; file: string }[] = [];
  const used: string[] = [];
  for (const file of baselineFiles) {
    // the default baseline is optional (null: none); one named with --baseline must exist
    const baseline = await baselineOf(file);
    if (!baseline) continue;
    used.push(file);
    for (const entry of baseline.findings) baselineEntries.push({ entry, file });
  }
  // staged and diff see only part of the repository: "not found" would not mean "gone"
  const whole = options.mode === 'scan' || options.mode === 'history';
  // --report-stale that cannot list anything says why, rather than print nothing
  if (options.reportStale && !whole)
    warnings.push(
      `--report-stale lists nothing in \`swlint ${options.mode}\`, which sees only part of the repository (an entry not found there may still match elsewhere): use it with \`swlint scan\` or \`swlint history\``,
    );
  else if (options.reportStale && !used.length)
    warnings.push(`--report-stale found no baseline to check: there is no ${DEFAULT_BASELINE} at the root, and no --baseline FILE was given`);
  if (used.length) {
    const known = new Set(baselineEntries.map((a) => a.entry.fingerprint));
    const matched = new Set<string>();
    const before = found.length;
    found = found.filter((f) => {
      if (unsuppressible.has(f.ruleId) || !isAccepted(known, f)) return true;
      matched.add(known.has(f.fingerprint) ? f.fingerprint : f.heldBy!);
      return false;
    });
    suppressed.baseline = before - found.length;
    const staleEntries = options.reportStale && whole ? baselineEntries.filter((a) => !matched.has(a.entry.fingerprint)) : [];
    baselineInfo = { file: used.join(', '), stale: staleEntries.map((a) => entryOf(a.entry)) };
    if (options.reportStale && whole) {
      // redacted again: an entry may come from a --no-redact JSON report
      stale = staleEntries.map(({ entry, file }) => {
        const e = entryOf(entry);
        return { fingerprint: e.fingerprint, ruleId: e.ruleId, file: e.file, match: e.match, baseline: shownPath(options.cwd, file) };
      });
      for (const e of stale) warnings.push(`stale baseline entry (no longer found): ${e.ruleId} ${e.file} ${e.match} — remove it from ${e.baseline}`);
    }
  }
  const findings = sortFindings(found);
  if (options.redact) redactCommitMetadata(findings);
  return {
    mode: options.mode,
    root: result.root,
    findings,
    skipped: result.skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    summary: {
      files: result.files,
      bytes: result.bytes,
      commits: result.commits,
      findings: findings.length,
      durationMs: Date.now() - started,
      ...(result.incomplete ? { incomplete: true as const } : {}),
    },
    warnings,
    rulesRun: rules,
    suppressed,
    allowlisted: [...allowlistedFiles].sort(),
    ...(stale ? { stale } : {}),
    baseline: baselineInfo,
    ...(result.isTracked ? { isTracked: result.isTracked } : {}),
  };
}

/**
 * diff, staged: whether a file the change renames leaves behind, with its old path, what kept its
 * findings unreported or lower there (ModeContext.judgedApart). A fingerprint names the path, so
 * one BASE accepted no longer accepts the value at the new path, as `swlint scan` then shows;
 * documentation and tests judge example-prone values more leniently than code; and some rules read
 * the file's name (a `define` of a server secret is exposed in `vite.config.ts`, not in
 * `build/settings.ts`; a CSV's columns; a path naming SignalWire). Such a file is judged whole at
 * its new path.
 */
async function renamedApart(
  engine: Engine,
  options: RunOptions,
  accepted: ReadonlySet<string>,
  docs: DocumentationOptions,
): Promise<(from: string, to: string, before: Content) => boolean> {
  const kind = await pathKinds(docs);
  const { scanUnit } = await import('./scan/unit.js');
  const findingsAt = (file: string, before: Content) =>
    scanUnit(engine, { id: 0, content: before, paths: [sightingPath({ path: file })], maxFileSize: options.maxFileSize }).results[0]?.findings ?? [];
  return (from, to, before) => {
    const was = kind(from);
    if (was !== 'code' && was !== kind(to)) return true;
    if (before.kind !== 'bytes') return false;
    let atFrom: LocatedFinding[] | null = null;
    if (accepted.size) {
      atFrom = findingsAt(from, before);
      if (atFrom.some((f) => accepted.has(f.fingerprint) || (f.heldBy !== undefined && accepted.has(f.heldBy)))) return true;
    }
    // the rules read a path's file name and whether it names SignalWire: a move to another folder
    // under the same name (most of a refactor's renames) is judged as it was, without scanning again
    if (path.posix.basename(from) === path.posix.basename(to) && /signalwire/i.test(from) === /signalwire/i.test(to)) return false;
    // the same text at both paths: a finding at the new path that the old one did not have, or had lower, is the rename's
    const had = new Map((atFrom ?? findingsAt(from, before)).map((f) => [`${f.ruleId}:${f.line}:${f.column}`, SEVERITY_RANK[f.severity]]));
    return findingsAt(to, before).some((f) => (had.get(`${f.ruleId}:${f.line}:${f.column}`) ?? 0) < SEVERITY_RANK[f.severity]);
  };
}

async function isDirectory(abs: string): Promise<boolean> {
  return fs.stat(abs).then(
    (st) => st.isDirectory(),
    () => false,
  );
}

/** A path as the user named it: relative to the cwd when under it, else absolute. */
function shownPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/**
 * allowlist.paths as picomatch reads them: "./x" and "/x" are "x". A pattern that climbs out of
 * the directory it is relative to ("../py/**") could never match: refused, never a silent no-op.
 */
function allowlistGlobs(loaded: LoadedConfig): string[] {
  return loaded.config.allowlist.paths.map((glob, i) => {
    const normal = glob.replace(/^!?(\.\/|\/)+/, (m) => (m.startsWith('!') ? '!' : ''));
    if (/(^!?|\/)\.\.(\/|$)/.test(normal))
      throw new ConfigError(
        `invalid config ${loaded.file}: "allowlist.paths[${i}]" ${JSON.stringify(glob)} leads out of the directory it is relative to; ` +
          `write it relative to the repository root for a --config file (e.g. "py/**"), else to the config file's directory`,
      );
    return normal;
  });
}

export function sortFindings<T extends Finding>(findings: T[]): T[] {
  return findings.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
      (a.commit?.date ?? '').localeCompare(b.commit?.date ?? ''),
  );
}

/** 0: nothing at or above --fail-on; 1: at least one finding that is. */
export function exitCodeFor(findings: readonly Finding[], failOn: RunOptions['failOn']): 0 | 1 {
  // live: decided by the credential inventory after --verify (src/inventory, issue 13)
  if (failOn === 'never' || failOn === 'live') return 0;
  const min = SEVERITY_RANK[failOn];
  return findings.some((f) => SEVERITY_RANK[f.severity] >= min) ? 1 : 0;
}
