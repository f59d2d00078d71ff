// `git cat-file --batch`: blob contents by id, streamed, in request order.
import { GitError, firstLine, spawnGit, type GitProcess } from './process.js';

/** What `git cat-file --batch` said about one requested object. */
export type BlobRead =
  { kind: 'content'; id: string; size: number; data: Buffer } | { kind: 'too-large'; id: string; size: number } | { kind: 'missing'; id: string };

/**
 * One long-running `git cat-file --batch`: request blob ids in any number, pull each answer
 * back in request order with the tag it was requested with. A blob over `maxSize` is counted
 * past, never held. Answers wait in a queue bounded in bytes: above QUEUE_HIGH git's output is
 * paused until the caller has taken half of it, so git inflates the next blobs while the caller
 * scans, and memory stays bounded whatever the repository.
 */
export class BlobReader<Tag> {
  private readonly proc: GitProcess;
  private readonly tags: (Tag | undefined)[] = [];
  private tagsHead = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** the object being received, after its header */
  private current: { id: string; size: number; keep: boolean; remaining: number } | null = null;
  private failure: Error | null = null;
  private readonly ready: ({ blob: BlobRead; tag: Tag } | undefined)[] = [];
  private readyHead = 0;
  private readyBytes = 0;
  private paused = false;
  private exited: { code: number | null; stderr: string } | null = null;
  private aborted = false;
  private ended = false;
  private wake: (() => void) | null = null;
  private static readonly QUEUE_HIGH = 8 * 1024 * 1024;

  constructor(
    root: string,
    private readonly maxSize: number,
  ) {
    // --buffer: answers need not be flushed one by one; every caller ends its requests before the last pull
    this.proc = spawnGit(root, ['cat-file', '--batch', '--buffer']);
    this.proc.child.stdout.on('data', (d: Buffer) => {
      try {
        this.receive(d);
      } catch (e) {
        this.fail(e);
      }
    });
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
    this.proc.child.stdin.write(id + '\n');
  }

  /** No more requests: once every answer has been pulled, next() returns null. */
  endRequests(): void {
    if (this.ended) return;
    this.ended = true;
    this.proc.child.stdin.end();
  }

  /** The number of requests not yet answered. */
  get outstanding(): number {
    return this.tags.length - this.tagsHead;
  }

  /** The next answer in request order; null when requests have ended and all were answered (or after abort). */
  async next(): Promise<{ blob: BlobRead; tag: Tag } | null> {
    for (;;) {
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
        if (this.paused && this.readyBytes < BlobReader.QUEUE_HIGH / 2) {
          this.paused = false;
          this.proc.child.stdout.resume();
        }
        return item;
      }
      if (this.exited) {
        if (this.ended && this.outstanding === 0) return null;
        const { code, stderr } = this.exited;
        if (code !== 0) throw new GitError(`git cat-file failed: ${firstLine(stderr)}`, stderr, code);
        throw new GitError(`git cat-file answered ${this.tagsHead} of ${this.tags.length} requests`, stderr, code);
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
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
        if (cur.keep) this.pushBody(chunk.subarray(at, at + Math.min(take, Math.max(0, cur.remaining - 1))));
        cur.remaining -= take;
        at += take;
        if (cur.remaining === 0) this.finishObject();
        continue;
      }
      const lf = chunk.indexOf(10, at);
      if (lf < 0) {
        this.pending.push(chunk.subarray(at));
        return;
      }
      const headerBytes = [...this.pending, chunk.subarray(at, lf)];
      this.pending = [];
      at = lf + 1;
      this.startObject(Buffer.concat(headerBytes).toString('utf8'));
    }
  }

  private startObject(header: string): void {
    const parts = header.split(' ');
    const id = parts[0] ?? '';
    if (parts[1] === 'missing' || parts[1] === 'ambiguous') {
      this.enqueue({ kind: 'missing', id });
      return;
    }
    const size = Number(parts[2]);
    if (!Number.isFinite(size)) throw new GitError(`git cat-file: unexpected header "${header.slice(0, 80)}"`, '', null);
    const keep = parts[1] === 'blob' && size <= this.maxSize;
    this.current = { id, size, keep, remaining: size + 1 };
    this.pending = [];
    this.pendingBytes = 0;
  }

  private pushBody(part: Buffer): void {
    if (part.length === 0) return;
    this.pending.push(part);
    this.pendingBytes += part.length;
  }

  private finishObject(): void {
    const cur = this.current!;
    this.current = null;
    // copy: a view would pin git's whole 64 KB read chunk while the blob waits in the queue
    const data = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.enqueue(cur.keep ? { kind: 'content', id: cur.id, size: cur.size, data } : { kind: 'too-large', id: cur.id, size: cur.size });
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
    if (!this.paused && this.readyBytes > BlobReader.QUEUE_HIGH) {
      this.paused = true;
      this.proc.child.stdout.pause();
    }
    this.notify();
  }
}
