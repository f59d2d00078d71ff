import type { RepositoryRule } from '../src/types.js';
import { fileNameOf, isDotenvPath } from '../src/detect/language.js';

const rule: RepositoryRule = {
  kind: 'repository',
  id: 'dotenv-committed',
  severity: 'error',
  precision: 'very-high',
  message: '.env file is committed to git',
  description:
    'A .env-style file is tracked by git, so every clone, fork and CI cache holds the credentials in it, and they stay in history after the file is deleted.',
  fix: ({ path, facts }) => {
    const rotate = `rotate every credential the file ever held (SignalWire: API > Tokens, create a new token, delete the old). Purge it from history with \`git filter-repo --invert-paths --path ${path}\` if the history is shared.`;
    // history: what is left to do depends on HEAD, not on the commit that added the file
    const head = facts?.head;
    const ignored = head ? head.ignored : facts?.ignored;
    if (head && !head.tracked)
      return `It is no longer tracked at HEAD${ignored ? ' and .gitignore covers it' : `; add \`${fileNameOf(path)}\` to .gitignore so that it is not committed again`}: ${rotate}`;
    return `Stop tracking it with \`git rm --cached ${path}\`${ignored ? ' (.gitignore already covers it, but ignoring never untracks a file)' : `, add \`${fileNameOf(path)}\` to .gitignore`}, commit a .env.example with placeholder values instead, and ${rotate}`;
  },
  // a symbolic link holds a path, not the values: git has nothing of them
  check: (f) => isDotenvPath(f.path) && f.tracked && !f.symlink,
  examples: {
    positive: [
      { facts: { path: '.env', tracked: true, ignored: false, inRepo: true } },
      { facts: { path: 'app/.env.local', tracked: true, ignored: true, inRepo: true }, why: 'ignoring a tracked file does not untrack it' },
    ],
    negative: [
      { facts: { path: 'example.env', tracked: true, ignored: false, inRepo: true }, why: 'a template, the word before the suffix' },
      { facts: { path: 'config/sample.env', tracked: true, ignored: false, inRepo: true }, why: 'a template' },
      { facts: { path: 'template.env', tracked: true, ignored: false, inRepo: true }, why: 'a template' },
      { facts: { path: 'bots/mfa/changeme.env', tracked: true, ignored: false, inRepo: true }, why: 'a template: its name asks for the values' },
      { facts: { path: '.env.changeme', tracked: true, ignored: false, inRepo: true }, why: 'a template' },
      { facts: { path: 'ios/.xcode.env', tracked: true, ignored: false, inRepo: true }, why: 'React Native: NODE_BINARY, no secrets' },
      { facts: { path: 'ios/.xcode.env.local', tracked: true, ignored: false, inRepo: true }, why: 'React Native: NODE_BINARY, no secrets' },
      { facts: { path: '.env', tracked: false, ignored: true, inRepo: true } },
      { facts: { path: '.env.example', tracked: true, ignored: false, inRepo: true } },
      { facts: { path: '.env', tracked: false, ignored: false, inRepo: false } },
      {
        facts: { path: 'deploy/.env', tracked: true, ignored: false, inRepo: true, symlink: true },
        why: 'a link to a file outside the repository: git holds the path only',
      },
    ],
  },
};

export default rule;
