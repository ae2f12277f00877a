// POST /reception/{id}/refuse
import { clock, dossierRepository, pipeline } from '../../shared/dossier/dependencies.js';
import { lookupUrl } from '../../shared/dossier/lookup.js';
import { httpHandler } from '../../shared/http/handler.js';
import { refuseAtReceptionRoute } from './refuse.route.js';
import { refuseAtReception } from './use-cases.js';

const deps = { dossiers: dossierRepository(), pipeline: pipeline(), now: clock, lookupUrl };

export const handler = httpHandler(refuseAtReceptionRoute, async ({ path, body, caller }) => ({
  json: await refuseAtReception(deps, caller!, path.id, body.reason),
}));
