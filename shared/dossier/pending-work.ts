// The ledger of work a commit hands to a queue once it has committed (a notification to send, a form to issue, an
// outbox entry to fan out): an entry per piece of work, written in the commit's own transaction and deleted by the
// write that finishes the work. Entries sort by when the work began, in a partition per stage of the table itself,
// so the sweeper finds work whose message was lost by a key range: no index entry is written in and out for each.
// An outbox entry is kept in its ledger entry alone: it exists exactly while it is still to be fanned out.
import type { OutboxEntry } from '../events/model.js';

export type LedgerStage = 'notify' | 'form' | 'outbox';

export const LEDGER_STAGES: readonly LedgerStage[] = ['notify', 'form', 'outbox'];

export const isLedgerStage = (stage: string): stage is LedgerStage =>
  (LEDGER_STAGES as readonly string[]).includes(stage);

export const ledgerPk = (stage: LedgerStage) => `PENDING#${stage}`;

/** The entry's key: by when the work began (ISO time first, so a range reads the oldest first), then whose it is. */
export const ledgerKey = (stage: LedgerStage, dossierId: string, itemId: string, since: string) => ({
  pk: ledgerPk(stage),
  sk: `${since}#${dossierId}#${itemId}`,
});

export function ledgerItem(
  stage: LedgerStage,
  dossierId: string,
  itemId: string,
  since: string,
  resends = 0,
  outbox?: OutboxEntry,
) {
  return {
    ...ledgerKey(stage, dossierId, itemId, since),
    dossierId,
    itemId,
    since,
    ...(resends > 0 ? { resends } : {}),
    ...(outbox ? { outbox } : {}),
  };
}

/** An outbox entry's work began with its first event: where the commit puts its ledger entry (a re-send moves it). */
export const outboxSince = (entry: Pick<OutboxEntry, 'events'>) => entry.events[0]!.time;
