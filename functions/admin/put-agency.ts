// PUT /admin/agencies/{code}
import { catalogAdminStore } from '../../shared/catalog/dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import { adminAgencyView, agencyEtag, putAgency } from './agencies.js';
import { putAgencyRoute } from './put-agency.route.js';

const deps = { store: catalogAdminStore(), now: () => Date.now() };

export const handler = httpHandler(putAgencyRoute, async ({ path, body, caller, event }) => {
  const { created, record } = await putAgency(deps, caller!, path.code, body, event.headers['if-match']);
  return {
    status: created ? 201 : 200,
    json: adminAgencyView(record),
    headers: { etag: agencyEtag(record) },
  };
});
