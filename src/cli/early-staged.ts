// Imported first by src/cli.ts, so that this runs before the rest of the CLI is set up: for
// `swlint staged` (a pre-commit hook, run on every commit) git starts answering the repository
// questions and listing the index while node sets up the rest (bench/BENCHMARKS.head.md,
// "Staged latency"). A command line that turns out to be wrong costs two read-only git calls.
// Other spellings (`swlint -f json staged`) are prefetched after parsing, in src/cli.ts. The
// bundled bin starts the same two calls before the bundle loads and hands them in as
// `__swlintStagedQuestions`, one of the bundle's wrapper's parameters (src/bin.ts); run any
// other way (tests, the unbundled build), the name is unbound and the calls start here.
import type { StagedQuestions } from '../sources/git/hardened.js';
import { prefetchStaged } from '../sources/staged.js';

declare const __swlintStagedQuestions: StagedQuestions | null | undefined;

if (process.argv[2] === 'staged') {
  try {
    prefetchStaged(process.cwd(), typeof __swlintStagedQuestions === 'undefined' ? null : __swlintStagedQuestions);
  } catch {
    // no working directory (deleted under the shell): the run says so, with exit 2
  }
}
