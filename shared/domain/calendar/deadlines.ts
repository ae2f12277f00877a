// Due dates in working days: 17:00 on the N-th working day after acceptance, moved by supplements and extensions.
import type { Calendar } from './calendar.js';
import { dayNumberAtInstant, fromDayNumber, instantAt, toDayNumber, type LocalDate } from './local-date.js';

/** Deadlines end at 17:00 local time. */
export const CLOSING_HOUR = 17;

export type SupplementPolicy = 'restart' | 'pause';

/** What moves a dossier's deadline, in the order it happened. Times are epoch milliseconds. */
export type ClockEvent =
  | { type: 'accepted'; at: number }
  | { type: 'supplement-requested'; at: number }
  | { type: 'supplement-received'; at: number }
  | { type: 'extended'; at: number; newDueDate: LocalDate; reason: string };

export interface DeadlineExplanation {
  at: number;
  cause:
    | 'accepted'
    | 'paused-for-supplement'
    | 'restarted-after-supplement'
    | 'resumed-after-supplement'
    | 'extended';
  /** Due date the applicant sees after this event (null while paused). */
  dueAt: number | null;
  /** Due date the on-time statistics use (extensions do not move it). */
  statutoryDueAt: number | null;
  note: string;
}

export interface Deadline {
  /** What the applicant is told; null before acceptance or while waiting for a supplement. */
  dueAt: number | null;
  /** The date statistics judge by: moved by supplements, never by extensions. */
  statutoryDueAt: number | null;
  paused: boolean;
  extended: boolean;
  trail: DeadlineExplanation[];
}

export class DeadlineRuleError extends Error {
  constructor(
    readonly rule:
      | 'not-accepted'
      | 'already-accepted'
      | 'not-paused'
      | 'already-paused'
      | 'extension-too-late'
      | 'extension-not-later'
      | 'extension-not-working-day',
    message: string,
  ) {
    super(message);
    this.name = 'DeadlineRuleError';
  }
}

/** 17:00 on the n-th working day after the date of `from`. */
export function dueAfter(calendar: Calendar, from: number, workingDays: number): number {
  return instantAt(calendar.addWorkingDayNumbers(dayNumberAtInstant(from), workingDays), CLOSING_HOUR);
}

/** Working days left from the date of `now` until the due date (0 on the due date, negative once overdue). */
export function remainingWorkingDays(calendar: Calendar, now: number, dueAt: number): number {
  return calendar.workingDaysBetweenDayNumbers(dayNumberAtInstant(now), dayNumberAtInstant(dueAt));
}

export function openTiming(now: number, dueAt: number): 'in-time' | 'overdue' {
  return now <= dueAt ? 'in-time' : 'overdue';
}

/** Early before the due date, on time on it (until 17:00), late after. */
export function resolutionTiming(resolvedAt: number, dueAt: number): 'early' | 'on-time' | 'late' {
  if (resolvedAt > dueAt) return 'late';
  return dayNumberAtInstant(resolvedAt) < dayNumberAtInstant(dueAt) ? 'early' : 'on-time';
}

/** Replays the events that move a deadline and explains every move. Throws DeadlineRuleError on an impossible sequence. */
export function computeDeadline(
  calendar: Calendar,
  rules: { workingDays: number; supplementPolicy: SupplementPolicy },
  events: readonly ClockEvent[],
): Deadline {
  let dueAt: number | null = null;
  let statutoryDueAt: number | null = null;
  let accepted = false;
  let paused: { remaining: number; statutoryRemaining: number } | null = null;
  let extended = false;
  const trail: DeadlineExplanation[] = [];
  const explain = (at: number, cause: DeadlineExplanation['cause'], note: string) =>
    trail.push({ at, cause, dueAt, statutoryDueAt, note });

  for (const event of events) {
    switch (event.type) {
      case 'accepted': {
        if (accepted) throw new DeadlineRuleError('already-accepted', 'The dossier was already accepted');
        accepted = true;
        dueAt = statutoryDueAt = dueAfter(calendar, event.at, rules.workingDays);
        explain(
          event.at,
          'accepted',
          `${rules.workingDays} ngày làm việc kể từ ngày làm việc tiếp theo ngày tiếp nhận`,
        );
        break;
      }
      case 'supplement-requested': {
        if (paused) throw new DeadlineRuleError('already-paused', 'A supplement is already awaited');
        if (!accepted || dueAt === null || statutoryDueAt === null) {
          throw new DeadlineRuleError('not-accepted', 'The clock starts only when the dossier is accepted');
        }
        // A day already started counts as used: at least one working day is left after the supplement arrives.
        paused = {
          remaining: Math.max(1, remainingWorkingDays(calendar, event.at, dueAt)),
          statutoryRemaining: Math.max(1, remainingWorkingDays(calendar, event.at, statutoryDueAt)),
        };
        dueAt = statutoryDueAt = null;
        explain(event.at, 'paused-for-supplement', 'Thời hạn tạm dừng chờ bổ sung hồ sơ');
        break;
      }
      case 'supplement-received': {
        if (!paused) throw new DeadlineRuleError('not-paused', 'No supplement was requested');
        if (rules.supplementPolicy === 'restart') {
          dueAt = statutoryDueAt = dueAfter(calendar, event.at, rules.workingDays);
          extended = false;
          explain(
            event.at,
            'restarted-after-supplement',
            `Tính lại ${rules.workingDays} ngày làm việc từ khi nhận đủ hồ sơ bổ sung`,
          );
        } else {
          dueAt = dueAfter(calendar, event.at, paused.remaining);
          statutoryDueAt = dueAfter(calendar, event.at, paused.statutoryRemaining);
          explain(
            event.at,
            'resumed-after-supplement',
            `Tiếp tục ${paused.remaining} ngày làm việc còn lại sau khi nhận hồ sơ bổ sung`,
          );
        }
        paused = null;
        break;
      }
      case 'extended': {
        if (!accepted || dueAt === null) {
          throw new DeadlineRuleError('not-accepted', 'Only a running deadline can be extended');
        }
        if (event.at > dueAt) {
          throw new DeadlineRuleError(
            'extension-too-late',
            'The apology must be sent before the due date passes',
          );
        }
        const newDay = toDayNumber(event.newDueDate);
        if (!calendar.isWorkingDayNumber(newDay)) {
          throw new DeadlineRuleError(
            'extension-not-working-day',
            `${event.newDueDate} is not a working day`,
          );
        }
        const newDueAt = instantAt(newDay, CLOSING_HOUR);
        if (newDueAt <= dueAt) {
          throw new DeadlineRuleError(
            'extension-not-later',
            `The new date must be after ${fromDayNumber(dayNumberAtInstant(dueAt))}`,
          );
        }
        dueAt = newDueAt;
        extended = true;
        explain(event.at, 'extended', event.reason);
        break;
      }
    }
  }
  return { dueAt, statutoryDueAt, paused: paused !== null, extended, trail };
}

export interface RoutingStepShare {
  stepId: string;
  workingDays: number;
}

export interface StepDeadline {
  stepId: string;
  workingDays: number;
  dueAt: number;
}

/** Inter-agency routing: each step's sub-deadline, counted one after the other from acceptance. */
export function stepDeadlines(
  calendar: Calendar,
  acceptedAt: number,
  steps: readonly RoutingStepShare[],
): StepDeadline[] {
  let day = dayNumberAtInstant(acceptedAt);
  return steps.map((step) => {
    day = calendar.addWorkingDayNumbers(day, step.workingDays);
    return { stepId: step.stepId, workingDays: step.workingDays, dueAt: instantAt(day, CLOSING_HOUR) };
  });
}
