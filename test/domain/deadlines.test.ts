import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCalendar } from '#domain/calendar/calendar.js';
import {
  computeDeadline,
  DeadlineRuleError,
  dueAfter,
  openTiming,
  remainingWorkingDays,
  resolutionTiming,
  stepDeadlines,
  type ClockEvent,
} from '#domain/calendar/deadlines.js';
import { dayNumberAtInstant, toDayNumber, toVietnamIso } from '#domain/calendar/local-date.js';

const calendar = createCalendar();
/** An instant written in Vietnam's local time. */
const at = (local: string) => Date.parse(`${local}+07:00`);
const iso = (instant: number | null) => (instant === null ? null : toVietnamIso(instant));

describe('due dates', () => {
  it('end at 17:00 on the N-th working day after acceptance', () => {
    expect(iso(dueAfter(calendar, at('2026-11-27T10:00:00'), 5))).toBe('2026-12-04T17:00:00+07:00');
  });

  it('count from the working day after acceptance, whatever the hour', () => {
    expect(iso(dueAfter(calendar, at('2026-11-27T23:59:00'), 1))).toBe('2026-11-30T17:00:00+07:00');
    expect(iso(dueAfter(calendar, at('2026-11-28T09:00:00'), 1))).toBe('2026-11-30T17:00:00+07:00');
  });

  it('use the date in Vietnam, not UTC', () => {
    // 2026-11-26T18:00Z is Friday 27 November 01:00 in Vietnam.
    expect(iso(dueAfter(calendar, Date.parse('2026-11-26T18:00:00Z'), 1))).toBe('2026-11-30T17:00:00+07:00');
  });

  it('skip Tết', () => {
    expect(iso(dueAfter(calendar, at('2026-02-13T09:00:00'), 3))).toBe('2026-02-25T17:00:00+07:00');
  });

  it('are always a working day at 17:00 (property)', () => {
    const instant = fc.integer({
      min: Date.parse('2001-01-01T00:00:00Z'),
      max: Date.parse('2097-12-31T00:00:00Z'),
    });
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 90 }), (accepted, n) => {
        const due = dueAfter(calendar, accepted, n);
        expect(calendar.isWorkingDayNumber(dayNumberAtInstant(due))).toBe(true);
        expect(toVietnamIso(due).slice(11)).toBe('17:00:00+07:00');
        expect(due).toBeGreaterThan(accepted);
      }),
    );
  });
});

describe('remaining working days and timing', () => {
  const due = at('2026-12-04T17:00:00');

  it('counts the working days left until the due date', () => {
    expect(remainingWorkingDays(calendar, at('2026-11-27T08:00:00'), due)).toBe(5);
    expect(remainingWorkingDays(calendar, at('2026-12-04T08:00:00'), due)).toBe(0);
    expect(remainingWorkingDays(calendar, at('2026-12-08T08:00:00'), due)).toBe(-2);
  });

  it('is in time until 17:00 on the due date, overdue after', () => {
    expect(openTiming(at('2026-12-04T16:59:59'), due)).toBe('in-time');
    expect(openTiming(at('2026-12-04T17:00:01'), due)).toBe('overdue');
  });

  it('calls a resolution early, on time or late', () => {
    expect(resolutionTiming(at('2026-12-03T16:00:00'), due)).toBe('early');
    expect(resolutionTiming(at('2026-12-04T09:00:00'), due)).toBe('on-time');
    expect(resolutionTiming(at('2026-12-04T17:30:00'), due)).toBe('late');
    expect(resolutionTiming(at('2026-12-07T09:00:00'), due)).toBe('late');
  });
});

describe('the deadline of a dossier', () => {
  const accepted: ClockEvent = { type: 'accepted', at: at('2026-11-27T10:00:00') };

  it('starts at acceptance and explains itself', () => {
    const deadline = computeDeadline(calendar, { workingDays: 5, supplementPolicy: 'restart' }, [accepted]);
    expect(iso(deadline.dueAt)).toBe('2026-12-04T17:00:00+07:00');
    expect(deadline.statutoryDueAt).toBe(deadline.dueAt);
    expect(deadline.trail.map((t) => t.cause)).toEqual(['accepted']);
  });

  it('pauses while a supplement is awaited', () => {
    const deadline = computeDeadline(calendar, { workingDays: 5, supplementPolicy: 'restart' }, [
      accepted,
      { type: 'supplement-requested', at: at('2026-12-01T09:00:00') },
    ]);
    expect(deadline.paused).toBe(true);
    expect(deadline.dueAt).toBeNull();
  });

  it('restarts the whole period from the working day after the complete dossier arrives (default)', () => {
    const deadline = computeDeadline(calendar, { workingDays: 5, supplementPolicy: 'restart' }, [
      accepted,
      { type: 'supplement-requested', at: at('2026-12-01T09:00:00') },
      { type: 'supplement-received', at: at('2026-12-10T15:00:00') },
    ]);
    expect(iso(deadline.dueAt)).toBe('2026-12-17T17:00:00+07:00');
    expect(deadline.trail.map((t) => t.cause)).toEqual([
      'accepted',
      'paused-for-supplement',
      'restarted-after-supplement',
    ]);
  });

  it('resumes the remaining working days when the procedure pauses', () => {
    // Requested on Tue 1 Dec with the due date Fri 4 Dec: 3 working days left (2, 3, 4 Dec).
    const deadline = computeDeadline(calendar, { workingDays: 5, supplementPolicy: 'pause' }, [
      accepted,
      { type: 'supplement-requested', at: at('2026-12-01T09:00:00') },
      { type: 'supplement-received', at: at('2026-12-10T15:00:00') },
    ]);
    expect(iso(deadline.dueAt)).toBe('2026-12-15T17:00:00+07:00');
    expect(deadline.trail.at(-1)?.cause).toBe('resumed-after-supplement');
  });

  it('leaves at least one working day when a supplement is asked on the due date', () => {
    const deadline = computeDeadline(calendar, { workingDays: 5, supplementPolicy: 'pause' }, [
      accepted,
      { type: 'supplement-requested', at: at('2026-12-04T16:00:00') },
      { type: 'supplement-received', at: at('2026-12-07T09:00:00') },
    ]);
    expect(iso(deadline.dueAt)).toBe('2026-12-08T17:00:00+07:00');
  });

  it('shows the applicant the extended date while statistics keep the original', () => {
    const deadline = computeDeadline(calendar, { workingDays: 5, supplementPolicy: 'restart' }, [
      accepted,
      {
        type: 'extended',
        at: at('2026-12-03T10:00:00'),
        newDueDate: '2026-12-10',
        reason: 'Cần xác minh thực địa',
      },
    ]);
    expect(iso(deadline.dueAt)).toBe('2026-12-10T17:00:00+07:00');
    expect(iso(deadline.statutoryDueAt)).toBe('2026-12-04T17:00:00+07:00');
    expect(deadline.extended).toBe(true);
    expect(deadline.trail.at(-1)).toMatchObject({ cause: 'extended', note: 'Cần xác minh thực địa' });
  });

  it('refuses an apology sent after the due date passed', () => {
    expect(() =>
      computeDeadline(calendar, { workingDays: 5, supplementPolicy: 'restart' }, [
        accepted,
        { type: 'extended', at: at('2026-12-04T17:00:01'), newDueDate: '2026-12-10', reason: 'Trễ' },
      ]),
    ).toThrow(expect.objectContaining({ rule: 'extension-too-late' }));
  });

  it('refuses an extension to an earlier date or a day off', () => {
    const run = (newDueDate: string) =>
      computeDeadline(calendar, { workingDays: 5, supplementPolicy: 'restart' }, [
        accepted,
        { type: 'extended', at: at('2026-12-01T10:00:00'), newDueDate, reason: 'x' },
      ]);
    expect(() => run('2026-12-03')).toThrow(expect.objectContaining({ rule: 'extension-not-later' }));
    expect(() => run('2026-12-05')).toThrow(expect.objectContaining({ rule: 'extension-not-working-day' }));
  });

  it('refuses supplements before acceptance or twice in a row', () => {
    const rules = { workingDays: 5, supplementPolicy: 'restart' } as const;
    expect(() => computeDeadline(calendar, rules, [{ type: 'supplement-requested', at: 0 }])).toThrow(
      DeadlineRuleError,
    );
    expect(() =>
      computeDeadline(calendar, rules, [
        accepted,
        { type: 'supplement-requested', at: at('2026-12-01T09:00:00') },
        { type: 'supplement-requested', at: at('2026-12-01T10:00:00') },
      ]),
    ).toThrow(expect.objectContaining({ rule: 'already-paused' }));
  });
});

describe('inter-agency routing', () => {
  it('gives each step its own sub-deadline, and the last equals the whole', () => {
    const acceptedAt = at('2026-11-27T10:00:00');
    const steps = stepDeadlines(calendar, acceptedAt, [
      { stepId: 'reception', workingDays: 1 },
      { stepId: 'land-office', workingDays: 3 },
      { stepId: 'tax', workingDays: 1 },
    ]);
    expect(steps.map((s) => iso(s.dueAt))).toEqual([
      '2026-11-30T17:00:00+07:00',
      '2026-12-03T17:00:00+07:00',
      '2026-12-04T17:00:00+07:00',
    ]);
    expect(steps.at(-1)?.dueAt).toBe(dueAfter(calendar, acceptedAt, 5));
  });

  it('sums to the dossier deadline for any split (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toDayNumber('2001-01-01'), max: toDayNumber('2097-01-01') }),
        fc.array(fc.integer({ min: 1, max: 15 }), { minLength: 1, maxLength: 5 }),
        (day, shares) => {
          const acceptedAt = day * 86_400_000;
          const steps = stepDeadlines(
            calendar,
            acceptedAt,
            shares.map((workingDays, i) => ({ stepId: `s${i}`, workingDays })),
          );
          const total = shares.reduce((a, b) => a + b, 0);
          expect(steps.at(-1)?.dueAt).toBe(dueAfter(calendar, acceptedAt, total));
        },
      ),
    );
  });
});
