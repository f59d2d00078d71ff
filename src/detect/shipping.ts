// Dotenv files git ignores that still reach users. Bundlers (Vite, Next.js, Create React App,
// Expo, …) read `.env`, `.env.local`, `.env.production` at build time, ignored or not, and inline
// every variable with a public prefix into the JavaScript they ship: a `VITE_SIGNALWIRE_TOKEN`
// in a gitignored `.env.local` is public the moment the app is built. So `scan` also reads the
// ignored dotenv files of the tree, for signalwire-public-env-exposure only (a plain secret in an
// ignored .env is where it belongs).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ContentRule, Rule } from '../types.js';
import { Engine, type EngineOptions, type LocatedFinding } from '../engine/engine.js';
import { isDotenvName } from './language.js';

export const EXPOSURE_RULE = 'signalwire-public-env-exposure';

/** directories that never hold an app's own dotenv files, and can be huge */
const NOT_AN_APP = new Set(['.git', 'node_modules', 'vendor', '.venv', 'venv', '__pycache__', '.cache', 'target', 'Pods']);
const MAX_DEPTH = 8;
/** dotenv files are small; a large one is not read here (the normal scan reports size skips) */
const MAX_DOTENV_BYTES = 1 << 20;

/** Dotenv files under `root` (relative, forward slashes), walking at most MAX_DEPTH directories down. */
export async function dotenvFilesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, rel: string, depth: number): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      // no symlinks: the scanned tree must not lead us elsewhere
      if (e.isDirectory() && depth < MAX_DEPTH && !NOT_AN_APP.has(e.name)) await walk(path.join(dir, e.name), childRel, depth + 1);
      else if (e.isFile() && isDotenvName(e.name)) out.push(childRel);
    }
  };
  await walk(root, '', 0);
  return out.sort();
}

/**
 * Findings of signalwire-public-env-exposure in the dotenv files under `root` that the scan left
 * out because they are ignored: the files the scan did read already gave theirs (`found`, matched
 * by fingerprint), files the config allowlists are left alone. Nothing when the rule is not running.
 */
export async function scanIgnoredDotenv(
  root: string,
  found: readonly LocatedFinding[],
  allowlisted: (abs: string) => boolean,
  rules: readonly Rule[],
  options: EngineOptions,
): Promise<LocatedFinding[]> {
  const rule = rules.find((r): r is ContentRule => r.kind === 'content' && r.id === EXPOSURE_RULE);
  if (!rule) return [];
  const seen = new Set(found.map((f) => f.fingerprint));
  const engine = new Engine([rule], options);
  const out: LocatedFinding[] = [];
  for (const rel of await dotenvFilesUnder(root)) {
    const abs = path.join(root, rel);
    if (allowlisted(abs)) continue;
    const stat = await fs.lstat(abs).catch(() => null);
    if (!stat?.isFile() || stat.size > MAX_DOTENV_BYTES) continue;
    const text = await fs.readFile(abs, 'utf8').catch(() => null);
    if (text === null) continue;
    for (const f of engine.scanChunk({ path: rel, text }))
      if (!seen.has(f.fingerprint)) out.push({ ...f, message: `${f.message} (in a git-ignored file that the bundler still reads)` });
  }
  return out;
}
