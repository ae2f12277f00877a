// Route contract of rateDossier, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { problem, problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { CITIZEN, byDossierId } from './contract.js';

export const rateDossierRoute = defineRoute({
  operationId: 'rateDossier',
  method: 'POST',
  path: '/dossiers/{id}/rating',
  summary: 'Rate how the dossier was handled (1–5), once, after its result was handed over',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: {
    ...byDossierId,
    body: z.strictObject({
      score: z.int().check(z.minimum(1), z.maximum(5)),
      comment: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(1000))),
    }),
    examples: {
      withComment: {
        summary: 'The best score, with a comment',
        value: { score: 5, comment: 'Cán bộ hướng dẫn tận tình, trả kết quả đúng hẹn' },
      },
    },
    maxBodyBytes: 8 * 1024,
  },
  responses: [
    {
      status: 201,
      description: 'The rating, as stored on the dossier',
      schema: z.object({
        score: z.int().check(z.minimum(1), z.maximum(5)),
        comment: z.optional(z.string()),
        at: z.string(),
      }),
    },
    ...problemResponses(404),
    problem(409, 'The result was not handed over yet, or the dossier is already rated'),
  ],
});
