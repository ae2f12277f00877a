// GET /reception
import { dossierRepository } from '../../shared/dossier/dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import { listReceptionRoute } from './list.route.js';
import { listReception } from './use-cases.js';

const deps = { dossiers: dossierRepository() };

export const handler = httpHandler(listReceptionRoute, async ({ query, caller }) => ({
  json: await listReception(deps, caller!, query),
}));
