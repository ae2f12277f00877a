// POST /dossiers
import { httpHandler } from '../../shared/http/handler.js';
import { createDossierRoute } from './create.route.js';
import {
  catalogRepository,
  citizenLimits,
  clock,
  dossierCreation,
  newId,
} from '../../shared/dossier/dependencies.js';
import { idempotencyMiddlewares } from './idempotency.js';
import { createDossier } from './use-cases.js';

const deps = {
  dossiers: dossierCreation(),
  catalog: catalogRepository(),
  limits: citizenLimits(),
  now: clock,
  newId,
};

export const handler = httpHandler(
  createDossierRoute,
  async ({ body, caller }) => ({ status: 201, json: await createDossier(deps, caller!, body) }),
  { middlewares: idempotencyMiddlewares() },
);
