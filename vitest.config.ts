import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two at a time on the 2-core machines: most of the suite waits on emulators and child processes,
    // and vitest's default here (one worker) left the second core idle (npm test 4+ min -> about 2.5).
    maxWorkers: 2,
    // Tests that spawn bin/vpcform.js run dist/: build it first when src/ is newer (test/global-setup/).
    globalSetup: ['test/global-setup/fresh-dist.ts'],
  },
});
