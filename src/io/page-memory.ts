// Buffers that grow or pass through, from the pages V8 maps itself rather than from the C
// allocator. A resizable ArrayBuffer (or growable SharedArrayBuffer) is reserved and committed by
// V8's page allocator and unmapped when collected, whatever its size; a plain one of 128 KB or
// more is a block glibc maps for it. Why it matters: glibc raises its mmap threshold to the size
// of the largest mapped block the process frees (up to 32 MB), and from then on keeps up to twice
// that much free at the top of every thread's heap instead of returning it. In signalwire/docs'
// history the bundle read at start-up (1.3 MB), one binary's bytes read as a string (3.7 MB), a
// stand-in scratch outgrown and the path tables' old arrays (up to 4 MB), freed, raised it to
// 4 MB: peak RSS 194-205 MiB, against 172-182 MiB with them from here (11 paired runs; the memory
// returned is taken again later, 15 % more page faults, 1-2 % of the CPU: bench/BENCHMARKS.head.md,
// round 35). Only for buffers made rarely: reading through a resizable buffer is slower in V8's
// fast paths (the working tree's reused read buffer from here made its scan 11 % slower), so a
// buffer kept for reuse stays plain, made once and never freed.

/** glibc's mmap threshold before any mapped block is freed: smaller blocks never move it */
export const MAPPED_FROM = 128 * 1024;

/** `bytes` zeroed bytes; from V8's pages when that many would be a mapped block of the C allocator. */
export function arrayBufferOf(bytes: number): ArrayBuffer {
  return bytes >= MAPPED_FROM ? new ArrayBuffer(bytes, { maxByteLength: bytes }) : new ArrayBuffer(bytes);
}

/** A shared buffer of `bytes`, from V8's pages when large (as arrayBufferOf). */
export function sharedBufferOf(bytes: number): SharedArrayBuffer {
  return bytes >= MAPPED_FROM ? new SharedArrayBuffer(bytes, { maxByteLength: bytes }) : new SharedArrayBuffer(bytes);
}

/** A Buffer of `size` bytes of its own (never a slice of node's pool), as Buffer.allocUnsafeSlow but from V8's pages when large. */
export function bytesOf(size: number): Buffer<ArrayBuffer> {
  return size >= MAPPED_FROM ? Buffer.from(arrayBufferOf(size)) : Buffer.allocUnsafeSlow(size);
}

export const int32sOf = (length: number): Int32Array<ArrayBuffer> => new Int32Array(arrayBufferOf(length * 4));
export const uint32sOf = (length: number): Uint32Array<ArrayBuffer> => new Uint32Array(arrayBufferOf(length * 4));
export const float64sOf = (length: number): Float64Array<ArrayBuffer> => new Float64Array(arrayBufferOf(length * 8));
export const uint8sOf = (length: number): Uint8Array<ArrayBuffer> => new Uint8Array(arrayBufferOf(length));
