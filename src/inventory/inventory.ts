// The credential inventory: findings grouped by the credential behind them (one entry per
// distinct secret, whatever the file, commit, encoding or rule), with what a security lead
// needs to act: kind, Space and project when known, first exposure, every location, whether
// it is still there, how it is exposed, its verification status and the rotation checklist.
// Pure: built from findings alone (plus which files git tracks, in `scan`).
import type { Finding, Mode, Severity } from '../types.js';
import { SEVERITY_RANK } from '../types.js';
import type { CredentialKind, CredentialRef } from './credential.js';

export type Exposure = 'committed' | 'history-only' | 'staged' | 'working-tree' | 'browser-bundle' | 'docker-context';
export type VerificationStatus = 'live' | 'invalid' | 'unknown';

export interface Verification {
  status: VerificationStatus;
  /** ISO 8601 time of the request; null when no request could be made (see `reason`) */
  checkedAt: string | null;
  /** why the status is unknown (no Space known, timeout, HTTP 500 …) */
  reason?: string;
}

export interface CredentialLocation {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  commit: string | null;
  date: string | null;
  stillPresent: boolean | null;
  /** merged reports: the repository the location is in */
  repository?: string;
}

export interface RemediationStep {
  /** stable: the HTML report remembers ticked steps under `<credential id>:<step id>` */
  id: 'rotate' | 'update-deployments' | 'remove-from-code' | 'purge-history';
  text: string;
}

export interface Credential {
  id: string;
  kind: CredentialKind;
  /** the secret as reports show it (redacted unless --no-redact) */
  match: string;
  severity: Severity;
  rules: string[];
  /** the Space host and project ID it belongs to, when the scanned content says (shown like `match`) */
  space: string | null;
  project: string | null;
  firstExposure: { commit: string; author: string; date: string; file: string; line: number } | null;
  locations: CredentialLocation[];
  /**
   * still in the working tree / at HEAD (scan: always; history: where the same secret is at HEAD);
   * null: not known in this mode, or (history) no location is known to be at HEAD and HEAD's
   * version of one of their files could not be scanned
   */
  stillPresent: boolean | null;
  presentIn: string[];
  exposure: Exposure[];
  verification: Verification | null;
  remediation: RemediationStep[];
  /** merged reports: the repositories it was found in */
  repositories?: string[];
}

/** What --verify needs about a credential, raw, in memory only. */
export interface VerifyTarget {
  credentialId: string;
  token: string;
  project: string | null;
  space: string | null;
}

export interface InventoryInput {
  mode: Mode | string;
  findings: readonly Finding[];
  /** scan: the files git tracks (null: not a repository, or unknown) */
  tracked?: ReadonlySet<string> | null;
}

const BUNDLE_PATH = /(^|\/)(dist|build|out|public|static|\.next|\.nuxt|\.output|\.svelte-kit|www)\/.*\.(m?js|html?|map)$|\.(bundle|chunk|min)\.js$/i;
const DOCKER_PATH = /(^|\/)(Dockerfile[^/]*|[^/]*\.dockerfile|(docker-)?compose[^/]*\.ya?ml)$/i;

export const EXPOSURE_ORDER: Exposure[] = ['committed', 'history-only', 'staged', 'working-tree', 'browser-bundle', 'docker-context'];

interface Group {
  ref: CredentialRef;
  findings: Finding[];
}

const chunkKey = (f: Finding) => `${f.commit?.sha ?? ''}\0${f.file}`;

/** The one value in `ids`, or null when there are none or several (an ambiguous guess could send a token to the wrong project). */
function only<T>(values: Iterable<T>): T | null {
  const set = new Set(values);
  return set.size === 1 ? ([...set][0] as T) : null;
}

export function buildInventory(input: InventoryInput): { credentials: Credential[]; targets: VerifyTarget[] } {
  const groups = new Map<string, Group>();
  // context: projects and Spaces, by chunk (file in one commit) and run-wide
  const projectsIn = new Map<string, Set<string>>();
  const spacesIn = new Map<string, Set<string>>();
  const contextShown = new Map<string, string>();
  const contextValue = new Map<string, string>();
  const shippedFiles = new Set(input.findings.filter((f) => f.ruleId === 'dotenv-shipped').map((f) => f.file));
  const addContext = (into: Map<string, Set<string>>, key: string, id: string, shown: string, value?: string) => {
    let s = into.get(key);
    if (!s) into.set(key, (s = new Set()));
    s.add(id);
    if (!contextShown.has(id)) contextShown.set(id, shown);
    if (value !== undefined) contextValue.set(id, value);
  };
  for (const f of input.findings) {
    const ref = f.credential;
    if (!ref) continue;
    if (ref.role === 'project') addContext(projectsIn, chunkKey(f), ref.id, ref.shown, ref.value);
    else if (ref.role === 'space') addContext(spacesIn, chunkKey(f), ref.id, ref.shown, ref.value);
    else {
      if (ref.project) addContext(projectsIn, chunkKey(f), ref.project.id, ref.project.shown, ref.project.value);
      const g = groups.get(ref.id);
      if (g) g.findings.push(f);
      else groups.set(ref.id, { ref, findings: [f] });
    }
  }
  const allProjects = new Set([...projectsIn.values()].flatMap((s) => [...s]));
  const allSpaces = new Set([...spacesIn.values()].flatMap((s) => [...s]));

  // the run-wide fallbacks, the same for every credential (found once: 16 ms for the bench tree's 676 credentials when asked of each)
  const onlyProject = only(allProjects);
  const onlySpace = only(allSpaces);
  const credentials: Credential[] = [];
  const targets: VerifyTarget[] = [];
  for (const [id, g] of groups) {
    const fs = [...g.findings].sort(byTimeThenPlace);
    const pairProjects = fs.flatMap((f) => (f.credential?.project ? [f.credential.project.id] : []));
    const project = only(pairProjects) ?? only(fs.flatMap((f) => [...(projectsIn.get(chunkKey(f)) ?? [])])) ?? onlyProject;
    const space = only(fs.flatMap((f) => [...(spacesIn.get(chunkKey(f)) ?? [])])) ?? onlySpace;
    const first = fs.find((f) => f.commit);
    const present = presence(input.mode, fs);
    const exposure = exposureOf(input, fs, shippedFiles);
    const kind = g.ref.kind ?? 'api-token';
    const spaceShown = space ? (contextShown.get(space) ?? null) : null;
    credentials.push({
      id,
      kind,
      match: g.ref.shown,
      severity: fs.reduce<Severity>((s, f) => (SEVERITY_RANK[f.severity] > SEVERITY_RANK[s] ? f.severity : s), 'info'),
      rules: [...new Set(fs.map((f) => f.ruleId))].sort(),
      space: spaceShown,
      project: project ? (contextShown.get(project) ?? null) : null,
      firstExposure: first?.commit
        ? { commit: first.commit.sha, author: first.commit.author, date: first.commit.date, file: first.file, line: first.line }
        : null,
      locations: fs.map((f) => ({
        file: f.file,
        line: f.line,
        column: f.column,
        ruleId: f.ruleId,
        commit: f.commit?.sha ?? null,
        date: f.commit?.date ?? null,
        stillPresent: f.stillPresent,
      })),
      stillPresent: present.still,
      presentIn: present.where,
      exposure,
      verification: null,
      remediation: remediation(kind, spaceShown, exposure),
    });
    const token = fs.map((f) => f.credential?.value).find((v) => v !== undefined);
    if (token !== undefined && kind === 'api-token')
      targets.push({
        credentialId: id,
        token,
        project: project ? (contextValue.get(project) ?? null) : null,
        space: space ? (contextValue.get(space) ?? null) : null,
      });
  }
  credentials.sort(credentialOrder);
  return { credentials, targets };
}

/**
 * ISO 8601 dates (a missing one first) by the instant they name: commits carry their author's
 * offset, so `10:00+05:00` comes before `06:00+00:00`, which their text would put after it.
 * Dates that do not parse, and the same instant written two ways, in text order. Equal ones
 * without parsing (a scan's findings have no date).
 */
export function compareDates(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined || a === '') return -1;
  if (b === undefined || b === '') return 1;
  const d = Date.parse(a) - Date.parse(b);
  return d < 0 ? -1 : d > 0 ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/** Worst first, then earliest exposure, then id: the order a person works through them. */
export function credentialOrder(a: Credential, b: Credential): number {
  const live = (c: Credential) => (c.verification?.status === 'live' ? 1 : 0);
  return (
    live(b) - live(a) ||
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    compareDates(a.firstExposure?.date, b.firstExposure?.date) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function byTimeThenPlace(a: Finding, b: Finding): number {
  return (
    compareDates(a.commit?.date, b.commit?.date) ||
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}

function presence(mode: string, fs: readonly Finding[]): { still: boolean | null; where: string[] } {
  const files = (list: readonly Finding[]) => [...new Set(list.map((f) => f.file))].sort();
  if (mode === 'scan' || mode === 'staged') return { still: true, where: files(fs) };
  // diff's findings say whether HEAD still holds them, as history's do (added and removed inside the range: false)
  if (mode === 'history' || mode === 'diff') {
    const at = fs.filter((f) => f.stillPresent === true);
    // a location whose file HEAD has but swlint could not scan there (too large, missing): not known, never "gone"
    return { still: at.length > 0 ? true : fs.some((f) => f.stillPresent === null) ? null : false, where: files(at) };
  }
  return { still: null, where: [] };
}

function exposureOf(input: InventoryInput, fs: readonly Finding[], shippedFiles: ReadonlySet<string>): Exposure[] {
  const out = new Set<Exposure>();
  // history-only only when every location is known to be gone from HEAD
  if (input.mode === 'history' || input.mode === 'diff') out.add(fs.every((f) => f.stillPresent === false) ? 'history-only' : 'committed');
  else if (input.mode === 'staged') out.add('staged');
  else if (input.mode === 'scan') {
    if (input.tracked && fs.some((f) => input.tracked!.has(f.file))) out.add('committed');
    if (!input.tracked || fs.some((f) => !input.tracked!.has(f.file))) out.add('working-tree');
  }
  if (fs.some((f) => f.ruleId === 'signalwire-public-env-exposure' || BUNDLE_PATH.test(f.file))) out.add('browser-bundle');
  if (fs.some((f) => DOCKER_PATH.test(f.file) || shippedFiles.has(f.file))) out.add('docker-context');
  return EXPOSURE_ORDER.filter((e) => out.has(e));
}

const ROTATE: Record<CredentialKind, (space: string) => string> = {
  'api-token': (space) => `Rotate it: in ${space} open API > Tokens, create a replacement token with only the scopes the service needs, then delete this one.`,
  'signing-key': (space) => `Rotate the signing key: in ${space} open the project's API credentials and rotate the signing key.`,
  'personal-access-token': () => 'Revoke it at id.signalwire.com > Personal Access Tokens and create a new one for the machines that need it.',
  'client-token': () =>
    'Stop hard-coding it: mint client tokens on your server per session with a short expiry; revoke the issuing API token if this one does not expire soon.',
};

export function remediation(kind: CredentialKind, space: string | null, exposure: readonly Exposure[]): RemediationStep[] {
  const steps: RemediationStep[] = [
    { id: 'rotate', text: ROTATE[kind](space ? `your Space (${space})` : 'your Space') },
    { id: 'update-deployments', text: 'Update every deployment, CI secret and environment that uses it with the new value, and confirm they still work.' },
    { id: 'remove-from-code', text: 'Remove it from the code: read it from the environment or a secret manager (swlint fix proposes the change).' },
  ];
  if (exposure.includes('committed') || exposure.includes('history-only'))
    steps.push({
      id: 'purge-history',
      text: 'Purge it from git history only if the history is shared (forks, mirrors, public): git filter-repo --replace-text. Rotation is what makes it harmless.',
    });
  return steps;
}

/**
 * What reports say of a history finding or credential whose stillPresent is null: HEAD has the
 * file, but its version there could not be scanned (too large, missing, a binary), so swlint
 * cannot tell whether the secret is still in it.
 */
export const UNKNOWN_AT_HEAD = 'may still be at HEAD (its file there could not be scanned)';

/** "3 credentials to rotate, 1 live" (the text report's summary line). */
export function inventorySummary(credentials: readonly Credential[]): string | null {
  if (credentials.length === 0) return null;
  const n = credentials.length;
  const live = credentials.filter((c) => c.verification?.status === 'live').length;
  const checked = credentials.some((c) => c.verification);
  return `${n} credential${n === 1 ? '' : 's'} to rotate${checked ? `, ${live} live` : ''}`;
}
