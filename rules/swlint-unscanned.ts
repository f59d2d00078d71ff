import type { RepositoryRule } from '../src/types.js';

const rule: RepositoryRule = {
  kind: 'repository',
  id: 'swlint-unscanned',
  severity: 'error',
  precision: 'very-high',
  message: 'Content swlint could not scan',
  description:
    'In a pre-commit hook or a pull-request gate, a file swlint could not read (larger than --max-file-size, or an object git could not produce) would otherwise pass as clean. It is reported so that unscanned never means clean; real binaries (images, archives, by content) are listed as skipped instead.',
  modes: ['staged', 'diff'],
  describeFacts: (f) => `Content swlint could not scan (${f.unscanned?.reason ?? 'unreadable'}${f.unscanned?.detail ? `: ${f.unscanned.detail}` : ''})`,
  fix: ({ path }) =>
    `Check ${path} by hand for credentials, then either keep it out of the repository (large generated or data files rarely belong there) or raise --max-file-size for this run; if it must stay, accept the finding in the baseline (\`swlint baseline\`): the entry accepts this version of the file, and a later version is reported again.`,
  check: (f) => f.unscanned !== undefined,
  // keyed on the content, not only the path: accepting one version that could not be scanned
  // (a baseline entry) must not accept a later one, which may hold anything
  fingerprintOf: (f) => f.unscanned?.version ?? '',
  examples: {
    positive: [
      {
        facts: {
          path: 'data/dump.sql',
          tracked: true,
          ignored: false,
          inRepo: true,
          unscanned: { reason: 'too-large', detail: '6291456 bytes > --max-file-size 5242880' },
        },
      },
      {
        facts: { path: 'src/app.js', tracked: true, ignored: false, inRepo: true, unscanned: { reason: 'missing-object' } },
        why: 'git could not produce the blob: it was not read, so it is not known to be clean',
      },
    ],
    negative: [
      { facts: { path: 'src/app.js', tracked: true, ignored: false, inRepo: true } },
      { facts: { path: 'assets/logo.png', tracked: true, ignored: false, inRepo: true }, why: 'a real binary is skipped, not unscanned' },
    ],
  },
};

export default rule;
