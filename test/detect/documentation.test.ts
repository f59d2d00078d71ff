import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isDocumentationPath, judgeDocumentation, type JudgedFinding } from '../../src/detect/documentation.js';
import { cleanupTempDirs, tempDir } from '../helpers/temp.js';
import { fakeProjectId } from '../helpers/secrets.js';
import { runJson } from '../helpers/cli.js';

afterAll(cleanupTempDirs);

const f = (file: string, value: string, example?: string, ruleId = 'signalwire-project-id', line = 1): JudgedFinding => ({
  ruleId,
  file,
  line,
  commit: null,
  severity: ruleId === 'signalwire-api-token' ? 'error' : 'warning',
  evidence: { value, ...(example ? { example } : {}) },
});
const opts = { globs: [] as string[], configDir: '/r', root: '/r' };

describe('isDocumentationPath', () => {
  it.each(['docs/a.md', 'site/b.mdx', 'guide.rst', 'specs/x/main.tsp', 'fern/apis/video/openapi.yaml', 'api/asyncapi.json', 'specs/relay/events.yaml'])(
    '%s is documentation',
    (p) => {
      expect(isDocumentationPath(p)).toBe(true);
    },
  );
  it.each(['src/app.js', 'config/settings.yaml', '.env', 'k8s/deploy.yml', 'docs/conf.py', 'spec/vcr_cassettes/faxes.yml', 'spec/fixtures/call.json'])(
    '%s is not',
    (p) => {
      expect(isDocumentationPath(p)).toBe(false);
    },
  );
});

describe('judgeDocumentation', () => {
  it('drops a value on three pages, counts copies of one page once, keeps code, lowers the rest to info', async () => {
    const input = [
      f('docs/a/one.mdx', 'v1'),
      f('fern/a/one.mdx', 'v1'),
      f('docs/b/two.md', 'v1'),
      f('docs/c/three.md', 'v1'),
      f('docs/x/page.mdx', 'v2'),
      f('fern/x/page.mdx', 'v2'),
      f('legacy/x/page.mdx', 'v2'),
      f('src/app.js', 'v1'),
      f('docs/d/four.md', 'v3', 'annotated as an example'),
      f('src/sample.js', 'v4', 'annotated as an example'),
      f('docs/e/token.md', 'v5', undefined, 'signalwire-api-token'),
    ];
    const out = await judgeDocumentation(input, opts);
    expect(out.map((x) => `${x.file} ${x.severity}`)).toEqual([
      'docs/x/page.mdx info',
      'fern/x/page.mdx info',
      'legacy/x/page.mdx info',
      'src/app.js warning',
      'src/sample.js warning',
      'docs/e/token.md error',
    ]);
    // order-independent: the same result whatever order workers delivered the findings in
    const reversed = await judgeDocumentation([...input].reverse(), opts);
    expect(reversed.map((x) => x.file).sort()).toEqual(out.map((x) => x.file).sort());
  });

  it('a value on many pages stays where a token sits next to it (half of a real pair)', async () => {
    const input = [
      f('specs/a/main.tsp', 'v', 'inside an `example` block'),
      f('docs/b/two.md', 'v'),
      f('docs/c/three.md', 'v'),
      f('docs/ops/runbook.md', 'v', undefined, 'signalwire-project-id', 7),
      f('docs/ops/runbook.md', 't', undefined, 'signalwire-api-token', 7),
    ];
    const out = await judgeDocumentation(input, opts);
    expect(out.map((x) => `${x.ruleId} ${x.file}`)).toEqual(['signalwire-project-id docs/ops/runbook.md', 'signalwire-api-token docs/ops/runbook.md']);
  });

  it('config globs make a directory documentation', async () => {
    const input = ['kb/a.txt', 'kb/b.txt', 'kb/c.txt'].map((p) => f(p, 'v'));
    expect(await judgeDocumentation(input, opts)).toHaveLength(3);
    expect(await judgeDocumentation(input, { ...opts, globs: ['kb/**'] })).toHaveLength(0);
  });

  it("gives a page's value a placeholder as its fix, not the code's environment lookup", () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'docs'));
    const page = [
      '# Send your first message',
      '',
      'Create a client for your SignalWire project:',
      '',
      '```js',
      `const client = RestClient('${fakeProjectId()}', process.env.SIGNALWIRE_API_TOKEN, { signalwireSpaceUrl: 'harborline-dental.signalwire.com' });`,
      '```',
      '',
    ].join('\n');
    writeFileSync(path.join(dir, 'docs/first-message.md'), page);
    writeFileSync(path.join(dir, 'send.js'), page.split('\n')[5]! + '\n');
    const r = runJson(['scan'], { cwd: dir });
    const fix = (file: string, ruleId: string) => r.findings.find((x) => x.file === file && x.ruleId === ruleId)!;
    expect(fix('docs/first-message.md', 'signalwire-project-id')).toMatchObject({
      severity: 'info',
      fix: expect.stringMatching(/^In documentation write a placeholder \(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx or <project-id>\)/),
    });
    expect(fix('docs/first-message.md', 'signalwire-space-url').fix).toBe(
      'In documentation write the Space as your-space.signalwire.com (or <space>.signalwire.com).',
    );
    // the same line in code keeps the code's fix
    expect(fix('send.js', 'signalwire-project-id')).toMatchObject({
      severity: 'warning',
      fix: expect.stringMatching(/^Replace the literal with process\.env\.SIGNALWIRE_PROJECT_ID/),
    });
  });
  it('reads a translated page\'s "por ejemplo", "z. B." … as the annotation its English original has', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'docs/es'), { recursive: true });
    mkdirSync(path.join(dir, 'docs/de'), { recursive: true });
    writeFileSync(
      path.join(dir, 'docs/es/configurar-signalwire.md'),
      [
        '## 1. Crear una cuenta',
        '',
        'Durante el registro elegiras un **nombre de Space** (por ejemplo, `milinea`). La URL de tu Space sera `milinea.signalwire.com`.',
        '',
        '## 2. Soporte',
        '',
        'Nuestra linea de produccion vive en `harborline-dental.signalwire.com` (pregunta en #ops).',
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(dir, 'docs/de/einrichtung.md'), 'Ihre Space-URL lautet dann z. B. `meinehotline.signalwire.com`; tragen Sie nur den Namen ein.\n');
    const r = runJson(['scan'], { cwd: dir });
    // the annotated examples are not findings; a real Space on the same page without one still is (at info)
    expect(r.findings.map((x) => `${x.file}:${x.line} ${x.severity}`)).toEqual(['docs/es/configurar-signalwire.md:7 info']);
    expect(r.code).toBe(0);
  });
});
