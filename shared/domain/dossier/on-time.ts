// On-time statistics as pure rules: which counters a transition moves, how a resolution is judged against the
// original (statutory) due date, and how counters add up into the published figures.
import type { HistoryEvent } from './history.js';
import { receivingUnitsOf } from './reassignment.js';

export const COUNTER_NAMES = [
  'received',
  'receivedOnline',
  'refused',
  'withdrawn',
  'resolvedEarly',
  'resolvedOnTime',
  'resolvedLate',
  'released',
  'ratingCount',
  'ratingSum',
] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];
export type Counts = Record<CounterName, number>;

export const zeroCounts = (): Counts => Object.fromEntries(COUNTER_NAMES.map((name) => [name, 0])) as Counts;

/** What of a dossier the statistics read: who received it, for which procedure, and the date it is judged by. */
export interface CountedDossier {
  receivingUnit: string;
  procedureCode: string;
  /** The due date set at acceptance (moved by supplements, never by extensions), epoch milliseconds. */
  statutoryDueAt?: number | null;
  /** Submitted by the applicant over the portal; false for a dossier an officer entered at the counter. */
  submittedOnline?: boolean;
  rating?: { score: number } | null;
}

/** The counters of one (agency, procedure, local day) a commit moves, and by how much. */
export interface CounterChange {
  agency: string;
  procedure: string;
  /** yyyy-mm-dd in Asia/Ho_Chi_Minh. */
  day: string;
  deltas: Partial<Counts>;
}

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** The local (UTC+7, no daylight saving) calendar day of an instant. */
export const localDay = (at: number): string => new Date(at + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);

export type Outcome = 'early' | 'on-time' | 'late';

/** Early: a day before the due date; on time: on the due date, by its hour; late: after it. */
export function resolutionOutcome(resolvedAt: number, dueAt: number): Outcome {
  if (resolvedAt > dueAt) return 'late';
  return localDay(resolvedAt) < localDay(dueAt) ? 'early' : 'on-time';
}

const OUTCOME_COUNTER: Record<Outcome, CounterName> = {
  early: 'resolvedEarly',
  'on-time': 'resolvedOnTime',
  late: 'resolvedLate',
};

/** The counters one history event moves, for a dossier as it is after the event. */
function deltasOf(event: HistoryEvent, dossier: CountedDossier): Partial<Counts> | null {
  switch (event.action) {
    case 'accept':
      return dossier.submittedOnline === false ? { received: 1 } : { received: 1, receivedOnline: 1 };
    case 'refuse':
      return { refused: 1 };
    case 'withdraw':
      return { withdrawn: 1 };
    case 'resolve': {
      // A dossier resolved without a due date (none was ever set) cannot be judged: it counts as on time.
      const outcome =
        dossier.statutoryDueAt === null || dossier.statutoryDueAt === undefined
          ? 'on-time'
          : resolutionOutcome(event.at, dossier.statutoryDueAt);
      return { [OUTCOME_COUNTER[outcome]]: 1 };
    }
    case 'release':
      return { released: 1 };
    case 'rate':
      return dossier.rating ? { ratingCount: 1, ratingSum: dossier.rating.score } : null;
    default:
      return null;
  }
}

/**
 * Every counter the events of one commit move, merged per (agency, procedure, day): the one place every
 * transition's statistics come from. Counters belong to the receiving unit, on the day of the event.
 */
export function counterChanges(dossier: CountedDossier, events: readonly HistoryEvent[]): CounterChange[] {
  const byKey = new Map<string, CounterChange>();
  for (const event of events) {
    // A status that did not change (a notification, a delivery report) moves nothing.
    if (event.from === event.to && event.action !== 'rate') continue;
    const deltas = deltasOf(event, dossier);
    if (!deltas) continue;
    const day = localDay(event.at);
    const key = `${dossier.receivingUnit}#${dossier.procedureCode}#${day}`;
    const change = byKey.get(key) ?? {
      agency: dossier.receivingUnit,
      procedure: dossier.procedureCode,
      day,
      deltas: {},
    };
    for (const [name, value] of Object.entries(deltas) as [CounterName, number][])
      change.deltas[name] = (change.deltas[name] ?? 0) + value;
    byKey.set(key, change);
  }
  return [...byKey.values()];
}

/**
 * The counters a whole history moved, as each commit moved them: an event counts for the unit that received the
 * dossier when it happened, so a dossier moved by a re-organisation leaves its past to the unit it left.
 */
export function historyCounterChanges(
  dossier: CountedDossier,
  events: readonly HistoryEvent[],
): CounterChange[] {
  const units = receivingUnitsOf(dossier.receivingUnit, events);
  const changes: CounterChange[] = [];
  for (let start = 0; start < events.length;) {
    let end = start + 1;
    while (end < events.length && units[end] === units[start]) end += 1;
    changes.push(...counterChanges({ ...dossier, receivingUnit: units[start]! }, events.slice(start, end)));
    start = end;
  }
  return changes;
}

export function addCounts(into: Counts, more: Partial<Counts>): Counts {
  for (const name of COUNTER_NAMES) into[name] += more[name] ?? 0;
  return into;
}

/** The published figures of a group: its counters, open dossiers counted at query time, and the rates. */
export interface OnTimeFigures {
  received: number;
  receivedOnline: number;
  refused: number;
  withdrawn: number;
  resolvedEarly: number;
  resolvedOnTime: number;
  resolvedLate: number;
  released: number;
  openInTime: number;
  openOverdue: number;
  ratingCount: number;
  ratingAverage: number | null;
  onTimeRate: number | null;
}

const rounded = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

export function figuresOf(counts: Counts, open: { inTime: number; overdue: number }): OnTimeFigures {
  const resolved = counts.resolvedEarly + counts.resolvedOnTime + counts.resolvedLate;
  return {
    received: counts.received,
    receivedOnline: counts.receivedOnline,
    refused: counts.refused,
    withdrawn: counts.withdrawn,
    resolvedEarly: counts.resolvedEarly,
    resolvedOnTime: counts.resolvedOnTime,
    resolvedLate: counts.resolvedLate,
    released: counts.released,
    openInTime: open.inTime,
    openOverdue: open.overdue,
    ratingCount: counts.ratingCount,
    ratingAverage: counts.ratingCount === 0 ? null : rounded(counts.ratingSum / counts.ratingCount, 2),
    onTimeRate: resolved === 0 ? null : rounded((counts.resolvedEarly + counts.resolvedOnTime) / resolved, 4),
  };
}
