// GET /me/dossiers
import { httpHandler } from '../../shared/http/handler.js';
import { listMyDossiersRoute } from './contract.js';
import { dossierDeps } from './handlers.js';
import { listMyDossiers } from './use-cases.js';

const deps = dossierDeps();

export const handler = httpHandler(listMyDossiersRoute, async ({ query, caller }) => ({
  status: 200,
  json: await listMyDossiers(deps, caller!, query),
}));
