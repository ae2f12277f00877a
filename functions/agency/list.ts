// GET /agency/dossiers
import { refuseClosedAgency } from '../../shared/catalog/active-agency.js';
import { calendar } from '../../shared/calendar-data.js';
import { catalogRepository, clock, inboxes } from '../../shared/dossier/dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import { listAgencyDossiersRoute } from './list.route.js';
import { listAgencyDossiers } from './inbox.js';

const catalog = catalogRepository();
const deps = { inboxes: inboxes(), calendar, now: clock };

export const handler = httpHandler(
  listAgencyDossiersRoute,
  async ({ query, caller }) => ({
    json: await listAgencyDossiers(deps, caller!, query),
  }),
  { checkCaller: refuseClosedAgency(catalog) },
);
