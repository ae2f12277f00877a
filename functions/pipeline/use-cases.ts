// Pipeline stages: intake (completeness, auto-accept at the first processing step) and notification
// (channels in the applicant's order, falling back on failure). Each is idempotent: a stage acts only while the
// dossier still waits in it, and writes are guarded by the dossier's version.
import { procedureFollowedBy, unitNow } from '../../shared/catalog/submitted-procedure.js';
import type { Actor } from '../../shared/domain/dossier/status-machine.js';
import { accept, notificationParams, pendingNotification } from '../../shared/dossier/acceptance.js';
import { record } from '../../shared/dossier/aggregate.js';
import { handedIn } from '../../shared/dossier/documents.js';
import type { Channel, DossierRecord, NotificationRecord } from '../../shared/dossier/model.js';
import {
  VersionConflictError,
  type DossierRepository,
  type Waiting,
  type WaitingList,
  type WaitingStage,
} from '../../shared/dossier/repository.js';
import type { Provider } from '../../shared/notify/providers.js';
import { render } from '../../shared/notify/templates.js';
import type { WorkflowDeps } from '../../shared/dossier/workflow.js';
import type { HistoryEvent } from '../../shared/domain/dossier/history.js';
import { reassignmentNote } from '../../shared/domain/dossier/reassignment.js';
import { withAgency } from '../../shared/dossier/steps.js';

export const PIPELINE_ACTOR: Actor = { id: 'pipeline', role: 'system' };

export type PipelineDeps = WorkflowDeps;

export type StageOutcome = 'done' | 'skipped';

/** Re-reads and retries when another writer changed the dossier in between. */
async function withRetry<T>(attempt: () => Promise<T>, tries = 5): Promise<T> {
  for (let i = 1; ; i += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof VersionConflictError) || i >= tries) throw error;
    }
  }
}

/**
 * A dossier whose receiving unit was merged into another while it waited in the pipeline (a re-organisation moves
 * only what its lists show) goes on at the unit that took it over, with an event saying why.
 */
async function onCurrentUnit(
  deps: Pick<PipelineDeps, 'catalog'>,
  dossier: DossierRecord,
  now: number,
): Promise<{ dossier: DossierRecord; events: HistoryEvent[] }> {
  const unit = await unitNow(deps.catalog, dossier.receivingUnit);
  if (unit === dossier.receivingUnit) return { dossier, events: [] };
  const { dossier: moved, event } = record(
    {
      ...dossier,
      receivingUnit: unit,
      ...(dossier.agencies ? { agencies: withAgency(dossier, unit) } : {}),
    },
    {
      action: 'reassigned',
      actor: PIPELINE_ACTOR,
      at: now,
      note: reassignmentNote({
        from: [dossier.receivingUnit],
        into: unit,
        receivingBefore: dossier.receivingUnit,
      }),
    },
  );
  return { dossier: moved, events: [event] };
}

export function intake(deps: PipelineDeps, dossierId: string): Promise<StageOutcome> {
  return withRetry(async () => {
    const found = await deps.dossiers.getWithAttachments(dossierId);
    if (!found || found.dossier.pendingStage !== 'intake') return 'skipped';
    const stored = found.dossier;
    const procedure = await procedureFollowedBy(deps.catalog, stored);
    const attachments = handedIn(found.dossier, found.attachments);
    const complete =
      procedure?.requiredDocuments.every(
        (d) => !d.mandatory || attachments.some((a) => a.documentType === d.type),
      ) ?? false;
    const now = deps.now();
    // A national-portal document that failed its fetch or check is the receiving officer's to judge, never skipped.
    const failedNational = stored.nationalDocumentsFailed ?? 0;
    if (!procedure || !procedure.autoAccept || !complete || failedNational > 0) {
      // A receiving officer decides: the dossier leaves the automatic pipeline, saying why.
      const missing =
        procedure?.requiredDocuments
          .filter((d) => d.mandatory && !attachments.some((a) => a.documentType === d.type))
          .map((d) => d.type) ?? [];
      const reason = !procedure
        ? 'procedure-not-in-catalog'
        : !complete
          ? `incomplete missing=${missing.join(',')}`
          : failedNational > 0
            ? `national-documents-failed count=${failedNational}`
            : 'procedure-requires-officer';
      const { dossier, events } = await onCurrentUnit(deps, stored, now);
      const { dossier: next, event } = record(dossier, {
        action: 'intake-checked',
        actor: PIPELINE_ACTOR,
        at: now,
        note: `awaiting-receiving-officer reason=${reason}`,
      });
      // Told once per dossier: one whose documents the national portal changed before reception comes through again.
      const pending = stored.submittedNotified
        ? null
        : pendingNotification(next, 'submitted', notificationParams(dossier, deps.lookupUrl), now);
      await deps.dossiers.commit(
        { ...next, pendingStage: 'reception', submittedNotified: true },
        stored.version,
        [...events, event],
        pending ? [pending] : [],
      );
      if (pending) await deps.pipeline.toNotification(dossier.id, pending.id);
      return 'done';
    }
    const { dossier, events } = await onCurrentUnit(deps, stored, now);
    const accepted = accept({
      dossier,
      procedure,
      calendar: deps.calendar,
      actor: PIPELINE_ACTOR,
      now,
      lookupUrl: deps.lookupUrl,
      note: 'auto-accept',
    });
    if (!accepted.ok) {
      if (accepted.error === 'no-routing-step')
        throw new Error(`Procedure ${dossier.procedureCode} has no routing step`);
      return 'skipped';
    }
    const pending = accepted.notification;
    await deps.dossiers.commit(accepted.dossier, stored.version, [...events, ...accepted.events], [pending], {
      joins: accepted.joins,
      forms: [accepted.receipt],
    });
    await Promise.all([
      deps.pipeline.toNotification(dossier.id, pending.id),
      deps.pipeline.toForm(dossier.id, accepted.receipt.id),
    ]);
    return 'done';
  });
}

export interface NotifyDeps {
  dossiers: DossierRepository;
  providers: Record<'email' | 'sms' | 'zalo', Provider>;
  /** Replies to an SMS or Zalo inquiry: to the sender's number, or to the Zalo user in the Official Account chat. */
  replies?: Record<'sms' | 'zalo', Provider>;
  now: () => number;
}

/**
 * The applicant's channels in their order; a reply to an inquiry goes only where the inquiry came from
 * (its notification names the channel and the sender).
 */
function recipients(deps: NotifyDeps, dossier: DossierRecord, pending: NotificationRecord) {
  const reply = pending.params.replyChannel;
  if ((reply === 'sms' || reply === 'zalo') && deps.replies)
    return [{ channel: reply as Channel, to: pending.params.replyTo, provider: deps.replies[reply] }];
  return dossier.channels.map((channel: Channel) => ({
    channel,
    to: channel === 'email' ? dossier.applicant.email : dossier.applicant.phone,
    provider: deps.providers[channel],
  }));
}

/**
 * Sends one notification on the applicant's channels in order until one accepts it; every attempt is recorded.
 * Sends happen once: only the recording is retried when another stage changed the dossier meanwhile.
 */
export async function notify(
  deps: NotifyDeps,
  dossierId: string,
  notificationId: string,
): Promise<StageOutcome> {
  const { dossier, notification: pending } = await deps.dossiers.getWithNotification(
    dossierId,
    notificationId,
  );
  if (!pending || pending.status !== 'pending' || !dossier) return 'skipped';
  // A reply to an inquiry is in the language its notification names (the sender may not be the applicant).
  const replyLanguage = pending.params.replyChannel ? pending.params.replyLanguage : undefined;
  const rendered = render(
    pending.event,
    pending.params,
    replyLanguage === 'en' || replyLanguage === 'vi' ? replyLanguage : (dossier.language ?? 'vi'),
  );
  const attempts: { at: number; note: string }[] = [];
  let delivered = false;
  for (const { channel, to, provider } of recipients(deps, dossier, pending)) {
    if (!to) continue;
    const trackingId = `${dossier.id}:${pending.id}:${channel}`;
    try {
      const { providerMessageId } = await provider({
        channel,
        to,
        event: pending.event,
        params: pending.params,
        rendered,
        trackingId,
      });
      attempts.push({
        at: deps.now(),
        note: `channel=${channel} template=${pending.event} result=sent providerMessageId=${providerMessageId}`,
      });
      delivered = true;
      break;
    } catch (error) {
      attempts.push({
        at: deps.now(),
        note: `channel=${channel} template=${pending.event} result=failed reason=${(error as Error).message}`,
      });
    }
  }
  // The dossier read above serves the first attempt; a retry after a conflict reads it again.
  let reread = false;
  await withRetry(async () => {
    const current = reread ? await deps.dossiers.get(dossierId) : dossier;
    reread = true;
    if (!current) return;
    let next = current;
    const events: HistoryEvent[] = [];
    for (const attempt of attempts) {
      const recorded = record(next, {
        action: 'notified',
        actor: PIPELINE_ACTOR,
        at: attempt.at,
        note: attempt.note,
      });
      next = recorded.dossier;
      events.push(recorded.event);
    }
    if (delivered)
      await deps.dossiers.completeNotification(next, current.version, { ...pending, status: 'sent' }, events);
    else if (events.length > 0) await deps.dossiers.commit(next, current.version, events);
  });
  // Nothing delivered: fail the message so SQS retries it, and parks it in the DLQ at last.
  if (!delivered) throw new Error(`No channel delivered ${pending.id}`);
  return 'done';
}

/** The longest a stuck item waits between re-sends. */
const MAX_RESEND_INTERVAL_MS = 6 * 3600 * 1000;
const SWEEP_BATCH = 100;
/** Pages of outbox entries a sweep hands over at most (the rest go at the next one). */
const OUTBOX_PAGES = 20;

/**
 * Re-sends messages for dossiers (and their pending notifications and forms) waiting longer than `stuckAfterMs`: nothing acknowledged is lost.
 * A re-sent item goes to the back of the line and waits twice as long each time before the next re-send, so items
 * that keep failing (they reach the DLQ) neither flood the queues nor starve the others.
 */
export async function sweep(
  deps: Pick<PipelineDeps, 'pipeline' | 'now'> & { waitingList: WaitingList },
  stuckAfterMs: number,
): Promise<{ stage: string; resent: number }[]> {
  const now = deps.now();
  const before = new Date(now - stuckAfterMs).toISOString();
  const resend = (stage: Exclude<WaitingStage, 'outbox'>, item: Waiting) =>
    stage === 'notify'
      ? deps.pipeline.toNotification(item.dossierId, item.notificationId!)
      : stage === 'form'
        ? deps.pipeline.toForm(item.dossierId, item.formId!)
        : deps.pipeline.toStage(stage, item.dossierId);
  const results = [];
  for (const stage of ['intake', 'notify', 'form', 'outbox', 'nationalDocuments'] as const) {
    // Outbox entries come in bursts (every transition writes one): page after page, a re-sent one moves out of range.
    const outbox = stage === 'outbox';
    let resent = 0;
    for (let page = 0; page < (outbox ? OUTBOX_PAGES : 1); page += 1) {
      const waiting = await deps.waitingList.waiting(stage, before, SWEEP_BATCH);
      await Promise.all(
        waiting.map(async (item) => {
          const wait = Math.min(stuckAfterMs * (2 ** Math.min(item.resends, 20) - 1), MAX_RESEND_INTERVAL_MS);
          const since = new Date(now + wait).toISOString();
          if (stage === 'outbox') {
            // Moved first, and the message says where to: the fan-out deletes the ledger entry it handled.
            if (!(await deps.waitingList.deferResend(stage, item, since))) return;
            try {
              await deps.pipeline.toEvents(item.dossierId, item.outboxId!, item.outbox!, since);
            } catch (error) {
              // Not handed over: back where it waited, as often re-sent as before, for the next run to try.
              await deps.waitingList.deferResend(stage, { ...item, since }, item.since, item.resends);
              throw error;
            }
            return;
          }
          await resend(stage, item);
          await deps.waitingList.deferResend(stage, item, since);
        }),
      );
      resent += waiting.length;
      if (waiting.length < SWEEP_BATCH) break;
    }
    results.push({ stage, resent });
  }
  return results;
}
