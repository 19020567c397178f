import { defineConfig } from 'vitest/config';

/** Where tests live; every root must exist (test/vitest-config.test.ts checks). */
export const TEST_ROOTS = ['server', 'agent', 'sim', 'test', 'migrations', 'widget'];

export default defineConfig({
  test: {
    include: TEST_ROOTS.map((root) => `${root}/**/*.test.ts`),
    // The default reporter, then the list of skipped tests and why (test/skip-reporter.ts).
    reporters: ['default', './test/skip-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
