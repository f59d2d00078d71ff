import type { RepositoryRule } from '../src/types.js';
import { fileNameOf, isDotenvPath } from '../src/detect/language.js';

const rule: RepositoryRule = {
  kind: 'repository',
  id: 'dotenv-not-ignored',
  severity: 'error',
  precision: 'very-high',
  message: '.env file is not ignored by git',
  description:
    'A .env-style file sits in the repository and no .gitignore rule covers it: the next `git add .` commits every credential in it. SignalWire advises keeping credentials in .env files that git ignores.',
  fix: ({ path }) =>
    `Add \`${fileNameOf(path)}\` (or \`.env*\` with \`!.env.example\`) to .gitignore, keep committed templates as .env.example with placeholder values, and check with \`git check-ignore -v ${path}\`.`,
  check: (f) => isDotenvPath(f.path) && !f.ignored && !f.tracked && !f.symlink,
  examples: {
    positive: [
      { facts: { path: '.env', tracked: false, ignored: false, inRepo: true } },
      { facts: { path: 'services/api/.env.production', tracked: false, ignored: false, inRepo: true } },
      {
        facts: { path: 'deploy/prod.env', tracked: false, ignored: false, inRepo: false },
        why: 'outside a repository, judged by the .gitignore files present',
      },
    ],
    negative: [
      { facts: { path: '.env', tracked: false, ignored: false, inRepo: true, symlink: true }, why: '`git add` would commit the link, not the values' },
      { facts: { path: 'example.env', tracked: false, ignored: false, inRepo: true }, why: 'a template, the word before the suffix' },
      { facts: { path: 'config/sample.env', tracked: false, ignored: false, inRepo: true }, why: 'a template' },
      { facts: { path: 'template.env', tracked: false, ignored: false, inRepo: true }, why: 'a template' },
      { facts: { path: 'ios/.xcode.env', tracked: false, ignored: false, inRepo: true }, why: 'React Native: NODE_BINARY, no secrets' },
      { facts: { path: 'ios/.xcode.env.local', tracked: false, ignored: false, inRepo: true }, why: 'React Native: NODE_BINARY, no secrets' },
      { facts: { path: '.env', tracked: false, ignored: true, inRepo: true } },
      { facts: { path: '.env.example', tracked: false, ignored: false, inRepo: true } },
      { facts: { path: 'config/.env.sample', tracked: true, ignored: false, inRepo: true } },
      { facts: { path: '.env.template', tracked: false, ignored: false, inRepo: true } },
      { facts: { path: 'environment.ts', tracked: false, ignored: false, inRepo: true } },
      { facts: { path: '.env', tracked: true, ignored: false, inRepo: true }, why: 'tracked files are dotenv-committed' },
    ],
  },
};

export default rule;
