// Configuration files that do NOT expand `${VARIABLE}`: writing `${SIGNALWIRE_API_TOKEN}` into
// a config.json, a Kubernetes manifest or an INI file leaves that literal string in the
// config, and the application fails (or, worse, sends it). For these the fix names the
// mechanism that does work for the format. Files that do expand variables (shell, compose,
// CI pipelines, Spring, serverless, Maven, .npmrc …) are not listed here: the language's
// environment read stays the right advice for them.

import type { FixInput } from '../types.js';
import { lowerBound } from '../engine/locate.js';

export type ConfigFormat =
  | 'k8s-secret'
  | 'k8s-configmap'
  | 'k8s-manifest'
  | 'helm-values'
  | 'ansible'
  | 'erb'
  | 'dotnet-appsettings'
  | 'wrangler'
  | 'fly'
  | 'json'
  | 'yaml'
  | 'toml'
  | 'ini'
  | 'properties'
  | 'xml';

/** What the fix needs to know about the file: its path, and its text around the finding when there is one. */
export interface FormatInput {
  path: string;
  text?: string;
  /** offset of the finding in `text` (multi-document YAML: the document that holds it counts) */
  offset?: number;
  /** the chunk's memo, so that the facts about `text` are worked out once for all its findings */
  memo?: FixInput['memo'];
}

const EXTENSION: Record<string, ConfigFormat> = {
  json: 'json',
  jsonc: 'json',
  json5: 'json',
  yml: 'yaml',
  yaml: 'yaml',
  toml: 'toml',
  ini: 'ini',
  cfg: 'ini',
  cnf: 'ini',
  conf: 'ini',
  properties: 'properties',
  xml: 'xml',
  config: 'xml',
  plist: 'xml',
};

/** YAML that its tool expands `${NAME}` (or `$NAME`) in: compose, CI pipelines, Spring, serverless. */
const EXPANDING_YAML =
  /(^|\/)((docker-)?compose[^/]*\.ya?ml|\.gitlab-ci\.ya?ml|\.circleci\/[^/]+|bitbucket-pipelines\.ya?ml|azure-pipelines[^/]*\.ya?ml|\.drone\.ya?ml|\.travis\.ya?ml|appveyor\.ya?ml|\.buildkite\/[^/]+|serverless[^/]*\.ya?ml|application[^/]*\.ya?ml|bootstrap[^/]*\.ya?ml|\.github\/workflows\/[^/]+)$/;
/** Spring's application*.properties resolve `${NAME}`; Maven's pom.xml / settings.xml resolve `${env.NAME}`. */
const EXPANDING_OTHER = /(^|\/)(application[^/]*\.properties|bootstrap[^/]*\.properties|pom\.xml|settings\.xml)$/;

/**
 * What the format needs from a YAML text, worked out once per text: a file with hundreds of
 * findings asks for each of them, and looking at the whole text every time made a large
 * multi-document file quadratic (the docs history of `npm run bench -- --repo`).
 */
class YamlFacts {
  /** the template check (`<%`) over the whole text */
  readonly erb: boolean;
  /** offsets of every `\n---` (document separators), ascending */
  private readonly separators: number[] = [];
  private readonly manifestKinds = new Map<string, ConfigFormat | null>();

  constructor(readonly text: string) {
    // `/<%=?/.test(text)` matches exactly where `<%` occurs; the regex was 0.17 s of the 18.6 s of
    // CPU of `swlint history --jobs 1` on signalwire/docs (`node --cpu-prof`), indexOf a fraction
    this.erb = text.includes('<%');
    for (let at = text.indexOf('\n---'); at !== -1; at = text.indexOf('\n---', at + 1)) this.separators.push(at);
  }

  /** The Kubernetes kind of the document (between `---` lines) that holds `offset` (the whole text without one), or null. */
  manifestKind(offset: number | undefined): ConfigFormat | null {
    let start = 0;
    let end = this.text.length;
    if (offset !== undefined) {
      // the last separator at or before offset, and the first at or after it (offsets are integers)
      const lo = lowerBound(this.separators, offset + 1);
      const before = lo > 0 ? this.separators[lo - 1]! : -1;
      const after = before === offset ? before : lo < this.separators.length ? this.separators[lo]! : -1;
      start = before === -1 ? 0 : before + 4;
      end = after === -1 ? this.text.length : after;
    }
    const key = `${start}:${end}`;
    let kind = this.manifestKinds.get(key);
    if (kind === undefined) {
      kind = kubernetesKind(this.text.slice(start, end));
      this.manifestKinds.set(key, kind);
    }
    return kind;
  }
}

function kubernetesKind(doc: string): ConfigFormat | null {
  // the regex, not indexOf('apiVersion:') with a line-start check: measured, the indexOf form took
  // more CPU (0.25-0.30 s against 0.21-0.22 s of `swlint history --jobs 1` on signalwire/docs)
  if (!/^apiVersion:\s*\S/m.test(doc)) return null;
  const k = /^kind:\s*["']?(\w+)/m.exec(doc)?.[1];
  if (k === 'Secret') return 'k8s-secret';
  if (k === 'ConfigMap') return 'k8s-configmap';
  return k ? 'k8s-manifest' : null;
}

const YAML_FACTS = {};
function yamlFacts(text: string, memo: FormatInput['memo']): YamlFacts {
  return memo ? memo(YAML_FACTS, () => new YamlFacts(text)) : new YamlFacts(text);
}

/** The format of a config file that does not expand variables, or null (expanding, or not a config format). */
export function configFormatOf({ path, text, offset, memo }: FormatInput): ConfigFormat | null {
  const lower = path.toLowerCase();
  const base = lower.split('/').pop() ?? lower;
  const ext = base.includes('.') ? base.split('.').pop()! : '';
  const kind = EXTENSION[ext];
  if (!kind || EXPANDING_OTHER.test(lower)) return null;
  if (base === 'wrangler.toml') return 'wrangler';
  if (base === 'fly.toml') return 'fly';
  if (kind === 'json' && /^appsettings(\.[^.]+)?\.json$/.test(base)) return 'dotnet-appsettings';
  if (kind !== 'yaml') return kind;
  if (EXPANDING_YAML.test(lower)) return null;
  if (text !== undefined) {
    const yaml = yamlFacts(text, memo);
    if (yaml.erb) return 'erb';
    const manifest = yaml.manifestKind(offset);
    if (manifest) return manifest;
  }
  if (/(^|\/)values[^/]*\.ya?ml$/.test(lower)) return 'helm-values';
  if (/(^|\/)(group_vars|host_vars)\/|(^|\/)roles\/[^/]+\/(vars|defaults)\//.test(lower)) return 'ansible';
  return 'yaml';
}

const FORMAT_NAME: Partial<Record<ConfigFormat, string>> = {
  json: 'JSON',
  yaml: 'YAML',
  toml: 'TOML',
  ini: 'INI-style',
  properties: '.properties',
  xml: 'XML',
};

/**
 * The first sentence of a fix for a file of `format`: where the `what` (named `names` in the
 * environment) should come from instead of the file. `secret`: false for values that are only
 * per-environment settings (project ID, Space URL). No trailing period: rules append theirs.
 */
export function configFormatAdvice(format: ConfigFormat, what: string, names: readonly string[], secret = true): string {
  const list = names.join(' and ');
  const envFile = `a git-ignored .env file with ${names.map((n) => `${n}=…`).join(' ')}`;
  // a project ID or Space URL may sit in a ConfigMap; what matters is that each environment sets its own
  if (format === 'k8s-configmap' && !secret)
    return `Set the ${what} per environment rather than in a shared manifest: a kustomize overlay or a Helm value for each environment (kubectl create configmap … --from-env-file=<a .env file per environment>)`;
  switch (format) {
    case 'k8s-secret':
      return `Do not commit this Secret with its values (base64 under data: is an encoding, not encryption): create it from your secret manager (External Secrets Operator, Sealed Secrets or SOPS), or at deploy time with kubectl create secret generic signalwire --from-env-file=<${envFile}>, and commit only the workloads that reference it (env[].valueFrom.secretKeyRef or envFrom.secretRef)`;
    case 'k8s-configmap':
      return `A ConfigMap is not for credentials and Kubernetes does not expand \${${names[0]}} in it: move the ${what} to a Secret created outside git (your secret manager, or kubectl create secret generic signalwire --from-env-file=<${envFile}>) and reference it with env[].valueFrom.secretKeyRef`;
    case 'k8s-manifest':
      return `Kubernetes does not expand \${${names[0]}} from your shell in a manifest: put the ${what} in a Secret created outside git (your secret manager, or kubectl create secret generic signalwire --from-env-file=<${envFile}>) and reference it with env[].valueFrom.secretKeyRef (or envFrom.secretRef) instead of value:`;
    case 'helm-values':
      return `Helm does not expand environment variables in values files: leave the ${what} empty here and pass it at deploy time (helm upgrade --install … --set-string <key>="$${names[0]}" from your CI secret store, or -f a git-ignored secrets file), or have the chart reference an existing Secret`;
    case 'ansible':
      return `Encrypt the ${what} with Ansible Vault (ansible-vault encrypt_string) or read it with lookup('env', '${names[0]}') instead of keeping it in clear here`;
    case 'erb':
      return `Replace the literal with ${names.map((n) => `<%= ENV.fetch("${n}") %>`).join(' and ')} (this file is rendered with ERB) and set ${list} in the environment or your secret store`;
    case 'dotnet-appsettings':
      return `appsettings.json does not expand variables, but ASP.NET Core configuration reads environment variables over it: delete the value here and set it as an environment variable named after its key path with __ between sections (e.g. SignalWire__ApiToken), from your secret store; in development use dotnet user-secrets set`;
    case 'wrangler':
      return `Delete the ${what} from wrangler.toml and store it as a Worker secret with ${names.map((n) => `wrangler secret put ${n}`).join(' and ')} (for wrangler dev, in a git-ignored .dev.vars file); the Worker reads it as ${names.map((n) => `env.${n}`).join(' and ')}`;
    case 'fly':
      return `Delete the ${what} from fly.toml and set it with fly secrets set ${names.map((n) => `${n}=…`).join(' ')}; the app reads it from the environment as ${list}`;
    default:
      return `${FORMAT_NAME[format] ?? 'This'} files do not expand variables (\${${names[0]}} would stay a literal string): remove the ${what} from this file and have the code that loads it override the value from the ${list} environment variable${names.length > 1 ? 's' : ''}, set from your secret store; or render the file at deploy time from a template (envsubst < file.template > file)`;
  }
}
