// Documentation awareness. A documentation tree (Markdown, MDX, API specs, or what the config
// names) is full of values that look like credentials and are examples: the same project ID on
// forty pages, a Space URL next to "e.g.", a token inside `@example(...)`. Two steps judge them:
//  1. while detecting, rules attach the example evidence they see around a match
//     (exampleEvidence below): an annotation, an `example:` block, a sample file;
//  2. after the engine, over ALL findings of the run (judgeDocumentation), a finding in a
//     documentation file is dropped when it carries evidence or when its value appears on several
//     pages (unless a token sits next to it); the rest of the example-prone rules are lowered to `info`,
//     and so are a test's Space URLs and project IDs that no credential sits beside.
// Step 2 sees the whole run at once, so it gives the same answer in scan and history, with one
// job or many: it only looks at findings, never at how they were produced.
import type { DetectInput } from '../types.js';
import { lineEnd, lineStart, linesBack } from './context.js';
import { fileNameOf } from './language.js';
import { EXAMPLE_WORDS } from './placeholders.js';
import { relativeFrom } from '../config/relative-paths.js';
import { onceEach } from '../once.js';

/** Rules whose values documentation legitimately shows as examples (tokens and keys are never examples). */
export const EXAMPLE_PRONE_RULES: ReadonlySet<string> = new Set(['signalwire-project-id', 'signalwire-space-url', 'signalwire-client-token']);

/** A value on this many distinct documentation pages is the documentation's example. */
export const REPEATED_PAGES = 3;
/** lines between a value and a credential finding that make them one pair */
export const PAIR_LINES = 3;

const DOC_EXTENSIONS = /\.(md|mdx|markdown|rst|adoc|asciidoc|tsp)$/i;
// API descriptions: OpenAPI, AsyncAPI, Swagger by file name, or any YAML/JSON under a specs folder.
// Not `spec/`: that is RSpec's test folder, whose recorded HTTP cassettes hold real project IDs and Spaces.
const SPEC_NAME = /(^|[/_.-])(openapi|asyncapi|swagger|_spec_|api-?spec)[^/]*\.(ya?ml|json)$/i;
const SPEC_DIR = /(^|\/)(specs|openapi(-specs)?|api-specs?|asyncapi)\/[^]*\.(ya?ml|json)$/i;

// Tests and their fixtures: a test folder anywhere in the path (Maven's src/test/resources too,
// RSpec's spec/, Perl's t/ and xt/), or a file named as a test by its language's convention
// (Perl's test scripts are `*.t`).
const TEST_DIR = /(^|\/)(tests?|__tests__|__mocks__|spec|e2e|testdata|test-?fixtures|x?t)\//i;
const TEST_NAME = /(^|\/)(test_[^/]*\.py|[^/]+[._-](test|spec)\.[a-z0-9]+|[^/]+_test\.(go|py|rb|exs?)|[^/]+Tests?\.(java|kt|cs|swift|scala)|[^/]+\.t)$/;

/** A test or a test's fixture, by its path from the repository's top. */
export function isTestPath(file: string): boolean {
  return TEST_DIR.test(file) || TEST_NAME.test(file);
}

/** Rules whose values a test invents as fixtures (a Space the test names, a project ID of its mock response). */
const FIXTURE_PRONE_RULES: ReadonlySet<string> = new Set(['signalwire-project-id', 'signalwire-space-url']);

/** Markdown/MDX/reStructuredText/AsciiDoc pages, TypeSpec and OpenAPI/AsyncAPI descriptions. */
export function isDocumentationPath(file: string): boolean {
  return DOC_EXTENSIONS.test(file) || SPEC_NAME.test(file) || SPEC_DIR.test(file);
}

// What annotates a value as an example: phrases of prose ("e.g.", "for example", "such as"), and
// the same in the languages documentation is translated into (a Spanish page says "por ejemplo,
// `milinea`" where its English original says "e.g., `myhotline`"), only their unambiguous
// spellings (not Italian `es.`); and "example" (in any of those languages) or "sample" as a word
// of prose, not as part of a name: `.env.example`, `config.sample.yml`, `example.com` and
// `docs/example/` name files and hosts, and a setup page says to copy one right above the team's
// real Space.
const EXAMPLE_PHRASES =
  /\be\.\s?g\.|\bfor (?:example|instance)\b|\bsuch as\b|\bsomething like\b|\blooks? like\b|\bi\.\s?e\.|\bpor (?:ejemplo|exemplo)\b|\bp\.\s?ej\.|\bej\.|\bpar exemple\b|\bp\.\s?ex\.|\bz\.\s?B\.|\bzum Beispiel\b|\bbeispielsweise\b|\b(?:ad|per) esempio\b|\bbijvoorbeeld\b|\bbijv\./;
const PROSE_EXAMPLE = new RegExp(`${EXAMPLE_PHRASES.source}|(?<![\\w./])(?:${[...EXAMPLE_WORDS, 'sample'].join('|')})(?!\\w|\\.\\w)`, 'i');
const EXAMPLE_KEY = /^(?:x-)?(?:examples?|samples?)$|examples?$/i;
const MAX_YAML_LINE = 1000;
const YAML_KEY = /^(\s*)(?:-\s+)?["']?([\w$@.-]+)["']?\s*:/;

/**
 * Why the value at [start, end) reads as an example, or null: an `@example(...)` annotation
 * (TypeSpec), an `example:`/`examples:` block above it (OpenAPI, AsyncAPI), "e.g."/"for example"/
 * "looks like" (or a translation: "por ejemplo", "z. B." …) on its line or the line above, a file named for its examples.
 */
export function exampleEvidence(input: DetectInput, start: number): string | null {
  const { text } = input;
  const ls = lineStart(input, start);
  const before = text.slice(Math.max(ls, start - 400), start);
  if (/@example\s*\(/.test(before)) return '@example annotation';
  // windows of a few hundred characters: on a minified bundle's megabyte line, slicing to the line's ends per match would be quadratic
  const prev = Math.max(linesBack(input, start, 1), start - 400);
  const around = text.slice(prev, Math.min(lineEnd(input, start), start + 200));
  if (PROSE_EXAMPLE.test(around)) return 'annotated as an example';
  const base = fileNameOf(input.path);
  if (/examples?/i.test(base)) return 'file of examples';
  const key = exampleBlockKey(input, start);
  return key ? `inside an \`${key}\` block` : null;
}

/** The `example`/`examples` key of a YAML/JSON block that encloses the line (by indentation), if any. */
function exampleBlockKey(input: DetectInput, offset: number, maxLines = 40): string | null {
  const { text } = input;
  let s = lineStart(input, offset);
  // YAML keys sit at a line's start; a long line is not YAML
  if (offset - s > MAX_YAML_LINE) return null;
  const own = text.slice(s, Math.min(lineEnd(input, s), s + MAX_YAML_LINE));
  const ownKey = YAML_KEY.exec(own);
  if (ownKey?.[2] && EXAMPLE_KEY.test(ownKey[2])) return ownKey[2];
  let indent = /^\s*/.exec(own)?.[0].length ?? 0;
  for (let k = 0; k < maxLines && s > 0 && indent > 0; k++) {
    s = linesBack(input, s - 1, 0);
    const line = text.slice(s, Math.min(lineEnd(input, s), s + MAX_YAML_LINE));
    if (!line.trim()) continue;
    const lineIndent = /^\s*/.exec(line)?.[0].length ?? 0;
    if (lineIndent >= indent) continue;
    indent = lineIndent;
    const m = YAML_KEY.exec(line);
    if (m?.[2] && EXAMPLE_KEY.test(m[2])) return m[2];
  }
  return null;
}

/** What the documentation step needs from a finding (LocatedFinding has it). */
export interface JudgedFinding {
  ruleId: string;
  file: string;
  severity: 'error' | 'warning' | 'info';
  line: number;
  commit: { sha: string } | null;
  evidence?: { value: string; example?: string };
  /** the finding's fix: a documentation page's gets DOCUMENTATION_FIX (not present in unit tests' findings) */
  fix?: string;
  /** false: HEAD no longer holds it, and its fix says what is left to do (src/scan/modes.ts): kept */
  stillPresent?: boolean | null;
  /** diff, staged: a credential finding sits beside it in its file, on a line the change did not add (src/scan/steps.ts, markBesideCredential) */
  besideCredential?: true;
}

/** A finding that makes an example-prone value beside it half of a real pair: a credential's (tokens, keys, pairs), at `error`. */
export const isCredentialFinding = (f: Pick<JudgedFinding, 'ruleId' | 'severity'>): boolean => !EXAMPLE_PRONE_RULES.has(f.ruleId) && f.severity === 'error';

/**
 * The fix of a value a documentation page shows (lowered to `info`): a page is not configured
 * from the environment, so the code's fix (`${SIGNALWIRE_PROJECT_ID}` in an MDX page) would not
 * help; a placeholder in SignalWire's own style would.
 */
const DOCUMENTATION_FIX: Readonly<Record<string, string>> = {
  'signalwire-project-id':
    'In documentation write a placeholder (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx or <project-id>) unless the page is meant to show this project: a real ID ties the page to one account.',
  'signalwire-space-url': 'In documentation write the Space as your-space.signalwire.com (or <space>.signalwire.com).',
  'signalwire-client-token': 'In documentation write a placeholder (<client-token>) instead of a real token: a real one grants access until it expires.',
};

export interface DocumentationOptions {
  /** config `documentation`: globs, relative to `configDir`, of trees that are documentation */
  globs: readonly string[];
  configDir: string;
  /** the directory finding paths are relative to */
  root: string;
  /**
   * the repository's top, when the run is in one: a file is documentation by its path from there,
   * so that `swlint scan specs` judges `specs/a.yaml` as `swlint scan .` does
   */
  top?: string | null;
}

/** A page's identity: copies of one page in two trees (`docs/x/page.mdx`, `fern/x/page.mdx`) are one page. */
function pageOf(file: string): string {
  const parts = file.toLowerCase().split('/');
  const name = (parts.pop() ?? '').replace(/\.[^.]+$/, '');
  return `${parts.pop() ?? ''}/${name}`;
}

/** How a file's example-prone findings are judged, by its path: as documentation, as a test's, or at their rule's severity. */
export type PathKind = 'documentation' | 'test' | 'code';

/**
 * What judgeDocumentation takes each path for (a path relative to `opts.root`). Also asked of a
 * file a change renames (src/run.ts): one moved out of documentation or a test into code is
 * judged whole at its new path, where its values get their full severity.
 */
export async function pathKinds(opts: DocumentationOptions): Promise<(file: string) => PathKind> {
  let inGlobs: (file: string) => boolean = () => false;
  if (opts.globs.length) {
    // loaded only when configured: start-up time is what a pre-commit hook pays
    const match = (await import('picomatch')).default([...opts.globs], { dot: true });
    const fromConfig = relativeFrom(opts.configDir, opts.root);
    inGlobs = (file) => {
      const rel = fromConfig(file);
      return !rel.startsWith('../') && match(rel);
    };
  }
  const relativeToTop = opts.top && opts.top !== opts.root ? relativeFrom(opts.top, opts.root) : null;
  const fromTop = (file: string): string => {
    const rel = relativeToTop ? relativeToTop(file) : file;
    return rel.startsWith('../') ? file : rel;
  };
  return (file) => (isDocumentationPath(fromTop(file)) || inGlobs(file) ? 'documentation' : isTestPath(fromTop(file)) ? 'test' : 'code');
}

/**
 * Step 2 (see the top of this file): drops documentation examples and lowers the remaining
 * example-prone findings in documentation to `info`, and so a test's Space URLs and project IDs
 * that no credential finding sits beside. Order-independent.
 */
export async function judgeDocumentation<T extends JudgedFinding>(findings: T[], opts: DocumentationOptions): Promise<T[]> {
  const kind = await pathKinds(opts);
  const isDoc = onceEach((file) => kind(file) === 'documentation');
  const pages = new Map<string, Set<string>>();
  // credentials (tokens, keys, pairs) by file and commit: a value next to one is half of a real pair
  const credentialLines = new Map<string, number[]>();
  const where = (f: T) => `${f.file}\0${f.commit?.sha ?? ''}`;
  for (const f of findings) {
    if (!isCredentialFinding(f)) continue;
    const list = credentialLines.get(where(f));
    if (list) list.push(f.line);
    else credentialLines.set(where(f), [f.line]);
  }
  // diff and staged report the lines a change added: a credential the file already had is known from its own scan (besideCredential)
  const paired = (f: T) => f.besideCredential === true || (credentialLines.get(where(f))?.some((l) => Math.abs(l - f.line) <= PAIR_LINES) ?? false);
  for (const f of findings) {
    if (!EXAMPLE_PRONE_RULES.has(f.ruleId) || !f.evidence || !isDoc(f.file)) continue;
    const key = `${f.ruleId}\0${f.evidence.value}`;
    let set = pages.get(key);
    if (!set) pages.set(key, (set = new Set()));
    set.add(pageOf(f.file));
  }
  const isTest = onceEach((file) => kind(file) === 'test');
  const out: T[] = [];
  for (const f of findings) {
    if (!EXAMPLE_PRONE_RULES.has(f.ruleId) || !f.evidence || !isDoc(f.file)) {
      // a test's Space or project ID with no credential beside it is the test's own invention, or
      // an identifier that is no secret: worth a look (`info`), not a warning on every run
      if (FIXTURE_PRONE_RULES.has(f.ruleId) && f.severity === 'warning' && isTest(f.file) && !paired(f)) out.push({ ...f, severity: 'info' });
      else out.push(f);
      continue;
    }
    if (f.evidence.example) continue;
    // a value a spec prints as an example and a runbook pairs with a real token stays the runbook's finding
    if ((pages.get(`${f.ruleId}\0${f.evidence.value}`)?.size ?? 0) >= REPEATED_PAGES && !paired(f)) continue;
    const fix = f.fix !== undefined && f.stillPresent !== false ? DOCUMENTATION_FIX[f.ruleId] : undefined;
    // the same object when nothing changes: steps after this one may know a finding by its identity
    out.push(f.severity === 'info' && (!fix || f.fix === fix) ? f : { ...f, severity: 'info', ...(fix ? { fix } : {}) });
  }
  return out;
}
