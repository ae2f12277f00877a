// POST /dossiers/{id}/withdraw
import { clock, dossierRepository, pipeline } from '../../shared/dossier/dependencies.js';
import { lookupUrl } from '../../shared/dossier/lookup.js';
import { httpHandler } from '../../shared/http/handler.js';
import { withdrawDossierRoute } from './withdraw.route.js';
import { withdrawDossier } from './withdrawal.js';

const deps = { dossiers: dossierRepository(), pipeline: pipeline(), now: clock, lookupUrl };

export const handler = httpHandler(withdrawDossierRoute, async ({ path, body, caller }) => ({
  json: await withdrawDossier(deps, caller!, path.id, body?.reason),
}));
