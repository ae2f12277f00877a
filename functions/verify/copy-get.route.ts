// Route contract of verifyDocumentCopy: a PDF as the body of a GET, hashed, looked up and its signatures verified.
import { defineRoute } from '../../shared/http/route.js';
import { copyRequest, copyResponses } from './copy.route.js';

export const verifyDocumentCopyRoute = defineRoute({
  operationId: 'verifyDocumentCopy',
  method: 'GET',
  path: '/verify',
  summary: 'Xác thực tài liệu từ tệp: the PDF as the body of a GET; answers like `POST /verify`',
  tags: ['verify'],
  auth: 'public',
  request: copyRequest,
  responses: copyResponses,
});
