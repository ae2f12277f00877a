// POST /dossiers/{id}/supplement
import { calendar } from '../../shared/calendar-data.js';
import { catalogRepository, clock, dossierRepository } from '../../shared/dossier/dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import { submitSupplementRoute } from './submit-supplement.route.js';
import { submitSupplement } from './use-cases.js';

const deps = { dossiers: dossierRepository(), catalog: catalogRepository(), calendar, now: clock };

export const handler = httpHandler(submitSupplementRoute, async ({ path, caller }) => ({
  json: await submitSupplement(deps, caller!, path.id),
}));
