// The on-time rules: how a resolution is judged against the original due date, which counters a commit moves,
// and how counters become the published figures.
import { describe, expect, it } from 'vitest';
import { appendAfter, type HistoryEvent } from '../../shared/domain/dossier/history.js';
import type { ActionType, Status } from '../../shared/domain/dossier/status-machine.js';
import { reassignmentNote } from '../../shared/domain/dossier/reassignment.js';
import {
  counterChanges,
  figuresOf,
  historyCounterChanges,
  localDay,
  resolutionOutcome,
  zeroCounts,
} from '../../shared/domain/dossier/on-time.js';

// 17:00 on 4 December 2026 in Vietnam.
const DUE = Date.parse('2026-12-04T10:00:00Z');
const HOUR = 3_600_000;
const dossier = { receivingUnit: 'H56.01', procedureCode: '1.001193', statutoryDueAt: DUE };

function event(action: ActionType | 'notified', from: Status, to: Status, at: number): HistoryEvent {
  return appendAfter(null, 'd-1', { action, actor: { id: 'x', role: 'officer' }, at, from, to });
}

describe('resolution outcome', () => {
  it('is early before the due day, on time on it until 17:00, late after', () => {
    expect(resolutionOutcome(Date.parse('2026-12-03T16:59:00Z'), DUE)).toBe('early');
    // 00:30 on the due day in Vietnam is still the 3rd in UTC.
    expect(resolutionOutcome(Date.parse('2026-12-03T17:30:00Z'), DUE)).toBe('on-time');
    expect(resolutionOutcome(DUE, DUE)).toBe('on-time');
    expect(resolutionOutcome(DUE + 1, DUE)).toBe('late');
  });

  it('uses the local day (UTC+7)', () => {
    expect(localDay(Date.parse('2026-12-31T17:00:00Z'))).toBe('2027-01-01');
    expect(localDay(Date.parse('2026-12-31T16:59:59Z'))).toBe('2026-12-31');
  });
});

describe('counter changes of a commit', () => {
  it('judges a resolution by the original due date, whatever the extended one', () => {
    const late = counterChanges({ ...dossier }, [event('resolve', 'processing', 'resolved', DUE + 2 * HOUR)]);
    expect(late).toEqual([
      { agency: 'H56.01', procedure: '1.001193', day: '2026-12-04', deltas: { resolvedLate: 1 } },
    ]);
  });

  it('counts acceptance as received (online), and nothing for events that change no status', () => {
    const accepted = counterChanges(dossier, [
      event('accept', 'submitted', 'accepted', DUE - 50 * HOUR),
      event('notified', 'accepted', 'accepted', DUE - 49 * HOUR),
      event('start-processing', 'accepted', 'processing', DUE - 49 * HOUR),
    ]);
    expect(accepted).toEqual([
      {
        agency: 'H56.01',
        procedure: '1.001193',
        day: '2026-12-02',
        deltas: { received: 1, receivedOnline: 1 },
      },
    ]);
    expect(
      counterChanges({ ...dossier, submittedOnline: false }, [
        event('accept', 'submitted', 'accepted', DUE),
      ])[0]!.deltas,
    ).toEqual({ received: 1 });
  });

  it('merges the events of one commit per day, and counts a rating with its score', () => {
    const rated = counterChanges({ ...dossier, rating: { score: 4 } }, [
      event('release', 'resolved', 'released', DUE),
      event('rate', 'released', 'released', DUE + HOUR),
    ]);
    expect(rated).toEqual([
      {
        agency: 'H56.01',
        procedure: '1.001193',
        day: '2026-12-04',
        deltas: { released: 1, ratingCount: 1, ratingSum: 4 },
      },
    ]);
  });
});

describe('counter changes of a whole history', () => {
  const moved = (at: number, move: Parameters<typeof reassignmentNote>[0]) =>
    appendAfter(null, 'd-1', {
      action: 'reassigned',
      actor: { id: 'reorganisation:j', role: 'system' },
      at,
      from: 'processing',
      to: 'processing',
      note: reassignmentNote(move),
    });
  const DAY = 24 * HOUR;
  const accepted = event('accept', 'submitted', 'accepted', DUE - 3 * DAY);

  it('gives the events before a merge to the unit that received the dossier then, the later ones to the new', () => {
    const history = [
      accepted,
      moved(DUE - 2 * DAY, { from: ['A', 'B'], into: 'C', receivingBefore: 'A', job: 'j' }),
      event('resolve', 'processing', 'resolved', DUE - DAY),
    ];
    const changes = historyCounterChanges({ ...dossier, receivingUnit: 'C' }, history);
    expect(changes).toEqual([
      {
        agency: 'A',
        procedure: '1.001193',
        day: localDay(DUE - 3 * DAY),
        deltas: { received: 1, receivedOnline: 1 },
      },
      { agency: 'C', procedure: '1.001193', day: localDay(DUE - DAY), deltas: { resolvedEarly: 1 } },
    ]);
  });

  it('follows a dossier merged twice back to its first unit, and ignores a move of its step alone', () => {
    const history = [
      accepted,
      moved(DUE - 2 * DAY, { from: ['X'], into: 'A', receivingBefore: null, job: 'j1' }),
      moved(DUE - 2 * DAY + HOUR, { from: ['A'], into: 'B', receivingBefore: 'A', job: 'j2' }),
      event('withdraw', 'processing', 'withdrawn', DUE - DAY),
      moved(DUE - DAY + HOUR, { from: ['B'], into: 'C', receivingBefore: 'B' }),
    ];
    const changes = historyCounterChanges({ ...dossier, receivingUnit: 'C' }, history);
    expect(changes.map((c) => [c.agency, c.deltas])).toEqual([
      ['A', { received: 1, receivedOnline: 1 }],
      ['B', { withdrawn: 1 }],
    ]);
  });

  it('equals the counters of one commit for a dossier never moved', () => {
    const history = [accepted, event('resolve', 'processing', 'resolved', DUE + HOUR)];
    expect(historyCounterChanges(dossier, history)).toEqual(counterChanges(dossier, history));
  });
});

describe('published figures', () => {
  it('rates resolved early or on time over all resolved, and has no rate before anything is resolved', () => {
    const counts = {
      ...zeroCounts(),
      resolvedEarly: 2,
      resolvedOnTime: 1,
      resolvedLate: 1,
      ratingCount: 3,
      ratingSum: 13,
    };
    expect(figuresOf(counts, { inTime: 2, overdue: 1 })).toMatchObject({
      onTimeRate: 0.75,
      ratingAverage: 4.33,
      openInTime: 2,
      openOverdue: 1,
    });
    expect(figuresOf(zeroCounts(), { inTime: 0, overdue: 0 })).toMatchObject({
      onTimeRate: null,
      ratingAverage: null,
    });
  });
});
