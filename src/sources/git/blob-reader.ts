// `git cat-file --batch`: blob contents by id, streamed, in request order.
import { BlobArena } from './blob-arena.js';
import type { PipeReader } from './pipe-reader.js';
import { batchArgs, type EarlyBatch } from './hardened.js';
import { GitError, adoptGit, firstLine, streamGit, type GitProcess } from './process.js';

export { BOUNDED_PACK_MEMORY } from './hardened.js';

/**
 * Blobs from this size on are passed to the scan's worker threads in their own shared buffer,
 * without a copy (src/scan/shared-batch.ts): the large blobs are most of the bytes of a
 * history (in signalwire/docs, 237 blobs over 1 MB hold 426 of its 1,170 MB).
 */
export const SHARED_FROM = 1024 * 1024;

/** Why a blob git does not have was not scanned (the skip's detail). */
export function missingBlobDetail(id: string): string {
  return `git cannot read blob ${id}: it is not in this clone (a partial clone, made with \`--filter\`, leaves blobs out) or it is corrupt`;
}

/** What `git cat-file --batch` said about one requested object. */
export type BlobRead =
  | {
      kind: 'content';
      id: string;
      size: number;
      data: Buffer;
      /**
       * the blob's memory is reused for a later blob once this is called; a blob never released
       * keeps its memory (it is only garbage collected), and later blobs get memory of their own
       */
      release?: () => void;
    }
  | { kind: 'too-large'; id: string; size: number }
  | { kind: 'missing'; id: string };

/**
 * Idle large-blob buffers kept for reuse, at most (in bytes), for a consumer that does not bound
 * how many it holds. More reuse is less memory at the peak, not more: every buffer dropped and
 * allocated again leaves the allocator's heaps larger (glibc keeps freed memory and raises its
 * mmap threshold). Peak RSS of signalwire/docs' history (`/proc/PID/smaps` sampled every 50 ms,
 * 2-4 runs each): 4 MB 253-316 MB, 8 MB 253-259 MB, 16 MB 220-239 MB, 32 MB 211-212 MB, 64 MB 206 MB.
 */
const SPARE_BYTES = 32 * 1024 * 1024;
/**
 * The ring that smaller blobs are copied into (src/sources/git/blob-arena.ts): room for what
 * usually waits between git and the scan while the scan keeps up (this reader's queue and
 * history's item queue are bounded at 2 MB each, but are rarely both full). A blob that finds no
 * room gets memory of its own. 4 MB instead of 8 took 10 MB off the peak RSS of signalwire/docs'
 * history (237 → 226 MB, 17.7 → 17.5 s under load; /proc/PID/smaps sampled every 50 ms).
 */
const ARENA_BYTES = 4 * 1024 * 1024;

/**
 * History's reads of git's answers: up to 256 KB at a time (git's stdout is a socket pair, which
 * holds about 200 KB, not a pipe's 64 KB), and 1 ms for more to arrive after a read that found
 * less than half of that.
 */
const GATHERED_READS = { bufferBytes: 256 * 1024, gatherMs: 1 };

/**
 * One long-running `git cat-file --batch`: request blob ids in any number, pull each answer
 * back in request order with the tag it was requested with. A blob over `maxSize` is counted
 * past, never held. Answers wait in a queue bounded in bytes: above QUEUE_HIGH git's output is
 * paused until the caller has taken half of it, so git inflates the next blobs while the caller
 * scans, and memory stays bounded whatever the repository.
 */
export class BlobReader<Tag> {
  private readonly proc: GitProcess & { output: PipeReader };
  private readonly tags: (Tag | undefined)[] = [];
  private tagsHead = 0;
  /** the start of a header split across read chunks (copied: git's output is read into one reused buffer) */
  private pending: Buffer[] = [];
  /** The object being received, after its header: `data` is where its body is copied as it comes. */
  private current: { id: string; size: number; keep: boolean; remaining: number; data: Buffer | null; filled: number; release?: () => void } | null = null;
  private readonly spare: SpareBuffers;
  private readonly arena = new BlobArena(ARENA_BYTES);
  private failure: Error | null = null;
  private readonly ready: ({ blob: BlobRead; tag: Tag } | undefined)[] = [];
  private readyHead = 0;
  private readyBytes = 0;
  private paused = false;
  /** large blobs read whole and not yet released by their consumer (in the queue, or being scanned) */
  private largeHeld = 0;
  private exited: { code: number | null; stderr: string } | null = null;
  private aborted = false;
  private ended = false;
  private wake: (() => void) | null = null;
  /** ids requested in this turn of the event loop, not yet written to git (one write per turn) */
  private requests = '';
  private flushQueued = false;
  private static readonly QUEUE_HIGH = 2 * 1024 * 1024;

  /** large blobs read whole and not yet released, at most (`holdLarge`; Infinity: no bound) */
  private readonly largeBound: number;

  constructor(
    root: string,
    private readonly maxSize: number,
    {
      buffered = true,
      holdLarge,
      gather = false,
      early,
    }: {
      /** false when answers are pulled before the requests end (src/sources/staged-batch.ts) */
      buffered?: boolean;
      /**
       * The caller releases every large blob once done with it (`release`), and holds at most
       * this many at a time: git's output is paused while that many are held, and their buffers
       * are all of one size (`maxSize`), so that any released one serves the next. Without it
       * (a caller that lets the garbage collector take them), buffers come in size classes and
       * nothing waits for a release.
       */
      holdLarge?: number;
      /**
       * A long run of requests made ahead (history): read git's answers in larger, fewer reads,
       * waiting a moment when few bytes are ready (src/sources/git/pipe-reader.ts). Not for a
       * caller that waits on each answer: every small answer would wait too.
       */
      gather?: boolean;
      /** a `cat-file --batch` started earlier with the same arguments (not --buffer'ed), taken over instead of starting one */
      early?: EarlyBatch;
    } = {},
  ) {
    this.largeBound = holdLarge ?? Infinity;
    this.spare = holdLarge === undefined ? new SpareBuffers(SPARE_BYTES) : new SpareBuffers(Infinity, { size: maxSize, keep: holdLarge + 2 });
    const onStdout = (d: Buffer) => {
      try {
        this.receive(d);
      } catch (e) {
        this.fail(e);
      }
    };
    // --buffer: answers need not be flushed one by one; a caller that ends its requests before the last pull
    this.proc =
      early && !buffered && early.gone === null
        ? adoptGit(early.child, onStdout, gather ? GATHERED_READS : undefined)
        : streamGit(root, onStdout, batchArgs(buffered), gather ? GATHERED_READS : undefined);
    this.proc.done.then(
      (r) => {
        this.exited = r;
        this.notify();
      },
      (e: unknown) => this.fail(e),
    );
  }

  /** Requests `id`; its answer comes back from next() with `tag`, after every earlier request's. */
  read(id: string, tag: Tag): void {
    this.tags.push(tag);
    // requests made in one turn (history: every new blob of a chunk of git log's output, up
    // to a thousand) go to git in one write: a stream write per id cost 215k calls through
    // node's Writable on signalwire/docs' history
    this.requests += id + '\n';
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(this.flushRequests);
    }
  }

  private readonly flushRequests = (): void => {
    this.flushQueued = false;
    if (this.requests === '' || this.aborted) return;
    this.proc.child.stdin.write(this.requests);
    this.requests = '';
  };

  /** No more requests: once every answer has been pulled, next() returns null. */
  endRequests(): void {
    if (this.ended) return;
    this.ended = true;
    this.flushRequests();
    this.proc.child.stdin.end();
  }

  /** The number of requests not yet answered. */
  get outstanding(): number {
    return this.tags.length - this.tagsHead;
  }

  /** The next answer in request order; null when requests have ended and all were answered (or after abort). */
  async next(): Promise<{ blob: BlobRead; tag: Tag } | null> {
    for (;;) {
      const answer = this.take();
      if (answer !== undefined) return answer;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /**
   * next() without waiting: the next answer, null once every one has been pulled, undefined when
   * the next has not arrived yet. A reader of 215,000 blobs calls this first and awaits next()
   * only when it must: an await per blob was several promises per blob on the main thread.
   */
  take(): { blob: BlobRead; tag: Tag } | null | undefined {
    if (this.failure) throw this.failure;
    if (this.aborted) return null;
    if (this.readyHead < this.ready.length) {
      const item = this.ready[this.readyHead]!;
      this.ready[this.readyHead++] = undefined;
      if (this.readyHead === this.ready.length) {
        this.ready.length = 0;
        this.readyHead = 0;
      }
      this.readyBytes -= item.blob.kind === 'content' ? item.blob.data.length : 0;
      this.flow();
      return item;
    }
    if (this.exited) {
      if (this.ended && this.outstanding === 0) return null;
      const { code, stderr } = this.exited;
      if (code !== 0) throw new GitError(`git cat-file failed: ${firstLine(stderr)}`, stderr, code);
      throw new GitError(`git cat-file answered ${this.tagsHead} of ${this.tags.length} requests`, stderr, code);
    }
    return undefined;
  }

  /** Whether git keeps node running: a reader left idle (unref'd) never holds up the exit of a run that failed before using it. */
  hold(on: boolean): void {
    const c = this.proc.child;
    // the pipes are sockets, each a handle of its own (the stream types do not say so); stdout's
    // handle moved to the reader that reads it (src/sources/git/pipe-reader.ts)
    for (const h of [c, c.stdin, c.stderr] as unknown as { ref(): void; unref(): void }[]) h[on ? 'ref' : 'unref']();
    this.proc.output.hold(on);
  }

  /** Stops git now (--timeout): answers not yet pulled never arrive. */
  abort(): void {
    this.aborted = true;
    this.proc.child.stdin.end();
    this.proc.child.kill();
    this.notify();
  }

  /** Waits for git to exit (after the last answer was pulled, or after abort). */
  async close(): Promise<void> {
    this.endRequests();
    await this.proc.done.catch(() => undefined);
    if (this.failure && !this.aborted) throw this.failure;
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /**
   * Pauses git's output while too much waits for the caller: more than QUEUE_HIGH bytes of
   * answers not yet pulled, or `holdLarge` large blobs read and not yet released (wherever they
   * wait: here, in the pipeline's queue, or in a worker's batch); resumes below half the bytes and
   * under that. The blob being received when it pauses is finished once git resumes, so a
   * pause never waits on itself.
   */
  private flow(): void {
    const over = this.readyBytes > BlobReader.QUEUE_HIGH || this.largeHeld >= this.largeBound;
    if (!this.paused && over) {
      this.paused = true;
      this.proc.output.pause();
    } else if (this.paused && !over && this.readyBytes < BlobReader.QUEUE_HIGH / 2) {
      this.paused = false;
      this.proc.output.resume();
    }
  }

  private fail(e: unknown): void {
    this.failure ??= e instanceof Error ? e : new Error(String(e));
    this.proc.child.kill();
    this.notify();
  }

  private receive(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.current) {
        const cur = this.current;
        const take = Math.min(cur.remaining, chunk.length - at);
        // the body is followed by one LF, which is not part of the blob
        if (cur.keep) this.pushBody(chunk, at, at + Math.min(take, Math.max(0, cur.remaining - 1)));
        cur.remaining -= take;
        at += take;
        if (cur.remaining === 0) this.finishObject();
        continue;
      }
      const lf = chunk.indexOf(10, at);
      if (lf < 0) {
        this.pending.push(Buffer.from(chunk.subarray(at)));
        return;
      }
      // the header whole in this chunk (the common case) is read in place, without a copy
      const header = this.pending.length === 0 ? chunk.toString('utf8', at, lf) : Buffer.concat([...this.pending, chunk.subarray(at, lf)]).toString('utf8');
      this.pending = [];
      at = lf + 1;
      this.startObject(header);
    }
  }

  /** `<id> <type> <size>`, or `<name> missing` / `<name> ambiguous` */
  private startObject(header: string): void {
    // fields cut out in place: a split's array of strings per blob was 215,000 arrays on signalwire/docs
    const sp1 = header.indexOf(' ');
    const sp2 = sp1 < 0 ? -1 : header.indexOf(' ', sp1 + 1);
    const sp3 = sp2 < 0 ? -1 : header.indexOf(' ', sp2 + 1);
    const id = sp1 < 0 ? header : header.slice(0, sp1);
    const type = sp1 < 0 ? undefined : header.slice(sp1 + 1, sp2 < 0 ? undefined : sp2);
    if (type === 'missing' || type === 'ambiguous') {
      this.enqueue({ kind: 'missing', id });
      return;
    }
    const size = sp2 < 0 ? NaN : Number(header.slice(sp2 + 1, sp3 < 0 ? undefined : sp3));
    if (!Number.isFinite(size)) throw new GitError(`git cat-file: unexpected header "${header.slice(0, 80)}"`, '', null);
    // a commit is asked for by its id only (diff reads each commit of the range as git stores it)
    const keep = (type === 'blob' || type === 'commit') && size <= this.maxSize;
    this.current = { id, size, keep, remaining: size + 1, data: null, filled: 0 };
  }

  /** Copies `chunk[start..end)`, a part of the current blob's body (no view of it is made: one per read, per blob). */
  private pushBody(chunk: Buffer, start: number, end: number): void {
    const cur = this.current!;
    if (end <= start) return;
    // the read chunk is reused for the next read: the body is copied as it comes, into a region
    // of the arena's ring; from SHARED_FROM on, into a reused buffer of shared memory, which a
    // worker thread reads without another copy (below, per-blob shared buffers cost more than
    // they save: 64 KB size classes churned, and the main thread's malloc heap reached 201 MB
    // on signalwire/docs)
    if (!cur.data) {
      if (cur.size >= SHARED_FROM) {
        const memory = this.spare.take(cur.size);
        cur.data = Buffer.from(memory, 0, cur.size);
        let released = false;
        cur.release = () => {
          if (released) return;
          released = true;
          this.spare.give(memory);
          // counted once read whole (finishObject); a blob cut short by abort never is
          if (cur.remaining === 0) {
            this.largeHeld--;
            this.flow();
          }
        };
      } else {
        const region = this.arena.take(cur.size);
        cur.data = region.bytes;
        cur.release = region.release;
      }
    }
    cur.filled += chunk.copy(cur.data, cur.filled, start, end);
  }

  private finishObject(): void {
    const cur = this.current!;
    this.current = null;
    if (cur.keep && cur.size >= SHARED_FROM) this.largeHeld++;
    const data = cur.data ?? Buffer.alloc(0);
    this.enqueue(
      cur.keep
        ? { kind: 'content', id: cur.id, size: cur.size, data, ...(cur.release ? { release: cur.release } : {}) }
        : { kind: 'too-large', id: cur.id, size: cur.size },
    );
  }

  private enqueue(blob: BlobRead): void {
    const tag = this.tags[this.tagsHead] as Tag;
    // drop the reference: long histories request hundreds of thousands of blobs
    this.tags[this.tagsHead++] = undefined;
    if (this.tagsHead > 4096 && this.tagsHead * 2 > this.tags.length) {
      this.tags.splice(0, this.tagsHead);
      this.tagsHead = 0;
    }
    this.ready.push({ blob, tag });
    this.readyBytes += blob.kind === 'content' ? blob.data.length : 0;
    this.flow();
    this.notify();
  }
}

/**
 * Buffers for large blobs, reused once their consumer released them.
 * Without reuse each such blob is a fresh allocation of up to megabytes that only a garbage
 * collection in every thread that saw it returns: the history source alone, with a consumer
 * that does nothing, reached 377 MB RSS on signalwire/docs; with reuse, 225 MB.
 */
export class SpareBuffers {
  private readonly idle = new Map<number, SharedArrayBuffer[]>();
  private idleBytes = 0;
  private idleCount = 0;

  /**
   * `limit`: idle buffers kept, at most, in bytes (the rest are left to the garbage collector).
   * `one`: every buffer has `size` bytes (or more, for a larger request) and at most `keep`
   * idle ones are kept; by default buffers come in size classes of SHARED_FROM.
   */
  constructor(
    private readonly limit: number,
    private readonly one?: { size: number; keep: number },
  ) {}

  /** A buffer of at least `size` (>= SHARED_FROM) bytes: a released one of the same size class, or a new one. */
  take(size: number): SharedArrayBuffer {
    // size classes in steps of SHARED_FROM: few classes (five under the default --max-file-size)
    const capacity = this.one ? Math.max(size, this.one.size) : Math.max(SHARED_FROM, Math.ceil(size / SHARED_FROM) * SHARED_FROM);
    const reused = this.idle.get(capacity)?.pop();
    if (reused) {
      this.idleBytes -= capacity;
      this.idleCount--;
    }
    return reused ?? new SharedArrayBuffer(capacity);
  }

  /** `memory` (from take()) is no longer used by anyone. */
  give(memory: SharedArrayBuffer): void {
    if (this.idleBytes + memory.byteLength > this.limit || (this.one && this.idleCount >= this.one.keep)) return;
    const list = this.idle.get(memory.byteLength) ?? [];
    list.push(memory);
    this.idle.set(memory.byteLength, list);
    this.idleBytes += memory.byteLength;
    this.idleCount++;
  }
}
