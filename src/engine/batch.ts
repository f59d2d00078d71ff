// One batch of working-tree files: read, decode when a rule will look, scan. Runs in a scan
// worker (src/engine/scan-worker.ts), or on the main thread when a worker could not finish.
import { decode, isPlainUtf8 } from '../sources/decode.js';
import { readBytesSync } from '../sources/read-sync.js';
import type { Engine } from './engine.js';
import type { BatchRequest, BatchResult } from './pool.js';

export function scanBatch(engine: Engine, req: BatchRequest, maxFileSize: number): BatchResult {
  const out: BatchResult = { id: req.id, findings: [], skipped: [], files: 0, bytes: 0, errors: [], suppressedInline: 0 };
  const before = engine.suppressedInline;
  const errorsBefore = engine.errors.length;
  for (const t of req.targets) {
    const r = readBytesSync(t, maxFileSize);
    if ('skipped' in r) {
      out.skipped.push(r.skipped);
      continue;
    }
    const raw = r.raw;
    // plain UTF-8: the keywords come from the bytes, and a file no rule would look at is not even decoded
    let found: Set<string> | undefined;
    if (isPlainUtf8(raw)) {
      found = engine.keywordsInUtf8(raw);
      if (found && !engine.needsText(found, raw, t.rel)) {
        out.files++;
        out.bytes += raw.length;
        continue;
      }
    }
    const decoded = decode(raw);
    if (!decoded.ok) {
      out.skipped.push({ file: t.rel, reason: 'binary' });
      continue;
    }
    out.files++;
    out.bytes += raw.length;
    if (!found && decoded.encoding === 'utf-8-bom') found = engine.keywordsInUtf8(raw);
    for (const f of engine.scanChunk({ path: t.rel, text: decoded.text }, found)) out.findings.push(f);
  }
  out.suppressedInline = engine.suppressedInline - before;
  out.errors = engine.errors.splice(errorsBefore);
  return out;
}
