// Integration tests against the real OpenStack lab (test/lab/openstack): `npm run test:integration` after `up`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/integration/**/*.test.ts'],
    testTimeout: 20 * 60_000,
    hookTimeout: 10 * 60_000,
    pool: 'forks',
    // One lab, one scenario at a time.
    fileParallelism: false,
    sequence: { concurrent: false },
  },
});
