// POST /agency/dossiers/{id}/results
import { refuseClosedAgency } from '../../shared/catalog/active-agency.js';
import {
  catalogRepository,
  clock,
  plainDossierRepository,
  newId,
  uploadPresigner,
} from '../../shared/dossier/dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import { requestResultUploadRoute } from './add-result.route.js';
import { requestResultUpload } from './results.js';

const catalog = catalogRepository();
const deps = { dossiers: plainDossierRepository(), uploads: uploadPresigner(), now: clock, newId };

export const handler = httpHandler(
  requestResultUploadRoute,
  async ({ path, body, caller }) => ({
    status: 201,
    json: await requestResultUpload(deps, caller!, path.id, body),
  }),
  { checkCaller: refuseClosedAgency(catalog) },
);
