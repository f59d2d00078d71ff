// The one escaping step for every human-facing channel (text report, --verbose, stderr
// messages and warnings, `github` annotations, the Action's job summary). File names, commit
// authors and subjects, snippets, custom-rule messages and config keys come from the scanned
// repository: a raw ESC, OSC, CR or bidi override in them could rewrite the terminal, hide a
// line, or forge a workflow command. They are shown escaped (`\x1b`, `\u202e`), never raw.

/**
 * C0 controls but TAB, DEL, C1 controls, and the Unicode characters that reorder or break
 * lines (bidi embeddings/overrides/isolates, LRM/RLM/ALM, line and paragraph separators).
 */
const UNSAFE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeOne(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `s` with every terminal-unsafe character written as an escape. */
export function escapeControls(s: string): string {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(s) ? s.replace(UNSAFE, escapeOne) : s;
}

/** Like escapeControls, keeping line breaks (LF) for multi-line messages. */
export function escapeControlsKeepLines(s: string): string {
  return s.split('\n').map(escapeControls).join('\n');
}

/**
 * Markdown from the repository (commit subjects, authors) as literal text: controls escaped,
 * then HTML and every Markdown punctuation character neutralised, @mentions broken.
 */
export function escapeMarkdown(s: string): string {
  return escapeControls(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, '\\$&')
    .replace(/@/g, '&#64;');
}
