import type { Mode, Severity } from './types.js';

export type Format = 'text' | 'json' | 'sarif' | 'github' | 'junit' | 'html';
export const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'github', 'junit', 'html'];
export type FailOn = Severity | 'never' | 'live';

export interface RunOptions {
  mode: Mode;
  /** scan: paths; history: at most one path (the repository) */
  paths: string[];
  cwd: string;
  format: Format;
  /** write the report here instead of stdout */
  output?: string;
  config?: string;
  /** --baseline FILE, repeatable: every one is applied */
  baselines?: string[];
  failOn: FailOn;
  redact: boolean;
  color: boolean;
  /** only these rules (empty: all) */
  rules: string[];
  disable: string[];
  maxFileSize: number;
  jobs: number;
  /** --jobs as given, when it asked for more threads than the machine has CPUs for (args.ts, maxJobs): --verbose says so */
  jobsAsked?: string;
  /** --jobs was given: its worker threads start as soon as a source proves large, without the cost model of src/scan/pipeline.ts */
  jobsGiven?: boolean;
  quiet: boolean;
  verbose: boolean;
  /** diff: BASE and HEAD */
  base?: string;
  head?: string;
  /** history narrowing */
  branch?: string;
  since?: string;
  range?: string;
  /** honour other scanners' inline ignore markers (default true) */
  foreignIgnores?: boolean;
  /** do not pick up .swlint-baseline.json by itself (when writing a new one) */
  noDefaultBaseline?: boolean;
  /** list baseline entries that matched nothing */
  reportStale?: boolean;
  /** --timeout: stop after this many seconds with a partial result marked incomplete */
  timeout?: number;
  /** --recurse-submodules: scan and history also descend into checked-out submodules */
  recurseSubmodules?: boolean;
  /** scan -: the name standard input is reported under (--stdin-filename) */
  stdinFilename?: string;
  /** --no-ignore: scan also scans the files .gitignore leaves out (src/scan/shipping.ts) */
  noIgnore?: boolean;
  /** progress output allowed (stderr is a TTY) */
  progress?: boolean;
  /** --verify (issue 13): ask SignalWire which API tokens are live; a command-line flag only, never from config */
  verify?: boolean;
  /** --verify-space / --verify-project: the Space host and project ID to use when the scanned content does not say */
  verifySpace?: string;
  verifyProject?: string;
}

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;
