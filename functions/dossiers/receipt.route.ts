// Route contract of getReceipt, in a module of its own so its handler bundles only its own schemas.
import { problemResponses } from '../../shared/http/openapi-schemas.js';
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
    { status: 200, description: 'The receipt', contentType: 'application/pdf' },
    ...problemResponses(400, 401, 404, 409),
  ],
});
