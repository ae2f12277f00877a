// Route contract of submitDossier, in a module of its own so its handler bundles only its own schemas.
import { problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { CITIZEN, byDossierId, dossierViewSchema } from './contract.js';

export const submitDossierRoute = defineRoute({
  operationId: 'submitDossier',
  method: 'POST',
  path: '/dossiers/{id}/submit',
  summary: 'Submit the dossier (status 1, Mới đăng ký) once every mandatory document is verified',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: byDossierId,
  responses: [
    { status: 200, description: 'The submitted dossier', schema: dossierViewSchema },
    ...problemResponses(400, 401, 404, 409, 422, 503),
  ],
});
