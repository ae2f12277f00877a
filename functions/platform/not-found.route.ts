// Route contract of notFound, in a module of its own so its handler bundles only its own schemas.
import { ALLOW, problem } from '../../shared/http/openapi-schemas.js';
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
  responses: [
    problem(404, 'No resource at this path'),
    problem(405, 'The path exists but not with this method', ALLOW),
  ],
});

/** The catch-all for the bare root, which `{proxy+}` (one segment at least) does not take. */
export const notFoundRootRoute = defineRoute({ ...notFoundRoute, operationId: 'notFoundRoot', path: '/' });
