// HTTP contract of the platform endpoints: health and the OpenAPI document.
import * as z from 'zod/mini';
import { defineRoute, noQuery } from '../../shared/http/route.js';

export const healthRoute = defineRoute({
  operationId: 'health',
  method: 'GET',
  path: '/health',
  summary: 'Liveness and reachability of the catalog table',
  tags: ['platform'],
  auth: 'public',
  request: { query: noQuery },
  responses: [
    {
      status: 200,
      description: 'Healthy',
      schema: z.object({ status: z.literal('ok'), checks: z.object({ catalog: z.literal('ok') }) }),
    },
  ],
});

export const openApiRoute = defineRoute({
  operationId: 'openApi',
  method: 'GET',
  path: '/openapi.json',
  summary: 'This OpenAPI 3.1 document',
  tags: ['platform'],
  auth: 'public',
  request: { query: noQuery },
  responses: [{ status: 200, description: 'The OpenAPI document' }],
});

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
