// A unified diff of two texts (Myers' algorithm over lines), as `git diff` prints it.

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/(?<=\n)/);
  return lines;
}

/** The edit script: for each line of a and b, kept (=), removed (-) or added (+). */
function myers(a: string[], b: string[]): { op: '=' | '-' | '+'; line: string; ai: number; bi: number }[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const v = new Map<number, number>([[1, 0]]);
  const trace: Map<number, number>[] = [];
  outer: for (let d = 0; d <= max; d++) {
    trace.push(new Map(v));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v.get(k - 1) ?? 0) < (v.get(k + 1) ?? 0)) ? (v.get(k + 1) ?? 0) : (v.get(k - 1) ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v.set(k, x);
      if (x >= n && y >= m) break outer;
    }
  }
  const script: { op: '=' | '-' | '+'; line: string; ai: number; bi: number }[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && (vd.get(k - 1) ?? 0) < (vd.get(k + 1) ?? 0)) ? k + 1 : k - 1;
    const prevX = vd.get(prevK) ?? 0;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      script.push({ op: '=', line: a[x]!, ai: x, bi: y });
    }
    if (d > 0) {
      if (x === prevX) script.push({ op: '+', line: b[prevY]!, ai: x, bi: prevY });
      else script.push({ op: '-', line: a[prevX]!, ai: prevX, bi: y });
    }
    x = prevX;
    y = prevY;
  }
  return script.reverse();
}

/**
 * Unified diff of `before` → `after` with 3 lines of context; `show` turns each line into
 * what may be printed (redaction, control characters).
 */
export function unifiedDiff(file: string, before: string | null, after: string, show: (line: string) => string): string {
  const a = splitLines(before ?? '');
  const b = splitLines(after);
  const script = myers(a, b);
  const out: string[] = [`--- ${before === null ? '/dev/null' : `a/${file}`}`, `+++ b/${file}`];
  const CONTEXT = 3;
  let i = 0;
  while (i < script.length) {
    if (script[i]!.op === '=') {
      i++;
      continue;
    }
    let start = Math.max(0, i - CONTEXT);
    let end = i;
    // extend the hunk while changes are within 2×context of each other
    for (;;) {
      while (end < script.length && script[end]!.op !== '=') end++;
      let next = end;
      while (next < script.length && script[next]!.op === '=') next++;
      if (next < script.length && next - end <= CONTEXT * 2) end = next;
      else break;
    }
    const stop = Math.min(script.length, end + CONTEXT);
    const hunk = script.slice(start, stop);
    const aStart = hunk.find((s) => s.op !== '+')?.ai ?? hunk[0]!.ai;
    const bStart = hunk.find((s) => s.op !== '-')?.bi ?? hunk[0]!.bi;
    const aLen = hunk.filter((s) => s.op !== '+').length;
    const bLen = hunk.filter((s) => s.op !== '-').length;
    out.push(`@@ -${aLen ? aStart + 1 : aStart},${aLen} +${bLen ? bStart + 1 : bStart},${bLen} @@`);
    for (const s of hunk) {
      const body = s.line.replace(/\r?\n$/, '');
      out.push((s.op === '=' ? ' ' : s.op) + show(body));
      if (!s.line.endsWith('\n')) out.push('\\ No newline at end of file');
    }
    start = stop;
    i = stop;
  }
  return out.join('\n') + '\n';
}
