import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // a fresh TMPDIR per run that must be empty at the end, and per-file removal of tempDir()s
    globalSetup: ['test/setup/temp-guard.ts'],
    setupFiles: ['test/setup/temp-cleanup.ts'],
  },
});
