import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests must not depend on the machine's zone: every date test names its own.
    env: { TZ: 'Pacific/Auckland' },
  },
});
