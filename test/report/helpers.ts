// A small RunResult built by hand from the engine's own findings on synthetic text.
import { randomBytes, randomUUID } from 'node:crypto';
import { RULES } from '../../rules/index.js';
import { Engine } from '../../src/engine/engine.js';
import type { ReportInput } from '../../src/report/sarif.js';
import type { CommitInfo, Mode } from '../../src/types.js';
import { fakeToken } from '../helpers/secrets.js';

export const COMMIT: CommitInfo = {
  sha: 'a'.repeat(8) + randomBytes(16).toString('hex'),
  author: 'Ada Lovelace',
  email: 'ada@example.com',
  date: '2024-05-01T12:00:00Z',
  message: 'add config, with "quotes" & <angles>',
};

export function sampleResult(opts: { mode?: Mode; root?: string; redact?: boolean } = {}) {
  const token = fakeToken();
  const projectId = randomUUID();
  const engine = new Engine(RULES, { redact: opts.redact ?? true });
  const mode = opts.mode ?? 'scan';
  const commit = mode === 'scan' || mode === 'staged' ? undefined : COMMIT;
  const findings = [
    ...engine.scan({ path: 'src/app.js', text: `const client = RestClient('${projectId}', '${token}');\n`, ...(commit ? { commit } : {}) }).findings,
    ...engine.scan({ path: 'config/dir with space/a,b:c%.js', text: `\n  const t = "${token}";\n`, ...(commit ? { commit } : {}) }).findings,
    ...engine.scan({ path: 'web/app.js', text: `fetch("http://quarry-freight.signalwire.com/api/laml/2010-04-01/Accounts")\n` }).findings,
    ...engine.checkFile({ path: '.env', tracked: true, ignored: false, inRepo: true }, commit ?? null),
  ];
  if (mode === 'history') for (const f of findings) f.stillPresent = f.file !== 'src/app.js';
  const result: ReportInput & { warnings: string[] } = {
    mode,
    root: opts.root ?? '/repo',
    findings,
    skipped: [{ file: 'assets/big.bin', reason: 'binary' }],
    summary: { files: 12, bytes: 4096, commits: commit ? 3 : 0, findings: findings.length, durationMs: 42 },
    warnings: ['rule x failed on y.js: boom'],
  };
  return { result, token, projectId };
}
