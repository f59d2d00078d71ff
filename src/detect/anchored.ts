// A regex search that skips the text where no match can start: the regex is tried (sticky) only
// at a few starts around each occurrence of a literal every match holds, found by indexOf.
// The rules' shared matchers use it instead of a global regex tried at every position of every
// keyword-bearing text (bench/BENCHMARKS.head.md, round 5 of issue 10).

/**
 * The matches of `re`'s global search, in order and not overlapping, for a `re` (sticky flag
 * `y`) whose every match starts at one of the offsets `startsAt(at)` gives (ascending) for the
 * first occurrence `at` of `literal` inside it. Occurrences are taken in order and, for each,
 * its starts leftmost first: the first that matches is the global search's next match.
 */
export function anchoredMatches(text: string, literal: string, re: RegExp, startsAt: (at: number) => readonly number[]): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let free = 0; // the global search resumes at the previous match's end
  for (let at = text.indexOf(literal); at !== -1; at = text.indexOf(literal, Math.max(at + 1, free))) {
    for (const s of startsAt(at)) {
      if (s < free) continue;
      re.lastIndex = s;
      const m = re.exec(text);
      if (!m) continue;
      out.push(m);
      free = s + m[0].length;
      break;
    }
  }
  return out;
}

/**
 * The matches of `re` (sticky flag `y`) at the starts given (ascending), in order and not
 * overlapping, as its global search finds them when every match starts at one of them: a start
 * inside a previous match is passed over. For starts already known (the byte pass's keyword
 * starts, DetectInput.keywordStarts).
 */
export function matchesAt(text: string, starts: readonly number[], re: RegExp): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let free = 0;
  for (const s of starts) {
    if (s < free) continue;
    re.lastIndex = s;
    const m = re.exec(text);
    if (!m) continue;
    out.push(m);
    free = s + m[0].length;
  }
  return out;
}
