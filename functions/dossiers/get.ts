// GET /dossiers/{id}
import { httpHandler } from '../../shared/http/handler.js';
import { getDossierRoute } from './contract.js';
import { dossierDeps } from './handlers.js';
import { getDossier } from './use-cases.js';

const deps = dossierDeps();

export const handler = httpHandler(getDossierRoute, async ({ path, caller }) => ({
  status: 200,
  json: await getDossier(deps, caller!, path.id),
}));
