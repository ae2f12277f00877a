// Route contract of createDossier, in a module of its own so its handler bundles only its own schemas.
import { createDossierSchema } from '../../shared/dossier/model.js';
import { problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { CITIZEN, dossierViewSchema } from './contract.js';

export const createDossierRoute = defineRoute({
  operationId: 'createDossier',
  method: 'POST',
  path: '/dossiers',
  summary: 'Start a dossier (draft) for a procedure; requires an Idempotency-Key header',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: { body: createDossierSchema, query: noQuery, maxBodyBytes: 32 * 1024 },
  responses: [
    { status: 201, description: 'The draft dossier', schema: dossierViewSchema },
    ...problemResponses(400, 401, 403, 409, 413, 415, 422),
  ],
});
