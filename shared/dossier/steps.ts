// Entering a processing step: its own share of the working days starts, and its agency joins the dossier's agencies.
import type { Calendar } from '../domain/calendar/calendar.js';
import { dueAfter, remainingWorkingDays, type SupplementPolicy } from '../domain/calendar/deadlines.js';
import type { Procedure } from '../catalog/model.js';
import type { CurrentStep, DossierRecord } from './model.js';

/** The step's sub-deadline: 17:00 on the last working day of its share, counted from the day after it starts. */
export function enterStep(
  calendar: Calendar,
  step: Procedure['routingSteps'][number],
  now: number,
): CurrentStep {
  return {
    id: step.id,
    name: step.name,
    agency: step.agencyCode,
    startedAt: new Date(now).toISOString(),
    dueAt: new Date(dueAfter(calendar, now, step.workingDays)).toISOString(),
  };
}

/** The agencies a dossier is or was at, with one more (each once, in the order reached). */
export const withAgency = (dossier: DossierRecord, agency: string): string[] => {
  const known = dossier.agencies ?? [dossier.receivingUnit];
  return known.includes(agency) ? known : [...known, agency];
};

/**
 * The step's sub-deadline once the supplement it asked for arrives, by the procedure's policy: restart gives the
 * step its whole share again from now; pause resumes the working days it had left when it asked (at least one).
 */
export function resumeStep(
  calendar: Calendar,
  step: CurrentStep,
  shareDays: number,
  policy: SupplementPolicy,
  askedAt: number,
  now: number,
): CurrentStep {
  const days =
    policy === 'restart'
      ? shareDays
      : Math.max(1, remainingWorkingDays(calendar, askedAt, Date.parse(step.dueAt)));
  return {
    ...step,
    startedAt: new Date(now).toISOString(),
    dueAt: new Date(dueAfter(calendar, now, days)).toISOString(),
  };
}
