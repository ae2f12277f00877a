// POST /dossiers/{id}/attachments/{attachmentId}/complete
import { httpHandler } from '../../shared/http/handler.js';
import { completeUploadRoute } from './contract.js';
import { dossierDeps } from './handlers.js';
import { completeUpload } from './use-cases.js';

const deps = dossierDeps();

export const handler = httpHandler(completeUploadRoute, async ({ path, caller }) => ({
  status: 200,
  json: await completeUpload(deps, caller!, path.id, path.attachmentId),
}));
