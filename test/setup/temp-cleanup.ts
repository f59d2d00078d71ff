// vitest setupFiles: every test file removes the directories it made with tempDir(), whether
// or not it calls cleanupTempDirs() itself. Registered before the file's own hooks, so it runs
// after them (after-hooks run in reverse order).
import { afterAll } from 'vitest';
import { cleanupTempDirs } from '../helpers/temp.js';

afterAll(cleanupTempDirs);
