// Route contract of submitDocumentCopy: the same check with the PDF as the body of a POST, which browsers can send.
import { defineRoute } from '../../shared/http/route.js';
import { copyRequest, copyResponses } from './copy.route.js';

export const submitDocumentCopyRoute = defineRoute({
  operationId: 'submitDocumentCopy',
  method: 'POST',
  path: '/verify',
  summary:
    'Xác thực tài liệu từ tệp: the PDF as the body (for browsers, whose fetch() sends no GET body); known or not, its signatures',
  tags: ['verify'],
  auth: 'public',
  request: copyRequest,
  responses: copyResponses,
});
