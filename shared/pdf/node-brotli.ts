// fontkit's `brotli/decompress.js` (it inflates WOFF2 font tables), done by Node's own brotli. Bundles alias the
// package to this module (infra/bundling.ts): the JavaScript decoder weighs 475 KiB and its dictionary alone took
// about 40 ms to load in every cold start of the receipt function.
import { brotliDecompressSync } from 'node:zlib';

/** The decompressed bytes; invalid input throws, as the package does. */
export default function decompress(buffer: Uint8Array, outputSize?: number): Uint8Array {
  return brotliDecompressSync(buffer, outputSize ? { maxOutputLength: outputSize } : {});
}
