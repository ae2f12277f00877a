import { getSolarDate } from '@dqcai/vn-lunar';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarRangeError, createCalendar } from '#domain/calendar/calendar.js';
import {
  hungKingsDay,
  LUNAR_MAX_YEAR,
  LUNAR_MIN_YEAR,
  lunarNewYear,
  statutoryHolidays,
} from '#domain/calendar/holidays.js';
import { fromDayNumber, fromParts, toDayNumber } from '#domain/calendar/local-date.js';

const calendar = createCalendar();
const day = fc.integer({ min: toDayNumber('2001-01-01'), max: toDayNumber('2098-12-31') }).map(fromDayNumber);
const span = fc.integer({ min: 0, max: 400 });

describe('the Vietnamese lunar calendar (UTC+7)', () => {
  it('puts Tết where Vietnam has it, not China', () => {
    expect(lunarNewYear(2007)).toBe('2007-02-17');
    expect(lunarNewYear(2030)).toBe('2030-02-02');
    expect(lunarNewYear(1985)).toBe('1985-01-21');
    expect(lunarNewYear(2026)).toBe('2026-02-17');
  });

  it('finds the Hùng Kings day on the 10th of the 3rd lunar month', () => {
    expect(hungKingsDay(2024)).toBe('2024-04-18');
    expect(hungKingsDay(2025)).toBe('2025-04-07');
    expect(hungKingsDay(2026)).toBe('2026-04-26');
  });

  it("holds the converter's Tết and Hùng Kings day for every year of its table", () => {
    const solar = (year: number, month: number, day: number) => {
      const date = getSolarDate(day, month, year, false);
      return fromParts(date.year, date.month, date.day);
    };
    for (let year = LUNAR_MIN_YEAR; year <= LUNAR_MAX_YEAR; year += 1) {
      expect(lunarNewYear(year), `Tết ${year}`).toBe(solar(year, 1, 1));
      expect(hungKingsDay(year), `Hùng Kings ${year}`).toBe(solar(year, 3, 10));
    }
  });

  it('refuses a year outside its table rather than guess', () => {
    expect(() => lunarNewYear(LUNAR_MIN_YEAR - 1)).toThrow(RangeError);
    expect(() => hungKingsDay(LUNAR_MAX_YEAR + 1)).toThrow(RangeError);
  });
});

describe('statutory holidays (Labor Code 2019, Art. 112)', () => {
  it('gives eleven days: New Year, five of Tết, Hùng Kings, 30/4, 1/5, 2/9 and the adjacent day', () => {
    const dates = statutoryHolidays(2026).map((h) => h.date);
    expect(dates).toEqual([
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-26',
      '2026-04-30',
      '2026-05-01',
      '2026-09-02',
      '2026-09-03',
    ]);
  });

  it('starts Tết on the last day of the lunar year', () => {
    expect(calendar.isWorkingDay('2026-02-13')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-16')).toBe(false);
    expect(calendar.isWorkingDay('2026-02-23')).toBe(true);
  });
});

describe('working days', () => {
  it('excludes Saturdays and Sundays', () => {
    expect(calendar.isWorkingDay('2026-11-28')).toBe(false);
    expect(calendar.isWorkingDay('2026-11-29')).toBe(false);
    expect(calendar.isWorkingDay('2026-11-30')).toBe(true);
  });

  it('gives the next working day off when a holiday falls on a weekend (Art. 111)', () => {
    // Hùng Kings 2026 is a Sunday.
    expect(calendar.isWorkingDay('2026-04-27')).toBe(false);
    expect(calendar.year(2026).nonWorkingWeekdays).toContainEqual({
      date: '2026-04-27',
      kind: 'compensatory',
      reason: 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)',
    });
    // 1 January 2022 was a Saturday.
    expect(calendar.isWorkingDay('2022-01-03')).toBe(false);
  });

  it('gives one compensatory day per weekend holiday, after the holiday run', () => {
    // 2 and 3 September 2023 were a Saturday and a Sunday.
    expect(calendar.isWorkingDay('2023-09-04')).toBe(false);
    expect(calendar.isWorkingDay('2023-09-05')).toBe(false);
    expect(calendar.isWorkingDay('2023-09-06')).toBe(true);
    // 30 April 2022 (Sat) → Mon 2 May; 1 May (Sun) → Tue 3 May.
    expect(calendar.isWorkingDay('2022-05-02')).toBe(false);
    expect(calendar.isWorkingDay('2022-05-03')).toBe(false);
    expect(calendar.isWorkingDay('2022-05-04')).toBe(true);
  });

  it('applies a yearly schedule: extra days off and make-up Saturdays', () => {
    const withSchedule = createCalendar([
      {
        year: 2026,
        daysOff: [{ date: '2026-02-13', reason: 'Nghỉ thêm dịp Tết' }],
        workingDays: [{ date: '2026-02-28', reason: 'Làm bù cho ngày 13/02' }],
      },
    ]);
    expect(withSchedule.isWorkingDay('2026-02-13')).toBe(false);
    expect(withSchedule.isWorkingDay('2026-02-28')).toBe(true);
    const overview = withSchedule.year(2026);
    expect(overview.makeUpWorkingDays).toEqual([{ date: '2026-02-28', reason: 'Làm bù cho ngày 13/02' }]);
    expect(overview.nonWorkingWeekdays).toContainEqual({
      date: '2026-02-13',
      kind: 'day-off',
      reason: 'Nghỉ thêm dịp Tết',
    });
  });

  it('lets a schedule move the National Day adjacent day', () => {
    const withSchedule = createCalendar([
      {
        year: 2025,
        daysOff: [{ date: '2025-09-01', reason: 'Quốc khánh (ngày liền kề theo lịch 2025)' }],
        workingDays: [{ date: '2025-09-03', reason: 'Ngày liền kề được chuyển sang 01/9' }],
      },
    ]);
    expect(withSchedule.isWorkingDay('2025-09-01')).toBe(false);
    expect(withSchedule.isWorkingDay('2025-09-03')).toBe(true);
    expect(withSchedule.year(2025).makeUpWorkingDays).toEqual([]);
  });

  it('counts the n-th working day strictly after a date', () => {
    expect(calendar.addWorkingDays('2026-11-27', 1)).toBe('2026-11-30');
    expect(calendar.addWorkingDays('2026-11-27', 5)).toBe('2026-12-04');
    expect(calendar.addWorkingDays('2026-02-13', 3)).toBe('2026-02-25');
    expect(calendar.addWorkingDays('2026-11-27', 0)).toBe('2026-11-27');
  });

  it('lists every non-working weekday of a year with its reason', () => {
    const overview = calendar.year(2026);
    expect(overview.nonWorkingWeekdays.map((d) => d.date)).toEqual([
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-27',
      '2026-04-30',
      '2026-05-01',
      '2026-09-02',
      '2026-09-03',
    ]);
    expect(overview.holidaysOnWeekends.map((d) => d.date)).toEqual(['2026-04-26']);
  });

  it('refuses years outside its range with a typed error', () => {
    expect(() => calendar.year(1999)).toThrow(CalendarRangeError);
    expect(() => calendar.addWorkingDays('2199-12-30', 5)).toThrow(CalendarRangeError);
  });
});

describe('working-day arithmetic (properties)', () => {
  it('always lands on a working day', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 400 }), (d, n) =>
        calendar.isWorkingDay(calendar.addWorkingDays(d, n)),
      ),
    );
  });

  it('adding a then b working days equals adding a + b', () => {
    fc.assert(
      fc.property(day, span, span, (d, a, b) => {
        expect(calendar.addWorkingDays(calendar.addWorkingDays(d, a), b)).toBe(
          calendar.addWorkingDays(d, a + b),
        );
      }),
    );
  });

  it('workingDaysBetween inverts addWorkingDays', () => {
    fc.assert(
      fc.property(day, span, (d, n) => {
        expect(calendar.workingDaysBetween(d, calendar.addWorkingDays(d, n))).toBe(n);
      }),
    );
  });

  it('workingDaysBetween is antisymmetric', () => {
    fc.assert(
      fc.property(day, day, (a, b) => {
        expect(calendar.workingDaysBetween(a, b) + calendar.workingDaysBetween(b, a)).toBe(0);
      }),
    );
  });
});
