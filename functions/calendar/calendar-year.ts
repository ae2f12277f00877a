// GET /calendar/{year}
import { calendar } from '../../shared/calendar-data.js';
import { httpHandler, ok } from '../../shared/http/handler.js';
import { calendarYearRoute } from './calendar-year.route.js';
import { calendarYear } from './use-cases.js';

export const handler = httpHandler(calendarYearRoute, async ({ path }) =>
  ok(calendarYear(calendar, path.year), { 'cache-control': 'public, max-age=3600' }),
);
