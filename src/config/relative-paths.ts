// Root-relative file names as the allowlist's globs and .swlintignore see them: relative to the
// repository root or to the configuration's directory, with `/` separators. The allowlist is
// asked once for every item a scan hands on, 223,003 times on signalwire/docs' history, where
// `path.relative(base, path.join(root, rel))` left about 6 KB of garbage a call (node's sampling
// heap profiler: 1.4 GB over a run whose paths were all allowlisted).
import path from 'node:path';

/**
 * A normalised relative POSIX path: not empty, no leading or trailing `/`, no empty, `.` or `..`
 * segment. For such a `rel`, `path.join(root, rel)` is `root` and `rel` joined by one `/`.
 */
const NORMALISED = /^(?:(?!\.\.?\/)[^/]+\/)*(?!\.\.?$)[^/]+$/;

/**
 * `rel` (relative to `root`) made relative to `base`, with `/` separators: the same string as
 * `path.relative(base, path.join(root, rel)).split(path.sep).join('/')`. When `root` is `base` or
 * lies inside it and `rel` is normalised (every name git or a directory walk gives), that is the
 * prefix from `base` to `root` and `rel`, worked out once; anything else takes node's path.
 */
export function relativeFrom(base: string, root: string): (rel: string) => string {
  const exact = (rel: string) => path.relative(base, path.join(root, rel)).split(path.sep).join('/');
  if (path.sep !== '/') return exact;
  const prefix = exact('');
  // root outside base: path.relative would walk up and back down, which a prefix does not
  if (prefix === '..' || prefix.startsWith('../')) return exact;
  return (rel) => (NORMALISED.test(rel) ? (prefix === '' ? rel : `${prefix}/${rel}`) : exact(rel));
}
