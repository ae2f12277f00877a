import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Node.js 20 is the floor here while Lambda runs 22: the AWS SDK's notice would repeat in every test process.
    // Handlers log at WARN and print no metrics, as on the local stack, even when a test imports one before the stack
    // sets its environment (a handler called in the test's own process printed each request's metric lines).
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'WARN',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
  },
});
