// DELETE /admin/procedures/{code}
import { catalogAdminStore } from '../../shared/catalog/dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import { withdrawProcedureRoute } from './delete-procedure.route.js';
import { adminProcedureView, procedureEtag, withdrawProcedure } from './procedures.js';

const deps = { store: catalogAdminStore(), now: () => Date.now() };

export const handler = httpHandler(withdrawProcedureRoute, async ({ path, caller, event }) => {
  const record = await withdrawProcedure(deps, caller!, path.code, event.headers['if-match']);
  return { json: adminProcedureView(record), headers: { etag: procedureEtag(record) } };
});
