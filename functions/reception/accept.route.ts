// Route contract of acceptAtReception, in a module of its own so its handler bundles only its own schemas.
import { problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { byDossierId, dossierViewSchema } from '../dossiers/contract.js';
import { OFFICER } from './contract.js';

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
