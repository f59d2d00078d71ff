// The .env family: read the keys a .env file sets, and append new ones in its own style.

/** KEY → value of a dotenv file (last one wins; `export`, quotes and comments understood). */
export function parseDotenv(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n|\r/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(raw);
    if (!m) continue;
    let value = m[2]!.trim();
    const q = value[0];
    if ((q === '"' || q === "'") && value.lastIndexOf(q) > 0) {
      value = value.slice(1, value.lastIndexOf(q));
      if (q === '"') value = value.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    out.set(m[1]!, value);
  }
  return out;
}

/** One `KEY=value` line, quoted only when the value needs it. */
export function dotenvLine(key: string, value: string): string {
  return /^[A-Za-z0-9_./:@+-]*$/.test(value) ? `${key}=${value}` : `${key}="${value.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** `text` with `lines` appended, in its line-ending style, after a line break of its own. */
export function appendLines(text: string, lines: string[]): string {
  if (lines.length === 0) return text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const sep = text === '' || text.endsWith('\n') || text.endsWith('\r') ? '' : eol;
  return text + sep + lines.join(eol) + eol;
}
