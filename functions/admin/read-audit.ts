// GET /admin/audit
import { catalogAdminStore } from '../../shared/catalog/dependencies.js';
import { httpHandler, ok } from '../../shared/http/handler.js';
import { readAudit } from './audit.js';
import { readAuditRoute } from './read-audit.route.js';

const deps = { store: catalogAdminStore() };

export const handler = httpHandler(readAuditRoute, async ({ query }) => ok(await readAudit(deps, query)));
