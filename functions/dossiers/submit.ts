// POST /dossiers/{id}/submit
import { httpHandler } from '../../shared/http/handler.js';
import { submitDossierRoute } from './contract.js';
import { dossierDeps } from './handlers.js';
import { submitDossier } from './use-cases.js';

const deps = dossierDeps();

export const handler = httpHandler(submitDossierRoute, async ({ path, caller }) => ({
  status: 200,
  json: await submitDossier(deps, caller!, path.id),
}));
