import { readFileSync } from 'node:fs';

export const TOOL_NAME = 'swlint';

interface PackageFacts {
  version?: string;
  repository?: string | { url?: string };
}

function readPackage(): PackageFacts {
  // dist/src/version.js and src/version.ts both sit two levels below package.json's folder or one
  for (const rel of ['../../package.json', '../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as PackageFacts & { name?: string };
      if (pkg.name === TOOL_NAME && pkg.version) return pkg;
    } catch {
      // try the next candidate
    }
  }
  return {};
}

const PACKAGE = readPackage();

export const TOOL_VERSION = PACKAGE.version ?? '0.0.0';

/** The repository swlint is released from, as a browsable https URL (package.json `repository`). */
export const TOOL_REPOSITORY: string = (() => {
  const raw = typeof PACKAGE.repository === 'string' ? PACKAGE.repository : (PACKAGE.repository?.url ?? '');
  return raw.replace(/^git\+/, '').replace(/\.git$/, '');
})();
