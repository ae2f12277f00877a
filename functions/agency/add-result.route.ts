// Route contract of requestResultUpload: a presigned POST for one result document of a dossier being processed.
import * as z from 'zod/mini';
import { problem } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { STAFF } from './contract.js';

export const requestResultUploadRoute = defineRoute({
  operationId: 'requestResultUpload',
  method: 'POST',
  path: '/agency/dossiers/{id}/results',
  summary:
    'A presigned POST for one result document (application/pdf, image/jpeg or image/png, at most 20 MB), to an officer processing or approving the dossier at their agency',
  tags: ['agency'],
  auth: STAFF,
  request: {
    path: z.object({ id: z.uuid() }),
    query: noQuery,
    body: z.strictObject({
      fileName: z.string().check(z.minLength(1), z.maxLength(255)),
      size: z.int().check(z.positive()),
      contentType: z.string().check(z.minLength(1), z.maxLength(255)),
    }),
  },
  responses: [
    {
      status: 201,
      description: 'Where and how to upload',
      schema: z.object({
        resultId: z.string(),
        fileName: z.string(),
        upload: z.object({ url: z.string(), fields: z.record(z.string(), z.string()) }),
        expiresAt: z.string(),
      }),
    },
    problem(403, 'Neither the duty of processing nor of approving, or the caller applied for this dossier'),
    problem(404, "No such dossier at the caller's agency now"),
    problem(409, 'The dossier is not being processed, or holds 20 results already'),
    problem(422, 'A content type or a size a result document cannot have'),
  ],
});
