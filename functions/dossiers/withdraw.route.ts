// Route contract of withdrawDossier, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { problem, problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { CITIZEN, byDossierId, dossierViewSchema } from './contract.js';

export const withdrawDossierRoute = defineRoute({
  operationId: 'withdrawDossier',
  method: 'POST',
  path: '/dossiers/{id}/withdraw',
  summary: 'Withdraw a submitted dossier before it is resolved (status 7); the applicant is told',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: {
    ...byDossierId,
    body: z.optional(
      z.strictObject({
        reason: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(1000))),
      }),
    ),
    maxBodyBytes: 8 * 1024,
  },
  responses: [
    { status: 200, description: 'The withdrawn dossier', schema: dossierViewSchema },
    ...problemResponses(404),
    problem(409, 'Not submitted, already resolved or closed, or changed meanwhile by another request'),
  ],
});
