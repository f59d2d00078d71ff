#!/usr/bin/env node
// 100,000 small files: `swlint scan` must finish, and its time and peak memory are recorded.
//
//   npm run build && npm run bench:files [-- --files 100000 --git]
// Builds (once, cached in the temporary directory) a tree of N small source files in 1,000
// directories, one holding a token; --git makes it a repository with every file committed.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const files = Number(argv[argv.indexOf('--files') + 1] || 100000) || 100000;
const useGit = argv.includes('--git');
// outside this repository: its .gitignore would hide the tree from the scan
const dir = path.join(tmpdir(), `swlint-bench-files-${files}${useGit ? '-git' : ''}`);
const cli = path.join(here, '..', 'dist', 'cli.js');

if (!existsSync(path.join(dir, 'done'))) {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < files; i++) {
    const sub = path.join(dir, `d${i % 1000}`);
    if (i < 1000) mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, `f${i}.js`), `export const value${i} = ${i}; // file ${i}\n`);
  }
  writeFileSync(path.join(dir, 'd0', 'secret.js'), `const t = 'PT${createHash('sha256').update('swlint bench').digest('hex').slice(0, 48)}';\n`);
  if (useGit) {
    const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
    execFileSync('git', ['init', '-q'], { cwd: dir, env });
    writeFileSync(path.join(dir, '.gitignore'), 'done\n');
    execFileSync('git', ['add', '-A'], { cwd: dir, env });
    execFileSync('git', ['-c', 'user.name=b', '-c', 'user.email=b@example.invalid', 'commit', '-qm', 'tree'], { cwd: dir, env });
  }
  writeFileSync(path.join(dir, 'done'), '');
}

const r = spawnSync('/usr/bin/time', ['-f', '%e s elapsed, %M KB peak RSS', process.execPath, cli, 'scan', '.', '--format', 'json'], {
  cwd: dir,
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
});
const doc = JSON.parse(r.stdout);
console.log(
  `${files} files${useGit ? ' (git repository)' : ''}: exit ${r.status}, ${doc.summary.files} scanned, ${doc.findings.length} finding(s), ${doc.skipped.length} skipped`,
);
console.log(r.stderr.trim().split('\n').pop());
