// A national-portal dossier's documents: each fetched from the portal's link and checked exactly as an upload is
// (size, SHA-256 when the portal gives it, magic bytes, no program, no active content), kept as a verified attachment
// or recorded as failed with the reason. When every one is settled the dossier enters intake with the verified ones
// handed in; one that failed sends it to a receiving officer (intake never accepts it unasked), who sees the list.
// Waiting for a supplement, the verified ones not handed in before answer it (an update of the portal's, updating.ts).
// Forty slow links take longer than a run may last: a run that is running out of time stops before the next document
// and sends the stage again, and the next run goes on with the documents still pending (the settled ones are kept).
// A copy is named in its record before it is stored, and the stage removes every copy no record uses before it hands
// the dossier on: a run that dies between storing a copy and recording it leaves a pending record that names it,
// which the message's next delivery settles and cleans, never a copy nothing names.
import type { PortalFiles } from '../../shared/adapters/national-portal/files.js';
import type { NationalInboundRepository } from '../../shared/adapters/national-portal/inbound-repository.js';
import type { CatalogRepository } from '../../shared/catalog/repository.js';
import type { StoredProcedure } from '../../shared/catalog/model.js';
import { procedureFollowedBy } from '../../shared/catalog/submitted-procedure.js';
import { record } from '../../shared/dossier/aggregate.js';
import { VERIFIED_PREFIX } from '../../shared/dossier/documents.js';
import type { Calendar } from '../../shared/domain/calendar/calendar.js';
import type { HistoryEvent } from '../../shared/domain/dossier/history.js';
import type { AttachmentRecord, DossierRecord, NationalDocumentRecord } from '../../shared/dossier/model.js';
import type { Pipeline } from '../../shared/dossier/pipeline.js';
import { VersionConflictError, type DossierRepository } from '../../shared/dossier/repository.js';
import type { AttachmentStorage } from '../../shared/dossier/storage.js';
import { discard, refusalOf, typeName } from '../../shared/dossier/upload-check.js';
import type { Localized } from '../../shared/http/messages.js';
import { supplementAnswer } from '../dossiers/use-cases.js';
import { PIPELINE_ACTOR, type StageOutcome } from '../pipeline/use-cases.js';
import { contentTypeOf, portalApplicant } from './updating.js';

export interface FetchingDeps {
  dossiers: DossierRepository;
  national: NationalInboundRepository;
  catalog: CatalogRepository;
  storage: AttachmentStorage;
  pipeline: Pipeline;
  files: PortalFiles;
  now: () => number;
  newId: () => string;
  /** The time left in a run that a document needs: its longest fetch, storing it and the records written after. */
  documentBudgetMs: number;
  /** Resumes a deadline paused for a supplement. */
  calendar: () => Promise<Calendar>;
}

/** `continued`: the run stopped before its time ran out, and sent the stage again for the documents still pending. */
export type FetchOutcome = StageOutcome | 'continued';

/** `gone`: the record was settled or replaced meanwhile, and there is nothing to settle. */
type Check = { ok: true; attachment: AttachmentRecord } | { ok: false; reason: Localized } | { ok: 'gone' };

async function check(
  deps: FetchingDeps,
  procedure: StoredProcedure,
  document: NationalDocumentRecord,
): Promise<Check> {
  const spec = procedure.requiredDocuments.find((d) => d.type === document.documentType);
  if (!spec)
    return {
      ok: false,
      reason: {
        vi: `Thủ tục ${procedure.code} không có thành phần hồ sơ ${document.documentType}`,
        en: `Procedure ${procedure.code} has no document ${document.documentType}`,
      },
    };
  const contentType = contentTypeOf(document.fileName);
  if (!contentType || !spec.acceptedContentTypes.includes(contentType))
    return {
      ok: false,
      reason: {
        vi: `Giấy tờ này nhận: ${spec.acceptedContentTypes.map((t) => typeName(t).vi).join(', ')}`,
        en: `This document takes: ${spec.acceptedContentTypes.map((t) => typeName(t).en).join(', ')}`,
      },
    };
  const download = await deps.files(document.url, spec.maxSizeBytes);
  if (!download.ok) return download;
  const stored = download.object;
  const refusal = await refusalOf(stored, spec.maxSizeBytes, {
    contentType,
    declaredSize: document.declaredSize ?? stored.size,
  });
  if (refusal) return { ok: false, reason: refusal };
  if (document.declaredSha256 && document.declaredSha256 !== stored.sha256)
    return {
      ok: false,
      reason: {
        vi: 'Mã băm SHA-256 của tệp khác với mã Cổng Dịch vụ công quốc gia gửi kèm',
        en: 'The file’s SHA-256 differs from the one the national portal sent',
      },
    };
  const id = deps.newId();
  const objectKey = `${VERIFIED_PREFIX}${document.dossierId}/${id}/${stored.sha256}`;
  // Settled or replaced meanwhile (another delivery, an update): nothing is stored.
  if (!(await deps.national.reserveCopy(document, { attachmentId: id, objectKey }))) return { ok: 'gone' };
  await deps.storage.write(objectKey, stored, contentType);
  const at = new Date(deps.now()).toISOString();
  return {
    ok: true,
    attachment: {
      dossierId: document.dossierId,
      id,
      documentType: spec.type,
      fileName: document.fileName,
      contentType,
      declaredSize: document.declaredSize ?? stored.size,
      // No upload form ever wrote it: the server fetched it.
      uploadKey: '',
      objectKey,
      status: 'verified',
      size: stored.size,
      sha256: stored.sha256,
      createdAt: at,
      verifiedAt: at,
    },
  };
}

async function settleOne(deps: FetchingDeps, procedure: StoredProcedure, document: NationalDocumentRecord) {
  const outcome = await check(deps, procedure, document);
  if (outcome.ok === 'gone') return;
  const settledAt = new Date(deps.now()).toISOString();
  const settled: NationalDocumentRecord =
    outcome.ok === true
      ? { ...document, status: 'verified', attachmentId: outcome.attachment.id, settledAt }
      : { ...document, status: 'failed', reason: outcome.reason, settledAt };
  const recorded = await deps.national.settle(settled, outcome.ok === true ? outcome.attachment : null);
  // Another delivery of the message settled it first: its copy is the one recorded.
  if (!recorded && outcome.ok === true) await discard(deps.storage, [outcome.attachment.objectKey]);
}

/** `remainingMs`: the time left in this run (the Lambda context's), read before each document. */
export async function fetchDocuments(
  deps: FetchingDeps,
  dossierId: string,
  remainingMs: () => number,
): Promise<FetchOutcome> {
  const dossier = await deps.dossiers.get(dossierId);
  if (!dossier) return 'skipped';
  // A delivery after the stage was done: a copy a concurrent run stored and died before removing is removed now.
  if (dossier.pendingStage !== 'nationalDocuments') {
    await removeUnusedCopies(deps, await deps.national.documents(dossierId));
    return 'skipped';
  }
  const procedure = await procedureFollowedBy(deps.catalog, dossier);
  if (!procedure)
    throw new Error(`Procedure ${dossier.procedureCode} of dossier ${dossierId} is not in the catalog`);
  let settled = 0;
  // One at a time: each file is held in memory up to its document's limit.
  for (const document of await deps.national.documents(dossierId)) {
    if (document.status !== 'pending') continue;
    // The first is always fetched, so that every run goes forward: a run starts with the whole timeout, which holds one.
    if (settled > 0 && remainingMs() < deps.documentBudgetMs) {
      await deps.pipeline.toStage('nationalDocuments', dossierId);
      return 'continued';
    }
    await settleOne(deps, procedure, document);
    settled += 1;
  }
  for (let attempt = 1; ; attempt += 1) {
    // Read again on each attempt: an update of the portal may have added or replaced records meanwhile.
    const [current, documents] = await Promise.all([
      deps.dossiers.getWithAttachments(dossierId),
      deps.national.documents(dossierId),
    ]);
    if (!current) return 'skipped';
    if (current.dossier.pendingStage !== 'nationalDocuments') {
      await removeUnusedCopies(deps, documents);
      return 'skipped';
    }
    if (documents.some((d) => d.status === 'pending')) {
      // Added by an update after this run's list was read: the next run fetches them.
      await deps.pipeline.toStage('nationalDocuments', dossierId);
      return 'continued';
    }
    // Removed before the dossier moves on: a run that dies here leaves them named, and the next delivery removes them.
    await removeUnusedCopies(deps, documents);
    try {
      const next = await settledDossier(deps, current, documents);
      await deps.dossiers.commit(next.dossier, current.dossier.version, next.events);
      if (next.dossier.pendingStage === 'intake') await deps.pipeline.toStage('intake', dossierId);
      return 'done';
    } catch (error) {
      // A notification recorded, or an update applied, meanwhile: read again.
      if (error instanceof VersionConflictError && attempt < 5) continue;
      throw error;
    }
  }
}

/**
 * Deletes the copies no settled record uses: a failed or replaced fetch's, one a run stored and died before recording,
 * one a record settled by another delivery made needless. A record's own attachment keeps its copy, replaced or not; a
 * pending record's copies may still be the one a run is about to record, and wait until it is settled.
 */
async function removeUnusedCopies(deps: Pick<FetchingDeps, 'storage'>, documents: NationalDocumentRecord[]) {
  const unused = documents
    .filter((d) => d.status !== 'pending')
    .flatMap((d) =>
      (d.copies ?? []).filter((copy) => copy.attachmentId !== d.attachmentId).map((copy) => copy.objectKey),
    );
  await Promise.all(unused.map((key) => deps.storage.delete(key)));
}

/**
 * The dossier once its documents are settled. Before reception it enters intake with the verified ones handed in;
 * waiting for a supplement, the verified ones not handed in before are the applicant's answer (none: it waits on).
 */
async function settledDossier(
  deps: FetchingDeps,
  current: { dossier: DossierRecord; attachments: AttachmentRecord[] },
  documents: NationalDocumentRecord[],
): Promise<{ dossier: DossierRecord; events: HistoryEvent[] }> {
  const verified = documents.filter((d) => d.status === 'verified').map((d) => d.attachmentId!);
  const failed = documents.filter((d) => d.status === 'failed').length;
  const hashes = current.attachments.filter((a) => verified.includes(a.id)).map((a) => a.sha256!);
  const now = deps.now();
  const { dossier: checked, event } = record(current.dossier, {
    action: 'national-documents-checked',
    actor: PIPELINE_ACTOR,
    at: now,
    note: `verified=${verified.length} failed=${failed}`,
    documentHashes: hashes.sort(),
  });
  if (checked.status !== 'supplement-requested')
    return {
      dossier: { ...checked, handedIn: verified, pendingStage: 'intake', nationalDocumentsFailed: failed },
      events: [event],
    };
  const added = current.attachments.filter(
    (a) => verified.includes(a.id) && !checked.handedIn.includes(a.id),
  );
  const waiting = { ...checked, pendingStage: null, nationalDocumentsFailed: failed };
  if (added.length === 0) return { dossier: waiting, events: [event] };
  const answered = await supplementAnswer(
    { catalog: deps.catalog, calendar: await deps.calendar() },
    waiting,
    added,
    portalApplicant(checked.nationalCode ?? checked.id),
    now,
  );
  if (!answered) return { dossier: waiting, events: [event] };
  return { dossier: answered.dossier, events: [event, answered.event] };
}
