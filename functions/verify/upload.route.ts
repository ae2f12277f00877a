// Route contract of requestCopyUpload: a presigned POST for a copy of a document (a PDF up to 20 MB) to verify.
import * as z from 'zod/mini';
import { cacheControl } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { CHECK_LOCATION } from './copy.route.js';

export const requestCopyUploadRoute = defineRoute({
  operationId: 'requestCopyUpload',
  method: 'POST',
  path: '/verify/uploads',
  summary:
    'Xác thực tài liệu từ tệp lớn: a presigned POST for one PDF (at most 20 MB), then `POST /verify/uploads/{id}` to have it checked',
  tags: ['verify'],
  auth: 'public',
  request: { query: noQuery },
  responses: [
    {
      status: 201,
      description:
        'Where and how to upload: post `fields` first and the file last to `url` (application/pdf, 1 byte to 20 MB, for 10 minutes); the copy is deleted after a day',
      schema: z.strictObject({
        id: z.string(),
        upload: z.strictObject({ url: z.string(), fields: z.record(z.string(), z.string()) }),
        expiresAt: z.string(),
        check: z.string(),
      }),
      headers: { ...CHECK_LOCATION, ...cacheControl('no-store') },
    },
  ],
});
