// Route contract of openApi, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { cacheControl } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';

export const openApiRoute = defineRoute({
  operationId: 'openApi',
  method: 'GET',
  path: '/openapi.json',
  summary: 'This OpenAPI 3.1 document',
  tags: ['platform'],
  auth: 'public',
  request: { query: noQuery },
  responses: [
    {
      status: 200,
      description: 'The OpenAPI document',
      headers: cacheControl('public, max-age=300'),
      schema: z.looseObject({
        openapi: z.literal('3.1.0'),
        info: z.looseObject({ title: z.string(), version: z.string() }),
        paths: z.record(z.string(), z.looseObject({})),
      }),
    },
  ],
});
