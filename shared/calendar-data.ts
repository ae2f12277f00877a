// The working-day calendar with the official yearly schedules: those bundled from data/calendar-schedules.json are the
// seed, and a schedule an operator stored for a year (PUT /admin/calendar/{year}) takes the place of that year's.
import * as z from 'zod/mini';
import schedulesFile from '../data/calendar-schedules.json' with { type: 'json' };
import { createCalendar, type Calendar, type YearSchedule } from './domain/calendar/calendar.js';
import { isValidLocalDate } from './domain/calendar/local-date.js';
import { scheduleIssues } from './domain/calendar/schedule-rules.js';
import { messageKey } from './http/messages.js';
import { localDateMessage } from './http/field-messages.js';

const localDate = z.string().check(z.refine(isValidLocalDate, messageKey(localDateMessage)));
const entry = z.object({ date: localDate, reason: z.string().check(z.minLength(1)) });
const scheduleSchema = z
  .object({
    year: z.int(),
    source: z.optional(z.string()),
    daysOff: z._default(z.array(entry), []),
    workingDays: z._default(z.array(entry), []),
  })
  .check(
    // The rules PUT /admin/calendar/{year} holds an operator's schedule to.
    z.superRefine((schedule, ctx) => {
      for (const { path, rule } of scheduleIssues(schedule))
        ctx.addIssue({ code: 'custom', path: [...path], message: rule });
    }),
  );
const schedulesSchema = z.object({
  schedules: z.array(scheduleSchema).check(
    z.superRefine((schedules, ctx) => {
      const years = new Set<number>();
      schedules.forEach(({ year }, index) => {
        if (years.has(year))
          ctx.addIssue({ code: 'custom', path: [index, 'year'], message: 'duplicate-year' });
        years.add(year);
      });
    }),
  ),
});

/** The schedules of a file shaped as data/calendar-schedules.json, checked as the admin route checks one. */
export const parseSchedules = (file: unknown): YearSchedule[] => schedulesSchema.parse(file).schedules;

export const CALENDAR_MIN_YEAR = 2000;
export const CALENDAR_MAX_YEAR = 2199;

let bundled: readonly YearSchedule[] | undefined;
/** Read on first use, not at import: a function that never counts working days carries no calendar. */
export const bundledSchedules = (): readonly YearSchedule[] => (bundled ??= parseSchedules(schedulesFile));

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
