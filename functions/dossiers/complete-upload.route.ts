// Route contract of completeAttachmentUpload, in a module of its own so its handler bundles only its own schemas.
import { problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { CITIZEN, byAttachmentId } from './contract.js';

export const completeUploadRoute = defineRoute({
  operationId: 'completeAttachmentUpload',
  method: 'POST',
  path: '/dossiers/{id}/attachments/{attachmentId}/complete',
  summary:
    'Verify the upload (size, SHA-256, magic bytes) and keep the verified bytes; a mismatch deletes it',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: byAttachmentId,
  responses: [
    { status: 200, description: 'The verified attachment' },
    ...problemResponses(400, 401, 404, 409, 422),
  ],
});
