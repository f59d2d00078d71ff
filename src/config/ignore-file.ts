// `.swlintignore` at the repository root (the scan root outside a repository), as people know
// it from .gitleaksignore / .secretlintignore: each line is a path glob in gitignore syntax
// (`!` negates, the last matching line wins, a trailing `/` means a directory, a `/` anywhere
// else anchors the pattern to the root) or a finding fingerprint (32 hex digits); `#` starts
// a comment line. It applies like allowlist.paths and allowlist.fingerprints, and is read
// through the same reader as the config (diff: BASE's tree; staged: HEAD's).
import type { FileReader } from './file-reader.js';
import { messageMatcher, namesMessages } from './message-paths.js';

export const IGNORE_FILE = '.swlintignore';

export interface IgnoreLine {
  kind: 'path' | 'fingerprint';
  /** the line as written (trimmed) */
  text: string;
}

export interface IgnoreRules {
  fingerprints: string[];
  /** true when the root-relative path is ignored */
  ignores(rel: string): boolean;
  /** true when a message's pseudo-path is ignored: only lines starting with `(` apply (src/config/message-paths.ts) */
  ignoresMessage(pseudoPath: string): boolean;
  /** how many path patterns there are (0: nothing to match) */
  patterns: number;
}

const FINGERPRINT = /^[0-9a-f]{32}$/i;

/** The meaningful lines of an ignore file. */
export function parseIgnoreLines(text: string): IgnoreLine[] {
  const out: IgnoreLine[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    // trailing spaces are dropped unless escaped with a backslash, as git does
    const line = raw.replace(/(?<!\\)\s+$/, '').replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    out.push({ kind: FINGERPRINT.test(line) ? 'fingerprint' : 'path', text: line.startsWith('\\#') ? line.slice(1) : line });
  }
  return out;
}

export async function loadIgnoreFile(abs: string, reader: FileReader): Promise<IgnoreRules> {
  const text = await reader.read(abs);
  const lines = text === null ? [] : parseIgnoreLines(text);
  const globs = lines.filter((l) => l.kind === 'path');
  if (globs.length === 0) return { fingerprints: lines.map((l) => l.text.toLowerCase()), ignores: () => false, ignoresMessage: () => false, patterns: 0 };
  // loaded only when there are patterns: start-up time is what a pre-commit hook pays
  const picomatch = (await import('picomatch')).default;
  const rules = globs.map((l) => {
    const negate = l.text.startsWith('!');
    let pattern = negate ? l.text.slice(1) : l.text;
    const dirOnly = pattern.endsWith('/');
    pattern = pattern.replace(/\/+$/, '');
    // a slash at the start or in the middle anchors to the root; otherwise any depth
    const anchored = pattern.includes('/');
    pattern = pattern.replace(/^\/+/, '');
    const base = anchored ? pattern : `**/${pattern}`;
    // `dir/` matches what is under a directory of that name, never a file so named (`base/**` would: picomatch lets ** match nothing)
    const match = picomatch(dirOnly ? [`${base}/**/*`] : [base, `${base}/**`], { dot: true });
    // a message is no directory: `(commit message)/` names none
    const matchMessage = !dirOnly && namesMessages(pattern) ? messageMatcher(picomatch, pattern) : null;
    return { negate, match, matchMessage };
  });
  return {
    fingerprints: lines.filter((l) => l.kind === 'fingerprint').map((l) => l.text.toLowerCase()),
    patterns: rules.length,
    ignores(rel) {
      let ignored = false;
      for (const r of rules) if (r.match(rel)) ignored = !r.negate; // the last matching line wins
      return ignored;
    },
    ignoresMessage(pseudoPath) {
      let ignored = false;
      for (const r of rules) if (r.matchMessage?.(pseudoPath)) ignored = !r.negate;
      return ignored;
    },
  };
}
