// Reading a child process's stdout into one reused buffer. Node reads a pipe into a fresh
// 64 KB buffer per read, which lives until the garbage collector notices it: for history's two
// git streams (about 2 GB over signalwire/docs) that was 78-95 MB of the main thread's malloc
// heap at the peak, all garbage. Here every read lands in the same buffer, handed to the
// callback as a view that is valid only during the call: the callback copies what it keeps.
import net from 'node:net';
import type { Readable } from 'node:stream';

/** The size of the reused buffer: a Linux pipe holds 64 KB, so a read returns at most that much. */
export const READ_BUFFER_BYTES = 64 * 1024;

export interface PipeReader {
  /** stops reading (the writer blocks once the pipe is full) */
  pause(): void;
  resume(): void;
  /** stops reading for good (the process was killed: what is left in the pipe is not wanted) */
  destroy(): void;
  /** whether the open pipe keeps node's event loop alive (a reader waiting to be taken over must not) */
  hold(on: boolean): void;
  /** settles once the stream has ended (EOF, error or destroy) and nothing more will be handed over */
  readonly closed: Promise<void>;
}

/**
 * The libuv stream under a socket (`socket._handle`): private to node, present since its first
 * versions, and what node itself hands a reused buffer to (`useUserBuffer`, the `onread`
 * option of net sockets). Checked before use: without it the stream is read the usual way.
 */
interface StreamHandle {
  reading: boolean;
  readStop(): number;
  useUserBuffer(buffer: Uint8Array): void;
}

export interface ReadPipeOptions {
  /** the size of the reused buffer (default READ_BUFFER_BYTES) */
  bufferBytes?: number;
  /**
   * For a long stream of small writes (`cat-file --batch` writes each blob's header and body
   * separately): after a read that found less than half a buffer waiting, stop reading for this
   * many milliseconds so that the writer fills the socket. Without it node wakes and reads once
   * per write git makes: 200k reads and as many epoll waits over signalwire/docs' history, each
   * a trap to the hypervisor on a virtual machine (bench/BENCHMARKS.head.md round 12).
   */
  gatherMs?: number;
}

/**
 * Reads `stream` (a child's stdout, just spawned: nothing read yet) calling `onChunk` with each
 * read. Chunks are views of one buffer of `bufferBytes`, overwritten by the next read. A stream
 * that is no pipe socket is read through 'data' events (its chunks stay valid).
 */
export function readPipe(
  stream: Readable,
  onChunk: (chunk: Buffer) => void,
  { bufferBytes = READ_BUFFER_BYTES, gatherMs = 0 }: ReadPipeOptions = {},
): PipeReader {
  if (!(stream instanceof net.Socket)) return readEvents(stream, onChunk);
  const socket = stream as net.Socket & { _handle: unknown };
  const handle = socket._handle as Partial<StreamHandle> | null | undefined;
  if (!handle || typeof handle.readStop !== 'function' || typeof handle.useUserBuffer !== 'function') return readEvents(stream, onChunk);
  // the child process's own socket hands its handle over before it reads anything (spawn
  // returned in this same turn of the event loop); closed without a handle, it counts as
  // closed for the child's 'close' event, which is why `closed` is awaited separately
  handle.reading = false;
  handle.readStop();
  socket._handle = null;
  socket.destroy();
  const buffer = Buffer.allocUnsafeSlow(bufferBytes);
  // reading stops while the caller paused it or while a gathering pause runs; either may end first
  let pausedByCaller = false;
  let gathering: NodeJS.Timeout | null = null;
  // whether the reader keeps the event loop alive (hold): a gathering pause follows it
  let held = true;
  let closed!: () => void;
  const done = new Promise<void>((resolve) => (closed = resolve));
  // `handle` and `onread` together are not in @types/node's constructor options (onread is
  // typed for connect() only); node's Socket constructor takes both (lib/net.js)
  const options = {
    handle,
    readable: true,
    writable: false,
    manualStart: true,
    onread: {
      buffer,
      callback: (n: number, into: Uint8Array) => {
        onChunk(Buffer.from(into.buffer, into.byteOffset, n));
        if (gatherMs > 0 && n < bufferBytes / 2 && !gathering && !reader.destroyed) {
          reader.pause();
          gathering = setTimeout(() => {
            gathering = null;
            if (!pausedByCaller) reader.resume();
          }, gatherMs);
          if (!held) gathering.unref();
        }
      },
    },
  } as unknown as net.SocketConstructorOpts;
  const reader = new net.Socket(options);
  reader.on('error', () => undefined);
  const stopGathering = () => {
    if (gathering) clearTimeout(gathering);
    gathering = null;
  };
  reader.on('close', () => (stopGathering(), closed()));
  reader.on('end', () => (stopGathering(), closed()));
  // started on the next tick, not now: a resumed socket starts reading on the next tick whatever
  // a pause() in between says, so a caller that pauses at once (history waits for HEAD's tree and
  // a partial clone's absent objects) would be handed output early
  process.nextTick(() => {
    if (!pausedByCaller && !gathering && !reader.destroyed) reader.resume();
  });
  return {
    pause: () => {
      pausedByCaller = true;
      reader.pause();
    },
    resume: () => {
      pausedByCaller = false;
      if (!gathering) reader.resume();
    },
    destroy: () => {
      stopGathering();
      reader.destroy();
      closed();
    },
    hold: (on) => {
      held = on;
      if (on) reader.ref();
      else reader.unref();
      // an unref'd reader must not be kept alive by its gathering pause either
      if (gathering) void (on ? gathering.ref() : gathering.unref());
    },
    closed: done,
  };
}

/** The usual way: node allocates each chunk. */
function readEvents(stream: Readable, onChunk: (chunk: Buffer) => void): PipeReader {
  stream.on('data', onChunk);
  stream.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => {
    stream.on('close', resolve);
    stream.on('end', resolve);
  });
  const handle = stream as Readable & { ref?(): void; unref?(): void };
  return {
    pause: () => stream.pause(),
    resume: () => stream.resume(),
    destroy: () => stream.destroy(),
    hold: (on) => void (on ? handle.ref?.() : handle.unref?.()),
    closed,
  };
}
