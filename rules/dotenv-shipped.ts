import type { RepositoryRule } from '../src/types.js';
import { fileNameOf, isDotenvPath } from '../src/detect/language.js';

const rule: RepositoryRule = {
  kind: 'repository',
  id: 'dotenv-shipped',
  severity: 'error',
  precision: 'high',
  message: '.env file is ignored by git but shipped in a Docker image or npm package',
  description:
    'Git ignores this .env file, but it ships anyway: a Dockerfile copies the whole directory (COPY . / ADD .) and no .dockerignore entry covers it, so it is baked into every image layer; or `npm pack` would include it (a package.json "files" list that matches it, or an .npmignore, which replaces .gitignore for npm, that lacks it).',
  fix: ({ path }) =>
    `Docker: add \`${fileNameOf(path)}\` (or \`**/.env*\`) to the .dockerignore next to the Dockerfile and pass secrets at run time (--env-file, secrets); npm: add \`${fileNameOf(path)}\` to .npmignore or narrow package.json "files" so that it no longer matches (check with \`npm pack --dry-run\`). Then rotate every credential the file held if an image or package was ever published.`,
  check: (f) => isDotenvPath(f.path) && f.ignored && !f.tracked && !f.symlink && (f.shippedBy?.length ?? 0) > 0,
  examples: {
    positive: [
      { facts: { path: '.env', tracked: false, ignored: true, inRepo: true, shippedBy: ['docker'] }, why: 'Dockerfile with COPY . and no .dockerignore entry' },
      { facts: { path: 'packages/sdk/.env.local', tracked: false, ignored: true, inRepo: true, shippedBy: ['npm'] } },
      { facts: { path: 'prod.env', tracked: false, ignored: true, inRepo: false, shippedBy: ['docker', 'npm'] } },
    ],
    negative: [
      {
        facts: { path: '.env', tracked: false, ignored: true, inRepo: true, symlink: true, shippedBy: ['docker'] },
        why: 'a build copies the link, not the values',
      },
      { facts: { path: '.env', tracked: false, ignored: true, inRepo: true }, why: 'ignored and shipped nowhere' },
      { facts: { path: '.env', tracked: false, ignored: true, inRepo: true, shippedBy: [] } },
      { facts: { path: '.env.example', tracked: false, ignored: true, inRepo: true, shippedBy: ['docker'] }, why: 'a template' },
      { facts: { path: '.env', tracked: true, ignored: false, inRepo: true, shippedBy: ['docker'] }, why: 'tracked files are dotenv-committed' },
    ],
  },
};

export default rule;
