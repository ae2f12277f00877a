// The working-day calendar with the official yearly schedules operators keep in data/calendar-schedules.json.
import * as z from 'zod/mini';
import schedulesFile from '../data/calendar-schedules.json' with { type: 'json' };
import { createCalendar } from './domain/calendar/calendar.js';
import { isValidLocalDate } from './domain/calendar/local-date.js';

const localDate = z.string().check(z.refine(isValidLocalDate, 'YYYY-MM-DD'));
const entry = z.object({ date: localDate, reason: z.string().check(z.minLength(1)) });
const schedulesSchema = z.object({
  schedules: z.array(
    z.object({
      year: z.int(),
      source: z.optional(z.string()),
      daysOff: z._default(z.array(entry), []),
      workingDays: z._default(z.array(entry), []),
    }),
  ),
});

export const CALENDAR_MIN_YEAR = 2000;
export const CALENDAR_MAX_YEAR = 2199;

export const calendar = createCalendar(schedulesSchema.parse(schedulesFile).schedules, {
  minYear: CALENDAR_MIN_YEAR,
  maxYear: CALENDAR_MAX_YEAR,
});
