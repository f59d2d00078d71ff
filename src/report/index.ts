import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RunResult } from '../run.js';
import type { RunOptions } from '../options.js';

/** Loads only the reporter asked for: a pre-commit hook pays for the text report alone. */
export async function render(result: RunResult, options: RunOptions, failures: readonly string[] = []): Promise<string> {
  const { escapeMachineReport } = await import('./safe-text.js');
  switch (options.format) {
    case 'json':
      return escapeMachineReport((await import('./json.js')).formatJson(result), 'json');
    case 'text':
      return (await import('./text.js')).formatText(result, { color: options.color, quiet: options.quiet, verbose: options.verbose });
    case 'sarif':
      return escapeMachineReport(
        (await import('./sarif.js')).formatSarif(result, {
          srcRoot: repositoryRoot(result.root),
          rules: options.rules,
          disable: options.disable,
          ruleSet: result.rulesRun,
          failures,
        }),
        'json',
      );
    case 'github':
      return (await import('./github.js')).formatGithub(result, { srcRoot: repositoryRoot(result.root) });
    case 'junit':
      return escapeMachineReport((await import('./junit.js')).formatJunit(result, { srcRoot: repositoryRoot(result.root), failOn: options.failOn }), 'xml');
    case 'html':
      return (await import('./html.js')).formatHtml(result);
    default:
      throw new Error(`--format ${String(options.format)} is not available: use text, json, sarif, github, junit or html`);
  }
}

/**
 * The nearest directory at or above `dir` that holds `.git` (a directory, or a file in a
 * worktree or submodule): SARIF and annotation paths are relative to it, as code scanning
 * and the Actions runner expect. Falls back to `dir` outside a repository.
 */
export function repositoryRoot(dir: string): string {
  for (let d = path.resolve(dir); ;) {
    if (existsSync(path.join(d, '.git'))) return d;
    const up = path.dirname(d);
    if (up === d) return path.resolve(dir);
    d = up;
  }
}
