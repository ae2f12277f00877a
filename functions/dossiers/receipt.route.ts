// Route contract of getReceipt, in a module of its own so its handler bundles only its own schemas.
import { problem, problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { CITIZEN, byDossierId } from './contract.js';
import { formBeingIssued, seeStoredForm } from './form-responses.js';

export const receiptRoute = defineRoute({
  operationId: 'getReceipt',
  method: 'GET',
  path: '/dossiers/{id}/receipt.pdf',
  summary:
    'Phiếu tiếp nhận hồ sơ và hẹn trả kết quả (PDF), once the dossier is accepted: a redirect to the issued receipt',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: byDossierId,
  responses: [
    seeStoredForm('The receipt, issued once at acceptance (`inline; filename="phieu-tiep-nhan-<code>.pdf"`)'),
    ...problemResponses(404),
    problem(409, 'The dossier is not accepted yet'),
    formBeingIssued,
  ],
});
