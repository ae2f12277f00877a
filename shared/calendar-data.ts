// The working-day calendar with the official yearly schedules: those bundled from data/calendar-schedules.json are the
// seed, and a schedule an operator stored for a year (PUT /admin/calendar/{year}) takes the place of that year's.
import * as z from 'zod/mini';
import schedulesFile from '../data/calendar-schedules.json' with { type: 'json' };
import { createCalendar, type Calendar, type YearSchedule } from './domain/calendar/calendar.js';
import { isValidLocalDate } from './domain/calendar/local-date.js';
import { messageKey } from './http/messages.js';
import { localDateMessage } from './http/field-messages.js';

const localDate = z.string().check(z.refine(isValidLocalDate, messageKey(localDateMessage)));
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

let bundled: readonly YearSchedule[] | undefined;
/** Read on first use, not at import: a function that never counts working days carries no calendar. */
export const bundledSchedules = (): readonly YearSchedule[] =>
  (bundled ??= schedulesSchema.parse(schedulesFile).schedules);

/** The calendar of the bundled schedules with the stored ones in place of theirs, year by year. */
export function calendarWith(stored: readonly YearSchedule[]): Calendar {
  const years = new Map(bundledSchedules().map((s) => [s.year, s]));
  for (const schedule of stored) years.set(schedule.year, schedule);
  return createCalendar([...years.values()], { minYear: CALENDAR_MIN_YEAR, maxYear: CALENDAR_MAX_YEAR });
}

/** The bundled schedules alone (what a function without access to the catalog table, or a test, counts with). */
export const calendar = /* @__PURE__ */ calendarWith([]);

/** The calendar with the stored schedules, read again once `ttlMs` has passed (between requests, never during one). */
export function storedCalendar(
  listSchedules: () => Promise<YearSchedule[]>,
  ttlMs: number,
  now: () => number = Date.now,
): () => Promise<Calendar> {
  let hit: { at: number; value: Promise<Calendar> } | undefined;
  return () => {
    if (hit && now() - hit.at < ttlMs) return hit.value;
    const value = listSchedules().then(calendarWith);
    const current = { at: now(), value };
    hit = current;
    value.catch(() => {
      if (hit === current) hit = undefined;
    });
    return value;
  };
}
