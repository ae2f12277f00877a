// POST /reception/{id}/accept
import { refuseClosedAgency } from '../../shared/catalog/active-agency.js';
import { httpHandler } from '../../shared/http/handler.js';
import { acceptAtReceptionRoute } from './accept.route.js';
import { workflowDeps } from '../../shared/dossier/workflow.js';
import { calendars } from '../../shared/catalog/dependencies.js';
import { acceptAtReception } from './use-cases.js';

const deps = workflowDeps();
const calendar = calendars();

export const handler = httpHandler(
  acceptAtReceptionRoute,
  async ({ path, caller }) => ({
    json: await acceptAtReception({ ...deps, calendar: await calendar() }, caller!, path.id),
  }),
  { checkCaller: refuseClosedAgency(deps.catalog) },
);
