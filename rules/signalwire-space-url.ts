import type { ContentRule, DetectInput, RuleMatch } from '../src/types.js';
import { signalWireHosts } from '../src/detect/hosts.js';
import { readFromEnvironment } from '../src/detect/language.js';

function detect(input: DetectInput): RuleMatch[] {
  return signalWireHosts(input)
    .filter((h) => h.space !== null)
    .map((h) => ({ start: h.start, end: h.end, secret: h.host.toLowerCase() }));
}

const rule: ContentRule = {
  kind: 'content',
  id: 'signalwire-space-url',
  severity: 'warning',
  precision: 'high',
  message: 'Hard-coded SignalWire Space URL',
  description:
    'A real Space URL is written into the code. It names your account to anyone reading the repository and pins the code to one Space; with a leaked token it is the last piece an attacker needs.',
  keywords: ['signalwire.com'],
  envVar: 'SIGNALWIRE_SPACE_URL',
  fix: (input) => `${readFromEnvironment(input, 'Space URL', input.envVar, { secret: false })}. In documentation write it as your-space.signalwire.com.`,
  detect,
  examples: {
    positive: [
      { path: '.env', text: 'SIGNALWIRE_SPACE_URL=harborline-dental.signalwire.com' },
      { path: 'http.js', text: "baseURL: 'https://quillmesa.signalwire.com/api/relay/rest'," },
      { path: 'README.md', text: 'Production runs in https://harborline-dental.signalwire.com (ask #ops).' },
      { path: 'settings.ini', text: 'space = ridgewater-ivr.signalwire.com' },
      { path: 'sip.xml', text: '<param name="realm" value="acme-corp.sip.signalwire.com"/>', why: 'SIP endpoint of a Space' },
    ],
    negative: [
      { path: 'README.md', text: 'Find them at `https://{space}.signalwire.com/credentials` or `YOUR_SPACE.signalwire.com`.' },
      { path: 'values.yaml', text: 'spaceUrl: "example.signalwire.com"\nrelayHost: "relay.signalwire.com"' },
      { path: 'embed.html', text: '<script src="https://cdn.signalwire.com/@signalwire/js@3"></script>' },
      { path: 'README.md', text: 'See https://developer.signalwire.com/rest/overview and https://status.signalwire.com/api/v2/status.json' },
      { path: 'collection.json', text: '"url": "https://{{space}}.signalwire.com/api/laml/2010-04-01/Accounts/{{project_id}}/Messages.json"' },
      { path: 'send.ps1', text: '$uri = "https://$space.signalwire.com/api"' },
      { path: '.env.example', text: 'VITE_SIGNALWIRE_SPACE=<your-space>.signalwire.com\nSIGNALWIRE_SPACE_URL=your-space.signalwire.com' },
      { path: 'auth.conf', text: 'machine freeswitch.signalwire.com login signalwire password ${TOKEN}' },
      { path: 'mail.txt', text: 'write to support@signalwire.com or visit signalwire.com' },
      { path: 'app.js', text: 'const host = `${space}.signalwire.com`; const idp = "id.fabric.signalwire.com";' },
    ],
  },
};

export default rule;
