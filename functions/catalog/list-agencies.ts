// GET /agencies
import { catalogRepository } from '../../shared/catalog/dependencies.js';
import { httpHandler, ok } from '../../shared/http/handler.js';
import { listAgenciesRoute } from './list-agencies.route.js';
import { listAgencies } from './use-cases.js';

const repo = catalogRepository();

export const handler = httpHandler(listAgenciesRoute, async () => ok(await listAgencies(repo)));
