// --verify, --verify-space, --verify-project and --fail-on live, checked once on the command line.
import { UsageError } from '../errors.js';

/** The only hosts a credential is ever sent to: one label under signalwire.com (a Space). */
export const SPACE_HOST = /^[a-z0-9][a-z0-9-]*\.signalwire\.com$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Values = Record<string, string | boolean | string[] | undefined>;

export function verifyOptions(v: Values): { verify?: boolean; verifySpace?: string; verifyProject?: string } {
  const verify = v.verify === true;
  const space = typeof v['verify-space'] === 'string' ? v['verify-space'] : undefined;
  const project = typeof v['verify-project'] === 'string' ? v['verify-project'] : undefined;
  if (!verify && (space !== undefined || project !== undefined)) throw new UsageError('--verify-space and --verify-project only apply with --verify');
  if (v.format === 'html' && v.redact === false && typeof v.output !== 'string')
    throw new UsageError('--no-redact with --format html needs --output FILE: a report with clear-text secrets is not written to a terminal or a CI log');
  if (v['fail-on'] === 'live' && !verify) throw new UsageError('--fail-on live needs --verify (without it no credential is checked, so none can be live)');
  const out: { verify?: boolean; verifySpace?: string; verifyProject?: string } = {};
  if (verify) out.verify = true;
  if (space !== undefined) out.verifySpace = spaceHost(space);
  if (project !== undefined) {
    if (!UUID.test(project)) throw new UsageError(`--verify-project must be a project ID (a UUID), got "${project.slice(0, 40)}"`);
    out.verifyProject = project.toLowerCase();
  }
  return out;
}

/** `acme`, `acme.signalwire.com` or `https://acme.signalwire.com/` → `acme.signalwire.com`; anything else is refused. */
export function spaceHost(input: string): string {
  const host = input
    .trim()
    .toLowerCase()
    .replace(/^https:\/\//, '')
    .replace(/\/+$/, '');
  const full = host.includes('.') ? host : `${host}.signalwire.com`;
  if (!SPACE_HOST.test(full))
    throw new UsageError(`--verify-space must be a SignalWire Space (NAME or NAME.signalwire.com over https), got "${input.slice(0, 60)}"`);
  return full;
}
