// Route contract of health, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { cacheControl } from '../../shared/http/openapi-schemas.js';
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
      headers: cacheControl('no-store'),
      schema: z.object({ status: z.literal('ok'), checks: z.object({ catalog: z.literal('ok') }) }),
    },
  ],
});
