// Route contract of checkCopyUpload: the uploaded copy goes to the signature check (once, however often it is asked).
import * as z from 'zod/mini';
import { cacheControl, problem, RETRY_AFTER } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { copyCheckIdSchema, copyCheckStateSchema } from './contract.js';
import { CHECK_LOCATION } from './copy.route.js';

export const checkCopyUploadRoute = defineRoute({
  operationId: 'checkCopyUpload',
  method: 'POST',
  path: '/verify/uploads/{id}',
  summary:
    'Xác thực tệp đã tải lên: hands the uploaded PDF to the signature check; poll `GET /verify/uploads/{id}`',
  tags: ['verify'],
  auth: 'public',
  request: { path: z.object({ id: copyCheckIdSchema }), query: noQuery },
  responses: [
    {
      status: 202,
      description:
        'The check is under way (asked again while pending, the same answer; queued again only once its last message is a minute old): poll `Location` after `Retry-After` seconds',
      schema: copyCheckStateSchema,
      headers: { ...CHECK_LOCATION, ...RETRY_AFTER, ...cacheControl('no-store') },
    },
    {
      status: 303,
      description: 'Checked already: `Location` answers with the result (no body)',
      headers: { ...CHECK_LOCATION, ...cacheControl('no-store') },
    },
    problem(400, 'The id is not a UUID'),
    problem(404, 'No such check, or it expired (a day after it was asked for)'),
    problem(409, 'Nothing was uploaded to the form yet'),
    problem(422, 'The file uploaded is not a PDF (it must start with `%PDF-`): upload a PDF and ask again'),
  ],
});
