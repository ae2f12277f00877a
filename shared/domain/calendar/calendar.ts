// Working-day calendar: weekends, statutory holidays, compensatory days (Art. 111) and yearly schedules as data.
import { LUNAR_MAX_YEAR, LUNAR_MIN_YEAR, statutoryHolidays } from './holidays.js';
import { fromDayNumber, isWeekendDayNumber, toDayNumber, yearOf, type LocalDate } from './local-date.js';

/** One year's official schedule, loaded by operators: extra days off and make-up working days. */
export interface YearSchedule {
  year: number;
  /** The decision that fixed this schedule, e.g. "Thông báo 6150/TB-LĐTBXH". */
  source?: string;
  daysOff?: { date: LocalDate; reason: string }[];
  workingDays?: { date: LocalDate; reason: string }[];
}

export type NonWorkingKind = 'holiday' | 'compensatory' | 'day-off';

export interface NonWorkingWeekday {
  date: LocalDate;
  kind: NonWorkingKind;
  reason: string;
}

export interface YearOverview {
  year: number;
  /** Weekdays (Monday–Friday) that are not working days. */
  nonWorkingWeekdays: NonWorkingWeekday[];
  /** Saturdays and Sundays declared working days. */
  makeUpWorkingDays: { date: LocalDate; reason: string }[];
  /** Holidays that fall on a weekend (they give a compensatory day). */
  holidaysOnWeekends: { date: LocalDate; reason: string }[];
}

export class CalendarRangeError extends RangeError {
  constructor(
    readonly year: number,
    readonly minYear: number,
    readonly maxYear: number,
  ) {
    super(`Year ${year} is outside the supported range ${minYear}–${maxYear}`);
    this.name = 'CalendarRangeError';
  }
}

export interface Calendar {
  readonly minYear: number;
  readonly maxYear: number;
  isWorkingDay(date: LocalDate): boolean;
  isWorkingDayNumber(day: number): boolean;
  /** The n-th working day strictly after `date` (n ≥ 0; n = 0 returns `date`). */
  addWorkingDays(date: LocalDate, n: number): LocalDate;
  addWorkingDayNumbers(day: number, n: number): number;
  /** Working days in (from, to]: the inverse of addWorkingDays; negative when `to` is before `from`. */
  workingDaysBetween(from: LocalDate, to: LocalDate): number;
  workingDaysBetweenDayNumbers(from: number, to: number): number;
  year(year: number): YearOverview;
}

interface YearData {
  off: Map<number, { kind: NonWorkingKind; reason: string }>;
  working: Map<number, string>;
  overview: YearOverview;
}

export interface CalendarOptions {
  minYear?: number;
  maxYear?: number;
}

export function createCalendar(
  schedules: readonly YearSchedule[] = [],
  options: CalendarOptions = {},
): Calendar {
  const minYear = Math.max(options.minYear ?? 2000, LUNAR_MIN_YEAR);
  const maxYear = Math.min(options.maxYear ?? 2199, LUNAR_MAX_YEAR);
  const scheduleByYear = new Map(schedules.map((s) => [s.year, s]));
  const years = new Map<number, YearData>();
  const firstDay = toDayNumber(`${String(minYear).padStart(4, '0')}-01-01`);
  const lastDay = toDayNumber(`${maxYear}-12-31`);

  function yearData(year: number): YearData {
    if (year < minYear || year > maxYear) throw new CalendarRangeError(year, minYear, maxYear);
    let data = years.get(year);
    if (!data) {
      data = buildYear(year, scheduleByYear.get(year));
      years.set(year, data);
    }
    return data;
  }

  // One byte per day of the supported range: 0 = not yet computed, 1 = working day, 2 = day off.
  const flags = new Uint8Array(lastDay - firstDay + 1);

  function fillYear(year: number): void {
    const data = yearData(year);
    const start = toDayNumber(`${year}-01-01`);
    const end = toDayNumber(`${year}-12-31`);
    for (let day = start; day <= end; day += 1) {
      const working = data.working.has(day) || (!isWeekendDayNumber(day) && !data.off.has(day));
      flags[day - firstDay] = working ? 1 : 2;
    }
  }

  function isWorkingDayNumber(day: number): boolean {
    if (day < firstDay || day > lastDay) {
      throw new CalendarRangeError(yearOf(fromDayNumber(day)), minYear, maxYear);
    }
    let flag = flags[day - firstDay];
    if (flag === 0) {
      fillYear(yearOfDayNumber(day));
      flag = flags[day - firstDay];
    }
    return flag === 1;
  }

  function addWorkingDayNumbers(day: number, n: number): number {
    if (!Number.isInteger(n) || n < 0)
      throw new RangeError(`Working days must be a whole number ≥ 0, got ${n}`);
    let current = day;
    for (let left = n; left > 0;) {
      current += 1;
      if (isWorkingDayNumber(current)) left -= 1;
    }
    return current;
  }

  function workingDaysBetweenDayNumbers(from: number, to: number): number {
    if (to < from) return 0 - workingDaysBetweenDayNumbers(to, from);
    let count = 0;
    for (let day = from + 1; day <= to; day += 1) if (isWorkingDayNumber(day)) count += 1;
    return count;
  }

  return {
    minYear,
    maxYear,
    isWorkingDayNumber,
    isWorkingDay: (date) => isWorkingDayNumber(toDayNumber(date)),
    addWorkingDayNumbers,
    addWorkingDays: (date, n) => fromDayNumber(addWorkingDayNumbers(toDayNumber(date), n)),
    workingDaysBetweenDayNumbers,
    workingDaysBetween: (from, to) => workingDaysBetweenDayNumbers(toDayNumber(from), toDayNumber(to)),
    year: (year) => yearData(year).overview,
  };
}

function yearOfDayNumber(day: number): number {
  return new Date(day * 86_400_000).getUTCFullYear();
}

function buildYear(year: number, schedule: YearSchedule | undefined): YearData {
  const off = new Map<number, { kind: NonWorkingKind; reason: string }>();
  const working = new Map<number, string>();
  for (const entry of schedule?.workingDays ?? []) working.set(toDayNumber(entry.date), entry.reason);

  const holidays = statutoryHolidays(year).map((h) => ({ day: toDayNumber(h.date), reason: h.reason }));
  for (const holiday of holidays) off.set(holiday.day, { kind: 'holiday', reason: holiday.reason });
  for (const entry of schedule?.daysOff ?? []) {
    const day = toDayNumber(entry.date);
    if (!off.has(day)) off.set(day, { kind: 'day-off', reason: entry.reason });
  }

  // Art. 111: a holiday on a weekly rest day gives the next working day off, in order, one for one.
  const holidaysOnWeekends = holidays.filter((h) => isWeekendDayNumber(h.day) && !working.has(h.day));
  for (const holiday of holidaysOnWeekends) {
    let day = holiday.day + 1;
    while (isWeekendDayNumber(day) || off.has(day) || working.has(day)) day += 1;
    off.set(day, { kind: 'compensatory', reason: `Nghỉ bù ${holiday.reason}` });
  }

  const nonWorkingWeekdays = [...off.entries()]
    .filter(([day]) => !isWeekendDayNumber(day) && !working.has(day) && yearOfDayNumber(day) === year)
    .sort(([a], [b]) => a - b)
    .map(([day, entry]) => ({ date: fromDayNumber(day), kind: entry.kind, reason: entry.reason }));
  const makeUpWorkingDays = [...working.entries()]
    .filter(([day]) => isWeekendDayNumber(day))
    .sort(([a], [b]) => a - b)
    .map(([day, reason]) => ({ date: fromDayNumber(day), reason }));
  return {
    off,
    working,
    overview: {
      year,
      nonWorkingWeekdays,
      makeUpWorkingDays,
      holidaysOnWeekends: holidaysOnWeekends.map((h) => ({ date: fromDayNumber(h.day), reason: h.reason })),
    },
  };
}
