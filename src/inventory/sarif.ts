// The inventory's part of SARIF: each credential finding's other locations as relatedLocations
// (the same secret elsewhere), its credential id and verification in the result's properties,
// and a live credential raised to the highest security-severity.
import type { Finding, ScanResult } from '../types.js';
import type { Credential } from './inventory.js';

/** GitHub's scale tops out at 10.0: a credential SignalWire accepted right now is as bad as it gets. */
export const LIVE_SECURITY_SEVERITY = '10.0';
/** at most this many related locations per result: a token copied into 500 files needs no 500x500 log */
const MAX_RELATED = 20;

type Location = { uri: string; uriBaseId?: string };

const byResult = new WeakMap<ScanResult, Map<string, Credential>>();

function credentialsById(result: ScanResult): Map<string, Credential> {
  let m = byResult.get(result);
  if (!m) byResult.set(result, (m = new Map((result.credentials ?? []).map((c) => [c.id, c]))));
  return m;
}

export function credentialSarif(
  f: Finding,
  result: ScanResult,
  locate: (file: string) => Location,
): { relatedLocations?: unknown[]; properties: Record<string, unknown> } {
  // no inventory ran (a reporter called on bare findings): nothing to add
  if (f.credential?.role !== 'secret' || !result.credentials) return { properties: {} };
  const cred = credentialsById(result).get(f.credential.id);
  if (!cred) return { properties: { credentialId: f.credential.id } };
  const others = cred.locations.filter((l) => !(l.file === f.file && l.line === f.line && l.column === f.column && l.commit === (f.commit?.sha ?? null)));
  const properties: Record<string, unknown> = { credentialId: cred.id };
  if (cred.verification) properties.verification = cred.verification;
  if (cred.verification?.status === 'live') properties['security-severity'] = LIVE_SECURITY_SEVERITY;
  if (others.length === 0) return { properties };
  return {
    properties,
    relatedLocations: others.slice(0, MAX_RELATED).map((l, i) => ({
      id: i + 1,
      physicalLocation: { artifactLocation: locate(l.file), region: { startLine: Math.max(1, l.line), startColumn: Math.max(1, l.column) } },
      message: { text: `same credential${l.commit ? ` in commit ${l.commit.slice(0, 12)}` : ''} (${l.ruleId})` },
    })),
  };
}
