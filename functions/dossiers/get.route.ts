// Route contract of getDossier, in a module of its own so its handler bundles only its own schemas.
import { problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { CITIZEN, byDossierId, dossierViewSchema } from './contract.js';

export const getDossierRoute = defineRoute({
  operationId: 'getDossier',
  method: 'GET',
  path: '/dossiers/{id}',
  summary:
    "One of my dossiers (one filed on the national portal is mine when my token's `citizen_id` is its owner's)",
  tags: ['dossiers'],
  auth: CITIZEN,
  request: byDossierId,
  responses: [
    { status: 200, description: 'The dossier', schema: dossierViewSchema },
    ...problemResponses(404),
  ],
});
