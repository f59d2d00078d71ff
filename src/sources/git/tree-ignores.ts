// Which paths the `.gitignore` files of one commit's tree ignore. History says of a `.env` file
// ever committed whether the repository as committed at HEAD keeps it out: the working tree's
// `.gitignore` files may differ from HEAD's (or be missing: a bare clone), and
// `.git/info/exclude` protects no other clone, so git's own check-ignore is not the question.
import ignore from 'ignore';
import { BlobReader } from './blob-reader.js';

/** `.gitignore` files are small; a larger one is not read (its patterns are not known, the path is taken as not ignored). */
const MAX_GITIGNORE_BYTES = 1024 * 1024;

type Matcher = ReturnType<typeof ignore>;

/**
 * The paths of `rels` that the `.gitignore` files of `tree` (path → blob id, as listed by
 * treeBlobs) ignore, with git's precedence: a deeper file's patterns come after its parents',
 * the last match wins, and nothing under an ignored directory can be re-included.
 */
export async function ignoredInTree(root: string, tree: ReadonlyMap<string, string>, rels: readonly string[]): Promise<Set<string>> {
  const fileIn = (dir: string) => (dir ? `${dir}/.gitignore` : '.gitignore');
  const wanted = new Set<string>();
  for (const rel of rels) for (const dir of ancestors(rel)) if (tree.has(fileIn(dir))) wanted.add(fileIn(dir));
  const matchers = new Map<string, Matcher>();
  if (wanted.size) {
    const reader = new BlobReader<string>(root, MAX_GITIGNORE_BYTES);
    for (const p of wanted) reader.read(tree.get(p)!, p);
    reader.endRequests();
    try {
      for (let a = reader.take() ?? (await reader.next()); a; a = reader.take() ?? (await reader.next())) {
        if (a.blob.kind !== 'content') continue;
        matchers.set(a.tag, ignore().add(a.blob.data.toString('utf8')));
        a.blob.release?.();
      }
      await reader.close();
    } catch (e) {
      reader.abort();
      throw e;
    }
  }
  const out = new Set<string>();
  for (const rel of rels) if (isIgnored(rel, (dir) => matchers.get(fileIn(dir)))) out.add(rel);
  return out;
}

/** The directories above `rel`, from the top: '' (the top level), then `a`, `a/b` … */
function ancestors(rel: string): string[] {
  const out = [''];
  for (let slash = rel.indexOf('/'); slash >= 0; slash = rel.indexOf('/', slash + 1)) out.push(rel.slice(0, slash));
  return out;
}

function isIgnored(rel: string, matcherOf: (dir: string) => Matcher | undefined): boolean {
  const levels: { base: string; ig: Matcher }[] = [];
  const dirs = ancestors(rel);
  for (let i = 0; i < dirs.length; i++) {
    const ig = matcherOf(dirs[i]!);
    if (ig) levels.push({ base: dirs[i]!, ig });
    // the next directory down (with its slash: `dir/` patterns match only directories), then the file
    const probe = i + 1 < dirs.length ? `${dirs[i + 1]!}/` : rel;
    let ignored = false;
    for (const l of levels) {
      const t = l.ig.test(l.base ? probe.slice(l.base.length + 1) : probe);
      if (t.ignored) ignored = true;
      else if (t.unignored) ignored = false;
    }
    // git does not descend into an ignored directory: nothing below it can be re-included
    if (ignored || probe === rel) return ignored;
  }
  return false;
}
