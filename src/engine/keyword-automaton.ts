// The keyword prefilter on bytes: which of the rules' keywords (ASCII, case-insensitive) occur
// in UTF-8 content, with the keyword regex's leftmost-longest semantics (Engine.keywordsIn).
import { wasmRunner, type HitRunner } from './keyword-wasm.js';

/**
 * Aho-Corasick automaton over bytes for the keywords, ASCII case folded, with the leftmost-
 * longest, non-overlapping semantics of the keyword regex (which scans left to right and at
 * each position takes the longest keyword). Keywords with non-ASCII characters cannot be
 * matched on bytes: with one of those (a custom rule's) `usable` is false and callers use the regex.
 */
export class KeywordAutomaton {
  private readonly table: Uint8Array | Uint16Array;
  /** keyword indices ending in each state (own and through failure links), or null */
  private readonly outputs: (number[] | null)[];
  /** 1 for the states where a keyword ends */
  private readonly accepting: Uint8Array;
  /** the WebAssembly loop (8-bit tables), null when unavailable; made on first use */
  private wasm: HitRunner | null | undefined = undefined;
  private readonly words: string[];
  readonly usable: boolean;

  constructor(keywords: readonly string[]) {
    this.words = [...new Set(keywords.map((k) => k.toLowerCase()))].filter((k) => k !== '');
    this.usable = this.words.every((w) => /^[\x00-\x7f]+$/.test(w));
    const fold = (b: number) => (b >= 65 && b <= 90 ? b + 32 : b);
    const gotos: Map<number, number>[] = [new Map()];
    const own: number[][] = [[]];
    if (this.usable) {
      this.words.forEach((w, wi) => {
        let st = 0;
        for (let i = 0; i < w.length; i++) {
          const b = fold(w.charCodeAt(i));
          let t = gotos[st]!.get(b);
          if (t === undefined) {
            t = gotos.length;
            gotos.push(new Map());
            own.push([]);
            gotos[st]!.set(b, t);
          }
          st = t;
        }
        own[st]!.push(wi);
      });
    }
    const states = gotos.length;
    const table = states <= 256 ? new Uint8Array(states * 256) : new Uint16Array(states * 256);
    const fail = new Array<number>(states).fill(0);
    const out: number[][] = own.map((o) => [...o]);
    const queue: number[] = [];
    // transitions are stored for the folded (lower-case) byte and copied to its upper case
    const set = (st: number, b: number, t: number) => {
      table[st * 256 + b] = t;
      if (b >= 97 && b <= 122) table[st * 256 + b - 32] = t;
    };
    for (const [b, t] of gotos[0]!) {
      set(0, b, t);
      queue.push(t);
    }
    for (let q = 0; q < queue.length; q++) {
      const st = queue[q]!;
      const f = fail[st]!;
      out[st] = [...out[st]!, ...out[f]!];
      // a state's row is its failure state's row (complete: shallower), plus its own edges
      table.copyWithin(st * 256, f * 256, f * 256 + 256);
      for (const [b, t] of gotos[st]!) {
        fail[t] = table[f * 256 + b]!;
        set(st, b, t);
        queue.push(t);
      }
    }
    this.table = table;
    this.outputs = out.map((o) => (o.length ? o : null));
    this.accepting = Uint8Array.from(out, (o) => (o.length ? 1 : 0));
  }

  find(bytes: Uint8Array): Set<string> {
    /** end offset and state of every accepting step */
    const hits: number[] = [];
    if (this.table instanceof Uint8Array) {
      if (this.wasm === undefined) this.wasm = wasmRunner(this.table, this.accepting);
      if (!this.wasm || !this.wasm(bytes, hits)) {
        hits.length = 0;
        run8(this.table, this.accepting, bytes, hits);
      }
    } else run16(this.table, this.accepting, bytes, hits);
    const found = new Set<string>();
    if (hits.length === 0) return found;
    const starts: number[] = [];
    const which: number[] = [];
    for (let h = 0; h < hits.length; h += 2) {
      for (const w of this.outputs[hits[h + 1]!]!) {
        starts.push(hits[h]! + 1 - this.words[w]!.length);
        which.push(w);
      }
    }
    // the regex's choice: leftmost start first, the longest keyword there, then on after its end
    const order = starts.map((_, k) => k).sort((a, b) => starts[a]! - starts[b]! || this.words[which[b]!]!.length - this.words[which[a]!]!.length);
    let pos = 0;
    for (const k of order) {
      const start = starts[k]!;
      if (start < pos) continue;
      const word = this.words[which[k]!]!;
      found.add(word);
      pos = start + word.length;
    }
    return found;
  }
}

// The hot loops, one per table width so that each stays monomorphic.
function run8(table: Uint8Array, accepting: Uint8Array, bytes: Uint8Array, hits: number[]): void {
  let st = 0;
  for (let i = 0, n = bytes.length; i < n; i++) {
    st = table[(st << 8) | bytes[i]!]!;
    if (accepting[st] !== 0) hits.push(i, st);
  }
}

function run16(table: Uint16Array, accepting: Uint8Array, bytes: Uint8Array, hits: number[]): void {
  let st = 0;
  for (let i = 0, n = bytes.length; i < n; i++) {
    st = table[(st << 8) | bytes[i]!]!;
    if (accepting[st] !== 0) hits.push(i, st);
  }
}
