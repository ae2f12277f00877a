// Route contract of completeAttachmentUpload, in a module of its own so its handler bundles only its own schemas.
import { problem, problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { CITIZEN, attachmentViewSchema, byAttachmentId } from './contract.js';

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
    { status: 200, description: 'The verified attachment', schema: attachmentViewSchema },
    ...problemResponses(404, 409),
    problem(422, 'The file was refused (size, type or content); it is deleted'),
  ],
});
