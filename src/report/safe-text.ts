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

/**
 * A path from the repository that a text report prints at the start of a line: escaped, and
 * written `./::…` when it would start with `::`. A CI runner reads a log line that starts
 * (after spaces) with `::` as a workflow command, so a file named `::stop-commands::x` or
 * `::add-mask::error` would switch off or hide the annotations that follow it.
 */
export function escapePathAtLineStart(s: string): string {
  const shown = escapeControls(s);
  return shown.trimStart().startsWith('::') ? `./${shown}` : shown;
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

/** The unsafe characters JSON.stringify and XML escaping leave raw (DEL, C1, bidi and line separators). */
const UNSAFE_NON_ASCII = /[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_IN_XML = /[\r\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * A finished JSON (json, SARIF) or XML (junit) report with those characters written as escapes
 * (`\u202e`, `&#x202e;`): the same data for a parser, nothing that drives a terminal for
 * `cat report.json`. They only occur inside strings, where both escapes are valid.
 */
export function escapeMachineReport(report: string, syntax: 'json' | 'xml'): string {
  // XML keeps a raw CR in element text (JSON.stringify escapes it); as a character reference it is the same text
  return report.replace(syntax === 'xml' ? UNSAFE_IN_XML : UNSAFE_NON_ASCII, (c) => {
    const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
    return syntax === 'json' ? `\\u${hex}` : `&#x${hex};`;
  });
}
