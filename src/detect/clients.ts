// SignalWire SDK client constructors whose positional arguments are (project, token, …).
import type { DetectInput } from '../types.js';
import { signalWireNear } from './context.js';

export interface CallArgument {
  start: number;
  end: number;
  value: string;
  index: number;
}

const SIGNALWIRE_CLIENTS =
  /\b(?:RestClient|RelayClient|signalwire_client|SignalWireClient|Signalwire::REST::Client\.new|Signalwire::Relay::Client\.new|SignalWire\\Rest\\Client|NewRestClient|TwilioClient\.Init)\b\s*\(?/g;
// a bare `Client(` only counts near a SignalWire mention (`from signalwire.rest import Client`)
const GENERIC_CLIENT = /\bClient(?:\.new)?\s*\(/g;
const STRING_ARG = /\s*(?:&|@)?(["'`])([^"'`\r\n]{1,120})\1\s*(,)?/y;

const MEMO = {};

/** String-literal positional arguments of SignalWire client constructor calls. */
export function clientArguments(input: DetectInput): CallArgument[] {
  return input.memo(MEMO, () => compute(input));
}

function compute(input: DetectInput): CallArgument[] {
  const out: CallArgument[] = [];
  const starts: number[] = [];
  SIGNALWIRE_CLIENTS.lastIndex = 0;
  for (let m = SIGNALWIRE_CLIENTS.exec(input.text); m; m = SIGNALWIRE_CLIENTS.exec(input.text)) starts.push(m.index + m[0].length);
  if (input.has('signalwire')) {
    GENERIC_CLIENT.lastIndex = 0;
    for (let m = GENERIC_CLIENT.exec(input.text); m; m = GENERIC_CLIENT.exec(input.text))
      if (signalWireNear(input, m.index, 3000)) starts.push(m.index + m[0].length);
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
