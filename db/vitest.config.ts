import { defineConfig } from 'vitest/config';

const common = {
  include: ['test/**/*.test.ts'],
  globalSetup: ['./src/testing/global-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 120_000,
};

// Every db test runs twice: on embedded PGlite and on a real PostgreSQL server.
export default defineConfig({
  test: {
    projects: [
      { test: { ...common, name: 'pglite', env: { TEST_DB: 'pglite' } } },
      { test: { ...common, name: 'postgres', env: { TEST_DB: 'postgres' } } },
    ],
  },
});
