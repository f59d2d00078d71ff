// One secret placed into the syntaxes credentials are committed in (after gitleaks'
// GenerateSampleSecrets): each sample is a positive rule example that states where the secret is.
import type { RuleExample } from '../../src/types.js';

/** `name` is the variable the secret is assigned to (SIGNALWIRE_API_TOKEN); each syntax spells it its own way. */
export function inCommonSyntaxes(name: string, secret: string): RuleExample[] {
  const lower = name.toLowerCase();
  const camel = lower.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  const samples: [string, string][] = [
    ['config.json', `{\n  "${lower}": "${secret}",\n  "debug": false\n}\n`],
    ['config.yml', `app:\n  ${lower}: "${secret}"\n`],
    ['.env', `NODE_ENV=production\n${name}=${secret}\n`],
    ['settings.ini', `[app]\n${lower} = ${secret}\n`],
    ['config.toml', `[app]\n${lower} = "${secret}"\n`],
    ['src/client.js', `export const ${camel} = '${secret}';\n`],
    ['settings.py', `import os\n\n${name} = "${secret}"\n`],
    ['main.go', `package main\n\nconst ${camel} = "${secret}"\n`],
    ['deploy.sh', `#!/bin/sh\nexport ${name}='${secret}'\n`],
    ['app.config.xml', `<configuration>\n  <add key="${name}" value="${secret}" />\n</configuration>\n`],
    ['CMakeLists.txt', `project(gateway C)\nset(${name} "${secret}" CACHE STRING "")\n`],
    ['conf.d/signalwire.fish', `set -gx ${name} ${secret}\n`],
    ['.cshrc', `setenv ${name} ${secret}\n`],
    ['src/app/config.clj', `(def config\n  {:${lower.replace(/_/g, '-')} "${secret}"})\n`],
  ];
  return samples.map(([path, text]) => {
    const at = text.indexOf(secret);
    const before = text.slice(0, at).split('\n');
    return { path, text, line: before.length, column: before[before.length - 1]!.length + 1, secret, why: `${path}: the common syntaxes` };
  });
}
