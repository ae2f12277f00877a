// GET /reception
import { refuseClosedAgency } from '../../shared/catalog/active-agency.js';
import { catalogRepository, dossierReader } from '../../shared/dossier/dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import { listReceptionRoute } from './list.route.js';
import { listReception } from './use-cases.js';

const catalog = catalogRepository();
const deps = { dossiers: dossierReader() };

export const handler = httpHandler(
  listReceptionRoute,
  async ({ query, caller }) => ({
    json: await listReception(deps, caller!, query),
  }),
  { checkCaller: refuseClosedAgency(catalog) },
);
