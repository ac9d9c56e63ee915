// Unit, contract and integration tests run under plain Node; e2e specs drive Debian's Chromium.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: { alias: { '@shared': `${root}src-shared` } },
  test: {
    include: ['test/{unit,contract,integration,e2e}/**/*.test.ts'],
    // An error the code under test logged and carried on from fails the test (see test/support/test-logger.ts).
    setupFiles: ['test/support/fail-on-error-log.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
