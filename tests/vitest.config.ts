import { defineConfig } from 'vitest/config';

// End-to-end journeys in Debian's Chromium against the real server (a child process each).
export default defineConfig({
  test: {
    include: ['browser/**/*.test.ts'],
    globalSetup: ['./harness/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
