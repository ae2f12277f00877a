// data/calendar-schedules.json is held to the rules PUT /admin/calendar/{year} holds an operator's schedule to.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSchedules } from '../../shared/calendar-data.js';

const issuesOf = (file: unknown) => {
  try {
    parseSchedules(file);
    return [];
  } catch (error) {
    return (error as { issues: { path: (string | number)[]; message: string }[] }).issues.map(
      ({ path, message }) => `${path.join('.')}: ${message}`,
    );
  }
};

describe('the bundled calendar schedules file', () => {
  it('passes the rules of the admin route', () => {
    expect(issuesOf(JSON.parse(readFileSync('data/calendar-schedules.json', 'utf8')))).toEqual([]);
  });

  it('names a date of another year, a make-up weekday, a date twice and a year twice', () => {
    const file = {
      schedules: [
        {
          year: 2027,
          daysOff: [
            { date: '2026-12-31', reason: 'Năm trước' },
            { date: '2027-04-30', reason: 'Lễ' },
          ],
          workingDays: [{ date: '2027-04-30', reason: 'Trùng, và thứ Sáu' }],
        },
        { year: 2027, daysOff: [{ date: '2027-09-02', reason: 'Quốc khánh' }] },
      ],
    };
    expect(issuesOf(file)).toEqual([
      'schedules.0.daysOff.0.date: outside-year',
      'schedules.0.workingDays.0.date: make-up-not-weekend',
      'schedules.0.workingDays.0.date: duplicate-date',
      'schedules.1.year: duplicate-year',
    ]);
  });
});
