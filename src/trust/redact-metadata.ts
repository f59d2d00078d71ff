// Commit metadata is printed with findings (text, github, SARIF, JSON, the Action's summary),
// and commit subjects are where people write "rotate creds: old token was PT…". Unless
// --no-redact, credential-like runs in the subject, author and email are masked the same way
// as snippet context (engine maskCredentials), once per commit object.
import { maskCredentials } from '../engine/redact.js';
import type { CommitInfo, Finding } from '../types.js';

export function redactCommitMetadata(findings: readonly Finding[]): void {
  const done = new Set<CommitInfo>();
  for (const f of findings) {
    const c = f.commit;
    if (!c || done.has(c)) continue;
    done.add(c);
    c.message = maskCredentials(c.message);
    c.author = maskCredentials(c.author);
    c.email = maskCredentials(c.email);
  }
}
