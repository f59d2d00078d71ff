// What a worker sends back for a batch. Nearly every unit of a history finds nothing (in
// signalwire/docs, 15 findings in 223k file versions): its result is two numbers, sent in
// one Float64Array, instead of five small objects that postMessage would serialise here and
// deserialise there, one by one.
import type { UnitResult } from './unit.js';

export interface BatchResults {
  /** id, scanned bytes (-1: nothing scanned), for each unit with nothing else to say */
  plain: Float64Array;
  /** every other unit's result, whole */
  results: UnitResult[];
}

const NOTHING: readonly never[] = Object.freeze([]);

/** True when the result says only how many bytes were scanned. */
function isPlain(r: UnitResult): boolean {
  return (
    r.skipped.length === 0 &&
    r.unscanned === null &&
    r.results.every((p) => p.findings.length === 0 && p.suppressed === 0 && p.errors.length === 0 && p.holds === undefined)
  );
}

export function packResults(results: UnitResult[]): BatchResults {
  const plain: number[] = [];
  const rest: UnitResult[] = [];
  for (const r of results) {
    if (isPlain(r)) plain.push(r.id, r.scannedBytes ?? -1);
    else rest.push(r);
  }
  return { plain: Float64Array.from(plain), results: rest };
}

/** Every unit's result again; a plain one has no per-path results (nothing to report for any path). */
export function* unpackResults(batch: BatchResults): Generator<UnitResult> {
  for (let k = 0; k < batch.plain.length; k += 2) {
    const bytes = batch.plain[k + 1]!;
    yield { id: batch.plain[k]!, scannedBytes: bytes < 0 ? null : bytes, skipped: NOTHING as never[], unscanned: null, results: NOTHING as never[] };
  }
  yield* batch.results;
}
