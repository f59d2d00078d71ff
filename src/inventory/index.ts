// The step after the findings: build the credential inventory (and, with --verify, ask
// SignalWire which credentials are live), attach it to the result, and take every raw value
// off the findings before any reporter sees them.
import type { Finding, ScanResult } from '../types.js';
import { trackedPaths } from '../sources/git/repo.js';
import { buildInventory, credentialOrder, type VerifyTarget } from './inventory.js';

export interface InventoryOptions {
  /** --verify: ask SignalWire about API tokens (never set from repository config) */
  verify?: boolean;
  /** --verify-space / --verify-project: used when the scanned content does not say */
  verifySpace?: string;
  verifyProject?: string;
  /** --jobs-independent: at most this many requests at once (default 4) */
  verifyConcurrency?: number;
  /** per-request timeout in milliseconds (default 5000) */
  verifyTimeoutMs?: number;
  /** `scan`: whether git tracks a file, when the run knows it already (asked of git otherwise) */
  isTracked?: (file: string) => boolean;
}

export async function applyInventory(result: ScanResult, options: InventoryOptions = {}): Promise<void> {
  const tracked = result.mode === 'scan' ? await trackedFiles(result.root, result.findings, options.isTracked) : null;
  const { credentials, targets } = buildInventory({ mode: result.mode, findings: result.findings, tracked });
  forgetRawValues(result.findings);
  if (options.verify) {
    const { verifyCredentials } = await import('./verify.js');
    const byId = new Map(credentials.map((c) => [c.id, c]));
    const outcomes = await verifyCredentials(
      targets.map((t): VerifyTarget => ({ ...t, space: t.space ?? options.verifySpace ?? null, project: t.project ?? options.verifyProject ?? null })),
      { concurrency: options.verifyConcurrency ?? 4, timeoutMs: options.verifyTimeoutMs ?? 5000 },
    );
    targets.length = 0;
    for (const [id, v] of outcomes) {
      const c = byId.get(id);
      if (c) c.verification = v;
    }
    credentials.sort(credentialOrder);
  }
  result.credentials = credentials;
}

/** The raw values existed for --verify only: gone before anything can print or serialise them. */
function forgetRawValues(findings: readonly Finding[]): void {
  for (const f of findings) {
    const ref = f.credential;
    if (!ref) continue;
    delete ref.value;
    if (ref.project) delete ref.project.value;
  }
}

async function trackedFiles(root: string, findings: readonly Finding[], isTracked?: (file: string) => boolean): Promise<Set<string> | null> {
  const files = [...new Set(findings.filter((f) => f.credential?.role === 'secret').map((f) => f.file))];
  if (files.length === 0) return new Set();
  if (isTracked) return new Set(files.filter(isTracked));
  try {
    return await trackedPaths(root, files);
  } catch {
    // not a repository (or git unavailable): whether it is committed is unknown, not "no"
    return null;
  }
}

/** --fail-on live: 1 when a credential answered as live, else 0. */
export function liveExitCode(result: ScanResult): 0 | 1 {
  return result.credentials?.some((c) => c.verification?.status === 'live') ? 1 : 0;
}
