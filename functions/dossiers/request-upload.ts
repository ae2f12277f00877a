// POST /dossiers/{id}/attachments
import { httpHandler } from '../../shared/http/handler.js';
import { requestUploadRoute } from './contract.js';
import { dossierDeps } from './handlers.js';
import { requestUpload } from './use-cases.js';

const deps = dossierDeps();

export const handler = httpHandler(requestUploadRoute, async ({ path, body, caller }) => ({
  status: 201,
  json: await requestUpload(deps, caller!, path.id, body),
}));
