// GET /agency/dossiers
import { calendar } from '../../shared/calendar-data.js';
import { clock, inboxes } from '../../shared/dossier/dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import { listAgencyDossiersRoute } from './list.route.js';
import { listAgencyDossiers } from './inbox.js';

const deps = { inboxes: inboxes(), calendar, now: clock };

export const handler = httpHandler(listAgencyDossiersRoute, async ({ query, caller }) => ({
  json: await listAgencyDossiers(deps, caller!, query),
}));
