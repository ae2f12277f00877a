// POST /reception/{id}/accept
import { refuseClosedAgency } from '../../shared/catalog/active-agency.js';
import { httpHandler } from '../../shared/http/handler.js';
import { acceptAtReceptionRoute } from './accept.route.js';
import { workflowDeps } from '../../shared/dossier/workflow.js';
import { acceptAtReception } from './use-cases.js';

const deps = workflowDeps();

export const handler = httpHandler(
  acceptAtReceptionRoute,
  async ({ path, caller }) => ({
    json: await acceptAtReception(deps, caller!, path.id),
  }),
  { checkCaller: refuseClosedAgency(deps.catalog) },
);
