// Route contract of verifyDocumentByHash: the public check of a document by its SHA-256 (the forms' QR code).
import * as z from 'zod/mini';
import { cacheControl, problem } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { registeredSchema, sha256Schema } from './contract.js';

export const verifyDocumentByHashRoute = defineRoute({
  operationId: 'verifyDocumentByHash',
  method: 'GET',
  path: '/verify/{sha256}',
  summary:
    'Xác thực tài liệu: whether the system issued (a form) or accepted (a result) a document with this SHA-256, by whom and when, and its signature verdict',
  tags: ['verify'],
  auth: 'public',
  request: { path: z.object({ sha256: sha256Schema }), query: noQuery },
  responses: [
    {
      status: 200,
      description:
        'The document as the registry holds it: type, dossier code, issuing agency, date, signer, verdict',
      schema: registeredSchema,
      headers: cacheControl('no-store'),
    },
    problem(400),
    problem(404, 'No document with this hash was issued or accepted (one answer whatever the reason)'),
  ],
});
