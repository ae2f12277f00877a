// Delivery reports: each goes into the dossier history once (the webhook id is recorded with it).
import { record } from '../../shared/dossier/aggregate.js';
import { VersionConflictError, type DossierRepository } from '../../shared/dossier/repository.js';
import { notFound } from '../../shared/http/problem.js';

export interface DeliveryDeps {
  dossiers: DossierRepository;
  now: () => number;
}

export async function reportDelivery(
  deps: DeliveryDeps,
  webhookId: string,
  report: { trackingId: string; status: string; providerMessageId?: string; reason?: string },
): Promise<'recorded' | 'duplicate'> {
  const [dossierId, notificationId, channel] = report.trackingId.split(':') as [string, string, string];
  for (let attempt = 1; ; attempt += 1) {
    const dossier = await deps.dossiers.get(dossierId);
    if (!dossier) throw notFound({ vi: `Không có hồ sơ ${dossierId}`, en: `No dossier ${dossierId}` });
    const note = [
      `channel=${channel}`,
      `notification=${notificationId}`,
      `status=${report.status}`,
      report.providerMessageId && `providerMessageId=${report.providerMessageId}`,
      report.reason && `reason=${report.reason}`,
    ]
      .filter(Boolean)
      .join(' ');
    const { dossier: next, event } = record(dossier, {
      action: 'delivery-status',
      actor: { id: 'provider', role: 'system' },
      at: deps.now(),
      note,
    });
    try {
      return (await deps.dossiers.recordOnce(next, dossier.version, `WEBHOOK#${webhookId}`, [event]))
        ? 'recorded'
        : 'duplicate';
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= 5) throw error;
    }
  }
}
