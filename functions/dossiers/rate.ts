// POST /dossiers/{id}/rating
import { clock, dossierRepository } from '../../shared/dossier/dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import { rateDossierRoute } from './rate.route.js';
import { rateDossier, type RatingInput } from './rating.js';

const deps = { dossiers: dossierRepository(), now: clock };

export const handler = httpHandler(rateDossierRoute, async ({ path, body, caller }) => ({
  status: 201,
  json: await rateDossier(deps, caller!, path.id, body as RatingInput),
}));
