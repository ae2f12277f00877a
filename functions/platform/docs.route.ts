// Route contract of docsPage, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { cacheControl } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';

export const DOCS_CACHE_CONTROL = 'no-store';

export const docsRoute = defineRoute({
  operationId: 'docsPage',
  method: 'GET',
  path: '/docs',
  summary: 'The reference page of this API (Scalar), with a "try it" against this origin',
  tags: ['platform'],
  auth: 'public',
  request: { query: noQuery },
  responses: [
    {
      status: 200,
      description: 'An HTML page that renders `/openapi.json` with the script `/docs/api-reference.js`',
      contentType: 'text/html',
      schema: z.string(),
      headers: {
        ...cacheControl(DOCS_CACHE_CONTROL),
        'content-security-policy': {
          description:
            "Scripts and requests of this origin only, the page's inline script and style elements by a nonce per answer",
          required: true,
        },
      },
    },
  ],
});
