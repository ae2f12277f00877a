// DELETE /admin/agencies/{code}
import { catalogAdminStore } from '../../shared/catalog/dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import { adminAgencyView, agencyEtag, deactivateAgency } from './agencies.js';
import { deactivateAgencyRoute } from './delete-agency.route.js';

const deps = { store: catalogAdminStore(), now: () => Date.now() };

export const handler = httpHandler(deactivateAgencyRoute, async ({ path, caller, event }) => {
  const record = await deactivateAgency(deps, caller!, path.code, event.headers['if-match']);
  return { json: adminAgencyView(record), headers: { etag: agencyEtag(record) } };
});
