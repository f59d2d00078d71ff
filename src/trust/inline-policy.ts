// Whether an inline ignore comment may hide a finding. In `swlint diff` the change under
// review must not be able to switch the gate off for its own lines: a directive that is new in
// the range, or that now covers a line the range adds (a token pasted under an existing
// `swlint-ignore-next-line`), does not hide the finding, unless BASE's configuration says the
// team trusts its authors (`"diff": {"honourNewInlineIgnores": true}`). Everywhere else an
// inline ignore is honoured. Pure: the engine (or a step after it) asks, this answers.

export interface InlinePolicyInput {
  mode: string;
  /** BASE's `diff.honourNewInlineIgnores` */
  honourNewInlineIgnores: boolean;
}

/**
 * `findingLine`..`lastLine`: the 1-based lines the finding's value is written on (more than one
 * for a value spread over lines); `directiveLine`: the directive's line; `added`: the lines the
 * range adds to that text (undefined: the whole text is judged, as in scan and history).
 * Returns true when the directive hides the finding.
 */
export type InlineIgnoreDecision = (
  findingLine: number,
  directiveLine: number,
  added: { has(line: number): boolean; spanAdded(first: number, last: number): boolean } | undefined,
  lastLine?: number,
) => boolean;

export function inlineIgnorePolicy(input: InlinePolicyInput): InlineIgnoreDecision {
  if (input.mode !== 'diff' || input.honourNewInlineIgnores) return () => true;
  return (findingLine, directiveLine, added, lastLine = findingLine) => {
    if (!added) return true;
    if (added.has(directiveLine)) return false;
    // a value completed on an added line (`'PT…' +` under an old directive, the rest below), or
    // by removing the line between its halves, is added by the range: the old directive covered
    // its first half, not the token
    return !added.spanAdded(findingLine, lastLine);
  };
}
