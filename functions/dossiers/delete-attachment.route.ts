// Route contract of deleteAttachment, in a module of its own so its handler bundles only its own schemas.
import { problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { CITIZEN, byAttachmentId } from './contract.js';

export const deleteAttachmentRoute = defineRoute({
  operationId: 'deleteAttachment',
  method: 'DELETE',
  path: '/dossiers/{id}/attachments/{attachmentId}',
  summary: 'Delete an attachment not handed in with the dossier',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: byAttachmentId,
  responses: [{ status: 204, description: 'Deleted' }, ...problemResponses(404, 409)],
});
