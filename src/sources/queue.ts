// A queue between a producer that pushes (git's output events) and a consumer that pulls
// (the pipeline's `for await`): bounded in bytes, so that a producer faster than the scan is
// paused instead of filling memory.

export class ItemQueue<T> {
  private readonly items: (T | undefined)[] = [];
  private head = 0;
  private bytes = 0;
  private done = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  private full = false;
  private roomWaiters: (() => void)[] = [];

  /**
   * `high`: above this many bytes queued `onFull` is called (pause the producer); `onRoom`
   * when the consumer has taken it below half.
   */
  constructor(
    private readonly high: number,
    private readonly onFull: () => void = () => undefined,
    private readonly onRoom: () => void = () => undefined,
  ) {}

  push(item: T, size = 0): void {
    this.items.push(item);
    this.sizes.push(size);
    this.bytes += size;
    if (!this.full && this.bytes > this.high) {
      this.full = true;
      this.onFull();
    }
    this.notify();
  }

  private readonly sizes: number[] = [];

  end(): void {
    this.done = true;
    this.notify();
    for (const w of this.roomWaiters.splice(0)) w();
  }

  fail(e: unknown): void {
    this.failure ??= e instanceof Error ? e : new Error(String(e));
    this.notify();
    for (const w of this.roomWaiters.splice(0)) w();
  }

  /** Resolves once the queue is not over its byte bound (at once when it is not). */
  async room(): Promise<void> {
    while (this.overBound) await new Promise<void>((r) => this.roomWaiters.push(r));
  }

  /**
   * Whether a producer should wait for room() before pushing more: asked first, it spares an
   * await per item when there is room (history pushes 215,000 items on signalwire/docs).
   */
  get overBound(): boolean {
    return this.full && !this.done && !this.failure;
  }

  get length(): number {
    return this.items.length - this.head;
  }

  /**
   * Not an async generator: a generator awaits each value it yields and each next() call, where
   * this answers an item that is already queued with one resolved promise.
   */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        try {
          const now = this.poll();
          return now ? Promise.resolve(now) : this.pull();
        } catch (e) {
          return Promise.reject(e instanceof Error ? e : new Error(String(e)));
        }
      },
    };
  }

  private async pull(): Promise<IteratorResult<T>> {
    for (;;) {
      const now = this.poll();
      if (now) return now;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** The next item, the end, or undefined when the producer has not pushed it yet. */
  private poll(): IteratorResult<T> | undefined {
    if (this.failure) throw this.failure;
    if (this.head < this.items.length) {
      const item = this.items[this.head] as T;
      this.items[this.head] = undefined;
      this.bytes -= this.sizes[this.head]!;
      this.head++;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items.splice(0, this.head);
        this.sizes.splice(0, this.head);
        this.head = 0;
      }
      if (this.full && this.bytes <= this.high / 2) {
        this.full = false;
        this.onRoom();
        for (const w of this.roomWaiters.splice(0)) w();
      }
      return { value: item, done: false };
    }
    return this.done ? { value: undefined, done: true } : undefined;
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }
}
