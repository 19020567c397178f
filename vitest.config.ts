import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'server/**/*.test.ts',
      'agent/**/*.test.ts',
      'sim/**/*.test.ts',
      'test/**/*.test.ts',
      'widget/**/*.test.ts',
      'migrations/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
