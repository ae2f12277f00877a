// POST /dossiers/{id}/supplement
import { calendars } from '../../shared/catalog/dependencies.js';
import { catalogRepository, clock, dossierRepository } from '../../shared/dossier/dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import { submitSupplementRoute } from './submit-supplement.route.js';
import { submitSupplement } from './use-cases.js';

const deps = { dossiers: dossierRepository(), catalog: catalogRepository(), now: clock };
const calendar = calendars();

export const handler = httpHandler(submitSupplementRoute, async ({ path, caller }) => ({
  json: await submitSupplement({ ...deps, calendar: await calendar() }, caller!, path.id),
}));
