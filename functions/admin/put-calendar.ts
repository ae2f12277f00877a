// PUT /admin/calendar/{year}
import { catalogAdminStore } from '../../shared/catalog/dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import { putSchedule, scheduleEtag, scheduleView } from './calendar.js';
import { putCalendarYearRoute } from './put-calendar.route.js';

const deps = { store: catalogAdminStore(), now: () => Date.now() };

export const handler = httpHandler(putCalendarYearRoute, async ({ path, body, caller, event }) => {
  const schedule = { year: path.year, ...body };
  const { created, revision } = await putSchedule(deps, caller!, schedule, event.headers['if-match']);
  return {
    status: created ? 201 : 200,
    json: scheduleView(schedule, revision),
    headers: { etag: scheduleEtag(revision) },
  };
});
