// GET /docs/{asset}: the docs page's script, Scalar's standalone bundle, read and compressed once per environment.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { httpHandler } from '../../shared/http/handler.js';
import { notFound } from '../../shared/http/problem.js';
import { DOCS_ASSET_CACHE_CONTROL, docsAssetRoute } from './docs-asset.route.js';
import { VIEWER_ASSET } from './docs-viewer.js';

/** In a Lambda bundle the script sits beside the code (copied at bundling); elsewhere it comes from its package. */
function loadViewer(): Buffer {
  const bundled = fileURLToPath(new URL(`./docs/${VIEWER_ASSET}`, import.meta.url));
  if (existsSync(bundled)) return readFileSync(bundled);
  const entry = createRequire(import.meta.url).resolve('@scalar/api-reference');
  return readFileSync(path.join(path.dirname(entry), 'browser/standalone.js'));
}

// 4.9 MB of script is 1.4 MB gzipped: a Lambda answer is at most 6 MB, base64 included.
const viewer = gzipSync(loadViewer());

export const handler = httpHandler(docsAssetRoute, async ({ path: { asset } }) => {
  if (asset !== VIEWER_ASSET) throw notFound({ vi: 'Không có tệp này', en: 'No such file' });
  return {
    binary: viewer,
    contentType: 'text/javascript; charset=utf-8',
    headers: { 'cache-control': DOCS_ASSET_CACHE_CONTROL, 'content-encoding': 'gzip' },
  };
});
