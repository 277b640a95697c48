import { defineConfig } from 'vitest/config';

/**
 * Suites: unit (pure, beside the code), integration on a PostgreSQL server,
 * the same integration suite on embedded PGlite, and browser e2e.
 * `*.server.test.ts` files need several processes sharing one database and
 * run only against the server.
 */
export default defineConfig({
  test: {
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'workers/**/*.test.ts'], env: { NODE_ENV: 'test' } } },
      {
        extends: true,
        test: {
          name: 'integration:server', include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'], env: { NODE_ENV: 'test', TEST_DB: 'server' },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration:embedded', include: ['tests/integration/**/*.test.ts'], exclude: ['tests/integration/**/*.server.test.ts'],
          env: { NODE_ENV: 'test', TEST_DB: 'embedded' },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e', include: ['tests/e2e/**/*.test.ts'], globalSetup: ['tests/support/global-setup.ts', 'tests/e2e/support/ensure-ui.setup.ts'],
          env: { NODE_ENV: 'test', TEST_DB: 'server' }, fileParallelism: false,
        },
      },
    ],
  },
});
