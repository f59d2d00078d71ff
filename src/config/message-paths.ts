// Commit and tag messages and git notes are scanned at pseudo-paths (`(commit message)`,
// `(tag message)`, `(note on <id>)`: src/sources/source.ts), which are no files. A path pattern
// written for files (`*`, `**`, or .swlintignore's `*` then `!src/`) must not hide what a message
// holds by accident: only a pattern that names pseudo-paths, one starting with `(`, applies to
// them. Its parentheses are literal and its other glob characters glob: `(note on *)`.
import type picomatchType from 'picomatch';

/** Whether a pattern (without its `!` and leading `/` or `./`) is meant for messages' pseudo-paths. */
export const namesMessages = (pattern: string): boolean => pattern.startsWith('(');

/** A matcher of pseudo-paths for a pattern that namesMessages (picomatch reads `(…)` as a group otherwise). */
export function messageMatcher(picomatch: typeof picomatchType, pattern: string): (pseudoPath: string) => boolean {
  return picomatch(
    pattern.replace(/[()]/g, (c) => `\\${c}`),
    { dot: true },
  );
}
