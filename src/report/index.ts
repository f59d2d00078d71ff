import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RunResult } from '../run.js';
import type { RunOptions } from '../options.js';
import { formatJson } from './json.js';
import { formatText } from './text.js';
import { formatSarif } from './sarif.js';
import { formatGithub } from './github.js';
import { formatJunit } from './junit.js';

export function render(result: RunResult, options: RunOptions): string {
  switch (options.format) {
    case 'json':
      return formatJson(result);
    case 'text':
      return formatText(result, { color: options.color, quiet: options.quiet, verbose: options.verbose });
    case 'sarif':
      return formatSarif(result, { srcRoot: repositoryRoot(result.root), rules: options.rules, disable: options.disable, ruleSet: result.rulesRun });
    case 'github':
      return formatGithub(result, { srcRoot: repositoryRoot(result.root) });
    case 'junit':
      return formatJunit(result, { srcRoot: repositoryRoot(result.root) });
    default:
      throw new Error(`--format ${String(options.format)} is not available: use text, json, sarif, github or junit`);
  }
}

/**
 * The nearest directory at or above `dir` that holds `.git` (a directory, or a file in a
 * worktree or submodule): SARIF and annotation paths are relative to it, as code scanning
 * and the Actions runner expect. Falls back to `dir` outside a repository.
 */
export function repositoryRoot(dir: string): string {
  for (let d = path.resolve(dir); ; ) {
    if (existsSync(path.join(d, '.git'))) return d;
    const up = path.dirname(d);
    if (up === d) return path.resolve(dir);
    d = up;
  }
}
