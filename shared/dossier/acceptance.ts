// Accepting a dossier at reception, by the pipeline (auto-accept) or by a receiving officer: the due date from the
// working-day calendar, the status change in the history, the first processing step (routing: its agency and its
// share of the days start in the same commit), the "received" notification and the receipt to issue.
import type { Calendar } from '../domain/calendar/calendar.js';
import { dueAfter } from '../domain/calendar/deadlines.js';
import { dayMonthYearAt } from '../domain/calendar/local-date.js';
import type { HistoryEvent } from '../domain/dossier/history.js';
import type { Actor, TransitionError } from '../domain/dossier/status-machine.js';
import type { Procedure } from '../catalog/model.js';
import { act } from './aggregate.js';
import { pendingForm } from './forms.js';
import type { DossierRecord, FormRecord, NotificationEvent, NotificationRecord } from './model.js';
import { enterStep, withAgency } from './steps.js';

/** Who starts the first step: the system, whoever accepted (the history shows the step, not a person). */
const ROUTING_ACTOR: Actor = { id: 'routing', role: 'system' };

/** A notification waiting to be sent, recorded in the same write as the change it tells about. */
export function pendingNotification(
  dossier: DossierRecord,
  event: NotificationEvent,
  params: Record<string, string>,
  now: number,
): NotificationRecord {
  return {
    dossierId: dossier.id,
    id: `${event}-${dossier.historyLength}`,
    event,
    status: 'pending',
    createdAt: new Date(now).toISOString(),
    params,
  };
}

/** What every notification about a submitted dossier says. */
export const notificationParams = (dossier: DossierRecord, lookupUrl: (code: string) => string) => ({
  code: dossier.code ?? '',
  procedure: dossier.procedureName,
  lookupUrl: lookupUrl(dossier.code ?? ''),
});

export type AcceptanceResult =
  | {
      ok: true;
      /** At its first processing step (status 4), its share of the days started. */
      dossier: DossierRecord;
      /** Accepted, then the first step started: the commit's two events, in order. */
      events: [HistoryEvent, HistoryEvent];
      /** The agencies that join the dossier with this commit: the receiving unit, and the first step's. */
      joins: string[];
      notification: NotificationRecord;
      /** The receipt (phiếu tiếp nhận và hẹn trả kết quả), issued off the request path from this record. */
      receipt: FormRecord;
    }
  | { ok: false; error: TransitionError | 'no-routing-step' };

export function accept(input: {
  dossier: DossierRecord;
  procedure: Procedure;
  calendar: Calendar;
  actor: Actor;
  now: number;
  lookupUrl: (code: string) => string;
  note: string;
}): AcceptanceResult {
  const { dossier, procedure, now } = input;
  const first = procedure.routingSteps[0];
  if (!first) return { ok: false, error: 'no-routing-step' };
  const dueAt = dueAfter(input.calendar, now, procedure.processingDays);
  const accepted = act(dossier, { type: 'accept', dueAt }, input.actor, now, {
    note: `${input.note}; due=${new Date(dueAt).toISOString()}`,
  });
  if (!accepted.ok) return accepted;
  const step = enterStep(input.calendar, first, now);
  const started = act(
    accepted.dossier,
    { type: 'start-processing', stepId: first.id, agency: first.agencyCode },
    ROUTING_ACTOR,
    now,
    { note: `step=${first.id} agency=${first.agencyCode} stepDue=${step.dueAt}` },
  );
  if (!started.ok) return started;
  const receiving = { ...dossier, agencies: [dossier.receivingUnit] };
  const next: DossierRecord = {
    ...started.dossier,
    acceptedAt: new Date(now).toISOString(),
    pendingStage: null,
    step,
    agencies: withAgency(receiving, step.agency),
    statutoryDueAt: dueAt,
    clock: [{ type: 'accepted', at: now }],
  };
  // Named after the acceptance's position in the history, as before the first step started.
  const notification = pendingNotification(
    accepted.dossier,
    'received',
    {
      ...notificationParams(dossier, input.lookupUrl),
      dueDate: dayMonthYearAt(dueAt),
    },
    now,
  );
  // The receipt states the appointment and who received the dossier as of now, whenever it is rendered.
  const receivedBy = input.actor.role === 'officer' ? (input.actor.name ?? input.actor.id) : '';
  const receipt = pendingForm(next, 'receipt', { dueAt: String(dueAt), receivedBy }, now);
  return {
    ok: true,
    dossier: next,
    events: [accepted.event, started.event],
    joins: next.agencies ?? [dossier.receivingUnit],
    notification,
    receipt,
  };
}
