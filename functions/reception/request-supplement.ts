// POST /reception/{id}/request-supplement
import { refuseClosedAgency } from '../../shared/catalog/active-agency.js';
import { catalogRepository, clock, dossierRepository, pipeline } from '../../shared/dossier/dependencies.js';
import { lookupUrl } from '../../shared/dossier/lookup.js';
import { httpHandler } from '../../shared/http/handler.js';
import { requestSupplementRoute } from './request-supplement.route.js';
import { requestSupplementAtReception } from './use-cases.js';

const deps = {
  dossiers: dossierRepository(),
  catalog: catalogRepository(),
  pipeline: pipeline(),
  now: clock,
  lookupUrl,
};

export const handler = httpHandler(
  requestSupplementRoute,
  async ({ path, body, caller }) => ({
    json: await requestSupplementAtReception(deps, caller!, path.id, body.checklist),
  }),
  { checkCaller: refuseClosedAgency(deps.catalog) },
);
