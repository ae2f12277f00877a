// Route contract of getCalendarYear, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR } from '../../shared/calendar-data.js';
import { cacheControl } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { dayEntry } from './contract.js';

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
      headers: cacheControl('public, max-age=60'),
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
  ],
});
