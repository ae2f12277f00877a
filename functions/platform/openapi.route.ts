// Route contract of openApi, in a module of its own so its handler bundles only its own schemas.
import { defineRoute, noQuery } from '../../shared/http/route.js';

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
