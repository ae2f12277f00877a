// POST /dossiers/{id}/submit
import { httpHandler } from '../../shared/http/handler.js';
import { submitDossierRoute } from './submit.route.js';
import {
  catalogRepository,
  citizenLimits,
  clock,
  dossierRepository,
  pipeline,
} from '../../shared/dossier/dependencies.js';
import { submitDossier } from './use-cases.js';

const deps = {
  dossiers: dossierRepository(),
  catalog: catalogRepository(),
  limits: citizenLimits(),
  pipeline: pipeline(),
  now: clock,
};

export const handler = httpHandler(submitDossierRoute, async ({ path, caller }) => ({
  status: 200,
  json: await submitDossier(deps, caller!, path.id),
}));
