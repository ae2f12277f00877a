// Route contract of submitDossier, in a module of its own so its handler bundles only its own schemas.
import { problem, problemResponses, RETRY_AFTER } from '../../shared/http/openapi-schemas.js';
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
    ...problemResponses(404),
    problem(409, 'Already submitted, or the dossier changed meanwhile'),
    problem(422, 'Mandatory documents are missing (named in `errors`)'),
    problem(429, "The citizen's submissions of the hour are used up", RETRY_AFTER),
    problem(
      503,
      'The receiving unit is too busy, or has issued every code of the day; the dossier was not submitted',
      RETRY_AFTER,
    ),
  ],
});
