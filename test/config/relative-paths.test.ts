// The allowlist's file names (src/config/relative-paths.ts): the prefix worked out once must give
// exactly what node's path functions give, for every root, base and name, normalised or not.
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { relativeFrom } from '../../src/config/relative-paths.js';

const byNode = (base: string, root: string, rel: string) => path.relative(base, path.join(root, rel)).split(path.sep).join('/');

// names as git and directory walks give them, and the odd ones a user or a bug could pass
const segment = fc.oneof(
  fc.constantFrom('src', 'a', '.env', 'fixtures', 'node_modules', 'ünï', 'a b', '.', '..', '...', '', '.git', 'x..y'),
  fc.stringMatching(/^[a-z.]{1,4}$/),
);
const relName = fc.array(segment, { minLength: 0, maxLength: 5 }).map((s) => s.join('/'));
const dirPath = fc.array(fc.constantFrom('repo', 'ci', 'sub', 'a', 'b', '..', '.'), { minLength: 0, maxLength: 4 }).map((s) => '/' + s.join('/'));

describe('relativeFrom', () => {
  it('gives what path.relative(base, path.join(root, rel)) gives, for any root, base and name', () => {
    fc.assert(
      fc.property(dirPath, dirPath, relName, (base, root, rel) => {
        expect(relativeFrom(base, root)(rel)).toBe(byNode(base, root, rel));
      }),
      { numRuns: 5000 },
    );
  });

  it('names under the root, from the root itself, from a directory above it and from one beside it', () => {
    const cases: [string, string, string, string][] = [
      ['/r', '/r', 'fixtures/a.py', 'fixtures/a.py'],
      ['/r', '/r/sub', 'fixtures/a.py', 'sub/fixtures/a.py'],
      ['/r/ci', '/r', 'fixtures/a.py', '../fixtures/a.py'],
      ['/r/ci', '/r', 'ci/x.json', 'x.json'],
      ['/r', '/r', 'a/../b', 'b'],
      ['/r', '/r', './a', 'a'],
      ['/r', '/r', '', ''],
    ];
    for (const [base, root, rel, want] of cases) expect(relativeFrom(base, root)(rel)).toBe(want);
  });
});
