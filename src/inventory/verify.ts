// --verify: ask SignalWire whether an API token works, the way its API documents it:
//   GET https://<space>.signalwire.com/api/laml/2010-04-01/Accounts/<project-id>
//   Authorization: Basic base64(<project-id>:<token>)
// 2xx → live, 401/403 → invalid (revoked or wrong), anything else → unknown.
// What makes it safe to run on untrusted content:
// - the only host is a Space (`^[a-z0-9][a-z0-9-]*\.signalwire\.com$`) the scanned content named
//   or the user passed; never plain HTTP; certificate verification always on (Node's default
//   CA store, plus NODE_EXTRA_CA_CERTS as Node reads it);
// - no redirect is followed (a 3xx is "unknown"), so the credential never reaches another host;
// - 4 requests at a time, 5 s each, and each (Space, project, token) asked once per run;
// - the raw token lives only in memory for the request; statuses and reasons never contain it.
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import type { Verification, VerifyTarget } from './inventory.js';
import { SPACE_HOST } from './options.js';

export interface VerifyOptions {
  concurrency: number;
  timeoutMs: number;
}

/**
 * TEST ONLY: `SWLINT_TEST_ONLY_SPACE_ADDRESS=acme.signalwire.com=127.0.0.1:8443` sends requests for
 * that one Space to a local test server instead (TLS still verified against the Space's name,
 * so the test's throwaway CA must be trusted through NODE_EXTRA_CA_CERTS). Loopback only.
 */
const TEST_OVERRIDE = 'SWLINT_TEST_ONLY_SPACE_ADDRESS';

function testAddress(host: string): { port: number; lookup: LookupFunction } | null {
  const raw = process.env[TEST_OVERRIDE];
  if (!raw) return null;
  const m = /^([a-z0-9][a-z0-9-]*\.signalwire\.com)=127\.0\.0\.1:(\d{1,5})$/.exec(raw);
  if (!m || m[1] !== host) return null;
  const lookup: LookupFunction = (_hostname, options, callback) => {
    // Node asks for all addresses (autoSelectFamily) or for one
    if ((options as { all?: boolean }).all)
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
  };
  return { port: Number(m[2]), lookup };
}

export async function verifyCredentials(targets: readonly VerifyTarget[], options: VerifyOptions): Promise<Map<string, Verification>> {
  const out = new Map<string, Verification>();
  const asked = new Map<string, { space: string; project: string; token: string; ids: string[] }>();
  for (const t of targets) {
    if (!t.space) {
      out.set(t.credentialId, { status: 'unknown', checkedAt: null, reason: 'no Space known for this token: pass --verify-space' });
      continue;
    }
    if (!SPACE_HOST.test(t.space)) {
      out.set(t.credentialId, { status: 'unknown', checkedAt: null, reason: 'not a SignalWire Space host: not asked' });
      continue;
    }
    if (!t.project) {
      out.set(t.credentialId, { status: 'unknown', checkedAt: null, reason: 'no project ID known for this token: pass --verify-project' });
      continue;
    }
    const key = `${t.space}\0${t.project}\0${t.token}`;
    const entry = asked.get(key);
    if (entry) entry.ids.push(t.credentialId);
    else asked.set(key, { space: t.space, project: t.project, token: t.token, ids: [t.credentialId] });
  }
  const queue = [...asked.values()];
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const v = await ask(job.space, job.project, job.token, options.timeoutMs);
      for (const id of job.ids) out.set(id, v);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, worker));
  return out;
}

function ask(space: string, project: string, token: string, timeoutMs: number): Promise<Verification> {
  const checkedAt = new Date().toISOString();
  const override = testAddress(space);
  return new Promise((resolve) => {
    let done = false;
    const finish = (v: Omit<Verification, 'checkedAt'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ ...v, checkedAt });
    };
    const req = https.request(
      {
        protocol: 'https:',
        host: space,
        servername: space,
        port: override?.port ?? 443,
        ...(override ? { lookup: override.lookup } : {}),
        method: 'GET',
        path: `/api/laml/2010-04-01/Accounts/${encodeURIComponent(project)}`,
        headers: {
          Authorization: 'Basic ' + Buffer.from(`${project}:${token}`).toString('base64'),
          Accept: 'application/json',
          'User-Agent': `${TOOL_NAME}/${TOOL_VERSION} (--verify)`,
        },
        rejectUnauthorized: true,
        agent: false,
      },
      (res) => {
        const code = res.statusCode ?? 0;
        res.resume();
        if (code >= 200 && code < 300) finish({ status: 'live' });
        else if (code === 401 || code === 403) finish({ status: 'invalid', reason: `HTTP ${code}` });
        else if (code >= 300 && code < 400) finish({ status: 'unknown', reason: `HTTP ${code} redirect not followed` });
        else finish({ status: 'unknown', reason: `HTTP ${code}` });
      },
    );
    // one deadline for the whole exchange (connect, TLS, headers)
    const timer = setTimeout(() => finish({ status: 'unknown', reason: `no answer within ${timeoutMs / 1000} s` }), timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => finish({ status: 'unknown', reason: err.code ?? 'request failed' }));
    req.end();
  });
}
