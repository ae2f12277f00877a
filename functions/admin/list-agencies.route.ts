// Route contract of listAdminAgencies, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { ADMIN, adminAgencySchema } from './contract.js';

export const listAdminAgenciesRoute = defineRoute({
  operationId: 'listAdminAgencies',
  method: 'GET',
  path: '/admin/agencies',
  summary: 'Every agency, inactive ones (closed or merged) included, with its revision',
  tags: ['admin'],
  auth: ADMIN,
  request: { query: noQuery },
  responses: [
    { status: 200, description: 'Every agency', schema: z.object({ items: z.array(adminAgencySchema) }) },
  ],
});
