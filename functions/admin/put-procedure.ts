// PUT /admin/procedures/{code}
import { catalogAdminStore } from '../../shared/catalog/dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import { adminProcedureView, procedureEtag, putProcedure } from './procedures.js';
import { putProcedureRoute } from './put-procedure.route.js';

const deps = { store: catalogAdminStore(), now: () => Date.now() };

export const handler = httpHandler(putProcedureRoute, async ({ path, body, caller, event }) => {
  const { created, record } = await putProcedure(deps, caller!, path.code, body, event.headers['if-match']);
  return {
    status: created ? 201 : 200,
    json: adminProcedureView(record),
    headers: { etag: procedureEtag(record) },
  };
});
