// What the swlint fix tests compare: every file of a repository, byte for byte.
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { type TestRepo } from '../helpers/git-repo.js';

/** Every file under `dir` (relative, sorted), .git excluded. */
export function listFiles(dir: string, base = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(dir, base), { withFileTypes: true })) {
    const rel = base ? `${base}/${e.name}` : e.name;
    if (rel === '.git') continue;
    if (e.isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out.sort();
}

/** Every byte of the working tree and the index: what a refusal must leave as it was. */
export function snapshot(repo: TestRepo): Record<string, string> {
  const snap: Record<string, string> = {};
  for (const f of listFiles(repo.dir)) {
    const abs = path.join(repo.dir, f);
    snap[f] = lstatSync(abs).isSymbolicLink() ? `-> ${readlinkSync(abs)}` : readFileSync(abs).toString('base64');
  }
  snap['.git/index'] = readFileSync(path.join(repo.dir, '.git/index')).toString('base64');
  return snap;
}
