// GET /calendar/{year}
import { calendars } from '../../shared/catalog/dependencies.js';
import { httpHandler, ok } from '../../shared/http/handler.js';
import { calendarYearRoute } from './calendar-year.route.js';
import { calendarYear } from './use-cases.js';

const calendar = calendars();

export const handler = httpHandler(calendarYearRoute, async ({ path }) =>
  ok(calendarYear(await calendar(), path.year), { 'cache-control': 'public, max-age=60' }),
);
