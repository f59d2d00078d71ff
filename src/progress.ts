// One progress line on stderr, rewritten in place and cleared at the end. Only when stderr is a
// terminal (RunOptions.progress): a CI log or a pipe never gets carriage-return noise.
// Every line shown is registered here so that Ctrl-C (src/cli.ts) can clear it before exiting.

const shown = new Set<ProgressLine>();
const INTERVAL_MS = 200;

export class ProgressLine {
  private last = 0;

  constructor(private readonly label: string) {}

  /** Shows `text` after the label, at most every 200 ms unless `now` is set. */
  update(text: string, now = false): void {
    const t = Date.now();
    if (!now && t - this.last < INTERVAL_MS) return;
    this.last = t;
    // stay on one terminal row: a wrapped line cannot be cleared with \r
    const width = Math.max(20, (process.stderr.columns || 80) - 1);
    process.stderr.write(`\r\x1b[K${`${this.label}: ${text}`.slice(0, width)}`);
    shown.add(this);
  }

  clear(): void {
    if (!shown.delete(this)) return;
    process.stderr.write('\r\x1b[K');
  }
}

/** Clears whatever progress line is on screen (Ctrl-C, fatal errors). */
export function clearProgress(): void {
  for (const p of [...shown]) p.clear();
}
