// Encodings nested in each other (src/detect/decoders.ts, MAX_DEPTH): a value base64'd or
// percent-encoded up to four times over is read; once more than that, it is not decoded, and
// the file is reported as not read through (partly-decoded: a swlint-unscanned error in staged
// and diff, a skipped entry in scan), never passed as clean. Content that nests encodings of its
// own (a Helm release kept in a Secret, a bundle's inline source map holding its modules' own)
// is read to its end; images, JWTs, certificates and bundles report nothing new.
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs } from '../helpers/temp.js';
import { fakeProjectId, fakeToken } from '../helpers/secrets.js';
import { runJson } from '../helpers/cli.js';
import { changeOnBranch } from '../helpers/change.js';

afterAll(cleanupTempDirs);

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url');
const times = (s: string, n: number, encode: (s: string) => string): string => (n === 0 ? s : times(encode(s), n - 1, encode));
/** every character as `%XX`, then percent-encoded again `n - 1` times (`%` → `%25`) */
const percent = (s: string, n: number) =>
  times([...s].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`).join(''), n - 1, encodeURIComponent);

const workerEnv = (token: string) =>
  `SIGNALWIRE_PROJECT_ID=${fakeProjectId()}\nSIGNALWIRE_API_TOKEN=${token}\nSIGNALWIRE_SPACE_URL=acme-dispatch.signalwire.com\n`;

/** A provisioning script that carries the worker's .env base64'd `n` times over. */
const bootstrap = (env: string, n: number) =>
  [
    '#!/bin/sh',
    "# provision the voice worker's settings (the deploy pipeline fills ENCODED_SETTINGS)",
    'set -eu',
    `ENCODED_SETTINGS='${times(env, n, b64)}'`,
    `printf '%s' "$ENCODED_SETTINGS"${' | base64 -d'.repeat(n)} > /etc/voice-worker/.env`,
    '',
  ].join('\n');

/** A webhook configuration whose auth header value is percent-encoded `n` times over. */
const webhookConf = (token: string, n: number) =>
  `[webhook]\nurl = https://hooks.example.org/voice/status\nauth = ${percent(`Basic ${b64(`${fakeProjectId()}:${token}`)}`, n)}\ntimeout = 10\n`;

/** `kubectl get secret -o yaml` of a Helm release: base64 (Kubernetes) of Helm's base64 of gzip of the release's JSON, whose chart files are base64 again. */
function helmReleaseSecret(workerSettings: string): string {
  const release = {
    name: 'voice-api',
    namespace: 'voice',
    version: 3,
    info: { status: 'deployed', description: 'Upgrade complete' },
    chart: {
      metadata: { name: 'voice-api', version: '1.4.2', appVersion: '2.8.0' },
      templates: [
        {
          name: 'templates/deployment.yaml',
          data: b64('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicaCount }}\n'),
        },
        {
          name: 'templates/configmap.yaml',
          data: b64(
            'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-worker\ndata:\n  worker.env: {{ .Files.Get "config/worker.env" | quote }}\n',
          ),
        },
      ],
      files: [{ name: 'config/worker.env', data: b64(workerSettings) }],
      values: { replicaCount: 2, image: { repository: 'registry.example.org/voice-api', tag: '2.8.0' } },
    },
    config: { replicaCount: 3 },
  };
  const helm = b64(gzipSync(JSON.stringify(release)));
  return [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: sh.helm.release.v1.voice-api.v3',
    '  namespace: voice',
    '  labels:',
    '    name: voice-api',
    '    owner: helm',
    '    status: deployed',
    '    version: "3"',
    'type: helm.sh/release.v1',
    'data:',
    `  release: ${b64(helm)}`,
    '',
  ].join('\n');
}

describe('encodings nested in each other', () => {
  it('a .env base64-encoded, or an auth header percent-encoded, four times over is read: staged and diff report the token, and nothing is left unscanned', () => {
    const token = fakeToken();
    const { staged, diff } = changeOnBranch({
      'deploy/bootstrap.sh': Buffer.from(bootstrap(workerEnv(token), 4)),
      'config/webhook.ini': Buffer.from(webhookConf(token, 4)),
    });
    for (const run of [staged, diff]) {
      expect(run.code).toBe(1);
      const shown = run.findings.map((f) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}`);
      expect(shown).toContain('signalwire-api-token error deploy/bootstrap.sh:4');
      expect(shown).toContain('signalwire-basic-auth error config/webhook.ini:3');
      expect(run.findings.filter((f) => f.ruleId === 'swlint-unscanned')).toEqual([]);
      expect(run.stdout).not.toContain(token);
    }
  });

  it('once more than swlint decodes (base64 five times, percent-encoding five times): swlint-unscanned in staged and diff, partly-decoded in scan', () => {
    const token = fakeToken();
    const { repo, staged, diff } = changeOnBranch({
      'deploy/bootstrap.sh': Buffer.from(bootstrap(workerEnv(token), 5)),
      'config/webhook.ini': Buffer.from(webhookConf(token, 5)),
    });
    const detail = '1 encoded value not decoded: encoded more than 4 times over, deeper than swlint decodes';
    for (const run of [staged, diff]) {
      expect(run.code).toBe(1);
      expect(run.findings.map((f) => `${f.ruleId} ${f.severity} ${f.file} ${f.message}`).sort()).toEqual([
        `swlint-unscanned error config/webhook.ini Content swlint could not scan (partly-decoded: ${detail})`,
        `swlint-unscanned error deploy/bootstrap.sh Content swlint could not scan (partly-decoded: ${detail})`,
      ]);
    }
    const scan = runJson(['scan'], { cwd: repo.dir });
    expect(scan.code).toBe(0);
    expect(scan.findings).toEqual([]);
    expect(scan.report.skipped.map((s) => `${s.file} ${s.reason} ${s.detail}`).sort()).toEqual([
      `config/webhook.ini partly-decoded ${detail}`,
      `deploy/bootstrap.sh partly-decoded ${detail}`,
    ]);
  });

  it('a Helm release kept in a Secret is read to its chart files (four levels): a token there is reported', () => {
    const token = fakeToken();
    const { staged, diff, repo } = changeOnBranch({ 'backup/voice-api-release.yaml': Buffer.from(helmReleaseSecret(workerEnv(token))) });
    for (const run of [staged, diff]) {
      expect(run.code).toBe(1);
      expect(run.findings.map((f) => `${f.ruleId} ${f.file}`)).toContain('signalwire-api-token backup/voice-api-release.yaml');
      expect(run.findings.filter((f) => f.ruleId === 'swlint-unscanned')).toEqual([]);
    }
    expect(runJson(['scan'], { cwd: repo.dir }).report.skipped).toEqual([]);
  });
});

describe('hard negatives: content that is encoded, and holds no credential, reports nothing new', () => {
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), randomBytes(900)]);
  const jwt = [
    b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' })),
    b64url(JSON.stringify({ sub: 'user-4821', name: 'Dana Whitfield', scope: 'calls:read calls:write', iat: 1718000000, exp: 1718003600 })),
    b64url(randomBytes(32)),
  ].join('.');
  const pem = `-----BEGIN CERTIFICATE-----\n${b64(Buffer.concat([Buffer.from('308203', 'hex'), randomBytes(880)]))
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END CERTIFICATE-----\n`;
  // a bundle whose inline source map holds a module's source with that module's own inline source map
  const widgetMap = {
    version: 3,
    sources: ['../src/widget.ts'],
    sourcesContent: ['export function statusBadge(state: string): string {\n  return `<span class="badge badge-${state}">${state}</span>`;\n}\n'],
    mappings: 'AAAA,OAAO,SAAS,WAAW,CAAC,KAAa;EAC7B,OAAO,6BAA6B',
    names: [],
  };
  const widget = `export function statusBadge(t){return\`<span class="badge badge-\${t}">\${t}</span>\`}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${b64(JSON.stringify(widgetMap))}\n`;
  const appMap = {
    version: 3,
    sources: ['../src/app.ts', '../node_modules/status-widget/dist/index.js'],
    sourcesContent: [
      "import { statusBadge } from 'status-widget';\n\nfetch('/api/calls').then((r) => r.json()).then((calls) => render(calls.map((c) => statusBadge(c.state))));\n",
      widget,
    ],
    mappings: 'AAAA,SAASA,mBAAmB;AAE5B,MAAM,aAAa,KAAK,CAAC,MAAM,EAAE',
    names: ['statusBadge'],
  };
  const bundle = `!function(){"use strict";function t(t){return\`<span class="badge badge-\${t}">\${t}</span>\`}fetch("/api/calls").then(t=>t.json()).then(n=>n.map(n=>t(n.state)))}();\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${b64(JSON.stringify(appMap))}\n`;
  const files = {
    'web/styles/brand.css': Buffer.from(`.logo {\n  width: 120px;\n  background-image: url("data:image/png;base64,${b64(png)}");\n}\n`),
    'tests/fixtures/session.json': Buffer.from(`{\n  "access_token": "${jwt}",\n  "token_type": "Bearer",\n  "expires_in": 3600\n}\n`),
    'certs/ca.pem': Buffer.from(pem),
    'web/dist/app.min.js': Buffer.from(bundle),
    'backup/voice-api-release.yaml': Buffer.from(helmReleaseSecret('LOG_LEVEL=info\nPORT=8080\nREGION=us-east-1\nCALL_TIMEOUT_SECONDS=30\n')),
  };

  it('scan, staged and diff: no finding, nothing skipped', () => {
    const { repo, staged, diff } = changeOnBranch(files);
    for (const run of [staged, diff, runJson(['scan'], { cwd: repo.dir })]) {
      expect(run.code).toBe(0);
      expect(run.findings).toEqual([]);
      expect(run.report.skipped).toEqual([]);
    }
  });
});
