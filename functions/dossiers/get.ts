// GET /dossiers/{id}
import { httpHandler } from '../../shared/http/handler.js';
import { getDossierRoute } from './get.route.js';
import { dossierReader } from '../../shared/dossier/dependencies.js';
import { getDossier } from './use-cases.js';

const deps = { dossiers: dossierReader() };

export const handler = httpHandler(getDossierRoute, async ({ path, caller }) => ({
  status: 200,
  json: await getDossier(deps, caller!, path.id),
}));
