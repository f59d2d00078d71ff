// SARIF 2.1.0 for GitHub code scanning (and any other SARIF consumer). Pure: the caller
// says which directory the URIs are relative to (the repository's top level).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES } from '../../rules/index.js';
import type { Finding, Rule, ScanResult, Severity } from '../types.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { credentialSarif } from '../inventory/sarif.js'; // credential inventory (issue 13)
import { UNKNOWN_AT_HEAD } from '../inventory/inventory.js';
import { exampleFix } from './rules.js';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** the key of our fingerprint in `partialFingerprints`; bump the version if the fingerprint changes */
export const FINGERPRINT_KEY = 'swlint/v1';

/** What a reporter needs: a scan result, whether it came from run() or from `--format json`. */
export type ReportInput = ScanResult & { warnings?: readonly string[] };

export interface SarifOptions {
  /**
   * The directory that `%SRCROOT%` stands for, normally the repository's top level. Finding
   * paths (relative to `result.root`) are re-based onto it. Default: `result.root`.
   */
  srcRoot?: string;
  /** `--rule` / `--disable`: which rules ran (every rule when both are empty) */
  rules?: readonly string[];
  disable?: readonly string[];
  /** the rules that actually ran (config and custom rules included); wins over rules/disable */
  ruleSet?: readonly Rule[];
  /** why the run ends in exit 2 although it reported (a named path it could not scan) */
  failures?: readonly string[];
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * GitHub ranks alerts by this ("greater than 0.0 up to 10.0"; over 9.0 critical, 7.0-8.9
 * high, 4.0-6.9 medium). A leaked credential that works on its own is critical; a
 * likely one high; a .env hygiene problem high; context-only values (project ID, space
 * URL, short-lived client tokens) and insecure transport medium.
 */
export function securitySeverity(rule: Pick<Rule, 'kind' | 'severity' | 'precision'>): string {
  if (rule.severity === 'error') {
    if (rule.kind === 'repository') return '7.5';
    return rule.precision === 'very-high' ? '9.5' : rule.precision === 'high' ? '8.0' : '7.0';
  }
  if (rule.severity === 'warning') return rule.precision === 'very-high' ? '5.0' : rule.precision === 'high' ? '4.0' : '3.0';
  return '2.0';
}

function cweTags(rule: Rule): string[] {
  if (rule.kind === 'repository') return ['external/cwe/cwe-538'];
  if (rule.id === 'signalwire-insecure-http') return ['external/cwe/cwe-319'];
  return rule.id.startsWith('signalwire-') ? ['external/cwe/cwe-798'] : [];
}

function pascal(id: string): string {
  return id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

function ruleDescriptor(rule: Rule) {
  const fix = exampleFix(rule);
  return {
    id: rule.id,
    name: pascal(rule.id),
    shortDescription: { text: rule.message.slice(0, 1024) },
    fullDescription: { text: rule.description },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    help: {
      text: `${rule.description}\n\nFix: ${fix}\n(Each result's message gives the fix for its own file and language.)`,
      markdown:
        `${rule.description}\n\n**Fix** (for a JavaScript file; each result's message gives the fix for its own file and language):\n\n` +
        `${fix}\n\nSuppress a reviewed false positive with an inline ignore comment or a baseline (\`swlint baseline\`).`,
    },
    properties: {
      tags: ['security', 'secrets', 'signalwire', ...cweTags(rule)],
      precision: rule.precision,
      'security-severity': securitySeverity(rule),
      'problem.severity': rule.severity === 'info' ? 'recommendation' : rule.severity,
    },
  };
}

/** A rule that is not in the registry (a custom rule from the config) is described by its first finding. */
function unknownDescriptor(f: Finding) {
  const text = f.message.slice(0, 1024) || f.ruleId;
  return {
    id: f.ruleId,
    name: pascal(f.ruleId),
    shortDescription: { text },
    fullDescription: { text },
    defaultConfiguration: { level: LEVEL[f.severity] },
    help: { text: f.fix ? `Fix: ${f.fix}` : text, markdown: f.fix ? `**Fix:** ${f.fix}` : text },
    properties: { tags: ['security', 'secrets'], 'security-severity': f.severity === 'error' ? '7.0' : f.severity === 'warning' ? '4.0' : '2.0' },
  };
}

/** Each path segment percent-encoded, so that `:`, `#`, `%`, spaces and the like stay data. */
export function encodeUriPath(p: string): string {
  return p
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

function dirUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : href + '/';
}

/**
 * A finding's path (relative to `root`) re-based onto `srcRoot`, with forward slashes; null
 * when the file lies outside srcRoot.
 */
export function rebasePath(root: string, srcRoot: string, file: string): string | null {
  if (root === srcRoot) return file;
  const rel = path
    .relative(srcRoot, path.resolve(root, ...file.split('/')))
    .split(path.sep)
    .join('/');
  return rel === '' || rel === '..' || rel.startsWith('../') || path.isAbsolute(rel) ? null : rel;
}

/** Repo-relative URI with %SRCROOT%, or an absolute file URI for a path outside srcRoot. */
function artifactLocation(result: ReportInput, srcRoot: string, file: string) {
  const rel = rebasePath(result.root, srcRoot, file);
  if (rel === null || rel.startsWith('../')) return { uri: pathToFileURL(path.resolve(result.root, ...file.split('/'))).href };
  return { uri: encodeUriPath(rel), uriBaseId: '%SRCROOT%' };
}

function region(f: Finding) {
  const r: { startLine: number; startColumn?: number; endLine?: number; endColumn?: number } = { startLine: Math.max(1, f.line) };
  // repository rules (.env hygiene) judge a whole file: line 1 with an empty range
  if (f.endLine > f.line || f.endColumn > f.column) {
    r.startColumn = Math.max(1, f.column);
    r.endLine = Math.max(r.startLine, f.endLine);
    r.endColumn = Math.max(1, f.endColumn);
  }
  return r;
}

function resultMessage(f: Finding, mode: string): string {
  const still =
    f.stillPresent === false
      ? '; no longer in the working tree, but still in history'
      : f.stillPresent === null && mode === 'history'
        ? `; ${UNKNOWN_AT_HEAD}`
        : '';
  const where = f.commit ? ` Introduced in commit ${f.commit.sha.slice(0, 12)} (${f.commit.date.slice(0, 10)}, ${f.commit.author})${still}.` : '';
  return `${f.message}: ${f.match}.${where} Fix: ${f.fix}`;
}

export function selectedRules(options: Pick<SarifOptions, 'rules' | 'disable'>): Rule[] {
  const only = options.rules ?? [];
  const off = options.disable ?? [];
  return RULES.filter((r) => (only.length === 0 || only.includes(r.id)) && !off.includes(r.id));
}

export function formatSarif(result: ReportInput, options: SarifOptions = {}): string {
  const srcRoot = options.srcRoot ?? result.root;
  const descriptors: ReturnType<typeof ruleDescriptor | typeof unknownDescriptor>[] = [];
  const index = new Map<string, number>();
  const add = (id: string, d: (typeof descriptors)[number]) => {
    if (index.has(id)) return;
    index.set(id, descriptors.length);
    descriptors.push(d);
  };
  for (const r of options.ruleSet ?? selectedRules(options)) add(r.id, ruleDescriptor(r));
  const byId = new Map(RULES.map((r) => [r.id, r]));
  for (const f of result.findings) {
    const known = byId.get(f.ruleId);
    add(f.ruleId, known ? ruleDescriptor(known) : unknownDescriptor(f));
  }

  const results = result.findings.map((f) => {
    const properties: Record<string, unknown> = {};
    if (f.commit) {
      properties.commit = f.commit.sha;
      properties.commitMessage = f.commit.message;
      properties.commitAuthor = f.commit.author;
      properties.commitEmail = f.commit.email;
      properties.commitDate = f.commit.date;
    }
    if (f.stillPresent !== null) properties.stillPresent = f.stillPresent;
    const cred = credentialSarif(f, result, (file) => artifactLocation(result, srcRoot, file)); // issue 13
    Object.assign(properties, cred.properties);
    return {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId) ?? 0,
      level: LEVEL[f.severity],
      message: { text: resultMessage(f, result.mode) },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(result, srcRoot, f.file), region: region(f) } }],
      partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
      ...(cred.relatedLocations ? { relatedLocations: cred.relatedLocations } : {}),
      ...(Object.keys(properties).length ? { properties } : {}),
    };
  });

  const notifications = [
    ...result.skipped.map((s) => ({
      level: 'note' as const,
      message: { text: `skipped ${s.file}: ${s.reason}${s.detail ? ` (${s.detail})` : ''}` },
      descriptor: { id: 'skipped-file' },
    })),
    ...(result.warnings ?? []).map((w) => ({ level: 'warning' as const, message: { text: w }, descriptor: { id: 'warning' } })),
    ...(options.failures ?? []).map((text) => ({ level: 'error' as const, message: { text }, descriptor: { id: 'execution-failed' } })),
  ];
  // a run stopped by --timeout, or one that left a named path unscanned, exits 2: code scanning
  // must not take its partial results for a complete, successful analysis
  const successful = result.summary.incomplete !== true && !options.failures?.length;

  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            semanticVersion: TOOL_VERSION,
            version: TOOL_VERSION,
            rules: descriptors,
          },
        },
        automationDetails: { id: `${TOOL_NAME}/${result.mode}/` },
        originalUriBaseIds: { '%SRCROOT%': { uri: dirUri(srcRoot) } },
        invocations: [{ executionSuccessful: successful, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
        results,
        columnKind: 'utf16CodeUnits',
        properties: {
          mode: result.mode,
          summary: result.summary,
          suppressed: { ...(result.suppressed ?? { inline: 0, allowlist: 0, baseline: 0 }), allowlistedFiles: result.allowlisted?.length ?? 0 },
          ...(result.stale ? { staleBaselineEntries: result.stale.length } : {}),
        },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
