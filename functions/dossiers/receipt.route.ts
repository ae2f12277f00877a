// Route contract of getReceipt, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { cacheControl, problem, problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { CITIZEN, byDossierId } from './contract.js';

export const receiptRoute = defineRoute({
  operationId: 'getReceipt',
  method: 'GET',
  path: '/dossiers/{id}/receipt.pdf',
  summary: 'Phiếu tiếp nhận hồ sơ và hẹn trả kết quả (PDF), once the dossier is accepted',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: byDossierId,
  responses: [
    {
      status: 200,
      description: 'The receipt',
      contentType: 'application/pdf',
      schema: z
        .string()
        .register(z.globalRegistry, { format: 'binary', contentMediaType: 'application/pdf' }),
      headers: {
        ...cacheControl('private, no-store'),
        'content-disposition': {
          description: '`inline; filename="phieu-tiep-nhan-<id>.pdf"`',
          required: true,
          schema: z.string().check(z.regex(/^inline; filename="phieu-tiep-nhan-[0-9a-f-]{36}\.pdf"$/)),
        },
      },
    },
    ...problemResponses(404),
    problem(409, 'The dossier is not accepted yet'),
  ],
});
