// Route contract of submitSupplement, in a module of its own so its handler bundles only its own schemas.
import { problem, problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { CITIZEN, byDossierId, dossierViewSchema } from './contract.js';

export const submitSupplementRoute = defineRoute({
  operationId: 'submitSupplement',
  method: 'POST',
  path: '/dossiers/{id}/supplement',
  summary: 'Resubmit after a supplement request, once the new documents are verified',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: byDossierId,
  responses: [
    {
      status: 200,
      description: 'The dossier, back at reception or at the processing step that asked',
      schema: dossierViewSchema,
    },
    ...problemResponses(404, 409),
    problem(422, 'No supplementary document verified yet'),
  ],
});
