// Route contract of listResults, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { cacheControl, problem, problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { CITIZEN, byDossierId } from './contract.js';

export const listResultsRoute = defineRoute({
  operationId: 'listResults',
  method: 'GET',
  path: '/dossiers/{id}/results',
  summary: 'The result documents handed over online, with download links that last five minutes',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: byDossierId,
  responses: [
    {
      status: 200,
      description: 'The results, in the order they were handed over',
      schema: z.object({
        items: z.array(
          z.object({ id: z.string(), fileName: z.string(), sha256: z.string(), downloadUrl: z.string() }),
        ),
        /** When the links stop working. */
        expiresAt: z.string(),
      }),
      headers: cacheControl('private, no-store'),
    },
    ...problemResponses(404),
    problem(409, 'Not released online (yet): the detail says when the results will be available'),
  ],
});
