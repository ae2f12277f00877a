// GET /calendar/due-date
import { calendars, catalogRepository } from '../../shared/catalog/dependencies.js';
import { httpHandler, ok } from '../../shared/http/handler.js';
import { dueDateRoute } from './due-date.route.js';
import { dueDate } from './use-cases.js';

const repo = catalogRepository();
const calendar = calendars();

export const handler = httpHandler(dueDateRoute, async ({ query }) =>
  ok(await dueDate(await calendar(), repo, query)),
);
