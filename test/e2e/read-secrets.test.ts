// Project IDs hard-coded beside a token that is read rather than written, and values named by
// their block or by the command that stores them, end to end on the read-secrets tree: each is
// a warning at its line; another service's project and a web framework's SECRET_KEY beside
// SignalWire settings are not findings, so the default gate passes and `--fail-on warning` fails.
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, runJson, summarize } from '../helpers/cli.js';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe('read secrets', () => {
  it('reports the project beside a read token, named by a block or a command, and nothing else', () => {
    const fx = copyFixture('read-secrets');
    cleanup = fx.cleanup;
    const r = runJson(['scan', '.'], { cwd: fx.dir });
    expect(summarize(r.report)).toEqual([
      'signalwire-project-id logs/access.log:2',
      'signalwire-project-id postman/SignalWire.postman_collection.json:16',
      'signalwire-project-id scripts/list-numbers.sh:4',
      'signalwire-project-id scripts/list-numbers.sh:6',
      'signalwire-project-id terraform/variables.tf:9',
      'signalwire-space-url logs/access.log:2',
      'signalwire-space-url terraform/variables.tf:3',
    ]);
    expect(r.findings.every((f) => f.severity === 'warning')).toBe(true);
    expect(r.code).toBe(0);
    expect(runJson(['scan', '.', '--fail-on', 'warning'], { cwd: fx.dir }).code).toBe(1);
  });
});
