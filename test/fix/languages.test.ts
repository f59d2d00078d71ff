// rewrite(): a value's range inside each language's literals becomes that language's lookup,
// or the edit is refused with the manual fix. The value here is a stand-in; what matters is
// where it sits.
import { describe, expect, it } from 'vitest';
import { environmentUseAt, fixLanguageOf, Refused, rewrite, type FixLanguage } from '../../src/fix/languages.js';

const V = 'VALUE_0123456789abcdef';

function fixed(file: string, text: string, name = 'SIGNALWIRE_API_TOKEN'): string {
  const lang = fixLanguageOf(file) as FixLanguage;
  expect('refused' in lang, `${file} is refused`).toBe(false);
  const edits = [];
  for (let at = text.indexOf(V); at >= 0; at = text.indexOf(V, at + 1)) {
    // as swlint fix does: what the line before the value does with it in the environment
    const environment = environmentUseAt(text, text.lastIndexOf('\n', at - 1) + 1, at);
    edits.push({ start: at, end: at + V.length, pieces: [{ env: name }], ...(environment && { environment }) });
  }
  return rewrite(text, lang, edits).text;
}

function refusal(file: string, text: string): string {
  try {
    fixed(file, text);
  } catch (e) {
    if (e instanceof Refused) return e.message;
    throw e;
  }
  return 'not refused';
}

describe('rewrite: literals become lookups', () => {
  it.each([
    ['a.js', `const t = '${V}';`, 'const t = process.env.SIGNALWIRE_API_TOKEN;'],
    ['a.js', `const u = "https://${V}/api";`, 'const u = ("https://" + process.env.SIGNALWIRE_API_TOKEN + "/api");'],
    ['a.js', `const u = \`https://${V}/\${path}\`;`, 'const u = `https://${process.env.SIGNALWIRE_API_TOKEN}/${path}`;'],
    ['a.jsx', `return <Phone token="${V}" room={room} />;`, 'return <Phone token={process.env.SIGNALWIRE_API_TOKEN} room={room} />;'],
    ['a.js', `const re = /'/; const t = '${V}';`, "const re = /'/; const t = process.env.SIGNALWIRE_API_TOKEN;"],
    ['a.js', `const r = a / b; const t = '${V}'; const s = x / 2;`, 'const r = a / b; const t = process.env.SIGNALWIRE_API_TOKEN; const s = x / 2;'],
    ['a.js', `const q = "it's"; /* don't */ const t = '${V}';`, `const q = "it's"; /* don't */ const t = process.env.SIGNALWIRE_API_TOKEN;`],
    ['a.js', `const KEY = process.env.SIGNALWIRE_API_TOKEN || '${V}';`, 'const KEY = process.env.SIGNALWIRE_API_TOKEN;'],
    ['a.js', `const KEY = process.env.OTHER ?? '${V}';`, 'const KEY = process.env.OTHER ?? process.env.SIGNALWIRE_API_TOKEN;'],
    ['a.php', `<?php\n$k = getenv('SIGNALWIRE_API_TOKEN') ?: '${V}';`, `<?php\n$k = getenv('SIGNALWIRE_API_TOKEN');`],
    ['a.py', `import os\ns = f"{d['k']}"  # it's\nt = '${V}'\n`, `import os\ns = f"{d['k']}"  # it's\nt = os.environ['SIGNALWIRE_API_TOKEN']\n`],
    ['a.rb', `x = ok ? 'a' : 'b'\nt = "${V}"`, `x = ok ? 'a' : 'b'\nt = ENV.fetch("SIGNALWIRE_API_TOKEN")`],
    ['run.sh', `case "$1" in\n  start) echo "$(date) ${V}" ;;\nesac\n`, `case "$1" in\n  start) echo "$(date) \${SIGNALWIRE_API_TOKEN}" ;;\nesac\n`],
    ['a.py', `import os\nu = f"https://{host}/${V}"\n`, `import os\nu = f"https://{host}/{os.environ['SIGNALWIRE_API_TOKEN']}"\n`],
    ['a.py', `import os\nu = r'x${V}'\n`, `import os\nu = (r'x' + os.environ['SIGNALWIRE_API_TOKEN'])\n`],
    // no import yet: above the comments that belong to the first code line, apart from the file's header
    [
      'a.py',
      `# config.py: settings\n\n# API credentials\nT = "${V}"  # SignalWire\n`,
      `# config.py: settings\n\nimport os\n\n# API credentials\nT = os.environ["SIGNALWIRE_API_TOKEN"]  # SignalWire\n`,
    ],
    [
      'a.py',
      `#!/usr/bin/env python3\n# API credentials\nT = "${V}"\n`,
      `#!/usr/bin/env python3\n# API credentials\nimport os\nT = os.environ["SIGNALWIRE_API_TOKEN"]\n`,
    ],
    ['a.py', `#!/usr/bin/env python3\n"""Doc."""\n\nT = "${V}"\n`, `#!/usr/bin/env python3\n"""Doc."""\nimport os\n\nT = os.environ["SIGNALWIRE_API_TOKEN"]\n`],
    ['a.rb', `u = 'https://${V}'`, `u = ('https://' + ENV.fetch('SIGNALWIRE_API_TOKEN'))`],
    ['a.php', `<?php\n$u = "https://${V}/x";`, `<?php\n$u = ("https://" . getenv("SIGNALWIRE_API_TOKEN") . "/x");`],
    [
      'a.php',
      `<p>Don't</p>\n<?php $t = '${V}'; // it's ?>\n<p>It's</p>\n`,
      `<p>Don't</p>\n<?php $t = getenv('SIGNALWIRE_API_TOKEN'); // it's ?>\n<p>It's</p>\n`,
    ],
    [
      'a.go',
      `package main\n\nfunc f() string { return \`${V}\` }\n`,
      `package main\n\nimport "os"\n\nfunc f() string { return os.Getenv("SIGNALWIRE_API_TOKEN") }\n`,
    ],
    ['a.go', `package main\n\nimport "fmt"\n\nconst t = "${V}"\n`, `package main\n\nimport "fmt"\nimport "os"\n\nvar t = os.Getenv("SIGNALWIRE_API_TOKEN")\n`],
    ['a.cs', `var u = @"https://${V}";`, `var u = (@"https://" + System.Environment.GetEnvironmentVariable("SIGNALWIRE_API_TOKEN"));`],
    ['a.kt', `val u = "https://${V}/\${path}"`, 'val u = "https://${System.getenv("SIGNALWIRE_API_TOKEN")}/${path}"'],
    ['run.sh', `curl -H 'Authorization: Bearer ${V}' "$URL"`, `curl -H 'Authorization: Bearer '"\${SIGNALWIRE_API_TOKEN}" "$URL"`],
    ['run.sh', `T=${V} # the token\n`, `T=\${SIGNALWIRE_API_TOKEN} # the token\n`],
    ['compose.yaml', `x:\n  environment:\n    - TOKEN=${V}\n`, `x:\n  environment:\n    - TOKEN=\${SIGNALWIRE_API_TOKEN}\n`],
    ['.github/workflows/ci.yml', `env:\n  TOKEN: '${V}'  # set by ops\n`, `env:\n  TOKEN: '\${{ secrets.SIGNALWIRE_API_TOKEN }}'  # set by ops\n`],
    [
      '.github/workflows/ci.yml',
      `run: |\n  # call it\n  curl -H "x: ${V}" # token\n`,
      `run: |\n  # call it\n  curl -H "x: \${{ secrets.SIGNALWIRE_API_TOKEN }}" # token\n`,
    ],
    // PHP code that runs: a method body, a call in a method, a closure in a property-less class, an object made in a function
    [
      'a.php',
      `<?php\nclass Sms {\n    public function send($to) {\n        static $n = 0;\n        $c = new Client('${V}');\n        return send($to, fn($x) => $x);\n    }\n}\n`,
      `<?php\nclass Sms {\n    public function send($to) {\n        static $n = 0;\n        $c = new Client(getenv('SIGNALWIRE_API_TOKEN'));\n        return send($to, fn($x) => $x);\n    }\n}\n`,
    ],
    [
      'a.php',
      `<?php\nfunction f($to) { return call($to, ['t' => '${V}']); }\n`,
      `<?php\nfunction f($to) { return call($to, ['t' => getenv('SIGNALWIRE_API_TOKEN')]); }\n`,
    ],
    ['a.php', `<?php\n$a = $b[0];\n$t = '${V}';\n`, `<?php\n$a = $b[0];\n$t = getenv('SIGNALWIRE_API_TOKEN');\n`],
    // C# and Python code that runs: a call's arguments (named ones too), an indexer, a collection, a case body, a guard
    ['a.cs', `var c = Make(token: "${V}", retries: 2);`, `var c = Make(token: System.Environment.GetEnvironmentVariable("SIGNALWIRE_API_TOKEN"), retries: 2);`],
    [
      'a.cs',
      `using System;\nh["x-token"] = "${V}";\nstring[] a = ["${V}"];\n`,
      `using System;\nh["x-token"] = Environment.GetEnvironmentVariable("SIGNALWIRE_API_TOKEN");\nstring[] a = [Environment.GetEnvironmentVariable("SIGNALWIRE_API_TOKEN")];\n`,
    ],
    [
      'a.cs',
      `using System;\nswitch (s) { case "a": t = "${V}"; break; }\nvar k = s switch { "a" => "${V}", _ => "" };\n`,
      `using System;\nswitch (s) { case "a": t = Environment.GetEnvironmentVariable("SIGNALWIRE_API_TOKEN"); break; }\nvar k = s switch { "a" => Environment.GetEnvironmentVariable("SIGNALWIRE_API_TOKEN"), _ => "" };\n`,
    ],
    [
      'm.py',
      `import os\nmatch tok:\n    case x if x == "${V}":\n        case = "${V}"\n`,
      `import os\nmatch tok:\n    case x if x == os.environ["SIGNALWIRE_API_TOKEN"]:\n        case = os.environ["SIGNALWIRE_API_TOKEN"]\n`,
    ],
    // TypeScript values: class properties, a typed initialiser, a conditional, an object's `type` key, a generic call's argument
    [
      'a.ts',
      `class A {\n  private readonly t = '${V}';\n  static readonly S: string = "${V}";\n  m(x: string): string { return x ? 'a' : '${V}'; }\n}\n`,
      `class A {\n  private readonly t = process.env.SIGNALWIRE_API_TOKEN;\n  static readonly S: string = process.env.SIGNALWIRE_API_TOKEN;\n  m(x: string): string { return x ? 'a' : process.env.SIGNALWIRE_API_TOKEN; }\n}\n`,
    ],
    [
      'a.ts',
      `const o = { type: 'sms', token: '${V}' };\nconst c = f<T>({ a: '${V}' }, (x: number) => '${V}');\n`,
      `const o = { type: 'sms', token: process.env.SIGNALWIRE_API_TOKEN };\nconst c = f<T>({ a: process.env.SIGNALWIRE_API_TOKEN }, (x: number) => process.env.SIGNALWIRE_API_TOKEN);\n`,
    ],
    ['a.ts', `constructor(private cfg: Cfg = { token: '${V}' }) {}\n`, `constructor(private cfg: Cfg = { token: process.env.SIGNALWIRE_API_TOKEN }) {}\n`],
    // a plain class's attribute, and a method's code in a settings class, read the environment
    [
      'settings.py',
      `import os\nfrom pydantic_settings import BaseSettings\n\nclass Plain:\n    token: str = "${V}"\n\nclass S(BaseSettings):\n    def client(self):\n        t: str = "${V}"\n`,
      `import os\nfrom pydantic_settings import BaseSettings\n\nclass Plain:\n    token: str = os.environ["SIGNALWIRE_API_TOKEN"]\n\nclass S(BaseSettings):\n    def client(self):\n        t: str = os.environ["SIGNALWIRE_API_TOKEN"]\n`,
    ],
    // a Java or Go constant no other constant needs becomes a run-time value
    [
      'Sw.java',
      `class Sw {\n    static final String T = "${V}";\n    String k(int n) { switch (n) { case 1: return T; } return ""; }\n}\n`,
      `class Sw {\n    static final String T = System.getenv("SIGNALWIRE_API_TOKEN");\n    String k(int n) { switch (n) { case 1: return T; } return ""; }\n}\n`,
    ],
    [
      'a.go',
      `package sw\n\nconst token = "${V}"\n\nvar header = "Bearer " + token\n`,
      `package sw\n\nimport "os"\n\nvar token = os.Getenv("SIGNALWIRE_API_TOKEN")\n\nvar header = "Bearer " + token\n`,
    ],
    // `import os` after `from __future__` imports, which must come first; `import os as o` does not bind os
    [
      'a.py',
      `"""Doc."""\nfrom __future__ import annotations\n\nT = "${V}"\n`,
      `"""Doc."""\nfrom __future__ import annotations\nimport os\n\nT = os.environ["SIGNALWIRE_API_TOKEN"]\n`,
    ],
    [
      'a.py',
      `from __future__ import (\n    annotations,\n)\nT = "${V}"\n`,
      `from __future__ import (\n    annotations,\n)\nimport os\nT = os.environ["SIGNALWIRE_API_TOKEN"]\n`,
    ],
    ['a.py', `import os as _os\nT = "${V}"\n`, `import os\nimport os as _os\nT = os.environ["SIGNALWIRE_API_TOKEN"]\n`],
    ['a.py', `import os\nfor k in os.environ:\n    pass\nT = "${V}"\n`, `import os\nfor k in os.environ:\n    pass\nT = os.environ["SIGNALWIRE_API_TOKEN"]\n`],
    // Python and Ruby join adjacent literals: a member that becomes a lookup joins the others with +
    [
      'a.py',
      `import os\nURL = ("https://${V}"\n       "/api/laml")\n`,
      `import os\nURL = ("https://" + os.environ["SIGNALWIRE_API_TOKEN"] +\n       "/api/laml")\n`,
    ],
    ['a.py', `import os\nH = 'Basic ' "${V}"\n`, `import os\nH = ('Basic ' + os.environ["SIGNALWIRE_API_TOKEN"])\n`],
    ['a.py', `import os\nf(x, "${V}"  # the token\n  f"/{p}" % y)\n`, `import os\nf(x, (os.environ["SIGNALWIRE_API_TOKEN"] +  # the token\n  f"/{p}") % y)\n`],
    ['a.py', `import os\nT = "a" \\\n    '${V}'\n`, `import os\nT = ("a" + \\\n    os.environ['SIGNALWIRE_API_TOKEN'])\n`],
    ['a.py', `import os\nT = f"{a}${V}" "/x"\n`, `import os\nT = f"{a}{os.environ['SIGNALWIRE_API_TOKEN']}" "/x"\n`],
    // a line break outside brackets ends the statement: no join
    ['a.py', `import os\nT = "a"\n"${V}"\n`, `import os\nT = "a"\nos.environ["SIGNALWIRE_API_TOKEN"]\n`],
    ['a.rb', `T = 'Bearer ' \\\n  '${V}'\n`, `T = ('Bearer ' + \\\n  ENV.fetch('SIGNALWIRE_API_TOKEN'))\n`],
    ['a.rb', `U = "https://${V}" \\\n  "/api"\n`, `U = "https://#{ENV.fetch("SIGNALWIRE_API_TOKEN")}" \\\n  "/api"\n`],
  ])('%s: %s', (file, text, want) => {
    expect(fixed(file, text)).toBe(want);
  });
});

describe('rewrite: a value the code writes into the environment, or gives as the default of a lookup of the same variable', () => {
  const T = 'SIGNALWIRE_API_TOKEN';
  it.each([
    // the write goes (the variable now comes from .env); a Python block it leaves empty gets `pass`
    ['a.py', `import os\n\nos.environ["${T}"] = "${V}"\nclient = Client(os.environ["${T}"])\n`, `import os\n\nclient = Client(os.environ["${T}"])\n`],
    [
      'a.py',
      `import os\nif not os.environ.get('CI'):\n    os.environ.setdefault('${T}', '${V}')  # local runs\nrun()\n`,
      `import os\nif not os.environ.get('CI'):\n    pass\nrun()\n`,
    ],
    ['a.py', `def setup():\n    os.environ['${T}'] = '${V}'\n    # then\n    connect()\n`, `def setup():\n    # then\n    connect()\n`],
    ['a.rb', `ENV['${T}'] ||= '${V}'\nclient = Client.new(ENV.fetch('${T}'))\n`, `client = Client.new(ENV.fetch('${T}'))\n`],
    ['a.php', `<?php\n$_ENV['${T}'] = '${V}';\n$c = new Client($_ENV['${T}']);\n`, `<?php\n$c = new Client($_ENV['${T}']);\n`],
    ['a.js', `process.env.${T} = '${V}';\nconst c = new RestClient(p, process.env.${T});\n`, `const c = new RestClient(p, process.env.${T});\n`],
    ['a.ts', `  process.env['${T}'] ??= "${V}"; // dev default\nstart();\n`, `start();\n`],
    [
      'a.go',
      `package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tos.Setenv("${T}", "${V}")\n\tfmt.Println("ok")\n}\n`,
      `package main\n\nimport (\n\t"fmt"\n)\n\nfunc main() {\n\tfmt.Println("ok")\n}\n`,
    ],
    [
      'a.go',
      `package main\n\nimport "os"\n\nfunc main() {\n\tos.Setenv("${T}", "${V}")\n\tos.Exit(run())\n}\n`,
      `package main\n\nimport "os"\n\nfunc main() {\n\tos.Exit(run())\n}\n`,
    ],
    ['a.cs', `Environment.SetEnvironmentVariable("${T}", "${V}");\nvar c = new Client();\n`, `var c = new Client();\n`],
    // a statement of its own after a complete one: JavaScript's line breaks, a case label, a braced block
    ['a.js', `start()\nprocess.env.${T} = '${V}'\nrun()\n`, `start()\nrun()\n`],
    ['a.js', `if (dev) {\n  // local\n  process.env.${T} = '${V}';\n}\n`, `if (dev) {\n  // local\n}\n`],
    ['a.php', `<?php\nswitch ($m) {\n  case 'dev':\n    $_ENV['${T}'] = '${V}';\n    break;\n}\n`, `<?php\nswitch ($m) {\n  case 'dev':\n    break;\n}\n`],
    ['a.rb', `if dev\n  ENV['${T}'] = '${V}'\nend\n`, `if dev\nend\n`],
    // the default goes: the environment decides
    ['a.py', `import os\ntoken = os.getenv('${T}', '${V}')\n`, `import os\ntoken = os.getenv('${T}')\n`],
    ['a.py', `import os\ntoken = os.environ.get("${T}", "${V}")\n`, `import os\ntoken = os.environ.get("${T}")\n`],
    ['a.rb', `token = ENV.fetch("${T}", "${V}")\n`, `token = ENV.fetch("${T}")\n`],
    ['a.php', `<?php\n$t = env('${T}', '${V}');\n`, `<?php\n$t = env('${T}');\n`],
    ['a.kt', `val t = System.getenv("${T}") ?: "${V}"\n`, `val t = System.getenv("${T}")\n`],
    ['a.cs', `var t = Environment.GetEnvironmentVariable("${T}") ?? "${V}";\n`, `var t = Environment.GetEnvironmentVariable("${T}");\n`],
    // a fallback to the value itself goes in Ruby and for Python's other lookups too
    ['a.rb', `config.token = ENV['${T}'] || '${V}'\n`, `config.token = ENV['${T}']\n`],
    ['a.py', `import os\nt = os.getenv("${T}") or "${V}"\n`, `import os\nt = os.getenv("${T}")\n`],
    ['a.rb', `t = ENV['OTHER'] || '${V}'\n`, `t = ENV['OTHER'] || ENV.fetch('${T}')\n`],
    // a shell line that sets the variable it would read: deleted, or `:` where a body cannot be empty
    ['run.sh', `#!/bin/sh\nexport ${T}="${V}"\ncurl -H "x: $${T}"\n`, `#!/bin/sh\ncurl -H "x: $${T}"\n`],
    ['run.sh', `${T}=${V}  # dev\r\necho ok\r\n`, `echo ok\r\n`],
    ['run.sh', `if [ -z "$CI" ]; then\n  export ${T}='${V}'\nfi\n`, `if [ -z "$CI" ]; then\n  :\nfi\n`],
    ['run.sh', `[ -n "$A" ] &&\n  ${T}=${V}\necho\n`, `[ -n "$A" ] &&\n  :\necho\n`],
    // not a line of its own: an argument of a continued command, a command's environment, a heredoc's text
    ['run.sh', `env -i \\\n  ${T}=${V}\n`, `env -i \\\n  ${T}=\${${T}}\n`],
    ['run.sh', `${T}=${V} ./send.sh\n`, `${T}=\${${T}} ./send.sh\n`],
    // another variable's default, or a write of another variable: an ordinary lookup
    ['a.py', `import os\ntoken = os.getenv('SW_KEY', '${V}')\n`, `import os\ntoken = os.getenv('SW_KEY', os.environ['${T}'])\n`],
  ])('%s: %s', (file, text, want) => {
    expect(fixed(file, text)).toBe(want);
  });

  it.each([
    ['a.py', `os.environ['${T}'] = '${V}'; main()\n`, `written into the environment as ${T} inside a longer statement`],
    ['a.js', `if (dev) process.env.${T} = '${V}';\n`, 'inside a longer statement'],
    // the only statement of a brace-less if, else or loop: the next statement would take its place
    ['a.js', `if (!process.env.${T})\n  process.env.${T} = '${V}';\nstart();\n`, 'the only statement of an if, else or loop without braces'],
    ['a.js', `if (a) x();\nelse // dev\n  process.env.${T} = '${V}';\nstart();\n`, 'without braces'],
    ['a.js', `for (const k of ks)\n  process.env.${T} = '${V}'\n`, 'without braces'],
    ['a.js', `const f = () =>\n  process.env.${T} = '${V}';\n`, 'without braces'],
    ['a.js', `start()\nprocess.env.${T} = '${V}'\n;[a, b].forEach(go)\n`, 'not refused'],
    ['a.js', `start()\nprocess.env.${T} = '${V}'\n[a, b].forEach(go)\n`, 'without braces'],
    ['a.php', `<?php\nif (!isset($_ENV['${T}']))\n    $_ENV['${T}'] = '${V}';\necho "started";\n`, 'without braces'],
    ['a.php', `<?php\nforeach ($a as $k)\n    $_ENV['${T}'] = '${V}';\n`, 'without braces'],
    ['a.cs', `if (Environment.GetEnvironmentVariable("${T}") == null)\n    Environment.SetEnvironmentVariable("${T}", "${V}");\nRun();\n`, 'without braces'],
    ['a.cs', `if (a) Run(); else\n    Environment.SetEnvironmentVariable("${T}", "${V}");\n`, 'without braces'],
    ['a.rb', `ok = ready &&\n  ENV['${T}'] = '${V}'\n`, 'without braces'],
    ['a.py', `os.environ['SW_KEY'] = '${V}'\n`, `written into the environment as SW_KEY, which swlint fix would name ${T}`],
    ['test_a.py', `def test_send(monkeypatch):\n    monkeypatch.setenv("${T}", "${V}")\n`, `a test sets ${T} to this value`],
    ['a_test.go', `package a\n\nfunc TestSend(t *testing.T) {\n\tt.Setenv("${T}", "${V}")\n}\n`, 'a test sets'],
  ])('%s: %s is refused', (file, text, why) => {
    expect(refusal(file, text)).toContain(why);
  });
});

describe('rewrite: shapes it refuses, with the manual fix', () => {
  it.each([
    // a TypeScript type or enum member stays a literal
    ['a.ts', `export type SpaceHost = '${V}' | 'b.signalwire.com';\n`, 'a TypeScript type cannot read the environment'],
    ['a.ts', `const a = 1\nexport type Host =\n  | 'a'\n  | '${V}'\n`, 'a TypeScript type'],
    ['a.ts', `interface SwConfig {\n  space: '${V}';\n}\n`, 'a TypeScript type'],
    ['a.ts', `let o: { host: '${V}' } = x;\n`, 'a TypeScript type'],
    ['a.ts', `export function connect(host: 'a' | '${V}'): void {}\n`, 'a TypeScript type'],
    ['a.ts', `class A {\n  host: '${V}' | null = null;\n}\n`, 'a TypeScript type'],
    ['a.ts', `function f(): '${V}' { return g(); }\n`, 'a TypeScript type'],
    ['a.ts', `const m = new Map<'${V}', number>();\n`, 'a TypeScript type'],
    ['a.ts', `const h = x as '${V}';\n`, 'a TypeScript type'],
    ['a.ts', `const enum Keys { Token = '${V}' }\n`, 'a TypeScript enum member must be a literal'],
    ['a.tsx', `export enum K {\n  A = 'a',\n  B = '${V}',\n}\n`, 'a TypeScript enum member'],
    ['a.ts', `export const T = '${V}' as const;\n`, 'as const'],
    ['a.js', `// token ${V}\n`, 'the value is in a comment'],
    ['a.js', `const re = /${V}/;`, 'regular expression'],
    ['a.js', `const x = \`\${fn('${V}'.length)}\`;`, 'not refused'],
    ['a.js', `const t = '${V}`, "could not follow this file's syntax"],
    ['a.js', `x  token="${V}"`, 'a JSX attribute'],
    ['a.py', `t = b"${V}"`, 'literal swlint does not rewrite'],
    ['a.py', `import os\nos = None\nT = "${V}"\n`, 'binds the name os to something else'],
    ['a.py', `from compat import os\nT = "${V}"\n`, 'binds the name os to something else'],
    // PHP wants constant expressions in defaults: a property, a promoted or ordinary parameter, a static variable, an attribute
    ['a.php', `<?php\nclass Sms\n{\n    private string $token = "${V}";\n}\n`, 'a PHP property default'],
    ['a.php', `<?php\nclass Sms {\n    public static $t = [\n        'k' => '${V}',\n    ];\n}\n`, 'a PHP property default'],
    ['a.php', `<?php\nenum K: string { case Live = '${V}'; }\n`, 'a PHP property default (or enum case)'],
    ['a.php', `<?php\nclass Sms {\n    public function __construct(private string $t = '${V}') {}\n}\n`, 'a PHP parameter default'],
    ['a.php', `<?php\nfunction send($to, $t = '${V}') { return $t; }\n`, 'a PHP parameter default'],
    ['a.php', `<?php\n$f = fn($t = '${V}') => $t;\n`, 'a PHP parameter default'],
    ['a.php', `<?php\nfunction f() { static $t = '${V}'; return $t; }\n`, 'a PHP static variable'],
    ['a.php', `<?php\n#[Token('${V}')]\nfunction f() {}\n`, 'a PHP attribute argument'],
    ['a.php', `<?php\nconst T = '${V}';\n`, 'a PHP class constant'],
    ['a.php', `<?php\nclass C { const T = '${V}'; }`, 'a PHP class constant'],
    ['a.php', `<p>token: ${V}</p>\n<?php echo 1;`, 'literal swlint does not rewrite'],
    ['a.php', `<?php\n$t = <<<EOT\n${V}\nEOT;\n`, 'heredoc'],
    ['a.rb', `t = %q(${V})`, 'literal swlint does not rewrite'],
    ['a.go', `package main\n\nconst (\n\tt = "${V}"\n)\n`, 'const ( … ) block'],
    ['a.cs', `const string T = "${V}";`, 'a C# const'],
    // C# wants constants in parameter defaults, attribute arguments and case labels or patterns
    ['a.cs', `public static void Send(string to, string token = "${V}") { }`, 'a C# parameter default'],
    ['a.cs', `void F(int n, [Optional] string? t = "${V}") { }`, 'a C# parameter default'],
    ['a.cs', `public record Sw(string Token = "${V}");`, 'a C# parameter default'],
    ['a.cs', `class C {\n    [Obsolete("rotate ${V}")]\n    public void X() {}\n}`, 'a C# attribute argument'],
    ['a.cs', `class C {\n    [Header(Name = "x-token", Value = "${V}")] public string T;\n}`, 'a C# attribute argument'],
    ['a.cs', `switch (s) { case "a": return 1; case "${V}": return 2; }`, 'a C# case label'],
    ['a.cs', `var k = s switch { "${V}" => "live", _ => "other" };`, 'a C# case label'],
    ['a.cs', `if (s is "a" or "${V}") Go();`, 'a C# case label'],
    ['a.cs', `private const string T = "${V}";`, 'a C# const'],
    // a pydantic-settings field reads its own variable, and .env, when the model is made
    [
      'settings.py',
      `from pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n    model_config = SettingsConfigDict(env_file=".env")\n\n    signalwire_token: str = "${V}"\n`,
      'a pydantic-settings field reads SIGNALWIRE_TOKEN (after any env_prefix) from the environment and .env itself',
    ],
    ['settings.py', `class S(pydantic_settings.BaseSettings):\n    token: SecretStr = Field("${V}", repr=False)\n`, 'a pydantic-settings field'],
    // a match statement's case pattern
    ['m.py', `def kind(tok):\n    match tok:\n        case "${V}":\n            return "live"\n`, "a match statement's case pattern"],
    ['A.java', `@Value("${V}") String t;`, 'annotation argument'],
    // Java needs constants in annotations and case labels; a constant used there stays one
    ['A.java', `@Header(\n    name = "x",\n    value = "${V}")\nvoid f() {}`, 'annotation argument'],
    ['B.java', `class B { static String k(String s) { switch (s) { case "${V}": return "live"; default: return "x"; } } }`, 'a Java case label'],
    ['B.java', `class B { int k(String s) { return switch (s) { case "a", "${V}" -> 1; default -> 0; }; } }`, 'a Java case label'],
    [
      'Sw.java',
      `class Sw {\n    private static final String API_TOKEN = "${V}";\n\n    @SuppressWarnings(API_TOKEN)\n    void f() {}\n}\n`,
      'the value is the constant API_TOKEN, which this file uses in an annotation argument (@SuppressWarnings(API_TOKEN))',
    ],
    [
      'Sw.java',
      `class Sw {\n    static final String T = "${V}";\n    int k(String s) {\n        switch (s) {\n            case T: return 1;\n            default: return 0;\n        }\n    }\n}\n`,
      'uses in a case label (case T)',
    ],
    [
      'Sw.java',
      `interface Sw {\n    String T = "https://${V}";\n    String H = "x-" + T;\n    @Header(H) void f();\n}\n`,
      'the value is the constant T, which this file uses in an annotation argument (@Header(H))',
    ],
    // Go: a const made a var must not be used by another const
    [
      'a.go',
      `package sw\n\nconst token = "${V}"\n\nconst header = "Bearer " + token\n`,
      'the value is the constant token, which this file uses in const header',
    ],
    ['a.go', `package sw\n\nconst token = "${V}"\n\nconst (\n\tn = 2\n\th = "x" + token\n)\n`, 'uses in const h'],
    ['a.kt', `const val T = "${V}"`, 'const val'],
    ['run.sh', `cat <<'EOF'\nexport SIGNALWIRE_API_TOKEN=${V}\nEOF\n`, 'heredoc'],
    ['run.sh', `cat <<'EOF'\n${V}\nEOF\n`, 'heredoc'],
    ['compose.yml', `x: [a, ${V}]\n`, 'flow collection'],
    ['compose.yml', `# token: ${V}\n`, 'the value is in a comment'],
  ])('%s: %s', (file, text, why) => {
    expect(refusal(file, text)).toContain(why);
  });

  it.each([
    ['k8s/secret.yaml', 'Kubernetes Secret'],
    ['values.yaml', 'YAML whose reader swlint does not know'],
    ['dist/app.js', 'built or minified output'],
    ['public/app.min.js', 'built or minified output'],
    ['report.ipynb', 'a notebook'],
    ['README.md', 'documentation'],
    ['fern/pages/paging.mdx', 'documentation'],
    ['fern/apis/voice/openapi.yaml', 'documentation'],
    ['deploy/docker-compose.yml', "a compose file below the repository's top directory: Compose reads ${…} from the .env beside it (deploy/.env)"],
    ['src/types/sw.d.ts', 'a TypeScript declaration file'],
    ['Dockerfile', 'does not rewrite this kind of file'],
    ['src/test/resources/fax.json', "a test's fixture: give the test a made-up value of the same shape"],
    ['.env.example', 'a committed template of environment variables'],
    ['config/app.env.sample', 'a committed template of environment variables'],
  ])('%s is not rewritten', (file, why) => {
    const lang = fixLanguageOf(file);
    expect('refused' in lang && lang.refused).toContain(why);
  });
});
