// GET /dossiers/{id}/results
import { clock, dossierReader, downloadPresigner } from '../../shared/dossier/dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import { listResultsRoute } from './list-results.route.js';
import { listResults } from './results.js';

const deps = { dossiers: dossierReader(), downloads: downloadPresigner(), now: clock };

export const handler = httpHandler(listResultsRoute, async ({ path, caller }) => ({
  json: await listResults(deps, caller!, path.id),
  headers: { 'cache-control': 'private, no-store' },
}));
