// Route contract of getReorganisation, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { problem } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { ADMIN, reorganisationSchema } from './contract.js';

export const getReorganisationRoute = defineRoute({
  operationId: 'getReorganisation',
  method: 'GET',
  path: '/admin/reorganisations/{id}',
  summary:
    "A re-organisation job's progress: `status` (`running`, `done`, `failed`), dossiers moved and left",
  tags: ['admin'],
  auth: ADMIN,
  request: { path: z.object({ id: z.string().check(z.regex(/^[0-9a-f]{32}$/)) }), query: noQuery },
  responses: [
    { status: 200, description: 'The job', schema: reorganisationSchema },
    problem(404, 'No such job'),
  ],
});
