// National portal sync: brings a dossier's state at the portal up to a position of its history. It sends the current
// state (DongBoHoSoMC), then the processing steps not sent yet (CapNhatTienDoHoSoMC), under a per-dossier lease, so
// a redelivered or late message never sends an older state after a newer one. Transport errors and "try again"
// codes are retried with doubling delays; a refusal (or the last failed attempt) goes to the DLQ with the answer.
import type { CatalogRepository } from '../../shared/catalog/repository.js';
import { procedureFollowedBy } from '../../shared/catalog/submitted-procedure.js';
import type { DossierReads, StaffRecord } from '../../shared/dossier/repository.js';
import type { NationalPortal, Outcome } from '../../shared/adapters/national-portal/client.js';
import {
  dossierSyncOf,
  isProgress,
  progressOf,
  type CatalogNames,
  type DocumentLink,
} from '../../shared/adapters/national-portal/mapping.js';
import type { NationalMessage, NationalMessageInput } from '../../shared/adapters/national-portal/queue.js';
import type { NationalSyncStore } from '../../shared/adapters/national-portal/sync-store.js';

export interface NationalSyncSettings {
  firstBackoffSeconds: number;
  maxBackoffSeconds: number;
  maxAttempts: number;
}

export interface NationalSyncDeps {
  dossiers: Pick<DossierReads, 'getForStaff'>;
  catalog: Pick<CatalogRepository, 'getProcedure' | 'getProcedureVersion' | 'getAgencies'>;
  store: NationalSyncStore;
  /**
   * Signs the links the portal fetches each document by, valid from `now` (none where PUBLIC_API_URL or the
   * PARTNER_FILES_SECRET is not configured: the links are then sent empty).
   */
  links: (now: number) => Promise<DocumentLink | null>;
  /** The portal's client, or null where the sync is not configured (no adapter URL). */
  portal: () => Promise<NationalPortal | null>;
  /** Back to the national queue, delayed. */
  send: (message: NationalMessageInput, delaySeconds: number) => Promise<void>;
  /** Into the national queue's DLQ. */
  deadLetter: (message: NationalMessageInput) => Promise<void>;
  settings: NationalSyncSettings;
  now: () => number;
}

/** How long one attempt may hold a dossier: two calls of the portal at their timeout, and some. */
export const LEASE_MS = 30_000;
/** A dossier another attempt holds is looked at again after this. */
const BUSY_DELAY_SECONDS = 2;

export function nationalSettingsFromEnv(env: NodeJS.ProcessEnv): NationalSyncSettings {
  const number = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return {
    firstBackoffSeconds: number('NATIONAL_FIRST_BACKOFF_SECONDS', 30),
    // Within SQS's 15-minute delay: 30 s doubling reaches it at the 6th wait; ten attempts span about an hour.
    maxBackoffSeconds: Math.min(number('NATIONAL_MAX_BACKOFF_SECONDS', 900), 900),
    maxAttempts: number('NATIONAL_MAX_ATTEMPTS', 10),
  };
}

async function catalogNames(deps: NationalSyncDeps, record: StaffRecord): Promise<CatalogNames> {
  const { dossier } = record;
  const procedure = await procedureFollowedBy(deps.catalog, dossier);
  const codes = [
    dossier.receivingUnit,
    ...(dossier.agencies ?? []),
    ...(dossier.step ? [dossier.step.agency] : []),
  ];
  const agencies = await deps.catalog.getAgencies([...new Set(codes)]);
  return {
    // A procedure withdrawn from the catalog keeps its dossiers syncing, under its code for a field.
    field: procedure?.field ?? dossier.procedureCode,
    agencies: new Map([...agencies.values()].map((agency) => [agency.code, agency.name])),
  };
}

/**
 * The dossier as it is since the change the message tells of: read eventually consistent (half the capacity), and
 * again strongly consistent when that read does not hold the change yet (its root, and every event up to the root's),
 * or when the message forces a sync (a reconciliation re-sends what the portal has: it must be the latest).
 */
export async function currentRecord(
  deps: Pick<NationalSyncDeps, 'dossiers'>,
  message: Pick<NationalMessage, 'dossierId' | 'sequence' | 'force'>,
) {
  if (message.force === true) return deps.dossiers.getForStaff(message.dossierId);
  const read = await deps.dossiers.getForStaff(message.dossierId, { consistent: false });
  const events = read ? Math.max(0, ...read.history.map((event) => event.seq)) : -1;
  const fresh =
    read !== null && read.dossier.historyLength >= message.sequence && events >= read.dossier.historyLength;
  return fresh ? read : deps.dossiers.getForStaff(message.dossierId);
}

type Failure = { service: string; outcome: Exclude<Outcome, { verdict: 'accepted' }> };

export async function syncDossier(deps: NationalSyncDeps, message: NationalMessage) {
  const portal = await deps.portal();
  if (!portal) return 'not-configured';
  const now = deps.now();
  const claimed = await deps.store.claim(
    message.dossierId,
    message.sequence,
    now,
    LEASE_MS,
    message.force === true,
  );
  if (claimed.kind === 'done') return 'skipped';
  if (claimed.kind === 'busy') {
    await deps.send(message, BUSY_DELAY_SECONDS);
    return 'busy';
  }
  const { claim } = claimed;
  let failure: Failure | null = null;
  try {
    const record = await currentRecord(deps, message);
    const names = record ? await catalogNames(deps, record) : null;
    const link = record && names ? await deps.links(now) : null;
    const state = record && names ? dossierSyncOf(record, names, link ?? undefined) : null;
    if (!record || !names || !state) {
      await deps.store.release(message.dossierId, claim.leaseId, 'not-submitted');
      return 'skipped';
    }
    const synced = await portal.sync([state], claim.known);
    if (synced.verdict !== 'accepted') failure = { service: 'DongBoHoSoMC', outcome: synced };
    else {
      const steps = record.history.filter((event) => event.seq > claim.progressSequence && isProgress(event));
      if (steps.length > 0) {
        // Known before the progress call, which may fail or outlive the lease: the next attempt then updates the
        // dossier (isUpdating) rather than create it again. With nothing after it, the completion records it.
        if (!claim.known) await deps.store.markKnown(message.dossierId, claim.leaseId);
        const progressed = await portal.progress(steps.map((event) => progressOf(record, event, names)));
        if (progressed.verdict !== 'accepted')
          failure = { service: 'CapNhatTienDoHoSoMC', outcome: progressed };
      }
    }
    if (!failure) {
      await deps.store.complete(message.dossierId, claim.leaseId, {
        sequence: record.dossier.historyLength,
        status: state.TrangThaiHoSo,
        at: new Date(now).toISOString(),
      });
      return 'synced';
    }
  } catch (error) {
    await deps.store.release(message.dossierId, claim.leaseId, (error as Error).name);
    throw error;
  }
  return failed(deps, message, claim.leaseId, failure, now);
}

async function failed(
  deps: NationalSyncDeps,
  message: NationalMessage,
  leaseId: string,
  { service, outcome }: Failure,
  now: number,
) {
  const why =
    outcome.verdict === 'transport'
      ? { error: outcome.error }
      : {
          error_code: outcome.answer.error_code,
          ...(outcome.answer.message ? { message: outcome.answer.message } : {}),
        };
  await deps.store.release(
    message.dossierId,
    leaseId,
    `${service} ${outcome.verdict === 'transport' ? outcome.error : `error_code ${outcome.answer.error_code}`}`,
  );
  const { refusal: _earlier, ...base } = message;
  if (outcome.verdict === 'refused' || message.attempt >= deps.settings.maxAttempts) {
    await deps.deadLetter({ ...base, refusal: { service, at: new Date(now).toISOString(), ...why } });
    return outcome.verdict === 'refused' ? 'refused' : 'exhausted';
  }
  const wait = Math.min(
    deps.settings.firstBackoffSeconds * 2 ** Math.min(message.attempt - 1, 30),
    deps.settings.maxBackoffSeconds,
  );
  await deps.send({ ...base, attempt: message.attempt + 1 }, wait);
  return 'retry-scheduled';
}
