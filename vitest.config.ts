import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Tests that spawn bin/vpcform.js run dist/: build it first when src/ is newer (test/global-setup/).
    globalSetup: ['test/global-setup/fresh-dist.ts'],
  },
});
