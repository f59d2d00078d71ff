// Registers the git modes (history, staged, diff) with run(). Loaded only for those commands.
import { registerMode } from './run.js';
import { scanHistory } from './sources/history.js';
import { scanStaged } from './sources/staged.js';
import { scanDiff } from './sources/diff.js';

registerMode('history', scanHistory);
registerMode('staged', scanStaged);
registerMode('diff', scanDiff);
