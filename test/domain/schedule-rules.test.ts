import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scheduleIssues } from '#domain/calendar/schedule-rules.js';
import { fromDayNumber, isWeekendDayNumber, toDayNumber } from '#domain/calendar/local-date.js';

const dayOf2027 = fc.integer({ min: toDayNumber('2027-01-01'), max: toDayNumber('2027-12-31') });

describe("the rules of a year's official schedule", () => {
  it('accepts days off in the year and make-up days on a weekend', () => {
    expect(
      scheduleIssues({
        year: 2027,
        daysOff: [{ date: '2027-02-05', reason: 'Tết' }],
        workingDays: [{ date: '2027-02-20', reason: 'Làm bù' }],
      }),
    ).toEqual([]);
  });

  it('names a date of another year, a make-up weekday and a date listed twice', () => {
    expect(
      scheduleIssues({
        year: 2027,
        daysOff: [
          { date: '2026-12-31', reason: 'Năm trước' },
          { date: '2027-04-30', reason: 'Lễ' },
        ],
        workingDays: [
          { date: '2027-04-30', reason: 'Trùng' },
          { date: '2027-02-22', reason: 'Thứ Hai' },
        ],
      }),
    ).toEqual([
      { path: ['daysOff', 0, 'date'], rule: 'outside-year' },
      { path: ['workingDays', 0, 'date'], rule: 'make-up-not-weekend' },
      { path: ['workingDays', 0, 'date'], rule: 'duplicate-date' },
      { path: ['workingDays', 1, 'date'], rule: 'make-up-not-weekend' },
    ]);
  });

  it('refuses a make-up day exactly when it falls on a weekday', () => {
    fc.assert(
      fc.property(dayOf2027, (day) => {
        const issues = scheduleIssues({
          year: 2027,
          workingDays: [{ date: fromDayNumber(day), reason: 'x' }],
        });
        expect(issues.length === 0).toBe(isWeekendDayNumber(day));
      }),
    );
  });
});
