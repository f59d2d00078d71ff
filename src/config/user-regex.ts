// Regular expressions from configuration (customRules, allowlist.values) run on re2js, a
// pure-JavaScript port of RE2: matching time is linear in the input whatever the pattern, so a
// config (or a pull request's, before it is merged into BASE) cannot make swlint hang with
// `(a|aa)+$` or `(a+){2,40}$`, shapes a static nested-quantifier check misses. Built-in rules
// stay on V8's engine (their patterns are ours and covered by `npm run bench:redos`).
// Why re2js over re2-wasm: both install without a native build; re2-wasm copies the whole
// subject into wasm memory on every exec, so a loop over the matches of a 2 MB file did not
// finish in 5 minutes, where re2js took 0.3 s (6x V8's 0.05 s; /tmp measurement in the commit).
import { createRequire } from 'node:module';
import type { RE2JS as RE2JSClass } from 're2js';

// loaded on first use, synchronously (its CommonJS build): most runs have no pattern from
// configuration, and a pre-commit hook should not pay for parsing the engine
let engine: typeof RE2JSClass | undefined;
function re2(): typeof RE2JSClass {
  engine ??= (createRequire(import.meta.url)('re2js') as { RE2JS: typeof RE2JSClass }).RE2JS;
  return engine;
}

export interface UserMatch {
  start: number;
  end: number;
  /** the first capture group's range, when the pattern has one and it took part */
  group?: { start: number; end: number };
}

export interface UserRegex {
  test(s: string): boolean;
  /** every non-empty, non-overlapping match, left to right */
  matches(text: string): Generator<UserMatch>;
}

/** Flags as written in config (i, m, s, u) → re2js flags. */
function re2Flags(flags: string): number {
  const RE2JS = re2();
  let out = 0;
  if (flags.includes('i')) out |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) out |= RE2JS.MULTILINE;
  if (flags.includes('s')) out |= RE2JS.DOTALL;
  return out; // u: re2js matches code points already
}

/** Why `source` cannot run on the linear-time engine (lookaround, backreferences, bad syntax), or null. */
export function userRegexProblem(source: string, flags = ''): string | null {
  try {
    re2().compile(source, re2Flags(flags));
    return null;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // re2js quotes the offending part of the pattern; a pattern may be a literal credential
    const reason = /^error parsing regexp: ([^:`]*)/.exec(message)?.[1]?.trim() ?? 'invalid regular expression';
    return `${reason} (patterns run on RE2, which has no lookaround or backreferences)`;
  }
}

export function compileUserRegex(source: string, flags = ''): UserRegex {
  const re = re2().compile(source, re2Flags(flags));
  const groups = re.groupCount();
  return {
    test: (s) => re.matcher(s).find(),
    *matches(text) {
      const m = re.matcher(text);
      while (m.find()) {
        const start = m.start();
        const end = m.end();
        if (end === start) continue; // the matcher itself steps past an empty match
        const g = groups > 0 && m.group(1) !== null ? { start: m.start(1), end: m.end(1) } : undefined;
        yield g ? { start, end, group: g } : { start, end };
      }
    },
  };
}
