// HTTP contract of the public working-day calendar and due-date calculator.
import * as z from 'zod/mini';
import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR } from '../../shared/calendar-data.js';
import { problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';

const dayEntry = z.object({ date: z.string(), reason: z.string() });

export const calendarYearRoute = defineRoute({
  operationId: 'getCalendarYear',
  method: 'GET',
  path: '/calendar/{year}',
  summary: 'Every non-working weekday and every make-up working day of a year, with its reason',
  tags: ['calendar'],
  auth: 'public',
  request: {
    path: z.object({
      year: z.coerce.number().check(z.int(), z.minimum(CALENDAR_MIN_YEAR), z.maximum(CALENDAR_MAX_YEAR)),
    }),
    query: noQuery,
  },
  responses: [
    {
      status: 200,
      description: 'The year',
      schema: z.object({
        year: z.number(),
        timeZone: z.literal('Asia/Ho_Chi_Minh'),
        workingDays: z.number(),
        nonWorkingWeekdays: z.array(
          z.extend(dayEntry, { kind: z.enum(['holiday', 'compensatory', 'day-off']) }),
        ),
        makeUpWorkingDays: z.array(dayEntry),
        holidaysOnWeekends: z.array(dayEntry),
      }),
    },
    ...problemResponses(400),
  ],
});

export const dueDateRoute = defineRoute({
  operationId: 'getDueDate',
  method: 'GET',
  path: '/calendar/due-date',
  summary: 'The due date of a dossier of a procedure accepted at a given time',
  tags: ['calendar'],
  auth: 'public',
  request: {
    query: z.strictObject({
      procedure: z.string().check(z.regex(/^\d\.\d{6}$/, 'Mã thủ tục có dạng 1.001193')),
      acceptedAt: z.iso.datetime({ offset: true }),
    }),
  },
  responses: [
    {
      status: 200,
      description: 'The due date and the working days counted',
      schema: z.object({
        procedure: z.object({ code: z.string(), name: z.string() }),
        acceptedAt: z.string(),
        workingDays: z.number(),
        countingStartsOn: z.string(),
        dueAt: z.string(),
        dueDate: z.string(),
        daysOffSkipped: z.array(dayEntry),
        steps: z.array(
          z.object({ id: z.string(), name: z.string(), workingDays: z.number(), dueAt: z.string() }),
        ),
      }),
    },
    ...problemResponses(400, 404),
  ],
});
