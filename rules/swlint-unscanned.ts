import type { RepositoryRule } from '../src/types.js';

const rule: RepositoryRule = {
  kind: 'repository',
  id: 'swlint-unscanned',
  severity: 'error',
  precision: 'very-high',
  message: 'Content swlint could not scan',
  description:
    'In a pre-commit hook or a pull-request gate, a file swlint could not read (larger than --max-file-size, compressed in a format it does not open such as xz, bzip2, 7z or rar, or an object git could not produce) would otherwise pass as clean. It is reported so that unscanned never means clean; real binaries (images, archives, by content) are listed as skipped instead.',
  modes: ['staged', 'diff'],
  describeFacts: (f) => `Content swlint could not scan (${f.unscanned?.reason ?? 'unreadable'}${f.unscanned?.detail ? `: ${f.unscanned.detail}` : ''})`,
  fix: ({ path, facts }) =>
    facts?.unscanned?.reason === 'compressed'
      ? `${path} is compressed in a format swlint does not open (xz, bzip2, 7z, rar, lz4, lzip), as a file or inside an archive: unpack it and scan the unpacked files (\`swlint scan DIR\`), or check them by hand for credentials; then commit it as gzip, zstd or zip (whose contents a gate reads) or keep it out of the repository. If it must stay as it is, accept this version in the baseline (\`swlint baseline\`: a later version is reported again), or list it in \`allowlist.paths\` in the base branch's configuration (a pull request's own configuration is not used).`
      : `Check ${path} by hand for credentials, then either keep it out of the repository (large generated or data files rarely belong there) or raise --max-file-size for this run; if it must stay, accept the finding in the baseline (\`swlint baseline\`): the entry accepts this version of the file, and a later version is reported again.`,
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
        facts: {
          path: 'backup/secrets.7z',
          tracked: true,
          ignored: false,
          inRepo: true,
          unscanned: { reason: 'compressed', detail: '7z, a format swlint does not open: its contents were not scanned' },
        },
        why: 'an archive swlint cannot open may hold anything',
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
