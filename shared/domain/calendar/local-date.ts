// Calendar dates in Asia/Ho_Chi_Minh (UTC+7, no daylight saving since 1975) as ISO strings and day numbers.

/** A calendar date in Vietnam, `YYYY-MM-DD`. */
export type LocalDate = string;

const DAY_MS = 86_400_000;
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export class InvalidDateError extends Error {
  constructor(readonly input: string) {
    super(`Not a valid date: ${input}`);
    this.name = 'InvalidDateError';
  }
}

/** Days since 1970-01-01 for a local date; throws InvalidDateError for impossible dates like 2025-02-30. */
export function toDayNumber(date: LocalDate): number {
  const match = LOCAL_DATE.exec(date);
  if (!match) throw new InvalidDateError(date);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  if (month < 1 || month > 12 || day < 1 || new Date(ms).getUTCDate() !== day)
    throw new InvalidDateError(date);
  return ms / DAY_MS;
}

export function fromDayNumber(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function fromParts(year: number, month: number, day: number): LocalDate {
  return fromDayNumber(Date.UTC(year, month - 1, day) / DAY_MS);
}

export function isValidLocalDate(date: string): boolean {
  try {
    toDayNumber(date);
    return true;
  } catch {
    return false;
  }
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOfDayNumber(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekendDayNumber(day: number): boolean {
  const weekday = weekdayOfDayNumber(day);
  return weekday === 0 || weekday === 6;
}

export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

/** The date in Vietnam at an instant (epoch milliseconds). */
export function dayNumberAtInstant(epochMs: number): number {
  return Math.floor((epochMs + VIETNAM_OFFSET_MS) / DAY_MS);
}

export function localDateAt(epochMs: number): LocalDate {
  return fromDayNumber(dayNumberAtInstant(epochMs));
}

/** The instant of a local wall-clock time on a date in Vietnam. */
export function instantAt(day: number, hour: number, minute = 0): number {
  return day * DAY_MS + (hour * 60 + minute) * 60_000 - VIETNAM_OFFSET_MS;
}

/** The date in Vietnam as applicants write it: `dd/mm/yyyy`. */
export function dayMonthYearAt(epochMs: number): string {
  return localDateAt(epochMs).split('-').reverse().join('/');
}

/** ISO-8601 with the +07:00 offset, the way applicants read times. */
export function toVietnamIso(epochMs: number): string {
  return new Date(epochMs + VIETNAM_OFFSET_MS).toISOString().replace(/\.\d{3}Z$/, '+07:00');
}
