// Route contract of listAgencies, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { agencySchema } from '../../shared/catalog/model.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';

export const listAgenciesRoute = defineRoute({
  operationId: 'listAgencies',
  method: 'GET',
  path: '/agencies',
  summary: 'Agencies (cơ quan) that receive and process dossiers',
  tags: ['catalog'],
  auth: 'public',
  request: { query: noQuery },
  responses: [
    { status: 200, description: 'Every agency', schema: z.object({ items: z.array(agencySchema) }) },
  ],
});
