// Route contract of getAgencyDossier: the staff view of one dossier that is or was at the caller's agency.
import * as z from 'zod/mini';
import { cacheControl, problem } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { ETAG, STAFF, staffViewSchema } from './contract.js';

export const getAgencyDossierRoute = defineRoute({
  operationId: 'getAgencyDossier',
  method: 'GET',
  path: '/agency/dossiers/{id}',
  summary:
    'The staff view: applicant data in full (the read is recorded), documents with download links, history, allowed actions',
  tags: ['agency'],
  auth: STAFF,
  request: { path: z.object({ id: z.uuid() }), query: noQuery },
  responses: [
    {
      status: 200,
      description: 'The dossier as staff see it',
      schema: staffViewSchema,
      headers: { ...ETAG, ...cacheControl('no-store') },
    },
    problem(403, 'The token names no agency'),
    problem(404, "No such dossier at the caller's agency, now or before"),
  ],
});
