// A dossier moved by a re-organisation: the note its `reassigned` event carries, and the receiving unit each event of
// its history happened under, which the statistics a rebuild replays are attributed to.
import type { HistoryEvent } from './history.js';

export interface Reassignment {
  /** The old units the dossier was at (its receiving unit, its step's agency, or both). */
  from: readonly string[];
  into: string;
  /** The receiving unit before the move, when the move changed it (a step alone may have moved). */
  receivingBefore: string | null;
  /** The job that moved it; absent when the pipeline did, meeting a merged unit. */
  job?: string;
}

/** `from=A,B into=C receiving=A job=… reason=reorganisation`: readable in the control sheet, and parsed back. */
export function reassignmentNote(move: Reassignment): string {
  return [
    `from=${[...new Set(move.from)].join(',')}`,
    `into=${move.into}`,
    ...(move.receivingBefore ? [`receiving=${move.receivingBefore}`] : []),
    ...(move.job ? [`job=${move.job}`] : []),
    'reason=reorganisation',
  ].join(' ');
}

const field = (note: string, name: string) =>
  note
    .split(' ')
    .find((part) => part.startsWith(`${name}=`))
    ?.slice(name.length + 1) ?? null;

/** What a `reassigned` event's note says about the receiving unit: moved from `before` to `into`, or not at all. */
export function receivingMove(event: HistoryEvent): { before: string; into: string } | null {
  if (event.action !== 'reassigned' || !event.note) return null;
  const before = field(event.note, 'receiving');
  const into = field(event.note, 'into');
  return before && into ? { before, into } : null;
}

/**
 * The receiving unit at each event, walking back from the unit the dossier has now: each move of the receiving unit
 * gives the events before it to the unit it left. The `reassigned` event itself is the new unit's.
 */
export function receivingUnitsOf(current: string, events: readonly HistoryEvent[]): string[] {
  const units = new Array<string>(events.length);
  let unit = current;
  for (let i = events.length - 1; i >= 0; i -= 1) {
    units[i] = unit;
    const move = receivingMove(events[i]!);
    if (move && move.into === unit) unit = move.before;
  }
  return units;
}
