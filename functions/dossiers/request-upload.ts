// POST /dossiers/{id}/attachments
import { httpHandler } from '../../shared/http/handler.js';
import { requestUploadRoute } from './request-upload.route.js';
import {
  uploadPresigner,
  catalogRepository,
  clock,
  plainDossierRepository,
  newId,
} from '../../shared/dossier/dependencies.js';
import { requestUpload } from './use-cases.js';

const deps = {
  dossiers: plainDossierRepository(),
  catalog: catalogRepository(),
  uploads: uploadPresigner(),
  now: clock,
  newId,
};

export const handler = httpHandler(requestUploadRoute, async ({ path, body, caller }) => ({
  status: 201,
  json: await requestUpload(deps, caller!, path.id, body),
}));
