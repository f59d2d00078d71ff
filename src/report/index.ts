import type { RunResult } from '../run.js';
import type { RunOptions } from '../options.js';
import { formatJson } from './json.js';
import { formatText } from './text.js';

export function render(result: RunResult, options: RunOptions): string {
  switch (options.format) {
    case 'json':
      return formatJson(result);
    case 'text':
      return formatText(result, { color: options.color, quiet: options.quiet, verbose: options.verbose });
    default:
      throw new Error(`--format ${options.format} is not available in this version yet: use text or json`);
  }
}
