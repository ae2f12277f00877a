// GET /procedures
import { catalogRepository } from '../../shared/catalog/dependencies.js';
import { httpHandler, ok } from '../../shared/http/handler.js';
import { searchProceduresRoute } from './search-procedures.route.js';
import { searchProcedures } from './use-cases.js';

const repo = catalogRepository();

export const handler = httpHandler(searchProceduresRoute, async ({ query }) =>
  ok(await searchProcedures(repo, query)),
);
