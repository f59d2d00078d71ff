// Path → number, exact, without a string kept per path: `swlint history` numbers every path it
// meets (BlobPathTable's key), and signalwire/docs' history names 74,714 distinct ones. As a
// Map of strings they were 10 MB of the main thread's heap (6.3 MB of strings, 3.7 MB of
// table; a heap snapshot at mid-walk); here their UTF-8 bytes sit in one growing arena and the
// index in typed arrays, about 5 MB outside the heap. Paths are compared byte for byte: two
// paths never share a number, whatever their hashes. (Byte for byte is string for string: the
// paths are decoded from git's UTF-8, so they hold no lone surrogate, the one thing UTF-8
// cannot tell apart.)
import { nodeCrypto } from '../../io/lazy-builtins.js';
import { EMPTY, buildIndex, grown } from './open-index.js';
import { int32sOf, uint32sOf, uint8sOf } from '../../io/page-memory.js';

export class PathTable {
  private arena = new Uint8Array(64 * 1024);
  private used = 0;
  /** per path number: where its bytes start in the arena, how many, and their hash */
  private starts = new Int32Array(1024);
  private lengths = new Int32Array(1024);
  private hashes = new Uint32Array(1024);
  private count = 0;
  /** open addressing, linear probing: a path number, or EMPTY; at most half full */
  private index = new Int32Array(2048).fill(EMPTY);
  /** the path being looked up, encoded */
  private scratch = Buffer.allocUnsafe(1024);
  /**
   * Mixed into every hash: paths come from the repository being scanned, and a fixed hash would
   * let a crafted history fill one probe chain with colliding paths (each lookup then walks them all).
   */
  private readonly seed = nodeCrypto().randomInt(2 ** 32) >>> 0;

  get size(): number {
    return this.count;
  }

  /** The path's number: the next one for a path not seen before (0, 1, 2, …). */
  number(path: string): number {
    if (path.length * 3 > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(path.length * 3, this.scratch.length * 2));
    const length = this.scratch.write(path, 0, 'utf8');
    const hash = this.hashOf(length);
    const mask = this.index.length - 1;
    let slot = hash & mask;
    for (let e = this.index[slot]!; e !== EMPTY; e = this.index[slot]!) {
      if (this.hashes[e] === hash && this.lengths[e] === length && this.sameBytes(e, length)) return e;
      slot = (slot + 1) & mask;
    }
    return this.insert(slot, length, hash);
  }

  /** The scratch's first `length` bytes, hashed (FNV-1a from a per-table seed, then murmur3's finaliser). */
  protected hashOf(length: number): number {
    let h = (0x811c9dc5 ^ this.seed) >>> 0;
    for (let i = 0; i < length; i++) h = Math.imul(h ^ this.scratch[i]!, 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }

  private sameBytes(e: number, length: number): boolean {
    const at = this.starts[e]!;
    for (let i = 0; i < length; i++) if (this.arena[at + i] !== this.scratch[i]) return false;
    return true;
  }

  private insert(slot: number, length: number, hash: number): number {
    const e = this.count++;
    if (e === this.starts.length) {
      this.starts = grown(this.starts, int32sOf(e * 2));
      this.lengths = grown(this.lengths, int32sOf(e * 2));
      this.hashes = grown(this.hashes, uint32sOf(e * 2));
    }
    if (this.used + length > this.arena.length) this.arena = grown(this.arena, uint8sOf(Math.max(this.arena.length * 2, this.used + length)));
    this.arena.set(this.scratch.subarray(0, length), this.used);
    this.starts[e] = this.used;
    this.lengths[e] = length;
    this.hashes[e] = hash;
    this.used += length;
    this.index[slot] = e;
    if (this.count * 2 > this.index.length) this.rehash();
    return e;
  }

  private rehash(): void {
    this.index = buildIndex(this.index.length * 2, this.count, (e) => this.hashes[e]!);
  }
}
