// SignalWire host names found in text, split into what a rule needs: the space label,
// whether it is a service host, a placeholder or a template.
import type { DetectInput } from '../types.js';
import { isAlnum } from './candidates.js';
import { isPlaceholderSpace, isServiceHost, isTypedSequenceWord } from './placeholders.js';

export interface SignalWireHost {
  /** offset of the first character of the host */
  start: number;
  /** offset just past `signalwire.com` */
  end: number;
  host: string;
  /** the customer Space name, or null for service hosts, placeholders and templates */
  space: string | null;
  /** the label is a template (`{space}`, `${SPACE}`, `$SPACE`, `<space>`) */
  templated: boolean;
}

/** [A-Za-z0-9-], as a code test: hosts are walked character by character, once per `signalwire.com` */
const isHostChar = (c: number) => isAlnum(c) || c === 45;
const SUFFIX = 'signalwire.com';
const SUFFIX_RE = /signalwire\.com/gi;

function escapeBefore(text: string, i: number): boolean {
  // %40 (@), %2F (/), %3A (:) before the host in a percent-encoded URL; \n, \t escapes in JSON
  return (i >= 3 && text[i - 3] === '%' && /^(40|2f|3a)$/i.test(text.slice(i - 2, i))) || (i >= 2 && text[i - 2] === '\\' && /[nrt/]/.test(text[i - 1] ?? ''));
}

/**
 * Hosts that name a Space in the label before them: `<space>.sip.`, `<space>.dapp.`, `<space>.verto.`,
 * and the SIP trunk's termination domain `<space>.pstn.` (its name is the Space's, so a
 * placeholder there, `your-space.pstn.`, is one; `pstn` itself names no Space)
 */
const SPACE_SUBDOMAINS = new Set(['sip', 'dapp', 'verto', 'pstn']);
const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** The customer Space a host's labels name (left of `signalwire.com`), or null. */
function spaceOf(labels: string[]): string | null {
  const last = labels[labels.length - 1] ?? '';
  let space: string | null;
  if (SPACE_SUBDOMAINS.has(last.toLowerCase())) space = labels.length >= 2 ? (labels[labels.length - 2] ?? null) : null;
  else space = isServiceHost(last) ? null : last;
  if (!space || !HOST_LABEL.test(space)) return null;
  // SIP domains append 12 hex digits to a name (`office-0545bce90b65.sip.…`): the name is what may be a placeholder
  const name = space.replace(/-[0-9a-f]{12}$/i, '');
  if (isPlaceholderSpace(name) || isPlaceholderSpelling(name)) return null;
  // a word typed in sequence makes the whole host up, whichever label holds it (the SIP suffix left out: it is random)
  const words = [name, ...labels.filter((l) => l !== space)].flatMap((l) => l.split(/[-_]+/));
  return words.some(isTypedSequenceWord) ? null : space;
}

/**
 * Spellings only a placeholder has: upper case (`SPACE-DOMAIN`, `YOURSPACE`, as shell and
 * docs write variables; DNS names are written in lower case), camel case starting with a
 * possessive (`mySpace`), a single letter (`h.signalwire.com`).
 */
function isPlaceholderSpelling(label: string): boolean {
  if (label.length === 1) return true;
  if (/[A-Z]/.test(label) && !/[a-z]/.test(label)) return true;
  return /^(?:my|your|the|some)[A-Z]/.test(label);
}

const MEMO = {};

/** Every `….signalwire.com` host in the chunk. */
export function signalWireHosts(input: DetectInput): SignalWireHost[] {
  return input.memo(MEMO, () => compute(input));
}

/** Where `signalwire.com` starts in the text, any case: from the byte pass when it knows, else searched (0.35 s of each worker's 20 s on signalwire/docs' history). */
function* suffixStarts(input: DetectInput): Generator<number> {
  const known = input.keywordStarts?.(SUFFIX);
  if (known) {
    yield* known;
    return;
  }
  SUFFIX_RE.lastIndex = 0;
  for (let m = SUFFIX_RE.exec(input.text); m; m = SUFFIX_RE.exec(input.text)) yield m.index;
}

function compute(input: DetectInput): SignalWireHost[] {
  const out: SignalWireHost[] = [];
  const { text } = input;
  for (const i of suffixStarts(input)) {
    const end = i + SUFFIX.length;
    if (end < text.length && isHostChar(text.charCodeAt(end))) continue;
    if (i === 0 || text[i - 1] !== '.') continue;
    let s = i - 1;
    while (s > 0 && (isHostChar(text.charCodeAt(s - 1)) || text.charCodeAt(s - 1) === 46)) s--;
    let host = text.slice(s, end);
    // a literal `\n` (or `\t`, `\r`) before the host: its letter is the escape's, not the host's
    // (`"https://your-space\n.signalwire.com"`: the name is the word before the escape)
    let joined = '';
    if (s >= 1 && text[s - 1] === '\\' && /[nrt]/.test(host[0] ?? '')) {
      host = host.slice(1);
      s++;
      if (host.startsWith('.')) joined = /[A-Za-z0-9-]+$/.exec(text.slice(Math.max(0, s - 66), s - 2))?.[0] ?? '';
    }
    // the hex digits of a percent-escape before the host (`https%3A%2F%2Facme.`, `user%40acme.`) are the escape's, not the name's
    if (s >= 1 && text[s - 1] === '%' && /^(?:2f|40|3a)/i.test(host)) {
      host = host.slice(2);
      s += 2;
    }
    // a leading dot or hyphen is not part of the name
    while (host.startsWith('.') || host.startsWith('-')) {
      host = host.slice(1);
      s++;
    }
    const labels = host
      .slice(0, -SUFFIX.length - 1)
      .split('.')
      .filter(Boolean);
    if (joined) labels.unshift(joined);
    const prev = s > 0 ? (text[s - 1] ?? '') : '';
    // glued to a template's end (`${space}-x.`, `<%= space %>x.`, `<?= $s ?>x.`), not to an element's (`<string>x.`)
    const gluedToTemplate = prev === '>' ? /[%?]/.test(text[s - 2] ?? '') : /[{}$<%_\w]/.test(prev);
    const templated = labels.length === 0 || (gluedToTemplate && !escapeBefore(text, s) && !joined) || /[}>]/.test(text[i - 2] ?? '');
    const space = templated ? null : spaceOf(labels);
    out.push({ start: s, end, host, space, templated });
  }
  return out;
}
