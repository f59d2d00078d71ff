// `swlint scan -`: standard input as one file, named by --stdin-filename (default <stdin>), as
// editors and lint-staged-style tools pipe a buffer. Read whole, but never more than the size
// limit (+1 byte to know it was over); then scanned by the same pipeline as any file. The
// name's extension drives language-aware rules; the repository checks (.env tracked or
// ignored) do not apply: there is no file in the repository to ask git about.
import path from 'node:path';
import type { Readable } from 'node:stream';
import { NO_COMMITS, type Source, type SourceItem } from './source.js';

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

/** Standard input as a source of one item; `maxBytes`: the size limit in force. */
export function stdinSource(opts: { cwd: string; name?: string; maxBytes: number; input?: Readable }): Source {
  const file = stdinName(opts.name, opts.cwd);
  async function* items(): AsyncGenerator<SourceItem> {
    const { buf, over } = await readBounded(opts.input ?? process.stdin, opts.maxBytes);
    const content = over ? { kind: 'too-large' as const, size: buf.length } : { kind: 'bytes' as const, bytes: buf };
    yield { kind: 'blob', content, sightings: [{ path: file, commit: null }] };
  }
  return { root: opts.cwd, commits: NO_COMMITS, large: false, warnings: [], items, abort: () => undefined };
}
