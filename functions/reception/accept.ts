// POST /reception/{id}/accept
import { httpHandler } from '../../shared/http/handler.js';
import { acceptAtReceptionRoute } from './contract.js';
import { receptionDeps } from './dependencies.js';
import { acceptAtReception } from './use-cases.js';

const deps = receptionDeps();

export const handler = httpHandler(acceptAtReceptionRoute, async ({ path, caller }) => ({
  json: await acceptAtReception(deps, caller!, path.id),
}));
