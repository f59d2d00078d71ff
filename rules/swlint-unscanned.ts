import type { RepositoryRule } from '../src/types.js';

const rule: RepositoryRule = {
  kind: 'repository',
  id: 'swlint-unscanned',
  severity: 'error',
  precision: 'very-high',
  message: 'Content swlint could not scan',
  description:
    'In a pre-commit hook or a pull-request gate, a file swlint could not read (larger than --max-file-size, compressed in a format it does not open such as xz, bzip2, 7z or rar, a zip whose entries are encrypted or use another method than deflate or zstd, a compressed file cut short or corrupt, an object git could not produce, encoded values past the decoding bound or nested deeper than swlint decodes, or content a rule failed on) would otherwise pass as clean. It is reported so that unscanned never means clean; real binaries (images, archives, by content) are listed as skipped instead.',
  modes: ['staged', 'diff'],
  describeFacts: (f) => `Content swlint could not scan (${f.unscanned?.reason ?? 'unreadable'}${f.unscanned?.detail ? `: ${f.unscanned.detail}` : ''})`,
  fix: ({ path, facts }) =>
    facts?.unscanned?.reason === 'compressed'
      ? `${path} holds content swlint does not open: a compressed format it does not read (xz, bzip2, 7z, rar, lz4, lzip), or zip entries that are encrypted or compressed with a method other than deflate or zstd (bzip2, LZMA, deflate64 …), as a file or inside an archive: unpack it (decrypting what is encrypted) and scan the unpacked files (\`swlint scan DIR\`), or check them by hand for credentials; then commit it as gzip, zstd or zip with deflate (whose contents a gate reads), unencrypted, or keep it out of the repository. If it must stay as it is, accept this version in the baseline (\`swlint baseline\`: a later version is reported again), or list it in \`allowlist.paths\` in the base branch's configuration (a pull request's own configuration is not used).`
      : facts?.unscanned?.reason === 'corrupt'
        ? `${path} is cut short or corrupt (a failed download or upload, a copy interrupted): what it holds before the damage was scanned, the rest was not, and may hold anything. Check it (\`gzip -t\`, \`zstd -t\`, \`unzip -t\`) and commit a whole copy, or remove it. If it must stay as it is, accept this version in the baseline (\`swlint baseline\`: a later version is reported again), or list it in \`allowlist.paths\` in the base branch's configuration (a pull request's own configuration is not used).`
        : facts?.unscanned?.reason === 'rule-failed'
          ? `A rule failed on ${path} (the run's warning names it and why), so what it would have found there is not known. A custom rule (\`customRules\`) is fixed or removed in the base branch's configuration; for a built-in rule, report the failure with a copy of the file whose credentials are replaced, and check ${path} by hand for credentials meanwhile. If it must go in as it is, accept this version in the baseline (\`swlint baseline\`: a later version is reported again).`
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
        facts: {
          path: 'backup/config.zip',
          tracked: true,
          ignored: false,
          inRepo: true,
          unscanned: { reason: 'compressed', detail: 'inside it, 2 entries encrypted (app/.env, app/config.js): their contents were not scanned' },
        },
        why: 'encrypted entries were not read: a password is no proof that nothing is in them',
      },
      {
        facts: {
          path: 'logs/requests.log.gz',
          tracked: true,
          ignored: false,
          inRepo: true,
          unscanned: { reason: 'corrupt', detail: 'its data is cut short: what comes before the damage was scanned, the rest was not' },
        },
        why: 'what follows the damage was not read',
      },
      {
        facts: {
          path: 'deploy/values.yaml',
          tracked: true,
          ignored: false,
          inRepo: true,
          unscanned: { reason: 'partly-decoded', detail: '1 encoded value not decoded: encoded more than 4 times over, deeper than swlint decodes' },
        },
        why: 'a value base64-encoded once more than swlint decodes may hold anything',
      },
      {
        facts: {
          path: 'config/settings.json',
          tracked: true,
          ignored: false,
          inRepo: true,
          unscanned: { reason: 'rule-failed', detail: 'rule `acme-internal-key` failed on it, and what it would have found is not known' },
        },
        why: 'a rule that failed did not judge the content',
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
