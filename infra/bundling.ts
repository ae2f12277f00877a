// esbuild settings for every function, shared by the CDK stack and the cold-start benchmark.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const BUNDLING = {
  target: 'node22',
  format: 'esm',
  minify: true,
  sourcemap: true,
  mainFields: ['module', 'main'],
  /** ESM bundles still meet CommonJS dependencies that call require(). */
  banner:
    "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  /** Packages replaced by a module that does the same with Node's built-ins (each module says why). */
  alias: {
    'brotli/decompress.js': path.join(PROJECT_ROOT, 'shared/pdf/node-brotli.ts'),
    debug: path.join(PROJECT_ROOT, 'shared/node-debug.ts'),
  },
} as const;
