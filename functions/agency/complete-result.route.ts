// Route contract of completeResultUpload: the server reads a result's upload back, verifies it and keeps it.
import * as z from 'zod/mini';
import { problem } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { STAFF } from './contract.js';

export const completeResultUploadRoute = defineRoute({
  operationId: 'completeResultUpload',
  method: 'POST',
  path: '/agency/dossiers/{id}/results/{resultId}/complete',
  summary:
    'Verify a result upload (declared size, magic bytes, content inspection) and keep the verified bytes; a refused one is removed; again once verified, the same answer',
  tags: ['agency'],
  auth: STAFF,
  request: { path: z.object({ id: z.uuid(), resultId: z.uuid() }), query: noQuery },
  responses: [
    {
      status: 200,
      description: 'The verified result, ready for the resolve action',
      schema: z.object({
        id: z.string(),
        fileName: z.string(),
        contentType: z.string(),
        size: z.int(),
        sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
        status: z.literal('verified'),
        signatures: z.enum(['pending', 'checked', 'none']).register(z.globalRegistry, {
          description:
            "A PDF's signature check: `pending` until the signatures consumer has recorded signer, time and verdict (the staff view shows them), `none` for an image",
        }),
      }),
    },
    problem(403, 'Neither the duty of processing nor of approving, or the caller applied for this dossier'),
    problem(404, "No such dossier at the caller's agency now, or no such result"),
    problem(
      409,
      'Nothing uploaded yet, the dossier is not being processed, or another request changed the result',
    ),
    problem(422, 'The file was refused (size, type or content); the result is removed'),
  ],
});
