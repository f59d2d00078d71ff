// A Uint8Array as a Buffer over the same memory, without a copy. Bytes reach a worker as a
// Uint8Array (structured clone, shared memory), and node's own natives are Buffer's: its
// indexOf and toString, ten times faster than TypedArray's for a NUL sniff (src/scan/unit.ts),
// and its fs calls, which take a path's bytes only as a Buffer.
export function bufferView(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
