// The inventory's part of the text report: "3 credentials to rotate, 1 live", then one line per
// credential (unless --quiet). Every value shown is already redacted unless --no-redact.
import { escapeControls } from '../report/safe-text.js';
import type { Credential } from './inventory.js';
import { UNKNOWN_AT_HEAD, inventorySummary } from './inventory.js';

interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

/** Paths and author names come from the scanned repository: no control character reaches the terminal. */
const safe = escapeControls; // repository text (paths, authors): src/report/safe-text.ts

export function inventoryLines(credentials: readonly Credential[] | undefined, c: Paint, quiet: boolean, mode?: string): string[] {
  const summary = credentials ? inventorySummary(credentials) : null;
  if (!credentials || !summary) return [];
  const lines = [c.bold(summary)];
  if (quiet) return lines;
  for (const cr of credentials) {
    const status = cr.verification ? verificationLabel(cr.verification, c) : '';
    const owner = [cr.space, cr.project ? `project ${cr.project}` : ''].filter(Boolean).join(', ');
    const first = cr.firstExposure
      ? `first committed ${cr.firstExposure.date.slice(0, 10)} in ${cr.firstExposure.commit.slice(0, 12)} by ${cr.firstExposure.author}`
      : '';
    const where =
      cr.stillPresent === true
        ? `still in ${cr.presentIn.join(', ')}`
        : cr.stillPresent === false
          ? 'no longer at HEAD'
          : mode === 'history' || mode === 'diff'
            ? UNKNOWN_AT_HEAD
            : '';
    const facts = [`${cr.locations.length} location${cr.locations.length === 1 ? '' : 's'}`, cr.exposure.join(', '), first, where].filter(Boolean).join('; ');
    lines.push(
      `  ${c.bold(safe(cr.match))}  ${cr.kind}${status ? `  ${status}` : ''}${owner ? `  (${safe(owner)})` : ''}  ${c.dim(`${cr.id}: ${safe(facts)}`)}`,
    );
  }
  return lines;
}

function verificationLabel(v: { status: string; reason?: string }, c: Paint): string {
  if (v.status === 'live') return c.red(c.bold('LIVE'));
  if (v.status === 'invalid') return c.green('invalid (revoked)');
  // why it could not be told: offline, a Space that answers oddly, nothing to ask with
  return c.yellow(v.reason ? `unknown (${safe(unknownReason(v.reason))})` : 'unknown');
}

/** Network errors as a user reads them (the JSON keeps the code). */
const NETWORK_ERRORS: Readonly<Record<string, string>> = {
  ENOTFOUND: "ENOTFOUND: the Space's host did not resolve; offline, or no such Space",
  EAI_AGAIN: 'EAI_AGAIN: name lookup failed; offline?',
  ECONNREFUSED: 'ECONNREFUSED: the connection was refused',
  ECONNRESET: 'ECONNRESET: the connection was reset',
  ETIMEDOUT: 'ETIMEDOUT: the connection timed out',
  ENETUNREACH: 'ENETUNREACH: no network route; offline?',
};

function unknownReason(reason: string): string {
  return NETWORK_ERRORS[reason] ?? reason;
}
