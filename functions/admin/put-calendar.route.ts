// Route contract of putCalendarYear, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR } from '../../shared/calendar-data.js';
import { isValidLocalDate } from '../../shared/domain/calendar/local-date.js';
import { messageKey } from '../../shared/http/messages.js';
import { localDateMessage } from '../../shared/http/field-messages.js';
import { problem } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { ADMIN, CHANGED_MEANWHILE, STALE, etagHeader, ifMatchHeaders } from './contract.js';

const day = z.strictObject({
  date: z.string().check(z.refine(isValidLocalDate, messageKey(localDateMessage))),
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(300)),
});
const days = z._default(z.array(day).check(z.maxLength(100)), []);

const scheduleSchema = z.object({
  year: z.int(),
  source: z.optional(z.string()),
  daysOff: z.array(z.object({ date: z.string(), reason: z.string() })),
  workingDays: z.array(z.object({ date: z.string(), reason: z.string() })),
  revision: z.int(),
});

export const putCalendarYearRoute = defineRoute({
  operationId: 'putCalendarYear',
  method: 'PUT',
  path: '/admin/calendar/{year}',
  summary:
    "A year's official schedule, in the shape of an entry of data/calendar-schedules.json (`source`, `daysOff`, `workingDays`, each `[{date, reason}]`), in place of the bundled one: dates in that year, make-up days on a weekend, no date twice. New due dates count with it at once; due dates already given do not move",
  tags: ['admin'],
  auth: ADMIN,
  request: {
    path: z.object({
      year: z.coerce.number().check(z.int(), z.minimum(CALENDAR_MIN_YEAR), z.maximum(CALENDAR_MAX_YEAR - 1)),
    }),
    query: noQuery,
    body: z.strictObject({
      source: z.optional(z.string().check(z.maxLength(300))),
      daysOff: days,
      workingDays: days,
    }),
    headers: ifMatchHeaders,
    examples: {
      tet: {
        summary: 'Tết and a make-up Saturday',
        value: {
          source: 'Thông báo 6150/TB-LĐTBXH',
          daysOff: [{ date: '2027-02-05', reason: 'Nghỉ Tết Nguyên đán (hoán đổi)' }],
          workingDays: [{ date: '2027-02-20', reason: 'Làm bù cho ngày 05/02' }],
        },
      },
    },
    maxBodyBytes: 32 * 1024,
  },
  responses: [
    {
      status: 200,
      description: 'The schedule as replaced',
      schema: scheduleSchema,
      headers: etagHeader(/^"r[0-9]+"$/, 'schedule revision'),
    },
    {
      status: 201,
      description: 'The schedule as stored first',
      schema: scheduleSchema,
      headers: etagHeader(/^"r[0-9]+"$/, 'schedule revision'),
    },
    CHANGED_MEANWHILE,
    STALE,
    problem(
      400,
      'Invalid input: a date outside the year, a make-up day on a weekday, a date twice (named in `errors`)',
    ),
  ],
});
