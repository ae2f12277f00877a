// GET /agency/dossiers/{id}
import { calendars } from '../../shared/catalog/dependencies.js';
import { refuseClosedAgency } from '../../shared/catalog/active-agency.js';
import {
  catalogRepository,
  clock,
  dossierReader,
  downloadPresigner,
} from '../../shared/dossier/dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import { getAgencyDossierRoute } from './get.route.js';
import { getAgencyDossier } from './use-cases.js';

const deps = {
  dossiers: dossierReader(),
  catalog: catalogRepository(),
  downloads: downloadPresigner(),
  now: clock,
};
const calendar = calendars();

export const handler = httpHandler(
  getAgencyDossierRoute,
  async ({ path, caller }) => {
    const { view, etag } = await getAgencyDossier({ ...deps, calendar: await calendar() }, caller!, path.id);
    return { json: view, headers: { etag, 'cache-control': 'no-store' } };
  },
  { checkCaller: refuseClosedAgency(deps.catalog) },
);
