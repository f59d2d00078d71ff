// The baseline: findings a team has accepted for now, keyed on fingerprints (rule + path +
// hashed secret) so that it survives edits, rebases and squashes — no line numbers, no
// commit SHAs, no secrets. Sorted, one entry per fingerprint, so it reviews well in a diff.
import { fsReader, type FileReader } from './config/file-reader.js';
import type { Finding } from './types.js';
import { TOOL_NAME } from './version.js';
import { jsonSyntaxMessage } from './errors.js';
import { redact } from './engine/redact.js';

export const DEFAULT_BASELINE = '.swlint-baseline.json';

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
  /** always redacted, whatever --no-redact says */
  match: string;
  /** why the finding is accepted, written by people; `swlint baseline --update` keeps it */
  reason?: string;
  /** anything else to remember (ticket, rotation date); kept by --update too */
  note?: string;
}

export interface BaselineFile {
  version: 1;
  tool: string;
  findings: BaselineEntry[];
}

export class BaselineError extends Error {}

/**
 * The baseline of `findings`. `previous` (--update): its entries' reason and note are kept; with
 * `keepUnmatched` (a scan that saw only part of the repository) its other entries stay too.
 */
export function buildBaseline(
  findings: readonly Finding[],
  redactedMatch: (f: Finding) => string,
  previous?: { entries: readonly BaselineEntry[]; keepUnmatched: boolean },
): BaselineFile {
  const byFingerprint = new Map<string, BaselineEntry>();
  const before = new Map((previous?.entries ?? []).map((e) => [e.fingerprint, e]));
  for (const f of findings) {
    if (byFingerprint.has(f.fingerprint)) continue;
    const old = before.get(f.fingerprint);
    byFingerprint.set(f.fingerprint, {
      fingerprint: f.fingerprint,
      ruleId: f.ruleId,
      file: f.file,
      match: redactedMatch(f),
      ...(typeof old?.reason === 'string' ? { reason: old.reason } : {}),
      ...(typeof old?.note === 'string' ? { note: old.note } : {}),
    });
  }
  if (previous?.keepUnmatched) for (const e of previous.entries) if (!byFingerprint.has(e.fingerprint)) byFingerprint.set(e.fingerprint, entryOf(e));
  const entries = [...byFingerprint.values()].sort(
    (a, b) => a.file.localeCompare(b.file) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint),
  );
  return { version: 1, tool: TOOL_NAME, findings: entries };
}

/** The fields a baseline entry keeps, the match redacted again (an entry may come from a --no-redact JSON report). */
export function entryOf(e: BaselineEntry): BaselineEntry {
  return {
    fingerprint: e.fingerprint,
    ruleId: String(e.ruleId ?? ''),
    file: String(e.file ?? ''),
    match: redactedMatch(String(e.match ?? '')),
    ...(typeof e.reason === 'string' ? { reason: e.reason } : {}),
    ...(typeof e.note === 'string' ? { note: e.note } : {}),
  };
}

/** A match as shown: already redacted ones (with …) as they are, any other redacted now. */
export function redactedMatch(match: string): string {
  return match.includes('…') ? match : redact(match);
}

export function serializeBaseline(b: BaselineFile): string {
  // one entry per line: small, stable diffs when the baseline shrinks
  const lines = b.findings.map((e) => '    ' + JSON.stringify(e));
  return `{\n  "version": 1,\n  "tool": ${JSON.stringify(b.tool)},\n  "findings": [\n${lines.join(',\n')}${lines.length ? '\n' : ''}  ]\n}\n`;
}

/** The baseline at `file`, read through `reader` (diff: BASE's tree); null when `optional` and there is none. */
export async function readBaseline(file: string, reader: FileReader = fsReader, optional = false): Promise<BaselineFile | null> {
  let raw: string | null;
  try {
    // a baseline named with --baseline may be a pipe (`<(…)`); the default one must be a file
    raw = await reader.read(file, !optional);
  } catch (e) {
    throw new BaselineError(e instanceof Error ? e.message : String(e));
  }
  if (raw === null) {
    if (optional) return null;
    throw new BaselineError(
      `cannot read baseline ${file}${reader === fsReader ? '' : ` in ${reader.where}`}: create it with \`swlint baseline\` or check the path`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    throw new BaselineError(`invalid JSON in baseline ${file}: ${jsonSyntaxMessage(e)}`);
  }
  const d = data as Partial<BaselineFile> | null;
  if (!d || d.version !== 1 || !Array.isArray(d.findings) || d.findings.some((e) => !e || typeof e.fingerprint !== 'string'))
    throw new BaselineError(`invalid baseline ${file}: expected {"version": 1, "findings": [{"fingerprint": …}]} as written by \`swlint baseline\``);
  return d as BaselineFile;
}
