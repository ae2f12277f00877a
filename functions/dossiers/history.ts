// GET /dossiers/{id}/history
import { dossierReader } from '../../shared/dossier/dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import { controlSheet } from './control-sheet.js';
import { dossierHistoryRoute } from './history.route.js';

const deps = { dossiers: dossierReader() };

export const handler = httpHandler(dossierHistoryRoute, async ({ path, caller }) => ({
  json: await controlSheet(deps, caller!, path.id),
  headers: { 'cache-control': 'private, no-store' },
}));
