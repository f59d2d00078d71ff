// A token split into pieces in each language's idiom is assembled and reported at its first piece:
// adjacent literals (Python, C), %-formatting, f-strings, template literals, [...].join(''),
// StringBuilder.append chains, String.format, strings.Join, and `\` continuation lines in shell,
// .properties and INI files.
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, runJson, summarize } from '../helpers/cli.js';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe('split values', () => {
  it('assembles each and reports it once, at its first line', () => {
    const fx = copyFixture('split-values');
    cleanup = fx.cleanup;
    const r = runJson(['scan', '.'], { cwd: fx.dir });
    expect(summarize(r.report)).toEqual([
      'signalwire-api-token c/creds.h:2',
      'signalwire-api-token config/settings.ini:2',
      'signalwire-api-token go/creds.go:5',
      'signalwire-api-token java/Creds.java:3',
      'signalwire-api-token java/Creds.java:5',
      'signalwire-api-token java/app.properties:1',
      'signalwire-api-token python/client.py:3',
      'signalwire-api-token python/client.py:5',
      'signalwire-api-token python/client.py:6',
      'signalwire-api-token shell/deploy.sh:2',
      'signalwire-api-token web/auth.js:2',
      'signalwire-api-token web/auth.js:3',
    ]);
  });
});
