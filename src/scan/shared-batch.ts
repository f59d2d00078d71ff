// The bytes of a batch of units, in one SharedArrayBuffer that the worker reads in place.
// postMessage would otherwise copy every blob twice (serialised here, deserialised there: for
// signalwire/docs' history 745 MB each way, in 223k small allocations that the garbage
// collector frees only in bursts). Shared, not transferred: this thread keeps the bytes, so the
// units of a worker that ran out of memory can still be scanned here (src/scan/pool.ts).
// Buffers of the usual size are reused once their batch's results are in.
import type { Content } from '../sources/source.js';
import type { WorkUnit } from './unit.js';
import { sharedBufferOf } from '../io/page-memory.js';

/** The bytes a unit carries (its content and the contents before a change). */
export function unitBytes(unit: WorkUnit): number {
  let n = unit.content.kind === 'bytes' ? unit.content.bytes.length : 0;
  for (const b of unit.before ?? []) if (b.kind === 'bytes') n += b.bytes.length;
  return n;
}

export class SharedBatchMemory {
  private readonly free: SharedArrayBuffer[] = [];

  /**
   * `capacity`: the size of the reused buffers (a batch larger than that — one large file —
   * gets a buffer of its own); `keep`: how many idle buffers are kept for reuse.
   */
  constructor(
    readonly capacity: number,
    private readonly keep: number,
  ) {}

  /**
   * Copies the byte contents of `units` into one shared buffer and points the units at it
   * (their own buffers are no longer referenced: `copied`). `memory` is null when the units
   * carry no bytes. One large unit whose bytes are in shared memory already (its reader put them
   * there: src/sources/git/blob-reader.ts) is not copied: `memory` is null, `copied` false.
   */
  pack(units: WorkUnit[]): { memory: SharedArrayBuffer | null; copied: boolean } {
    let total = 0;
    for (const u of units) total += unitBytes(u);
    if (total === 0) return { memory: null, copied: true };
    const only = units.length === 1 && !units[0]!.before && units[0]!.content.kind === 'bytes' ? units[0]!.content.bytes : null;
    if (only && only.buffer instanceof SharedArrayBuffer && total > this.capacity) return { memory: null, copied: false };
    const memory = total <= this.capacity ? (this.free.pop() ?? new SharedArrayBuffer(this.capacity)) : sharedBufferOf(total);
    let at = 0;
    const place = (c: Content): Content => {
      if (c.kind !== 'bytes') return c;
      const view = new Uint8Array(memory, at, c.bytes.length);
      view.set(c.bytes);
      at += c.bytes.length;
      return { kind: 'bytes', bytes: view };
    };
    for (const u of units) {
      u.content = place(u.content);
      if (u.before) u.before = u.before.map(place);
    }
    return { memory, copied: true };
  }

  /** The batch packed into `memory` has its results: the buffer may hold another batch. */
  release(memory: SharedArrayBuffer | null): void {
    if (memory && memory.byteLength === this.capacity && this.free.length < this.keep) this.free.push(memory);
  }
}
