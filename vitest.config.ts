import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // nodejieba keeps one process-wide dictionary: forks isolate test files from each other.
    pool: 'forks',
  },
})
