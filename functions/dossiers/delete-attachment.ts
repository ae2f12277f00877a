// DELETE /dossiers/{id}/attachments/{attachmentId}
import { httpHandler } from '../../shared/http/handler.js';
import { deleteAttachmentRoute } from './delete-attachment.route.js';
import { attachmentStorage, plainDossierRepository } from '../../shared/dossier/dependencies.js';
import { deleteAttachment } from './use-cases.js';

const deps = { dossiers: plainDossierRepository(), storage: attachmentStorage() };

export const handler = httpHandler(deleteAttachmentRoute, async ({ path, caller }) => {
  await deleteAttachment(deps, caller!, path.id, path.attachmentId);
  return { status: 204, json: null };
});
