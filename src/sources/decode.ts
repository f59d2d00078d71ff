// Bytes → text, with the encodings repositories actually contain. Offsets in the decoded
// string are what line/column numbers are computed from.

export type Decoded = { ok: true; text: string; encoding: string } | { ok: false; reason: 'binary' };

const SNIFF_BYTES = 8192;

/**
 * The largest file or blob read at all, whatever --max-file-size says: the engine needs a file
 * as one string, V8 strings stop at about 512 M characters, and lower-casing doubles it. Larger
 * ones are reported as too-large without being read (a 2 GB file is never loaded).
 */
export const MAX_TEXT_BYTES = 256 * 1024 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const utf16le = new TextDecoder('utf-16le', { fatal: false, ignoreBOM: true });

export function decode(buf: Uint8Array): Decoded {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return { ok: true, text: utf8.decode(buf.subarray(3)), encoding: 'utf-8-bom' };
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe)
    return { ok: true, text: utf16le.decode(buf.subarray(2)), encoding: 'utf-16le' };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    // copy (swap16 works in place) and drop a trailing odd byte
    const body = Buffer.from(buf.subarray(2, 2 + ((buf.length - 2) & ~1)));
    body.swap16();
    return { ok: true, text: utf16le.decode(body), encoding: 'utf-16be' };
  }
  const sniff = buf.subarray(0, SNIFF_BYTES);
  if (sniff.includes(0)) return { ok: false, reason: 'binary' };
  return { ok: true, text: utf8.decode(buf), encoding: 'utf-8' };
}

/** Extensions whose content is binary even when the first bytes happen to hold no NUL. */
const BINARY_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'webp', 'avif', 'tif', 'tiff', 'psd', 'heic',
  'mp3', 'mp4', 'm4a', 'wav', 'ogg', 'oga', 'flac', 'webm', 'mov', 'avi', 'mkv', 'opus',
  'zip', 'gz', 'tgz', 'bz2', 'xz', 'zst', '7z', 'rar', 'tar', 'jar', 'war', 'ear', 'apk', 'aab', 'ipa',
  'pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods',
  'woff', 'woff2', 'ttf', 'otf', 'eot',
  'exe', 'dll', 'so', 'dylib', 'o', 'a', 'lib', 'obj', 'class', 'pyc', 'pyo', 'wasm', 'node', 'bin', 'dat',
  'sqlite', 'sqlite3', 'db', 'mdb', 'parquet', 'pkl', 'npy', 'npz', 'h5',
]);

export function hasBinaryExtension(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const dot = base.lastIndexOf('.');
  return dot > 0 && BINARY_EXTENSIONS.has(base.slice(dot + 1));
}

/** What decode() does with `buf`, known without decoding it: plain UTF-8 (no BOM, no NUL in the first 8 KB). */
export function isPlainUtf8(buf: Uint8Array): boolean {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return false;
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) return false;
  return !buf.subarray(0, SNIFF_BYTES).includes(0);
}
