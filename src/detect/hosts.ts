// SignalWire host names found in text, split into what a rule needs: the space label,
// whether it is a service host, a placeholder or a template.
import type { DetectInput } from '../types.js';
import { isPlaceholderSpace, isServiceHost } from './placeholders.js';

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

const HOST_CHAR = /[A-Za-z0-9-]/;
const SUFFIX = 'signalwire.com';
const SUFFIX_RE = /signalwire\.com/gi;

function escapeBefore(text: string, i: number): boolean {
  // %40 (@), %2F (/), %3A (:) before the host in a percent-encoded URL; \n, \t escapes in JSON
  return (i >= 3 && text[i - 3] === '%' && /^(40|2f|3a)$/i.test(text.slice(i - 2, i))) ||
    (i >= 2 && text[i - 2] === '\\' && /[nrt/]/.test(text[i - 1] ?? ''));
}

const MEMO = {};

/** Every `….signalwire.com` host in the chunk. */
export function signalWireHosts(input: DetectInput): SignalWireHost[] {
  return input.memo(MEMO, () => compute(input));
}

function compute(input: DetectInput): SignalWireHost[] {
  const out: SignalWireHost[] = [];
  const { text } = input;
  SUFFIX_RE.lastIndex = 0;
  for (let m = SUFFIX_RE.exec(text); m; m = SUFFIX_RE.exec(text)) {
    const i = m.index;
    const end = i + SUFFIX.length;
    if (end < text.length && HOST_CHAR.test(text[end] ?? '')) continue;
    if (i === 0 || text[i - 1] !== '.') continue;
    let s = i - 1;
    while (s > 0 && (HOST_CHAR.test(text[s - 1] ?? '') || text[s - 1] === '.')) s--;
    let host = text.slice(s, end);
    // a leading dot or hyphen is not part of the name
    while (host.startsWith('.') || host.startsWith('-')) {
      host = host.slice(1);
      s++;
    }
    const labels = host.slice(0, -SUFFIX.length - 1).split('.').filter(Boolean);
    const prev = s > 0 ? text[s - 1] ?? '' : '';
    const templated = labels.length === 0 || /[{}$<>%_\w]/.test(prev) && !escapeBefore(text, s) ||
      /[}>]/.test(text[i - 2] ?? '');
    let space: string | null = null;
    if (!templated && labels.length > 0) {
      const last = labels[labels.length - 1] ?? '';
      if ((last === 'sip' || last === 'dapp') && labels.length >= 2) space = labels[labels.length - 2] ?? null;
      else if (!isServiceHost(last)) space = last;
      if (space && (isPlaceholderSpace(space) || !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(space))) space = null;
    }
    out.push({ start: s, end, host, space, templated });
  }
  return out;
}
