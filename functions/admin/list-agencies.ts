// GET /admin/agencies
import { catalogAdminStore } from '../../shared/catalog/dependencies.js';
import { httpHandler, ok } from '../../shared/http/handler.js';
import { listAdminAgencies } from './agencies.js';
import { listAdminAgenciesRoute } from './list-agencies.route.js';

const deps = { store: catalogAdminStore() };

export const handler = httpHandler(listAdminAgenciesRoute, async () => ok(await listAdminAgencies(deps)));
