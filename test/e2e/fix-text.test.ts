// Fix texts for configuration formats that do not expand variables: a config.json, a
// Kubernetes Secret or an INI file would keep "${SIGNALWIRE_API_TOKEN}" as a literal, so the
// fix must name the mechanism that works for the format. Formats that do expand variables
// (compose, CI pipelines, Spring) keep ${NAME}. Through the built CLI on a temporary tree.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJson, type JsonFinding } from '../helpers/cli.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fakeToken } from '../helpers/secrets.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  cleanups.forEach((c) => c());
  cleanupTempDirs();
});

const token = fakeToken();
const project = randomUUID();

const FILES: Record<string, string> = {
  'config/default.json': `{\n  "port": 8080,\n  "signalwire": {\n    "space": "your-space.signalwire.com",\n    "apiToken": "${token}"\n  }\n}\n`,
  'deploy/k8s/app.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: ivr',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: ivr',
    '          image: ivr:1.4.2',
    '          env:',
    '            - name: SIGNALWIRE_API_TOKEN',
    `              value: "${fakeToken()}"`,
    '---',
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: signalwire',
    'type: Opaque',
    'stringData:',
    `  SIGNALWIRE_API_TOKEN: ${fakeToken()}`,
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: ivr-settings',
    'data:',
    `  SIGNALWIRE_PROJECT_ID: "${project}"`,
    '',
  ].join('\n'),
  'api/appsettings.Production.json': `{\n  "SignalWire": {\n    "ProjectId": "your-project-id",\n    "ApiToken": "${fakeToken()}"\n  }\n}\n`,
  'worker/wrangler.toml': `name = "sms-webhook"\nmain = "src/index.ts"\n\n[vars]\nSIGNALWIRE_API_TOKEN = "${fakeToken()}"\n`,
  'etc/ivr.ini': `[signalwire]\nspace = your-space.signalwire.com\napi_token = ${fakeToken()}\n`,
  'rails/config/signalwire.yml': `production:\n  project: <%= ENV.fetch("SIGNALWIRE_PROJECT_ID") %>\n  token: "${fakeToken()}"\n`,
  'charts/ivr/values.yaml': `image:\n  tag: 1.4.2\nsignalwire:\n  apiToken: "${fakeToken()}"\n`,
  'ansible/group_vars/all.yml': `signalwire_api_token: "${fakeToken()}"\n`,
  'monitor/targets.json': `{ "check": "https://${project}:${fakeToken()}@acme.signalwire.com/api/relay/rest/phone_numbers" }\n`,
  // formats that do expand ${NAME}: the environment read stays the advice
  'docker-compose.yml': `services:\n  ivr:\n    environment:\n      SIGNALWIRE_API_TOKEN: ${fakeToken()}\n`,
  'svc/src/main/resources/application.yml': `signalwire:\n  api-token: ${fakeToken()}\n`,
  '.gitlab-ci.yml': `test:\n  variables:\n    SIGNALWIRE_API_TOKEN: "${fakeToken()}"\n  script: npm test\n`,
  // languages with a read of their own, and files that are no place for one
  'app/lib/signalwire.dart': `const signalwireToken = '${fakeToken()}';\n`,
  'src/main.rs': `const SIGNALWIRE_TOKEN: &str = "${fakeToken()}";\n`,
  'config/runtime.exs': `config :app, signalwire_token: "${fakeToken()}"\n`,
  'ios/Config.xcconfig': `SIGNALWIRE_TOKEN = ${fakeToken()}\n`,
  'db/seed.sql': `INSERT INTO settings (name, value) VALUES ('signalwire_token', '${fakeToken()}');\n`,
  'infra/terraform.tfstate': `{\n  "outputs": {\n    "signalwire_token": { "value": "${fakeToken()}", "type": "string" }\n  }\n}\n`,
};

describe('fix text by configuration format', () => {
  let findings: JsonFinding[] = [];
  beforeAll(() => {
    const t = { dir: tempDir() };
    for (const [name, text] of Object.entries(FILES)) {
      mkdirSync(path.dirname(path.join(t.dir, name)), { recursive: true });
      writeFileSync(path.join(t.dir, name), text);
    }
    const r = runJson(['scan', t.dir]);
    expect(r.code, r.stderr).toBe(1);
    findings = r.report.findings;
  });

  const fixAt = (file: string, line: number, ruleId = 'signalwire-api-token'): string => {
    const f = findings.find((x) => x.file === file && x.line === line && x.ruleId === ruleId);
    if (!f) throw new Error(`no ${ruleId} at ${file}:${line}; found: ${findings.map((x) => `${x.ruleId} ${x.file}:${x.line}`).join(', ')}`);
    return f.fix;
  };
  const LITERAL = 'Replace the literal with ${';

  it('config.json: loaded, then overridden from the environment; never ${NAME}', () => {
    const fix = fixAt('config/default.json', 5);
    expect(fix).toMatch(
      /^JSON files do not expand variables \(\$\{SIGNALWIRE_API_TOKEN\} would stay a literal string\): remove the token from this file and have the code that loads it override the value from the SIGNALWIRE_API_TOKEN environment variable/,
    );
    expect(fix).not.toContain(LITERAL);
    expect(fix).toMatch(/API > Tokens/);
  });

  it('Kubernetes: each document of a multi-document file gets its own mechanism', () => {
    const deployment = fixAt('deploy/k8s/app.yaml', 13);
    expect(deployment).toMatch(/^Kubernetes does not expand .* reference it with env\[\]\.valueFrom\.secretKeyRef .*instead of value:/);
    const secret = fixAt('deploy/k8s/app.yaml', 21);
    expect(secret).toMatch(
      /^Do not commit this Secret with its values .*External Secrets Operator, Sealed Secrets or SOPS.*kubectl create secret generic signalwire --from-env-file=<a git-ignored \.env file with SIGNALWIRE_API_TOKEN=…>/,
    );
    // a project ID in a ConfigMap is a per-environment setting, not a credential
    const configMap = fixAt('deploy/k8s/app.yaml', 28, 'signalwire-project-id');
    expect(configMap).toMatch(/^Set the project ID per environment .*kustomize overlay or a Helm value/);
    for (const fix of [deployment, secret, configMap]) expect(fix).not.toContain(LITERAL);
  });

  it('ASP.NET Core appsettings, Cloudflare wrangler.toml, INI, ERB-rendered YAML, Helm values, Ansible vars', () => {
    expect(fixAt('api/appsettings.Production.json', 4)).toMatch(
      /environment variable named after its key path with __ between sections \(e\.g\. SignalWire__ApiToken\).*dotnet user-secrets set/,
    );
    expect(fixAt('worker/wrangler.toml', 5)).toMatch(
      /^Delete the token from wrangler\.toml and store it as a Worker secret with wrangler secret put SIGNALWIRE_API_TOKEN .*\.dev\.vars.*env\.SIGNALWIRE_API_TOKEN/,
    );
    expect(fixAt('etc/ivr.ini', 3)).toMatch(/^INI-style files do not expand variables.*envsubst/);
    expect(fixAt('rails/config/signalwire.yml', 3)).toMatch(
      /^Replace the literal with <%= ENV\.fetch\("SIGNALWIRE_API_TOKEN"\) %> \(this file is rendered with ERB\)/,
    );
    expect(fixAt('charts/ivr/values.yaml', 4)).toMatch(
      /^Helm does not expand environment variables in values files: .*--set-string <key>="\$SIGNALWIRE_API_TOKEN"/,
    );
    expect(fixAt('ansible/group_vars/all.yml', 1)).toMatch(
      /^Encrypt the token with Ansible Vault \(ansible-vault encrypt_string\) or read it with lookup\('env', 'SIGNALWIRE_API_TOKEN'\)/,
    );
  });

  it('a project-ID:token pair in JSON names both variables', () => {
    const fix = fixAt('monitor/targets.json', 1, 'signalwire-basic-auth');
    expect(fix).toMatch(
      /^JSON files do not expand variables .*override the value from the SIGNALWIRE_PROJECT_ID and SIGNALWIRE_API_TOKEN environment variables/,
    );
    expect(fix).not.toContain('curl -u');
  });

  it('Dart, Rust, Elixir and xcconfig name their own read; SQL and Terraform state say where the value belongs', () => {
    expect(fixAt('app/lib/signalwire.dart', 1)).toMatch(/^Replace the literal with Platform\.environment\['SIGNALWIRE_API_TOKEN'\]/);
    expect(fixAt('src/main.rs', 1)).toMatch(/^Replace the literal with std::env::var\("SIGNALWIRE_API_TOKEN"\)/);
    expect(fixAt('config/runtime.exs', 1)).toMatch(/^Replace the literal with System\.fetch_env!\("SIGNALWIRE_API_TOKEN"\)/);
    expect(fixAt('ios/Config.xcconfig', 1)).toMatch(
      /^Reference it as \$\(SIGNALWIRE_API_TOKEN\) and define SIGNALWIRE_API_TOKEN in an xcconfig file git ignores/,
    );
    expect(fixAt('db/seed.sql', 1)).toMatch(/^Keep the token out of SQL files: the application should pass it as a query parameter/);
    expect(fixAt('infra/terraform.tfstate', 3)).toMatch(/^Terraform state is generated .*never commit it/);
    for (const f of ['app/lib/signalwire.dart', 'src/main.rs', 'config/runtime.exs', 'ios/Config.xcconfig', 'db/seed.sql'])
      expect(fixAt(f, 1)).not.toContain(LITERAL);
  });

  it('formats that expand variables keep ${NAME}: compose, Spring, GitLab CI', () => {
    expect(fixAt('docker-compose.yml', 4)).toContain('Replace the literal with ${SIGNALWIRE_API_TOKEN}');
    expect(fixAt('svc/src/main/resources/application.yml', 2)).toContain('Replace the literal with ${SIGNALWIRE_API_TOKEN}');
    expect(fixAt('.gitlab-ci.yml', 3)).toContain('Replace the literal with ${SIGNALWIRE_API_TOKEN}');
  });
});
