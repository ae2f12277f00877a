import { describe, expect, it } from 'vitest';
import { call, problemOf, useLocalStack } from '../support/local-stack.js';

const local = useLocalStack();

describe('the calendar over HTTP', () => {
  it('lists every non-working weekday of a year with its reason, and the make-up days', async () => {
    const response = await call<{
      year: number;
      workingDays: number;
      nonWorkingWeekdays: { date: string; kind: string; reason: string }[];
      makeUpWorkingDays: unknown[];
    }>(local.stack, '/calendar/2026');
    expect(response.status).toBe(200);
    expect(response.body.nonWorkingWeekdays).toContainEqual({
      date: '2026-02-17',
      kind: 'holiday',
      reason: 'Tết Nguyên đán (mùng 1)',
    });
    expect(response.body.nonWorkingWeekdays).toContainEqual(
      expect.objectContaining({ date: '2026-04-27', kind: 'compensatory' }),
    );
    expect(response.body.makeUpWorkingDays).toEqual([]);
    // 261 weekdays in 2026 less 11 days off.
    expect(response.body.workingDays).toBe(250);
  });

  it('gives the due date of a procedure, counted in working days across Tết', async () => {
    const response = await call<Record<string, unknown>>(
      local.stack,
      `/calendar/due-date?procedure=2.000488&acceptedAt=${encodeURIComponent('2026-02-10T09:00:00+07:00')}`,
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      workingDays: 10,
      countingStartsOn: '2026-02-11',
      dueAt: '2026-03-03T17:00:00+07:00',
      dueDate: '2026-03-03',
    });
    expect((response.body.daysOffSkipped as unknown[]).length).toBe(5);
    const steps = response.body.steps as { dueAt: string }[];
    expect(steps.at(-1)?.dueAt).toBe('2026-03-03T17:00:00+07:00');
  });

  it('takes the acceptance date in Vietnam whatever the offset given', async () => {
    const response = await call<{ countingStartsOn: string }>(
      local.stack,
      `/calendar/due-date?procedure=1.001612&acceptedAt=${encodeURIComponent('2026-11-26T18:30:00Z')}`,
    );
    // 18:30 UTC on Thursday is Friday 01:30 in Vietnam: counting starts on Monday.
    expect(response.body.countingStartsOn).toBe('2026-11-30');
  });
});

describe('bad input to the calendar', () => {
  const cases: [string, string, number, string[]][] = [
    ['a year before the supported range', '/calendar/1999', 400, ['path.year']],
    ['a year after the supported range', '/calendar/2200', 400, ['path.year']],
    ['a year that is not a number', '/calendar/next', 400, ['path.year']],
    ['a missing procedure', '/calendar/due-date?acceptedAt=2026-01-05T09:00:00Z', 400, ['query.procedure']],
    [
      'an unknown procedure',
      '/calendar/due-date?procedure=9.999999&acceptedAt=2026-01-05T09:00:00Z',
      404,
      [],
    ],
    [
      'a date without time',
      '/calendar/due-date?procedure=1.001193&acceptedAt=2026-01-05',
      400,
      ['query.acceptedAt'],
    ],
    [
      'an impossible date',
      '/calendar/due-date?procedure=1.001193&acceptedAt=2026-02-30T09:00:00Z',
      400,
      ['query.acceptedAt'],
    ],
    [
      'a date outside the calendar',
      '/calendar/due-date?procedure=1.001193&acceptedAt=1990-01-05T09:00:00Z',
      400,
      ['query.acceptedAt'],
    ],
    [
      'an unknown parameter',
      '/calendar/due-date?procedure=1.001193&acceptedAt=2026-01-05T09:00:00Z&x=1',
      400,
      ['query.x'],
    ],
  ];

  it.each(cases)('answers %s with problem+json', async (_name, path, status, fields) => {
    const response = await call(local.stack, path);
    expect(response.status).toBe(status);
    expect(problemOf(response)).toMatchObject({ contentType: 'application/problem+json', status });
    expect(problemOf(response).fields).toEqual(expect.arrayContaining(fields));
  });
});
