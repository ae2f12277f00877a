// GET /admin/reorganisations/{id}
import { catalogAdminStore } from '../../shared/catalog/dependencies.js';
import { httpHandler, ok } from '../../shared/http/handler.js';
import { getReorganisationRoute } from './get-reorganisation.route.js';
import { getReorganisation } from './reorganisation.js';

const deps = { store: catalogAdminStore() };

export const handler = httpHandler(getReorganisationRoute, async ({ path }) =>
  ok(await getReorganisation(deps, path.id)),
);
