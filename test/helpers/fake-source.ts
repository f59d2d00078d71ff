// A source from a list of items, with one commit: all a new source has to provide to the pipeline.
import { CommitTable } from '../../src/sources/git/commit-table.js';
import type { Source, SourceItem } from '../../src/sources/source.js';

export function fakeSource(items: SourceItem[], message = 'Add'): Source {
  const commits = new CommitTable();
  commits.add({ sha: 'c'.repeat(40), author: 'A', email: 'a@example.invalid', date: '2024-01-01T00:00:00+00:00', message }, 0);
  return {
    root: '/nowhere',
    commits,
    large: false,
    warnings: [],
    items: async function* () {
      yield* items;
    },
    abort: () => undefined,
  };
}
