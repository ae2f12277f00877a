// GET /calendar/due-date
import { calendar } from '../../shared/calendar-data.js';
import { catalogRepository } from '../../shared/catalog/dependencies.js';
import { httpHandler, ok } from '../../shared/http/handler.js';
import { dueDateRoute } from './due-date.route.js';
import { dueDate } from './use-cases.js';

const repo = catalogRepository();

export const handler = httpHandler(dueDateRoute, async ({ query }) =>
  ok(await dueDate(calendar, repo, query)),
);
