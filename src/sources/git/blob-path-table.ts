// A map from (blob id, path number) to a number, kept in typed arrays. `swlint history` notes
// every (blob, path) pair it hands on — 224k of them in signalwire/docs — with the date of the
// sighting; a Map keyed by strings costs ~180 bytes a pair there (the key string, its
// concatenation, the Map's own slots: 40 MB of heap), this table 36 (a 20-byte id, a path
// number, a date, an index slot at most half full: 8 MB).
import { EMPTY, buildIndex, grown } from './open-index.js';
import { float64sOf, int32sOf, uint32sOf } from '../../io/page-memory.js';

export class BlobPathTable {
  /** 32-bit words per id: 5 for SHA-1 (40 hex digits), 8 for SHA-256 (64); set by the first id */
  private words = 0;
  private ids = new Uint32Array(0);
  private paths = new Int32Array(0);
  private values = new Float64Array(0);
  private count = 0;
  /** open addressing, linear probing: an entry number, or EMPTY */
  private index = new Int32Array(1024).fill(EMPTY);
  /** the id being looked up, as words (parsed once per call), and its path */
  private probe = new Uint32Array(8);
  private probePath = 0;

  get size(): number {
    return this.count;
  }

  /** The value of (id, path), or undefined when the pair was never set. */
  get(id: string, path: number): number | undefined {
    const slot = this.find(id, path);
    const e = this.index[slot]!;
    return e === EMPTY ? undefined : this.values[e];
  }

  has(id: string, path: number): boolean {
    return this.get(id, path) !== undefined;
  }

  set(id: string, path: number, value: number): void {
    this.setAt(this.find(id, path), value);
  }

  /**
   * Sets (id, path) to `value` unless it holds a value at most `value` already; true when it
   * was set. One lookup: the walk asks this for every file version it meets.
   */
  lower(id: string, path: number, value: number): boolean {
    const slot = this.find(id, path);
    const e = this.index[slot]!;
    if (e !== EMPTY && this.values[e]! <= value) return false;
    this.setAt(slot, value);
    return true;
  }

  /** Inserts at the empty `slot` find() returned (the id's words are still in `probe`), or updates. */
  private setAt(slot: number, value: number): void {
    const e = this.index[slot]!;
    if (e !== EMPTY) {
      this.values[e] = value;
      return;
    }
    if (this.count === this.paths.length) this.growEntries();
    const n = this.count++;
    for (let k = 0; k < this.words; k++) this.ids[n * this.words + k] = this.probe[k]!;
    this.paths[n] = this.probePath;
    this.values[n] = value;
    this.index[slot] = n;
    // at most half full: probes stay short
    if (this.count * 2 > this.index.length) this.rehash();
  }

  /** The index slot holding (id, path), or the empty slot where it would go; leaves the id's words in `probe`. */
  private find(id: string, path: number): number {
    const words = this.parse(id);
    this.probePath = path;
    const mask = this.index.length - 1;
    let slot = this.slotHash(this.probe[0]!, path) & mask;
    for (;;) {
      const e = this.index[slot]!;
      if (e === EMPTY) return slot;
      if (this.paths[e] === path && this.sameId(e, words)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private sameId(e: number, words: number): boolean {
    const at = e * words;
    for (let k = 0; k < words; k++) if (this.ids[at + k] !== this.probe[k]) return false;
    return true;
  }

  /** Hex id → words in `probe`; returns the word count. */
  private parse(id: string): number {
    const words = id.length >>> 3;
    if (this.words === 0) {
      if (id.length !== 40 && id.length !== 64) throw new Error(`not a git object id: "${id.slice(0, 80)}"`);
      this.words = words;
    } else if (words !== this.words || id.length & 7) throw new Error(`object id of another length than the repository's: "${id.slice(0, 80)}"`);
    for (let k = 0; k < words; k++) {
      let w = 0;
      for (let i = k * 8; i < k * 8 + 8; i++) {
        const c = id.charCodeAt(i);
        // 0-9 → 0-9, a-f → 10-15; anything else is not an id git printed
        const d = c <= 57 ? c - 48 : c - 87;
        if (d < 0 || d > 15) throw new Error(`not a git object id: "${id.slice(0, 80)}"`);
        w = (w << 4) | d;
      }
      this.probe[k] = w >>> 0;
    }
    return words;
  }

  private growEntries(): void {
    const cap = Math.max(1024, this.paths.length * 2);
    this.ids = grown(this.ids, uint32sOf(cap * this.words));
    this.paths = grown(this.paths, int32sOf(cap));
    this.values = grown(this.values, float64sOf(cap));
  }

  private rehash(): void {
    this.index = buildIndex(this.index.length * 2, this.count, (e) => this.slotHash(this.ids[e * this.words]!, this.paths[e]!));
  }

  /** ids are hashes already: their first word, mixed with the path, spreads well */
  private slotHash(firstWord: number, path: number): number {
    return Math.imul(firstWord ^ path, 0x9e3779b1) >>> 0;
  }
}
