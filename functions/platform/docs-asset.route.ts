// Route contract of docsAsset, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { cacheControl, problem } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';

export const DOCS_ASSET_CACHE_CONTROL = 'public, max-age=3600';

export const docsAssetRoute = defineRoute({
  operationId: 'docsAsset',
  method: 'GET',
  path: '/docs/{asset}',
  summary: "The reference page's script (`api-reference.js`, Scalar's standalone bundle), gzip-encoded",
  tags: ['platform'],
  auth: 'public',
  request: {
    path: z.object({ asset: z.string().register(z.globalRegistry, { examples: ['api-reference.js'] }) }),
    query: noQuery,
  },
  responses: [
    {
      status: 200,
      description:
        'The script, always `content-encoding: gzip` (a Lambda answer cannot carry it uncompressed)',
      contentType: 'text/javascript',
      schema: z.string(),
      headers: {
        ...cacheControl(DOCS_ASSET_CACHE_CONTROL),
        'content-encoding': { description: '`gzip`', required: true, schema: z.literal('gzip') },
      },
    },
    problem(404, 'No such file'),
  ],
});
