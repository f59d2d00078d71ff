// `swlint scan -`: standard input as one file, named by --stdin-filename (default <stdin>), as
// editors and lint-staged-style tools pipe a buffer. Read whole, but never more than
// --max-file-size (+1 byte to know it was over); then scanned as one chunk by the same engine.
// The name's extension drives language-aware rules; the repository checks (.env tracked or
// ignored) do not apply: there is no file in the repository to ask git about.
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { ModeContext, ModeResult } from '../run.js';
import type { Skipped } from '../types.js';
import { decode } from './decode.js';
import { readLimit, tooLarge } from './file-checks.js';

export const STDIN_NAME = '<stdin>';

/** The name findings are reported under: relative to cwd, forward slashes. */
export function stdinName(name: string | undefined, cwd: string): string {
  if (!name) return STDIN_NAME;
  const rel = path.isAbsolute(name) ? path.relative(cwd, name) : path.normalize(name);
  return rel.split(path.sep).join('/');
}

/** Reads at most `limit` + 1 bytes; `over` when there was more (the rest is not read). */
export async function readBounded(input: Readable, limit: number): Promise<{ buf: Buffer; over: boolean }> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of input) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    parts.push(b);
    length += b.length;
    if (length > limit) {
      input.destroy();
      return { buf: Buffer.concat(parts), over: true };
    }
  }
  return { buf: Buffer.concat(parts), over: false };
}

export async function scanStdin(ctx: ModeContext, input: Readable = process.stdin): Promise<ModeResult> {
  const { options, engine } = ctx;
  const file = stdinName(options.stdinFilename, options.cwd);
  const limit = readLimit(options.maxFileSize);
  const { buf, over } = await readBounded(input, limit);
  const skipped: Skipped[] = [];
  const result: ModeResult = { root: options.cwd, findings: [], skipped, files: 0, bytes: 0, commits: 0 };
  if (over) {
    const s = tooLarge({ abs: file, rel: file }, buf.length, limit, options.maxFileSize);
    skipped.push({ ...s, detail: `more than ${s.detail?.split(' > ')[1] ?? `${limit} bytes`}` });
    return result;
  }
  const decoded = decode(buf);
  if (!decoded.ok) {
    skipped.push({ file, reason: 'binary' });
    return result;
  }
  result.files = 1;
  result.bytes = buf.length;
  result.findings.push(...engine.scanChunk({ path: file, text: decoded.text }));
  return result;
}
