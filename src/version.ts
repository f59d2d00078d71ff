import { readFileSync } from 'node:fs';

export const TOOL_NAME = 'swlint';

function readVersion(): string {
  // dist/src/version.js and src/version.ts both sit two levels below package.json's folder or one
  for (const rel of ['../../package.json', '../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === TOOL_NAME && pkg.version) return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return '0.0.0';
}

export const TOOL_VERSION = readVersion();
