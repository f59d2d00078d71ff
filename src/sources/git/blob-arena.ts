// Memory for the blobs read from `git cat-file --batch`: one reused buffer, filled as a ring.
// Each blob is copied into the next free region and handed out with a release; a region is
// written again only after it and every region before it were released. Blobs reach the scan
// in the order they were read and are released in about that order (src/scan/pipeline.ts,
// src/scan/pool.ts), so the ring turns over without a fresh allocation per blob, which is what
// node's read chunks and per-blob copies cost before: garbage that only a garbage collection
// returns, tens of megabytes of it at any time on signalwire/docs.
// Correctness never depends on a release: a region never released is never reused, and when
// the ring has no room a blob gets a buffer of its own.
import { bytesOf } from '../../io/page-memory.js';

interface Region {
  start: number;
  end: number;
  released: boolean;
}

export interface ArenaBytes {
  bytes: Buffer;
  /** the bytes are no longer used by anyone: their region may be written again (idempotent) */
  release: () => void;
}

const noRelease = () => undefined;

export class BlobArena {
  private memory: Buffer | null = null;
  /** the regions handed out and not yet reclaimed, oldest first (from `oldest`) */
  private regions: Region[] = [];
  private oldest = 0;
  /** where the next region starts when it fits before the end (or before the oldest region, once wrapped) */
  private write = 0;
  /** blobs that found no room in the ring (for tests and measurement) */
  overflows = 0;

  /** `capacity`: the ring's size in bytes, allocated on first use */
  constructor(readonly capacity: number) {}

  /** `size` bytes to fill: a region of the ring, or a buffer of their own when the ring has no room. */
  take(size: number): ArenaBytes {
    if (size === 0) return { bytes: Buffer.alloc(0), release: noRelease };
    const start = this.place(size);
    if (start < 0) {
      this.overflows++;
      return { bytes: bytesOf(size), release: noRelease };
    }
    this.memory ??= Buffer.allocUnsafeSlow(this.capacity);
    const region: Region = { start, end: start + size, released: false };
    this.regions.push(region);
    this.write = region.end;
    return {
      bytes: this.memory.subarray(start, start + size),
      release: () => this.release(region),
    };
  }

  /** Bytes of the ring not free for a new region (held, or behind a held region). */
  get held(): number {
    if (this.oldest === this.regions.length) return 0;
    const from = this.regions[this.oldest]!.start;
    return this.write >= from ? this.write - from : this.capacity - from + this.write;
  }

  /** Where a region of `size` starts, or -1 when the ring has no room for it. */
  private place(size: number): number {
    if (size > this.capacity) return -1;
    if (this.oldest === this.regions.length) return 0;
    const first = this.regions[this.oldest]!.start;
    const wrapped = this.regions[this.regions.length - 1]!.start < first;
    if (wrapped) return first - this.write >= size ? this.write : -1;
    if (this.capacity - this.write >= size) return this.write;
    // no room before the end: start again at the front, before the oldest region held
    return first >= size ? 0 : -1;
  }

  private release(region: Region): void {
    if (region.released) return;
    region.released = true;
    while (this.oldest < this.regions.length && this.regions[this.oldest]!.released) this.oldest++;
    if (this.oldest === this.regions.length) {
      // nothing held: the next region starts at the front
      this.regions = [];
      this.oldest = 0;
      this.write = 0;
    } else if (this.oldest > 1024 && this.oldest * 2 > this.regions.length) {
      this.regions.splice(0, this.oldest);
      this.oldest = 0;
    }
  }
}
