// POST /agency/dossiers/{id}/{action}
import { calendars } from '../../shared/catalog/dependencies.js';
import { refuseClosedAgency } from '../../shared/catalog/active-agency.js';
import {
  catalogRepository,
  clock,
  dossierRepository,
  downloadPresigner,
  pipeline,
} from '../../shared/dossier/dependencies.js';
import { lookupUrl } from '../../shared/dossier/lookup.js';
import { httpHandler } from '../../shared/http/handler.js';
import { actOnDossierRoute } from './act.route.js';
import type { ActionBodies } from './actions.js';
import { actOnDossier } from './use-cases.js';

const deps = {
  dossiers: dossierRepository(),
  catalog: catalogRepository(),
  downloads: downloadPresigner(),
  pipeline: pipeline(),
  now: clock,
  lookupUrl,
};
const calendar = calendars();

export const handler = httpHandler(
  actOnDossierRoute,
  async ({ path, body, caller, event }) => {
    const { view, etag } = await actOnDossier(
      { ...deps, calendar: await calendar() },
      caller!,
      path.id,
      path.action,
      body as ActionBodies[typeof path.action],
      event.headers['if-match'],
    );
    return { json: view, headers: { etag, 'cache-control': 'no-store' } };
  },
  { checkCaller: refuseClosedAgency(deps.catalog) },
);
