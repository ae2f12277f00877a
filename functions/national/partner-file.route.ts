// Route contract of readPartnerFile, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { cacheControl, problem } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';

export const readPartnerFileRoute = defineRoute({
  operationId: 'readPartnerFile',
  method: 'GET',
  path: '/partner-files/{token}',
  summary:
    'One document of a dossier for a partner (the national portal), through the signed, expiring link the sync sent (`DuongDanTaiTepTin`, `DuongDanTepTinKetQua`): a redirect to the stored file; each fetch is recorded in the access log',
  tags: ['partners'],
  auth: 'public',
  // Any text: a token that is not one this API signed is a 404, as a tampered one is.
  request: { path: z.object({ token: z.string().check(z.maxLength(512)) }) },
  responses: [
    {
      status: 303,
      description:
        '`Location` is a presigned GET of the stored document, valid for 60 seconds (S3 answers it with the file, named as it was uploaded)',
      headers: {
        ...cacheControl('no-store'),
        location: {
          description: 'Short-lived presigned URL of the document',
          required: true,
          schema: z.url(),
        },
      },
    },
    problem(400),
    problem(
      404,
      'Not a link this API signed (malformed, tampered, or for another stage), or its document is no longer stored, or links are not configured here',
    ),
    problem(410, 'The link has expired: the next sync of the dossier carries a new one'),
  ],
});
