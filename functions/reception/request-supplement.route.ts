// Route contract of requestSupplementAtReception, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { problem, problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { byDossierId, dossierViewSchema } from '../dossiers/contract.js';
import { OFFICER, OWN_DOSSIER } from './contract.js';

const supplementChecklistSchema = z
  .array(
    z.strictObject({
      documentType: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
      description: z.string().check(z.trim(), z.minLength(3), z.maxLength(500)),
    }),
  )
  .check(z.minLength(1), z.maxLength(30));

export const requestSupplementRoute = defineRoute({
  operationId: 'requestSupplementAtReception',
  method: 'POST',
  path: '/reception/{id}/request-supplement',
  summary: 'Ask the applicant, once, for everything missing (status 5); the applicant adds it and resubmits',
  tags: ['reception'],
  auth: OFFICER,
  request: {
    ...byDossierId,
    body: z.strictObject({ checklist: supplementChecklistSchema }),
    maxBodyBytes: 32 * 1024,
  },
  responses: [
    { status: 200, description: 'The dossier, waiting for the applicant', schema: dossierViewSchema },
    OWN_DOSSIER,
    ...problemResponses(404),
    problem(409, 'The dossier is not waiting for reception, or a supplement was already asked for'),
    problem(422, 'A checklist document that is not part of the procedure'),
  ],
});
