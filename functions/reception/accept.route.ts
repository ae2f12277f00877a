// Route contract of acceptAtReception, in a module of its own so its handler bundles only its own schemas.
import { problem, problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { byDossierId, dossierViewSchema } from '../dossiers/contract.js';
import { OFFICER, OWN_DOSSIER } from './contract.js';

export const acceptAtReceptionRoute = defineRoute({
  operationId: 'acceptAtReception',
  method: 'POST',
  path: '/reception/{id}/accept',
  summary:
    'Accept a dossier (status 2) at its first routing step (status 4, in the same commit): due dates from the working-day calendar; the notification and the receipt follow',
  tags: ['reception'],
  auth: OFFICER,
  request: byDossierId,
  responses: [
    { status: 200, description: 'The accepted dossier', schema: dossierViewSchema },
    OWN_DOSSIER,
    ...problemResponses(404),
    problem(409, 'The dossier is not waiting for reception, or another officer decided meanwhile'),
  ],
});
