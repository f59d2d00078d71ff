// Shapes a credential takes in real code (issue: recall), end to end on the recall-shapes tree:
// fallback defaults of environment lookups in seven languages, credential files by format
// (.netrc, _netrc, apt auth.conf, .pgpass) reported as pairs, signing keys without a digit.
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, runJson, summarize } from '../helpers/cli.js';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe('recall shapes', () => {
  it('finds every shape at its line', () => {
    const fx = copyFixture('recall-shapes');
    cleanup = fx.cleanup;
    const r = runJson(['scan', '.'], { cwd: fx.dir });
    expect(summarize(r.report)).toEqual([
      'dotenv-not-ignored webhooks/.env.production:1',
      'signalwire-api-token dotnet/Program.cs:3',
      'signalwire-api-token home/.netrc:3',
      'signalwire-api-token java/Config.java:6',
      'signalwire-api-token node/client.ts:4',
      'signalwire-api-token php/config.php:5',
      'signalwire-api-token python/settings.py:5',
      'signalwire-api-token ruby/config.rb:3',
      'signalwire-api-token shell/send.sh:3',
      'signalwire-basic-auth etc/apt/auth.conf:1',
      'signalwire-basic-auth home/.netrc:2',
      'signalwire-basic-auth home/.pgpass:2',
      'signalwire-basic-auth home/_netrc:1',
      'signalwire-project-id dotnet/Program.cs:2',
      'signalwire-project-id java/Config.java:5',
      'signalwire-project-id node/client.ts:3',
      'signalwire-project-id php/config.php:4',
      'signalwire-project-id python/settings.py:4',
      'signalwire-project-id ruby/config.rb:2',
      'signalwire-project-id shell/send.sh:2',
      'signalwire-signing-key python/settings.py:6',
      'signalwire-signing-key webhooks/.env.production:1',
      'signalwire-signing-key webhooks/verify.go:4',
      'signalwire-space-url etc/apt/auth.conf:1',
      'signalwire-space-url home/.netrc:1',
      'signalwire-space-url home/.pgpass:2',
      'signalwire-space-url home/_netrc:1',
    ]);
    // the pair, not the token alone, where both are on one line: the basic-auth finding supersedes the token's;
    // .netrc writes its pair over lines, and its token keeps a finding on its own line (above)
    expect(r.report.findings.filter((f) => f.file.startsWith('home/') && f.file !== 'home/.netrc' && f.ruleId === 'signalwire-api-token')).toEqual([]);
  });
});
