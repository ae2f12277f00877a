// Route contract of getCopyCheck: where a copy's check stands, then its answer.
import * as z from 'zod/mini';
import { cacheControl, problem, RETRY_AFTER } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { checkedCopySchema, copyCheckIdSchema, copyCheckStateSchema } from './contract.js';

export const getCopyCheckRoute = defineRoute({
  operationId: 'getCopyCheck',
  method: 'GET',
  path: '/verify/uploads/{id}',
  summary:
    'Kết quả xác thực tệp: 202 while the check runs, then the registry’s answer (a known copy) or the signature report (an unknown one)',
  tags: ['verify'],
  auth: 'public',
  request: { path: z.object({ id: copyCheckIdSchema }), query: noQuery },
  responses: [
    {
      status: 200,
      description:
        'Checked: a known copy gets the answer of `GET /verify/{sha256}` (`known: true`); an unknown one `known: false` with every signature it carries',
      schema: checkedCopySchema,
      headers: cacheControl('no-store'),
    },
    {
      status: 202,
      description: 'Not checked yet: ask again after `Retry-After` seconds',
      schema: copyCheckStateSchema,
      headers: { ...RETRY_AFTER, ...cacheControl('no-store') },
    },
    problem(400, 'The id is not a UUID'),
    problem(404, 'No such check, or it expired (a day after it was asked for)'),
    problem(409, 'The check was not asked for yet (`POST /verify/uploads/{id}` once the file is uploaded)'),
    problem(422, 'The file checked is not a PDF, is over 20 MB, or is gone'),
  ],
});
