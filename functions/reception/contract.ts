// HTTP contract of reception: a receiving officer's decision on dossiers the pipeline could not accept itself.
import * as z from 'zod/mini';
import { pageOf, pageQueryFields, problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { byDossierId, dossierViewSchema } from '../dossiers/contract.js';

const OFFICER = { roles: ['officer'] } as const;

export const listReceptionRoute = defineRoute({
  operationId: 'listReception',
  method: 'GET',
  path: '/reception',
  summary: "Dossiers waiting for a receiving officer of the caller's agency, oldest first",
  tags: ['reception'],
  auth: OFFICER,
  request: {
    query: z.strictObject(pageQueryFields),
  },
  responses: [
    {
      status: 200,
      description: 'A page of dossiers',
      schema: pageOf(dossierViewSchema),
    },
    ...problemResponses(400, 401, 403),
  ],
});

export const acceptAtReceptionRoute = defineRoute({
  operationId: 'acceptAtReception',
  method: 'POST',
  path: '/reception/{id}/accept',
  summary:
    'Accept a dossier (status 2): due date from the working-day calendar, routing and the receipt follow',
  tags: ['reception'],
  auth: OFFICER,
  request: byDossierId,
  responses: [
    { status: 200, description: 'The accepted dossier', schema: dossierViewSchema },
    ...problemResponses(400, 401, 403, 404, 409),
  ],
});

export const refuseAtReceptionRoute = defineRoute({
  operationId: 'refuseAtReception',
  method: 'POST',
  path: '/reception/{id}/refuse',
  summary: 'Refuse a dossier (status 3) with the reason the applicant is told',
  tags: ['reception'],
  auth: OFFICER,
  request: {
    ...byDossierId,
    body: z.strictObject({ reason: z.string().check(z.trim(), z.minLength(5), z.maxLength(1000)) }),
    maxBodyBytes: 8 * 1024,
  },
  responses: [
    { status: 200, description: 'The refused dossier', schema: dossierViewSchema },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415),
  ],
});

export const supplementChecklistSchema = z
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
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422),
  ],
});
