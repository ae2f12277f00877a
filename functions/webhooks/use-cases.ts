// Delivery reports: each is stored once per webhook id at once, then written into the dossier's history.
import { record } from '../../shared/dossier/aggregate.js';
import {
  VersionConflictError,
  type DossierRepository,
  type PendingDeliveryReport,
} from '../../shared/dossier/repository.js';
import { jitteredPause } from '../../shared/retry.js';
import type { HistoryEvent } from '../../shared/domain/dossier/history.js';
import { HttpProblem, notFound } from '../../shared/http/problem.js';

export interface DeliveryDeps {
  dossiers: DossierRepository;
  now: () => number;
}

/** Writing into the history competes with every other change of the dossier; this many tries, then 503. */
const FOLD_ATTEMPTS = 8;

const noteOf = ({ report, receivedAt }: PendingDeliveryReport) => {
  const [, notificationId, channel] = report.trackingId.split(':');
  return [
    `channel=${channel}`,
    `notification=${notificationId}`,
    `status=${report.status}`,
    report.providerMessageId && `providerMessageId=${report.providerMessageId}`,
    report.reason && `reason=${report.reason}`,
    `received=${new Date(receivedAt).toISOString()}`,
  ]
    .filter(Boolean)
    .join(' ');
};

/**
 * Stores the report (a condition on its webhook id makes a redelivery a duplicate) without touching the dossier,
 * so concurrent reports never contend on its version. Then whoever writes into the history writes every report
 * waiting for it: a report that lost that race finds itself written by the winner.
 */
export async function reportDelivery(
  deps: DeliveryDeps,
  webhookId: string,
  report: PendingDeliveryReport['report'],
): Promise<'recorded' | 'duplicate'> {
  const [dossierId] = report.trackingId.split(':') as [string];
  if (!(await deps.dossiers.get(dossierId)))
    throw notFound({ vi: `Không có hồ sơ ${dossierId}`, en: `No dossier ${dossierId}` });
  const stored = await deps.dossiers.storeDeliveryReport(dossierId, {
    webhookId,
    receivedAt: deps.now(),
    report,
  });
  // A redelivered report whose first delivery was answered 503 is still waiting: it is written now.
  for (let attempt = 1; attempt <= FOLD_ATTEMPTS; attempt += 1) {
    const { dossier, reports } = await deps.dossiers.withPendingDeliveryReports(dossierId);
    if (!dossier || !reports.some((r) => r.webhookId === webhookId)) return stored ? 'recorded' : 'duplicate';
    let next = dossier;
    const now = deps.now();
    const events: HistoryEvent[] = [];
    // A transaction holds at most 100 items: the dossier, then an event and a cleared report per report.
    for (const pending of reports.slice(0, 49)) {
      const recorded = record(next, {
        action: 'delivery-status',
        actor: { id: 'provider', role: 'system' },
        at: now,
        note: noteOf(pending),
      });
      next = recorded.dossier;
      events.push(recorded.event);
    }
    try {
      await deps.dossiers.foldDeliveryReports(
        next,
        dossier.version,
        events,
        reports.slice(0, 49).map((r) => r.webhookId),
      );
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      await jitteredPause(attempt);
    }
  }
  // Stored, so not lost: the provider's retry (same webhook id) or the next report writes it into the history.
  throw new HttpProblem(
    'service-unavailable',
    {
      vi: 'Báo cáo đã được lưu nhưng chưa ghi được vào lịch sử hồ sơ; hãy gửi lại sau',
      en: 'The report is stored but not yet written into the dossier history; send it again later',
    },
    [],
    { 'retry-after': '2' },
  );
}
