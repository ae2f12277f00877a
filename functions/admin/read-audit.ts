// GET /admin/audit
import { dynamodb } from '../../shared/aws/clients.js';
import { catalogAdminStore } from '../../shared/catalog/dependencies.js';
import { config } from '../../shared/config.js';
import { dynamoAccessLogReader } from '../../shared/dossier/access-log.js';
import { httpHandler, ok } from '../../shared/http/handler.js';
import { readAudit } from './audit.js';
import { readAuditRoute } from './read-audit.route.js';

const deps = {
  store: catalogAdminStore(),
  accessLog: dynamoAccessLogReader(dynamodb, config.tableName('dossiers')),
};

export const handler = httpHandler(readAuditRoute, async ({ query }) => ok(await readAudit(deps, query)));
