// Route contract of notFound, in a module of its own so its handler bundles only its own schemas.
import { defineRoute } from '../../shared/http/route.js';

/** Catch-all: API Gateway sends every unmatched request here, so even those get problem+json. */
export const notFoundRoute = defineRoute({
  operationId: 'notFound',
  method: 'ANY',
  path: '/{proxy+}',
  summary: 'Unknown resource or method',
  tags: ['platform'],
  auth: 'public',
  request: { ignoreBody: true },
  responses: [],
});
