// POST /dossiers/{id}/submit
import { httpHandler } from '../../shared/http/handler.js';
import { submitDossierRoute } from './submit.route.js';
import { currentCatalogRepository } from '../../shared/catalog/dependencies.js';
import { citizenLimits, clock, dossierRepository, pipeline } from '../../shared/dossier/dependencies.js';
import { submitDossier } from './use-cases.js';

const deps = {
  dossiers: dossierRepository(),
  // The dossier keeps the procedure version current when it is submitted: an operator's change applies at once.
  catalog: currentCatalogRepository(),
  limits: citizenLimits(),
  pipeline: pipeline(),
  now: clock,
};

export const handler = httpHandler(submitDossierRoute, async ({ path, caller }) => ({
  status: 200,
  json: await submitDossier(deps, caller!, path.id),
}));
