// GET /agency/dossiers
import { calendars } from '../../shared/catalog/dependencies.js';
import { refuseClosedAgency } from '../../shared/catalog/active-agency.js';
import { catalogRepository, clock, inboxes } from '../../shared/dossier/dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import { listAgencyDossiersRoute } from './list.route.js';
import { listAgencyDossiers } from './inbox.js';

const catalog = catalogRepository();
const deps = { inboxes: inboxes(), now: clock };
const calendar = calendars();

export const handler = httpHandler(
  listAgencyDossiersRoute,
  async ({ query, caller }) => ({
    json: await listAgencyDossiers({ ...deps, calendar: await calendar() }, caller!, query),
  }),
  { checkCaller: refuseClosedAgency(catalog) },
);
