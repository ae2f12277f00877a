// POST /agency/dossiers/{id}/results/{resultId}/complete
import { refuseClosedAgency } from '../../shared/catalog/active-agency.js';
import {
  attachmentStorage,
  catalogRepository,
  clock,
  plainDossierRepository,
} from '../../shared/dossier/dependencies.js';
import { sqsSignatureQueue } from '../../shared/adapters/signature-queue.js';
import { httpHandler } from '../../shared/http/handler.js';
import { completeResultUploadRoute } from './complete-result.route.js';
import { completeResultUpload } from './results.js';

const catalog = catalogRepository();
const deps = {
  dossiers: plainDossierRepository(),
  storage: attachmentStorage(),
  now: clock,
  toSignatureCheck: sqsSignatureQueue(),
};

export const handler = httpHandler(
  completeResultUploadRoute,
  async ({ path, caller }) => ({
    status: 200,
    json: await completeResultUpload(deps, caller!, path.id, path.resultId),
  }),
  { checkCaller: refuseClosedAgency(catalog) },
);
