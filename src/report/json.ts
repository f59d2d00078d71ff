// Contract v1 JSON: exactly these fields, in this order.
import type { ScanResult } from '../types.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

export function formatJson(result: ScanResult): string {
  // credential inventory (issue 13): findings gain credentialId (and verification when checked)
  const verified = new Map((result.credentials ?? []).map((c) => [c.id, c.verification]));
  const doc = {
    version: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    mode: result.mode,
    root: result.root,
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      file: f.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      match: f.match,
      fingerprint: f.fingerprint,
      commit: f.commit,
      stillPresent: f.stillPresent,
      fix: f.fix,
      ...(f.credential?.role === 'secret' ? { credentialId: f.credential.id } : {}),
      ...(f.credential?.role === 'secret' && verified.get(f.credential.id) ? { verification: verified.get(f.credential.id) } : {}),
    })),
    skipped: result.skipped.map((s) => ({ file: s.file, reason: s.reason, ...(s.detail ? { detail: s.detail } : {}) })),
    summary: result.summary,
    // issue 12.6: what was left out, so that "clean" can be judged
    suppressed: { ...(result.suppressed ?? { inline: 0, allowlist: 0, baseline: 0 }), allowlistedFiles: result.allowlisted?.length ?? 0 },
    allowlisted: result.allowlisted ?? [],
    ...(result.stale ? { stale: result.stale } : {}),
    ...(result.credentials ? { credentials: result.credentials } : {}),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
