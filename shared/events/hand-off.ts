// The request path's hand-off of a commit's outbox entry to the events queue, right after the commit; the sweeper
// re-sends an entry that is still waiting later (a failed send, a crash in between), so none is lost.
import type { DossierRepository } from '../dossier/repository.js';
import { outboxEntry, type OutboxEntry } from './model.js';

export function handingOffEvents(
  repository: DossierRepository,
  toEvents: (dossierId: string, outboxId: string, entry: OutboxEntry) => Promise<void>,
): DossierRepository {
  return {
    ...repository,
    async commit(dossier, expectedVersion, events, notifications, uses) {
      await repository.commit(dossier, expectedVersion, events, notifications, uses);
      const entry = outboxEntry(dossier, events);
      if (entry) await toEvents(dossier.id, entry.id, entry);
    },
    async createSubmitted(dossier, events, uses) {
      await repository.createSubmitted(dossier, events, uses);
      const entry = outboxEntry(dossier, events);
      if (entry) await toEvents(dossier.id, entry.id, entry);
    },
  };
}
