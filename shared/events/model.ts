// Outbound events: which history actions partners may follow, and the one outbox entry a commit writes for them.
// Pure: the repository stores the entry in the commit's transaction, the delivery consumer fans it out.
import type { HistoryEvent } from '../domain/dossier/history.js';
import { nationalStatus, type NationalStatusCode, type Status } from '../domain/dossier/status-machine.js';
import type { DossierRecord } from '../dossier/model.js';

export const EVENT_TYPE_PREFIX = 'vn.gov.motcua.dossier.';
/** The history actions that are events for partners (status moves and what an officer decided), not bookkeeping. */
export const EVENT_ACTIONS = [
  'submit',
  'accept',
  'refuse',
  'request-supplement',
  'receive-supplement',
  'start-processing',
  'forward',
  'return',
  'request-fee',
  'confirm-payment',
  'resolve',
  'release',
  'extend',
  'stop',
  'withdraw',
  'rate',
  'reassigned',
] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];
export const EVENT_TYPES = EVENT_ACTIONS.map((action) => `${EVENT_TYPE_PREFIX}${action}` as const);
export type EventType = (typeof EVENT_TYPES)[number];
/** The type of the event `POST /admin/subscriptions/{id}/test` sends. */
export const TEST_EVENT_TYPE = 'vn.gov.motcua.subscription.test';
/** The CloudEvents `source` of every event sent. */
export const EVENT_SOURCE = '/mot-cua/dossiers';

const isEventAction = (action: string): action is EventAction =>
  (EVENT_ACTIONS as readonly string[]).includes(action);

/** What a partner sees of a dossier: no applicant, no form, no documents. */
export interface PublicDossierView {
  code: string;
  procedureCode: string;
  procedureName: string;
  receivingUnit: string;
  status: Status;
  nationalStatus: { code: NationalStatusCode; label: string };
  submittedAt: string | null;
  acceptedAt: string | null;
  dueAt: string | null;
  updatedAt: string;
}

export interface OutboxEvent {
  /** The history event's id: the CloudEvent `id` and, per subscription, the `webhook-id` of every attempt. */
  id: string;
  type: EventType;
  time: string;
  /** The history event's position: increases by one per event of the dossier, whichever action it records. */
  sequence: number;
}

/** One commit's events, written with it; the delivery consumer turns each into a CloudEvent per subscription. */
export interface OutboxEntry {
  id: string;
  dossierId: string;
  events: OutboxEvent[];
  view: PublicDossierView;
}

export function publicView(dossier: DossierRecord): PublicDossierView | null {
  const national = nationalStatus(dossier.status);
  if (!national || !dossier.code) return null;
  return {
    code: dossier.code,
    procedureCode: dossier.procedureCode,
    procedureName: dossier.procedureName,
    receivingUnit: dossier.receivingUnit,
    status: dossier.status,
    nationalStatus: national,
    submittedAt: dossier.submittedAt,
    acceptedAt: dossier.acceptedAt,
    dueAt: dossier.state.dueAt === null ? null : new Date(dossier.state.dueAt).toISOString(),
    updatedAt: dossier.updatedAt,
  };
}

/** The outbox entry of a commit, or null when none of its events is one partners follow (or nothing is public yet). */
export function outboxEntry(dossier: DossierRecord, events: readonly HistoryEvent[]): OutboxEntry | null {
  const followed = events.filter((event) => isEventAction(event.action));
  const view = publicView(dossier);
  if (followed.length === 0 || !view) return null;
  return {
    // Named by its first event's position: a commit's events follow the previous commit's, so ids never repeat.
    id: String(followed[0]!.seq).padStart(8, '0'),
    dossierId: dossier.id,
    events: followed.map((event) => ({
      id: event.id,
      type: `${EVENT_TYPE_PREFIX}${event.action as EventAction}`,
      time: new Date(event.at).toISOString(),
      sequence: event.seq,
    })),
    view,
  };
}

/** Whether a subscription to `eventTypes` (or `["*"]`) receives `type`; a test event goes to the one it tests. */
export const subscribed = (eventTypes: readonly string[], type: string) =>
  eventTypes.includes('*') || eventTypes.includes(type);

/** Seconds to wait before attempt `attempt + 1`: doubling from `first`, never more than `max`. */
export function backoffSeconds(attempt: number, first: number, max: number): number {
  return Math.min(first * 2 ** Math.min(attempt - 1, 30), max);
}
