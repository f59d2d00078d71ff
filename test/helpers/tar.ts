/** One file of a tar archive (ustar), then the two zero blocks that end it: what `tar` writes for a single file. */
export function tar(name: string, data: string | Buffer): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  const head = Buffer.alloc(512);
  head.write(name, 0, 'latin1');
  head.write('0000644\0', 100, 'latin1');
  head.write(`${bytes.length.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  head.write('0', 156, 'latin1');
  head.write('ustar\0' + '00', 257, 'latin1');
  const body = Buffer.alloc(Math.ceil(bytes.length / 512) * 512);
  bytes.copy(body);
  return Buffer.concat([head, body, Buffer.alloc(1024)]);
}
