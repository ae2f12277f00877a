// GET /procedures/{code}
import { catalogRepository } from '../../shared/catalog/dependencies.js';
import { httpHandler, ok } from '../../shared/http/handler.js';
import { getProcedureRoute } from './get-procedure.route.js';
import { getProcedure } from './use-cases.js';

const repo = catalogRepository();

export const handler = httpHandler(getProcedureRoute, async ({ path }) =>
  ok(await getProcedure(repo, path.code)),
);
