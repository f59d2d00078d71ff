// SignalWire SDK client constructors whose positional arguments are (project, token, …).
import type { DetectInput } from '../types.js';
import { signalWireNear } from './context.js';
import { anchoredMatches } from './anchored.js';

export interface CallArgument {
  start: number;
  end: number;
  value: string;
  index: number;
}

const SIGNALWIRE_CLIENTS =
  /\b(?:RestClient|RelayClient|signalwire_client|SignalWireClient|Signalwire::REST::Client\.new|Signalwire::Relay::Client\.new|SignalWire\\Rest\\Client|NewRestClient|TwilioClient\.Init)\b\s*\(?/;
/**
 * Where `lient` is in each name of SIGNALWIRE_CLIENTS (after its C or c), and the name's first
 * letter: a match can start only that far before a `lient`, at that letter.
 */
const CLIENT_LEADS = [
  ['RestClient', 5],
  ['RelayClient', 6],
  ['TwilioClient', 7],
  ['NewRestClient', 8],
  ['SignalWireClient', 11],
  ['signalwire_client', 12],
  ['SignalWire\\Rest\\Client', 17],
  ['Signalwire::REST::Client', 19],
  ['Signalwire::Relay::Client', 20],
].map(([name, lead]) => ({ first: (name as string).charCodeAt(0), lead: lead as number }));
/** SIGNALWIRE_CLIENTS anchored: tried only at the few places a match can start */
const SIGNALWIRE_CLIENT_AT = new RegExp(SIGNALWIRE_CLIENTS.source, 'y');

/**
 * The matches of SIGNALWIRE_CLIENTS, in order (as its global search finds them). Every name
 * holds `lient` once, after a C or c, at its own distance from the match's start (CLIENT_LEADS):
 * only the starts where a name's first letter stands at that distance are tried. The global
 * regex, tried at every position of every keyword-bearing text, was 2.3 % of the CPU of `swlint
 * history` on signalwire/docs (bench/BENCHMARKS.head.md round 5).
 */
export function clientCalls(text: string): RegExpExecArray[] {
  return anchoredMatches(text, 'lient', SIGNALWIRE_CLIENT_AT, (at) => {
    const c = text.charCodeAt(at - 1);
    if (c !== 67 && c !== 99) return [];
    const starts: number[] = [];
    // leftmost first, as the global search would try them
    for (let k = CLIENT_LEADS.length - 1; k >= 0; k--) {
      const { first, lead } = CLIENT_LEADS[k]!;
      if (at - lead >= 0 && text.charCodeAt(at - lead) === first && starts[starts.length - 1] !== at - lead) starts.push(at - lead);
    }
    return starts;
  });
}

// a bare `Client(` only counts near a SignalWire mention (`from signalwire.rest import Client`);
// tried (sticky) where indexOf finds `Client`
const GENERIC_CLIENT = /\bClient(?:\.new)?\s*\(/y;
// (a string's prefix: C#'s verbatim `@"`, Python's raw or bytes `r"`, `b"`)
const STRING_ARG = /\s*(?:&|@|[rRbBuU](?=["']))?(["'`])([^"'`\r\n]{1,120})\1\s*(,)?/y;

const MEMO = {};

/** String-literal positional arguments of SignalWire client constructor calls. */
export function clientArguments(input: DetectInput): CallArgument[] {
  return input.memo(MEMO, () => compute(input));
}

function compute(input: DetectInput): CallArgument[] {
  const out: CallArgument[] = [];
  const starts: number[] = [];
  const { text } = input;
  for (const m of clientCalls(text)) starts.push(m.index + m[0].length);
  if (input.has('signalwire')) {
    for (const m of anchoredMatches(text, 'Client', GENERIC_CLIENT, (at) => [at])) if (signalWireNear(input, m.index, 3000)) starts.push(m.index + m[0].length);
  }
  for (const s of starts) {
    let pos = s;
    for (let index = 0; index < 3; index++) {
      STRING_ARG.lastIndex = pos;
      const a = STRING_ARG.exec(input.text);
      if (!a || a[2] === undefined) break;
      const valueStart = a.index + a[0].indexOf(a[1] ?? '') + 1;
      out.push({ start: valueStart, end: valueStart + a[2].length, value: a[2], index });
      pos = STRING_ARG.lastIndex;
      if (!a[3]) break;
    }
  }
  return out;
}

export function clientArgumentAt(input: DetectInput, start: number): CallArgument | undefined {
  return clientArguments(input).find((a) => a.start === start);
}
