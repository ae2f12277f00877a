// POST /reception/{id}/refuse
import { refuseClosedAgency } from '../../shared/catalog/active-agency.js';
import { catalogRepository, clock, dossierRepository, pipeline } from '../../shared/dossier/dependencies.js';
import { lookupUrl } from '../../shared/dossier/lookup.js';
import { httpHandler } from '../../shared/http/handler.js';
import { refuseAtReceptionRoute } from './refuse.route.js';
import { refuseAtReception } from './use-cases.js';

const catalog = catalogRepository();
const deps = { dossiers: dossierRepository(), pipeline: pipeline(), now: clock, lookupUrl };

export const handler = httpHandler(
  refuseAtReceptionRoute,
  async ({ path, body, caller }) => ({
    json: await refuseAtReception(deps, caller!, path.id, body.reason),
  }),
  { checkCaller: refuseClosedAgency(catalog) },
);
