import type { ContentRule, DetectInput, RuleMatch } from '../src/types.js';
import { ptTokens } from '../src/detect/candidates.js';
import { isSignalWireName, keyWords, lineEnd, lineStart, linesBack } from '../src/detect/context.js';
import { isDocumentationPath } from '../src/detect/documentation.js';
import { lowerBound } from '../src/engine/locate.js';
import { swMeansShopware } from '../src/detect/other-service.js';
import { isPlaceholderSecret } from '../src/detect/placeholders.js';
import { ROTATE_TOKEN, PURGE_IF_SHARED } from '../src/detect/language.js';

// prefixes that bundlers inline into client code (Next.js, Vite, CRA, Expo, Nuxt, Gatsby, SvelteKit/Astro, Vue CLI …)
const PUBLIC_VAR =
  /(?<![A-Za-z0-9_])(NEXT_PUBLIC_|VITE_|REACT_APP_|EXPO_PUBLIC_|NUXT_PUBLIC_|NUXT_ENV_|VUE_APP_|GATSBY_|PUBLIC_|STORYBOOK_|SNOWPACK_PUBLIC_|PLASMO_PUBLIC_|WXT_)([A-Za-z0-9_]+)/g;
const SECRET_WORDS = /^(token|apitoken|authtoken|secret|password|passwd|pass|pwd|pat|apikey|key|auth|credential|credentials|signing)$/;
const BUNDLER_CONFIG = /(^|\/)(vite|vitest|next|nuxt|astro|svelte|webpack|rollup|rsbuild|quasar)\.config\.[cm]?[jt]s$|(^|\/)webpack\.[\w.]+\.[cm]?js$/;
const SERVER_SECRET_REF =
  /\b(?:process\.env|import\.meta\.env|env)\.((?:SIGNALWIRE|SW)_[A-Z0-9_]*(?:TOKEN|SECRET|KEY|PASSWORD))\b|\b(?:process\.env|env)\[["']((?:SIGNALWIRE|SW)_[A-Z0-9_]*(?:TOKEN|SECRET|KEY|PASSWORD))["']\]/g;

// tokens made for the browser: click-to-call embed tokens (public by design) and the short-lived
// client tokens a server mints (video room, chat, subscriber access tokens)
const BROWSER_TOKEN_WORDS = /^(embed|embeds|embeddable|guest|c2c|widget|click2call|clicktocall|invite|client|room|video|chat|subscriber|sat|jwt)$/;
/** A value that is a browser token itself: an embed token, or a JWT/JWE (the client-token rule's). */
const BROWSER_TOKEN_VALUE = /^(?:c2c_[0-9a-f]{16,}|eyJ[\w-]*\.)/;

// words after the secret's that make the name one of the secret's settings, not the secret:
// where to fetch a client token (`EXPO_PUBLIC_SW_TOKEN_URL`, `…_TOKEN_ENDPOINT`), how long it
// lives (`…_TOKEN_TTL`), whether one is configured (`…_TOKEN_SET`)
const ABOUT_THE_SECRET =
  /^(url|uri|urls|endpoint|endpoints|path|route|server|service|host|origin|expiry|expires|expiration|ttl|lifetime|duration|timeout|length|type|set|present|configured|enabled|required|missing)$/;

function isSecretName(rest: string): boolean {
  const words = keyWords(rest);
  let last = words.length - 1;
  while (last >= 0 && !SECRET_WORDS.test(words[last] ?? '')) last--;
  // (`_ANDROID`, `_DEV` after the setting qualify the setting: `EXPO_PUBLIC_SW_TOKEN_URL_ANDROID`)
  if (last >= 0 && ABOUT_THE_SECRET.test(words[last + 1] ?? '')) return false;
  // (C2C read as words is `c2`, `c`: the camel-case split)
  const browserToken = words.some((w) => BROWSER_TOKEN_WORDS.test(w)) || /(?:^|[_.-])(?:c2c|click2call)(?:$|[_.-])/i.test(rest);
  if (browserToken && !words.some((w) => /^(secret|password|passwd|signing|pat|apitoken|api)$/.test(w))) return false;
  if (
    words.some((w) => /^(project|space|host|url|number|phone|from|region|room|name)$/.test(w)) &&
    !words.some((w) => /^(token|secret|password|pat|key)$/.test(w))
  )
    return false;
  return words.some((w) => SECRET_WORDS.test(w));
}

/** The value assigned right after the variable name, if this occurrence is an assignment. */
function assignedValue(input: DetectInput, nameEnd: number): { start: number; value: string } | null {
  const { text } = input;
  // a value is at most a few hundred characters: never the rest of a 10 MB line
  const rest = text.slice(nameEnd, Math.min(lineEnd(input, nameEnd), nameEnd + 4096));
  const m = /^["']?\s*(?:=|:)\s*["']?/.exec(rest);
  if (!m) return null;
  const value = rest
    .slice(m[0].length)
    .replace(/\s+#.*$/, '')
    .replace(/["',;}\s]+$/, '');
  return { start: nameEnd + m[0].length, value };
}

// a line that is a comment: `// …`, `# …`, ` * …`, `/* …`, `<!-- …`, `-- …`, `; …` (`-- ` with its
// space: `--build-arg NEXT_PUBLIC_…` continues a command); a comment after code on its line
const COMMENT_LINE = /^\s*(?:\/\/|#|\*|\/\*|<!--|--\s|;)/;
const TRAILING_COMMENT = /\s(?:\/\/|#)\s[^\n]*/;
const FENCE = /^[ \t]*(?:```|~~~)/gm;
const FENCES = {};

/** Offsets of a page's code fences, ascending: found once per page, not once per name on it. */
function fences(input: DetectInput): number[] {
  return input.memo(FENCES, () => [...input.text.matchAll(FENCE)].map((f) => f.index));
}

/**
 * Is the variable at `start` named, not read: a bare word (no `process.env.`, `env[`, `getenv(`,
 * `$`, `${`, `%` or quote before it) in a code comment, in inline code (`` `VITE_SW_TOKEN` ``), or
 * in a documentation page's prose outside its code blocks? A comment that says the dialer used to
 * read `NEXT_PUBLIC_SIGNALWIRE_SIP_PASSWORD`, a README that warns against `VITE_SIGNALWIRE_TOKEN`,
 * a changelog line that removed one: none puts a token in the bundle. A bare word in code (a
 * Dockerfile's `ARG`, `vercel env add …`) is still a use.
 */
function namedNotRead(input: DetectInput, start: number): boolean {
  const { text } = input;
  const before = text[start - 1] ?? '';
  if (before === '`') return !/[[(]/.test(text[start - 2] ?? '');
  if (before !== '' && !/\s/.test(before)) return false;
  const ls = lineStart(input, start);
  const head = text.slice(ls, start);
  if (COMMENT_LINE.test(head) || TRAILING_COMMENT.test(head)) return true;
  if (!isDocumentationPath(input.path)) return false;
  // outside a fenced code block: an even number of fences before the line
  return lowerBound(fences(input), ls) % 2 === 0;
}

// the words a comment gives a browser token (the name's words, BROWSER_TOKEN_WORDS, less those prose uses for anything: client, room, video)
const BROWSER_TOKEN_NOTE = /\b(?:guest|embed(?:ded|dable)?|c2c|click[- ]?to[- ]?call|widget|subscriber|sat)\b/i;
const SERVER_SECRET_NOTE = /\b(?:api|secret|password|project|rest|server|signing)\b/i;

/**
 * Does the comment on the line above the variable, or after it on its line, say it holds a
 * browser token (`// Guest restricted token` above `TOKEN: process.env.PUBLIC_SW_TOKEN`)? The
 * same word in the name (`PUBLIC_SW_GUEST_TOKEN`) is not reported; a comment that also speaks
 * of an API token or a secret is no such note.
 */
function notedAsBrowserToken(input: DetectInput, start: number): boolean {
  const { text } = input;
  const ls = lineStart(input, start);
  const notes: string[] = [];
  const above = text.slice(linesBack(input, start, 1), ls);
  if (ls > 0 && COMMENT_LINE.test(above)) notes.push(above);
  const trailing = TRAILING_COMMENT.exec(text.slice(start, Math.min(lineEnd(input, start), start + 300)));
  if (trailing) notes.push(trailing[0]);
  return notes.some((n) => BROWSER_TOKEN_NOTE.test(n) && !SERVER_SECRET_NOTE.test(n));
}

function detect(input: DetectInput): RuleMatch[] {
  const out: RuleMatch[] = [];
  const { text } = input;
  const tokens = ptTokens(input);
  PUBLIC_VAR.lastIndex = 0;
  for (let m = PUBLIC_VAR.exec(text); m; m = PUBLIC_VAR.exec(text)) {
    const name = m[0];
    const rest = m[2] ?? '';
    const nameEnd = m.index + name.length;
    const assigned = assignedValue(input, nameEnd);
    const tokenValue = assigned && tokens.find((t) => t.start === assigned.start);
    if (tokenValue) {
      out.push({
        start: tokenValue.start,
        end: tokenValue.end,
        secret: tokenValue.value,
        envVar: name,
        message: `SignalWire API token in browser-exposed variable ${name}`,
      });
      continue;
    }
    if (!isSignalWireName(rest) || !isSecretName(rest)) continue;
    // Shopware's Store API keys are public by design, and its `SW_` is not SignalWire's
    if (swMeansShopware(input, m.index, rest)) continue;
    if (assigned) {
      // an empty or placeholder value in a template declares the variable but leaks nothing yet
      const reference = /^\$\{?\{?\s*(?:secrets|env|vars)\.|^\$\{?[A-Z_]+/.test(assigned.value);
      if (assigned.value === '' || (!reference && (isPlaceholderSecret(assigned.value) || BROWSER_TOKEN_VALUE.test(assigned.value)))) continue;
      if (!reference && /^[A-Za-z0-9_\-.:/+=]{8,}$/.test(assigned.value)) {
        out.push({
          start: assigned.start,
          end: assigned.start + assigned.value.length,
          secret: assigned.value,
          envVar: name,
          message: `SignalWire credential in browser-exposed variable ${name}`,
        });
        continue;
      }
    }
    if (namedNotRead(input, m.index) || notedAsBrowserToken(input, m.index)) continue;
    out.push({ start: m.index, end: nameEnd, secret: name, envVar: name, message: `SignalWire credential read through browser-exposed variable ${name}` });
  }
  if (BUNDLER_CONFIG.test(input.path)) {
    SERVER_SECRET_REF.lastIndex = 0;
    for (let m = SERVER_SECRET_REF.exec(text); m; m = SERVER_SECRET_REF.exec(text)) {
      // only where the config copies values into the bundle: Vite `define`, Next.js `env`,
      // webpack's `new DefinePlugin({`, Nuxt's `runtimeConfig: { public: {`
      const before = text.slice(Math.max(0, m.index - 600), m.index);
      const opened = /(?:\b(define|env|public)\s*:\s*\{|\bnew\s+(?:webpack\.)?(DefinePlugin)\s*\(\s*\{)[^}]*$/.exec(before);
      if (!opened || (opened[1] === 'public' && !/\bruntimeConfig\s*:\s*\{/.test(before))) continue;
      const opener = [opened[0], opened[1] === 'public' ? 'runtimeConfig.public' : (opened[1] ?? opened[2])];
      // `'import.meta.env.SW_TOKEN': …` is the name the bundle reads, not a server secret being copied
      if (/^["'`]?\s*:/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 8))) continue;
      const name = m[1] ?? m[2] ?? '';
      out.push({
        start: m.index,
        end: m.index + m[0].length,
        secret: name,
        envVar: name,
        message: `Bundler config copies server secret ${name} into the browser bundle (${opener[1]})`,
      });
    }
    const prefix = /\benvPrefix\s*:\s*(\[[^\]]*\]|["'][^"']*["'])/.exec(text);
    if (prefix?.[1] && /["'](?:SIGNALWIRE_?|SW_|)["']/.test(prefix[1]))
      out.push({
        start: prefix.index,
        end: prefix.index + prefix[0].length,
        secret: prefix[1],
        message: 'envPrefix exposes SignalWire server variables to the browser bundle',
      });
  }
  return out;
}

const rule: ContentRule = {
  kind: 'content',
  id: 'signalwire-public-env-exposure',
  severity: 'error',
  precision: 'high',
  message: 'SignalWire API token exposed to the browser bundle',
  description:
    'A SignalWire API token is put where the bundler inlines it into client code (NEXT_PUBLIC_, VITE_, REACT_APP_, EXPO_PUBLIC_, PUBLIC_ … variables, Vite define, Next.js env). Every visitor can read it from the JavaScript, whatever the repository settings.',
  keywords: ['public_', 'vite_', 'react_app_', 'vue_app_', 'gatsby_', 'nuxt_', 'storybook_', 'wxt_'],
  paths: BUNDLER_CONFIG,
  supersedes: ['signalwire-api-token'],
  envVar: 'SIGNALWIRE_API_TOKEN',
  fix: ({ envVar }) =>
    `Never give the browser an API token: keep SIGNALWIRE_API_TOKEN server-side (without the public prefix${envVar.startsWith('SIGNALWIRE') ? '' : `; rename ${envVar}`}), and have your server mint a short-lived client token (video room, chat or subscriber access token) for each browser session. ${ROTATE_TOKEN}: it has shipped in every bundle built with it.`,
  historyOnlyFix: `${ROTATE_TOKEN}: it has shipped in every bundle built with it. ${PURGE_IF_SHARED}.`,
  detect,
  examples: {
    positive: [
      {
        path: '.env.production',
        text: 'VITE_SIGNALWIRE_API_TOKEN=PTf37405b43e131d1af24108e88f27ce60f28e9d0d479243ed',
        line: 1,
        column: 27,
        secret: 'PTf37405b43e131d1af24108e88f27ce60f28e9d0d479243ed',
      },
      {
        path: 'src/lib/signalwire.ts',
        text: 'const token = import.meta.env.VITE_SIGNALWIRE_TOKEN;',
        why: 'reading a token through a public variable means it is in the bundle',
        line: 1,
        column: 31,
        secret: 'VITE_SIGNALWIRE_TOKEN',
      },
      {
        path: 'pages/api.js',
        text: 'const auth = btoa(`${process.env.NEXT_PUBLIC_SIGNALWIRE_PROJECT_KEY}:${process.env.NEXT_PUBLIC_SIGNALWIRE_TOKEN}`);',
        count: 2,
      },
      {
        path: '.env.local',
        text: 'NEXT_PUBLIC_API_KEY=PTe1085a9aca92a16e53c8094b04a557f1f5f79ad5d314e2b4',
        why: 'a PT token under any public name',
        line: 1,
        column: 21,
        secret: 'PTe1085a9aca92a16e53c8094b04a557f1f5f79ad5d314e2b4',
      },
      {
        path: 'vite.config.ts',
        text: "export default defineConfig({\n  define: {\n    'import.meta.env.SW_TOKEN': JSON.stringify(process.env.SIGNALWIRE_API_TOKEN),\n  },\n});",
        line: 3,
        column: 48,
        secret: 'SIGNALWIRE_API_TOKEN',
      },
      {
        path: 'webpack.config.js',
        text: "plugins: [\n  new webpack.DefinePlugin({\n    'process.env.SW': JSON.stringify(process.env.SIGNALWIRE_API_TOKEN),\n  }),\n],",
        why: "webpack's DefinePlugin inlines like Vite's define",
        line: 3,
        column: 38,
        secret: 'SIGNALWIRE_API_TOKEN',
      },
      {
        path: 'nuxt.config.ts',
        text: 'export default defineNuxtConfig({\n  runtimeConfig: {\n    signalwireProject: process.env.SIGNALWIRE_PROJECT_ID,\n    public: {\n      signalwireToken: process.env.SIGNALWIRE_API_TOKEN,\n    },\n  },\n});',
        why: "Nuxt's runtimeConfig.public is sent to the browser",
        line: 5,
        column: 24,
        secret: 'SIGNALWIRE_API_TOKEN',
      },
      {
        path: '.github/workflows/deploy.yml',
        text: '      REACT_APP_SIGNALWIRE_TOKEN: ${{ secrets.SIGNALWIRE_API_TOKEN }}',
        why: 'CI bakes the secret into the build',
        line: 1,
        column: 7,
        secret: 'REACT_APP_SIGNALWIRE_TOKEN',
      },
      {
        path: '.env.production',
        text: 'VITE_SIGNALWIRE_WIDGET_TOKEN=PT4f2a9c8e1b7d3f6a0c5e9b2d8f1a4c7e3b6d0f9a2c5e8b1d',
        why: 'a browser-token name does not make an API token public',
        line: 1,
        column: 30,
        secret: 'PT4f2a9c8e1b7d3f6a0c5e9b2d8f1a4c7e3b6d0f9a2c5e8b1d',
      },
      {
        path: 'src/call.ts',
        text: 'const client = await SignalWire({ token: import.meta.env.VITE_SIGNALWIRE_CLIENT_SECRET });',
        why: 'a secret is a secret, whoever it is for',
        line: 1,
        column: 58,
        secret: 'VITE_SIGNALWIRE_CLIENT_SECRET',
      },
      {
        path: 'Dockerfile',
        text: 'FROM node:20 AS build\nARG NEXT_PUBLIC_SIGNALWIRE_TOKEN\nRUN npm run build\n',
        why: 'a build argument of that name is baked into the bundle: a bare word in code is a use',
        line: 2,
        column: 5,
        secret: 'NEXT_PUBLIC_SIGNALWIRE_TOKEN',
      },
      {
        path: 'scripts/build-web.sh',
        text: 'docker build \\\n  --build-arg VITE_SIGNALWIRE_TOKEN \\\n  -t web .\n',
        why: "a command's continued option line is no comment",
        line: 2,
        column: 15,
        secret: 'VITE_SIGNALWIRE_TOKEN',
      },
      {
        path: 'docs/setup.md',
        text: 'Deploy it:\n\n```sh\nvercel env add NEXT_PUBLIC_SIGNALWIRE_TOKEN production\n```\n',
        why: "a command in a page's code block puts the token in the bundle",
        line: 4,
        column: 16,
        secret: 'NEXT_PUBLIC_SIGNALWIRE_TOKEN',
      },
      {
        path: 'src/config.ts',
        text: 'export const CONFIG = {\n  // API token: the widget mints guest tokens with it\n  TOKEN: process.env.PUBLIC_SW_TOKEN,\n};\n',
        why: 'a note that names an API token beside the guest tokens is about the API token',
        line: 3,
        column: 22,
        secret: 'PUBLIC_SW_TOKEN',
      },
      {
        path: 'src/shop/checkout-call.ts',
        text: "// Shopware storefront with a SignalWire call button\nconst shop = { headers: { 'sw-access-key': import.meta.env.VITE_SHOP_ACCESS_KEY } };\nconst token = import.meta.env.VITE_SW_TOKEN;\n",
        why: 'a file that names SignalWire beside Shopware: `SW` on a line of its own is SignalWire',
        line: 3,
        column: 31,
        secret: 'VITE_SW_TOKEN',
      },
      {
        path: 'src/services/shopware.ts',
        text: 'export const headers = { token: import.meta.env.VITE_SIGNALWIRE_TOKEN };\n',
        why: 'a name that spells SignalWire out is SignalWire, in any file',
        line: 1,
        column: 49,
        secret: 'VITE_SIGNALWIRE_TOKEN',
      },
      {
        path: '.env.production',
        text: 'SHOPWARE_ENDPOINT=https://shop.harborline.example\nVITE_SW_ACCESS_KEY=PT30890645e84a030498516c055a962446be0b05fed817718a\n',
        why: "an API token is one under Shopware's name too",
        line: 2,
        column: 20,
        secret: 'PT30890645e84a030498516c055a962446be0b05fed817718a',
      },
      {
        path: 'src/lib/rest.ts',
        text: 'const res = await fetch(url, { headers: { Authorization: import.meta.env.VITE_SIGNALWIRE_AUTH_HEADER } });\n',
        why: "an auth header holds the pair: `header` is no mere setting of the token's",
        line: 1,
        column: 74,
        secret: 'VITE_SIGNALWIRE_AUTH_HEADER',
      },
      {
        path: 'app/lib/voice.ts',
        text: 'export const token = process.env.EXPO_PUBLIC_SW_TOKEN_PROD;',
        why: "an environment's word after the secret's is still the secret",
        line: 1,
        column: 34,
        secret: 'EXPO_PUBLIC_SW_TOKEN_PROD',
      },
      {
        path: 'app/.env',
        text: 'EXPO_PUBLIC_SW_TOKEN_URL=PT355fc9f68d50a7b5dd738b40df7d4f830649fed13fa0841c',
        why: "an API token under a setting's name is still in the bundle",
        line: 1,
        column: 26,
        secret: 'PT355fc9f68d50a7b5dd738b40df7d4f830649fed13fa0841c',
      },
    ],
    negative: [
      {
        path: 'components/CallButton.tsx',
        text: 'const embedToken = process.env.NEXT_PUBLIC_SIGNALWIRE_EMBED_TOKEN;\nconst guest = import.meta.env.VITE_SW_GUEST_TOKEN;\nconst c2c = import.meta.env.VITE_SIGNALWIRE_C2C_TOKEN;\nconst room = process.env.NEXT_PUBLIC_SIGNALWIRE_ROOM_TOKEN;',
        why: 'click-to-call embed and guest tokens are public by design; a room token is a short-lived client token',
      },
      {
        path: '.env.production',
        text: '# SignalWire click-to-call\nVITE_SIGNALWIRE_C2C_TOKEN=c2c_1b9e4d7a0f3c6e2b8d5a9f1c4e7b0d3a\nPUBLIC_SIGNALWIRE_TOKEN=c2c_5e0a3d9c7b1f4e8a2d6c0b9f3e7a1d4c',
        why: 'an embed token is made to be served to every visitor',
      },
      { path: '.env.example', text: 'VITE_SIGNALWIRE_TOKEN=\nVITE_SIGNALWIRE_SPACE=<your-space>.signalwire.com' },
      { path: 'src/lib/signalwire.ts', text: 'const space = import.meta.env.VITE_SIGNALWIRE_SPACE;\nconst num = process.env.NEXT_PUBLIC_SIGNALWIRE_NUMBER;' },
      { path: 'vite.config.ts', text: "server: { proxy: { '/api': { target: env.TOKEN_SERVER ?? 'http://localhost:8787' } } }" },
      { path: '.env', text: 'VITE_SIGNALWIRE_TOKEN=your-token' },
      {
        path: 'app/config/support.ts',
        text: 'export const TOKEN_URL = pick(\n  process.env.EXPO_PUBLIC_SW_TOKEN_URL,\n  process.env.EXPO_PUBLIC_SW_TOKEN_URL_ANDROID\n);\nconst ttl = Number(import.meta.env.VITE_SIGNALWIRE_TOKEN_TTL ?? 3600);\nconst ready = process.env.NEXT_PUBLIC_SIGNALWIRE_TOKEN_SET === "true";\n',
        why: "where the app fetches its client token, how long one lives, whether one is set: the token's settings, not the token",
      },
      { path: '.env.development', text: 'VITE_SIGNALWIRE_TOKEN_ENDPOINT=https://voice.harborline.example/api/token' },
      {
        path: 'with_build_system/src/config.ts',
        text: 'export const CONFIG = {\n  // Guest restricted token\n  TOKEN: process.env.PUBLIC_SW_TOKEN,\n  DEBUG: { logWsTraffic: false },\n};\n',
        why: 'a comment that says the variable holds a guest (click-to-call) token, as its name could',
      },
      {
        path: 'src/widget.ts',
        text: 'const token = import.meta.env.VITE_SIGNALWIRE_TOKEN; // click-to-call embed token\n',
        why: 'the same note after the read',
      },
      {
        path: 'src/api/store.ts',
        text: "api.interceptors.request.use((config) => {\n  config.headers['sw-access-key'] = process.env.NEXT_PUBLIC_SW_ACCESS_KEY;\n  config.headers['sw-context-token'] = process.env.NEXT_PUBLIC_SW_CONTEXT_TOKEN;\n  return config;\n});\n",
        why: "Shopware's Store API headers: its sales-channel key is made for the storefront",
      },
      {
        path: '.env.production',
        text: 'VITE_SW_ACCESS_KEY=SWSCQ2FHBM9KDNTXRVW0ZLYJPE\nVITE_STORE_URL=https://shop.harborline.example\n',
        why: 'a Shopware sales-channel access key (SWSC…), public by design',
      },
      {
        path: 'src/services/shopwareService.ts',
        text: 'export default class ShopwareService {\n  constructor() {\n    this.token = import.meta.env.VITE_SW_TOKEN;\n    this.url = import.meta.env.VITE_ROOT_API;\n  }\n}\n',
        why: 'a file about Shopware that never names SignalWire: its `SW` is Shopware',
      },
      {
        path: 'app/api/dialer-token/route.ts',
        text: '// SECURITY: the dialer used to read NEXT_PUBLIC_SIGNALWIRE_SIP_PASSWORD from the client\n// bundle, so every visitor had it. It now reads SIGNALWIRE_SIP_PASSWORD on the server.\nexport async function GET() {\n  return Response.json(await mintToken(process.env.SIGNALWIRE_SIP_PASSWORD));\n}\n',
        why: 'a comment that names the variable reads nothing',
      },
      {
        path: 'README.md',
        text: '## Security\n\nNever put the API token in `VITE_SIGNALWIRE_TOKEN`: Vite inlines every VITE_ variable.\nREACT_APP_SIGNALWIRE_TOKEN was removed in 2.0 for the same reason.\n',
        why: "a page's prose and inline code name the variable",
      },
      { path: 'next.config.js', text: 'const token = process.env.SIGNALWIRE_API_TOKEN; // used by the API route only' },
    ],
  },
};

export default rule;
