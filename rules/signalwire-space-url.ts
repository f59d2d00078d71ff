import type { ContentRule, DetectInput, RuleMatch } from '../src/types.js';
import { signalWireHosts } from '../src/detect/hosts.js';
import { readFromEnvironment } from '../src/detect/language.js';
import { exampleEvidence } from '../src/detect/documentation.js';

function detect(input: DetectInput): RuleMatch[] {
  const out: RuleMatch[] = [];
  for (const h of signalWireHosts(input)) {
    if (h.space === null) continue;
    const example = exampleEvidence(input, h.start);
    // the match keeps the file's spelling; DNS names are case-insensitive, so the documentation step compares them lower-cased
    out.push({ start: h.start, end: h.end, secret: h.host, ...(example ? { example } : {}) });
  }
  return out;
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
  historyOnlyFix: 'A Space URL is not a secret by itself: nothing to rotate.',
  detect,
  examples: {
    positive: [
      { path: '.env', text: 'SIGNALWIRE_SPACE_URL=harborline-dental.signalwire.com', line: 1, column: 22, secret: 'harborline-dental.signalwire.com' },
      { path: 'http.js', text: "baseURL: 'https://quillmesa.signalwire.com/api/relay/rest',", line: 1, column: 19, secret: 'quillmesa.signalwire.com' },
      {
        path: 'README.md',
        text: 'Production runs in https://harborline-dental.signalwire.com (ask #ops).',
        line: 1,
        column: 28,
        secret: 'harborline-dental.signalwire.com',
      },
      { path: 'settings.ini', text: 'space = ridgewater-ivr.signalwire.com', line: 1, column: 9, secret: 'ridgewater-ivr.signalwire.com' },
      {
        path: 'config/prod.yml',
        text: 'space: contoso-dental.signalwire.com',
        why: "a fictional company's name inside a longer real one",
        line: 1,
        column: 8,
        secret: 'contoso-dental.signalwire.com',
      },
      {
        path: 'config/production.env',
        text: 'SIGNALWIRE_SPACE_URL=adopt-a-pet-rescue.signalwire.com',
        why: 'a real name that only begins with a service word',
        line: 1,
        column: 22,
        secret: 'adopt-a-pet-rescue.signalwire.com',
      },
      {
        path: 'conf/sip_profiles/external/gateway.xml',
        text: '<param name="realm" value="myappliance-repair.sip.signalwire.com"/>',
        why: "a real name that only begins with a placeholder's word",
        line: 1,
        column: 28,
        secret: 'myappliance-repair.sip.signalwire.com',
      },
      {
        path: 'sip.xml',
        text: '<param name="realm" value="harborline-ivr.sip.signalwire.com"/>',
        why: 'SIP endpoint of a Space',
        line: 1,
        column: 28,
        secret: 'harborline-ivr.sip.signalwire.com',
      },
      {
        path: 'freepbx.mdx',
        text: 'host=duffett-113115cf718e.sip.signalwire.com              (your Space URI)',
        why: 'a real SIP domain in a guide',
        line: 1,
        column: 6,
        secret: 'duffett-113115cf718e.sip.signalwire.com',
      },
      {
        path: 'bug-report.md',
        text: 'to: "sip:sip_test2@noah-space-7c08b602ff5e.sip.signalwire.com"',
        line: 1,
        column: 20,
        secret: 'noah-space-7c08b602ff5e.sip.signalwire.com',
      },
      {
        path: 'Makefile',
        text: 'API ?= https://Harborline-Dental.signalwire.com/api',
        why: 'mixed case is still a real name',
        line: 1,
        column: 16,
        secret: 'Harborline-Dental.signalwire.com',
      },
      {
        path: 'logs/access.log',
        text: '10.0.4.19 - - [12/Jun/2024:10:11:14 +0000] "POST /hooks/status?callback=https%3A%2F%2Forchid-credit.signalwire.com%2Fapi%2Flaml HTTP/1.1" 204\n',
        why: 'percent-encoded in a query string: the escape before the host is not part of its name',
        line: 1,
        column: 87,
        secret: 'orchid-credit.signalwire.com',
      },
      {
        path: 'app/src/main/res/values/strings.xml',
        text: '<resources>\n  <string name="signalwire_space">fieldcrew-ops.signalwire.com</string>\n</resources>\n',
        why: "an element's text",
        line: 2,
        column: 35,
        secret: 'fieldcrew-ops.signalwire.com',
      },
      {
        path: '.env.production',
        text: 'SIGNALWIRE_SPACE_URL=ops-83017462.signalwire.com',
        why: 'a number in a real name is not typed in sequence',
        line: 1,
        column: 22,
        secret: 'ops-83017462.signalwire.com',
      },
      {
        path: 'docs/setup.md',
        text: '1. Copy `.env.example` to `.env`.\n2. Our Space: https://meadowbank-care.signalwire.com\n',
        why: 'a file named for its examples on the line above is no annotation of the value',
        line: 2,
        column: 23,
        secret: 'meadowbank-care.signalwire.com',
      },
      {
        path: 'config/voice.yml',
        text: 'space: slugworth-candy.signalwire.com',
        why: 'a real name that begins with the word',
        line: 1,
        column: 8,
        secret: 'slugworth-candy.signalwire.com',
      },
      {
        path: 'lib/notify/signalwire.rb',
        text: 'setting :space_url, "harbortest.signalwire.com"\n',
        why: "a real name with a test suffix: a company's staging Space",
        line: 1,
        column: 22,
        secret: 'harbortest.signalwire.com',
      },
      {
        path: 'src/client/locales/es.json',
        text: '{ "soporte": "Escribanos desde ejemplar-dental.signalwire.com" }\n',
        why: "a real name that only begins like the translated word ('ejemplar' is not 'ejemplo')",
        line: 1,
        column: 32,
        secret: 'ejemplar-dental.signalwire.com',
      },
      {
        path: 'deploy/retell.env',
        text: 'SIGNALWIRE_SIP_TERMINATION_URI=harborline-ivr.pstn.signalwire.com',
        why: "a SIP trunk's termination domain names its Space",
        line: 1,
        column: 32,
        secret: 'harborline-ivr.pstn.signalwire.com',
      },
    ],
    negative: [
      { path: 'README.md', text: 'Find them at `https://{space}.signalwire.com/credentials` or `YOUR_SPACE.signalwire.com`.' },
      {
        path: 'examples/quickstart.py',
        text: 'client = signalwire_client("<project-id>", "<api-token>", signalwire_space_url="contoso.signalwire.com")\nBASE = "https://northwind-traders.signalwire.com"\nSIP = "fabrikam.sip.signalwire.com"\nALT = "https://Acme-Corp.signalwire.com"\n',
        why: 'the fictional companies samples are written for, with or without a company suffix',
      },
      { path: '.env.example', text: 'SIGNALWIRE_SPACE_URL=companyname.signalwire.com', why: 'placeholder words written together' },
      { path: 'config/signalwire.yml.erb', text: 'host: <%= ENV["SPACE"] %>-relay.signalwire.com', why: 'glued to a template' },
      { path: 'values.yaml', text: 'spaceUrl: "example.signalwire.com"\nrelayHost: "relay.signalwire.com"' },
      { path: 'embed.html', text: '<script src="https://cdn.signalwire.com/@signalwire/js@3"></script>' },
      {
        path: 'vendor/signalwire-dotnet/Relay/Client.cs',
        text: 'private const string EventBridge = "https://event-bridge.signalwire.com/v1/wschannels";',
        why: "the .NET SDK's own WebSocket service",
      },
      {
        path: 'public/js/app.js',
        text: "class CantinaAuth {\n  constructor() { this.baseUrl = 'https://cantina-backend.signalwire.com'; }\n}\nconst host = 'cantina.signalwire.com/wss2';\n",
        why: "the browser SDK's own service hosts, in a committed bundle",
      },
      {
        path: 'tests/rest/helpers.test.ts',
        text: "process.env.SIGNALWIRE_SPACE_URL = 'url.signalwire.com'\nexpect(res).toEqual('host.signalwire.com')\n",
        why: 'the words a test puts where a Space goes',
      },
      {
        path: 'SWML1.json',
        text: '{"confirm": "https://replace-this-url-with-your-bin-url.signalwire.com/relay-bins/abc", "next": "https://insert-your-space.signalwire.com"}',
        why: 'an instruction where the Space goes',
      },
      { path: 'readme.MD', text: 'See the [reference](https://developer-docs.signalwire.com/js/latest/) for details.', why: "SignalWire's documentation host" },
      {
        path: 'frontend/index.html',
        text: '<meta property="og:url" content="https://agents.signalwire.com/" />\n<script>const handler = "https://swaig.signalwire.com/universal"; const filter = "documentation.signalwire.com";</script>\n',
        why: "SignalWire's own sites and services",
      },
      {
        path: 'tests/test_routes.py',
        text: 'ENV = {"SIGNALWIRE_PROJECT_ID": "RIGHT", "SIGNALWIRE_TOKEN": "RT", "SIGNALWIRE_SPACE": "bogus.signalwire.com", "OTHER": "fake.signalwire.com"}\n',
        why: 'words a test puts where a Space goes',
      },
      {
        path: 'tests/test_client.py',
        text: 'client = Client("proj", "tok", "testspace.signalwire.com")\nos.environ["SIGNALWIRE_SPACE"] = "env-space.signalwire.com"\nto = "sip:alice@myco.sip.signalwire.com"\n',
        why: "a test's made-up Spaces",
      },
      { path: 'README.md', text: 'See https://developer.signalwire.com/rest/overview and https://status.signalwire.com/api/v2/status.json' },
      { path: 'collection.json', text: '"url": "https://{{space}}.signalwire.com/api/laml/2010-04-01/Accounts/{{project_id}}/Messages.json"' },
      { path: 'send.ps1', text: '$uri = "https://$space.signalwire.com/api"' },
      { path: '.env.example', text: 'VITE_SIGNALWIRE_SPACE=<your-space>.signalwire.com\nSIGNALWIRE_SPACE_URL=your-space.signalwire.com' },
      { path: 'auth.conf', text: 'machine freeswitch.signalwire.com login signalwire password ${TOKEN}' },
      { path: 'mail.txt', text: 'write to support@signalwire.com or visit signalwire.com' },
      { path: 'app.js', text: 'const host = `${space}.signalwire.com`; const idp = "id.fabric.signalwire.com";' },
      {
        path: 'README.md',
        text: 'Read the [Privacy Policy](https://m.signalwire.com/policies?doc=privacy) and [sign up](https://m.signalwire.com/signups/new?s=1).',
        why: 'marketing site',
      },
      {
        path: 'firewall.mdx',
        text: '`dig firewall.signalwire.com | egrep ^firewall`\nexternalDocs:\n  url: https://developers.signalwire.com',
        why: 'service hosts the docs list',
      },
      { path: 'relay.yaml', text: 'urls:\n  - turn:turn1.signalwire.com:443\n  - turn:turn2.signalwire.com:443', why: 'numbered TURN nodes' },
      {
        path: 'payload.mdx',
        text: '"caller_id_number": "sip:guest-246dd851@46e10b6d-e5d6-421f-b6b3-e2e22b8934ed.call.signalwire.com;context=guest"',
        why: 'SIP call domain keyed by a UUID',
      },
      {
        path: 'widget.tsx',
        text: 'export const CDN_BASE = "https://devexcdn.signalwire.com/audio"; const media = "https://storage.signalwire.com/messages/1.jpg";',
        why: 'CDN and media storage',
      },
      {
        path: 'verto.mdx',
        text: 'the client address is `<resource>@<space_sip_domain>.verto.signalwire.com`: <Verto>Test@mySip-domain.verto.signalwire.com</Verto>',
      },
      {
        path: 'transfer.mdx',
        text: 'curl https://SPACE-DOMAIN.signalwire.com/api/laml/2010-04-01/Accounts/PARENT_PROJECT_ID/IncomingPhoneNumbers.json',
        why: 'upper case: a placeholder',
      },
      {
        path: 'overview.mdx',
        text: 'B["https://your-space\\n.signalwire.com"] --> C["SignalWire API"]',
        why: 'a literal \\n splits the placeholder in a diagram label',
      },
      { path: 'rest-client.md', text: "const client = restClient([], { project: 'p', token: 't', host: 'h.signalwire.com' });", why: 'one-letter example' },
      { path: 'outbound.mdx', text: 'note down your unique SIP domain: `test-space-vapi.dapp.signalwire.com`', why: 'test host' },
      {
        path: '3cx.mdx',
        text: '- **Outbound Proxy**: name-0545bce90b65.sip.signalwire.com and sip:linphone@user-0545bce90b65.sip.signalwire.com',
        why: 'placeholder name with a SIP-domain suffix',
      },
      { path: 'client.test.ts', text: "const host = 'env.signalwire.com'; const proxy = 'proxy.signalwire.com'; const mySpace = 'mySpace.signalwire.com';" },
      {
        path: 'shell/dial.json',
        text: '{\n  "command": "dial",\n  "params": {\n    "to": "sip:frontdesk@unique-domain-23456789012.sip.signalwire.com",\n    "caller_id": "+12223334444"\n  }\n}\n',
        why: 'a SIP domain whose number is typed in sequence',
      },
      {
        path: 'tests/relay/DevicesTest.php',
        text: '<?php\n$device = ["type" => "webrtc", "to" => "4100@2b3c4d5e.conference.signalwire.com"];\n',
        why: 'a label typed in sequence makes the host up, whichever label it is',
      },
      {
        path: '.drone.yml',
        text: '      - ssh-keyscan -p 22 -H artifacts.signalwire.com >> ~/.ssh/known_hosts\n      - scp -r build/report/* root@artifacts.signalwire.com:/var/www/html/drone/${DRONE_REPO}/\n',
        why: "SignalWire's own build artifacts server",
      },
      {
        path: 'src/mod/mod_connector.c',
        text: 'switch_set_string(globals.adoption_url, "https://adopt.signalwire.com/adoption");\n',
        why: "the FreeSWITCH connector's adoption service",
      },
      {
        path: 'examples/cert_request.c',
        text: '#define CA_URL "https://ca.shaken.signalwire.com/sti-ca/acme/cert"\n#define PA_CERT "https://pa.shaken.signalwire.com/pa.pem"\nconst char *x5u = "https://shaken.signalwire.com/sp.pem";\n',
        why: "SignalWire's STIR/SHAKEN certificate authority and policy administrator",
      },
      {
        path: 'reports/fraud_report.py',
        text: 'for space, total in totals.items():\n    rows.append(("https://internal.signalwire.com/spaces/" + space, total))\n',
        why: "SignalWire's internal console, which lists Spaces under its own path",
      },
      {
        path: 'conf/dialplan/default.xml',
        text: '<action application="bridge" data="sofia/gateway/out/$1@myapp.signalwire.com:5060"/>',
        why: "'myapp', the placeholder for an application's name",
      },
      {
        path: 'app/actions/calls/startCall.ts',
        text: "// SIGNALWIRE_SPACE may be 'myslug', 'https://myslug' or 'myslug.signalwire.com'\nconst space = String(env.SIGNALWIRE_SPACE || '').replace(/\\.signalwire\\.com$/i, '')\n",
        why: 'the word for a URL label, as a placeholder',
      },
      {
        path: 'src/client/locales/es.json',
        text: '{\n  "settings": {\n    "signalwireSpaceHelp": "El nombre de su espacio SignalWire (ej. ejemplo.signalwire.com)"\n  }\n}\n',
        why: "'example' translated, in a locale file",
      },
      {
        path: 'lib/notify/signalwire.rb',
        text: 'setting :space_url, "lumenfaketest.signalwire.com"\nSTUB = "https://apptestfake.signalwire.com/api/laml/2010-04-01/Accounts/proj/Messages.json"\nDEV = "dummy-space.signalwire.com"\n',
        why: 'a label that says it is made up',
      },
      {
        path: '.env.example',
        text: '# SIP trunk for the voice agent\nSIGNALWIRE_SIP_TERMINATION_URI="your-space.pstn.signalwire.com"\nSIGNALWIRE_SIP_USERNAME="sip_username"\n',
        why: "a placeholder Space in a SIP trunk's termination domain",
      },
      {
        path: 'src/lib/provisioning.ts',
        text: 'await importNumber({\n  termination_uri: env.SIGNALWIRE_SIP_TERMINATION_URI ?? "mock.pstn.signalwire.com",\n});\n',
        why: "a mock Space as the termination domain's fallback",
      },
      {
        path: 'scripts/setup-signalwire.js',
        text: "console.log('1. Go to https://console.signalwire.com');\nconsole.log('2. Copy your Space URL, Project ID and API token');\n",
        why: "the provider's console, as a setup step names it",
      },
      {
        path: '.env-sample',
        text: "SIGNALWIRE_PROJECT= project id\nSIGNALWIRE_SPACE= space (it's usually something.signalwire.com)\n",
        why: 'a word prose puts where any name goes',
      },
    ],
  },
};

export default rule;
