// POST /dossiers/{id}/attachments/{attachmentId}/complete
import { httpHandler } from '../../shared/http/handler.js';
import { completeUploadRoute } from './complete-upload.route.js';
import {
  attachmentStorage,
  catalogRepository,
  clock,
  plainDossierRepository,
} from '../../shared/dossier/dependencies.js';
import { completeUpload } from './use-cases.js';

const deps = {
  dossiers: plainDossierRepository(),
  catalog: catalogRepository(),
  storage: attachmentStorage(),
  now: clock,
};

export const handler = httpHandler(completeUploadRoute, async ({ path, caller }) => ({
  status: 200,
  json: await completeUpload(deps, caller!, path.id, path.attachmentId),
}));
