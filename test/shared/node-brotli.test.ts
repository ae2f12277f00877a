// The bundles alias fontkit's `brotli/decompress.js` to shared/pdf/node-brotli.ts: it must behave as the package.
import { createRequire } from 'node:module';
import { brotliCompressSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import decompress from '../../shared/pdf/node-brotli.js';

const packageDecompress = createRequire(import.meta.url)('brotli/decompress.js') as (
  buffer: Uint8Array,
  outputSize?: number,
) => Uint8Array;

describe("Node's brotli in place of the brotli package", () => {
  it('inflates whatever the package inflates, to the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.boolean(), (bytes, sized) => {
        const compressed = brotliCompressSync(bytes);
        const size = sized ? bytes.length : undefined;
        expect(Buffer.from(decompress(compressed, size))).toEqual(
          Buffer.from(packageDecompress(compressed, size)),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('throws on data that is not brotli, where the package throws or inflates nothing', () => {
    for (const garbage of ['not brotli at all', 'garbage nonsense data'].map((text) => Buffer.from(text))) {
      expect(() => decompress(garbage, 100)).toThrow();
      let inflated: Uint8Array | undefined;
      try {
        inflated = packageDecompress(garbage, 100);
      } catch {
        inflated = undefined;
      }
      expect(inflated === undefined || inflated.length === 0).toBe(true);
    }
  });
});
