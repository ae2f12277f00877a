// The national portal's update of a dossier it pushed before (`isUpdating`, same MaHoSo). Not yet received (status
// 1): the applicant's contact data and summary change, and a document whose content changed is fetched and checked
// again (the nationalDocuments stage), replacing the one it supersedes. Waiting for a supplement (status 5): the new
// documents are the applicant's answer, held to what an online supplement may hand in (the procedure's document
// types, formats and sizes, 40 documents in all), then handed in once fetched and verified (fetching.ts), as POST
// /dossiers/{id}/supplement hands in uploads. Any other status takes no update: the portal is told, nothing changes.
// Updates apply in the order of their NgayCapNhat (inbound.ts): one not later than the latest applied is stale. A
// replayed update finds nothing to change; each write is guarded by the dossier's version and the records' states, so
// updates racing each other are decided one at a time on what the winner wrote.
import type { FiledDossier } from '../../shared/adapters/national-portal/inbound.js';
import {
  documentWrites,
  type NationalInboundRepository,
} from '../../shared/adapters/national-portal/inbound-repository.js';
import type { CatalogRepository } from '../../shared/catalog/repository.js';
import { procedureFollowedBy } from '../../shared/catalog/submitted-procedure.js';
import type { Actor } from '../../shared/domain/dossier/status-machine.js';
import { record } from '../../shared/dossier/aggregate.js';
import type { Channel, DossierRecord, NationalDocumentRecord } from '../../shared/dossier/model.js';
import type { Pipeline } from '../../shared/dossier/pipeline.js';
import {
  AttachmentLimitError,
  VersionConflictError,
  WriteConditionError,
  type DossierRepository,
} from '../../shared/dossier/repository.js';
import { nationalPlaces, uploadsAmong } from '../../shared/dossier/documents.js';
import { sanitizeFileName } from '../../shared/dossier/storage.js';
import { typeName } from '../../shared/dossier/upload-check.js';
import { sizeInWords, type Localized } from '../../shared/http/messages.js';
import { jitteredPause } from '../../shared/retry.js';
import { MAX_ATTACHMENTS } from '../dossiers/use-cases.js';
import { pendingDocument } from './receiving.js';

export interface UpdatingDeps {
  dossiers: DossierRepository;
  national: NationalInboundRepository;
  /** The procedure a supplement's documents are held to (the version the dossier was submitted under). */
  catalog: CatalogRepository;
  pipeline: Pipeline;
  now: () => number;
}

export type RefusalReason = 'status' | 'owner' | 'no-documents' | 'stale' | 'documents';

/**
 * `unchanged`: nothing to change (a replay); `updated`: applied; `refused`: the status takes no update (`status`), the
 * update names another owner (`owner`), a dossier waiting for a supplement got no new document (`no-documents`), the
 * update is not later than the one applied (`stale`), or a supplement's documents do not fit (`documents`, `detail`
 * says which and why).
 */
export type UpdateOutcome =
  | { kind: 'unchanged' | 'updated'; dossierId: string; code: string | null }
  | {
      kind: 'refused';
      reason: RefusalReason;
      dossierId: string;
      code: string | null;
      detail?: Localized;
    };

/** Each attempt reads the dossier and its records again: an officer's or a fetch's write came in between. */
const ATTEMPTS = 6;

/** The applicant, on the portal: the history says so (no person's token is behind it). */
export const portalApplicant = (nationalCode: string): Actor => ({
  id: `national-portal#${nationalCode}`,
  role: 'citizen',
});

export const channelsOf = (filed: FiledDossier): Channel[] =>
  filed.applicant.email ? ['sms', 'email'] : ['sms'];

type PushedDocument = FiledDossier['documents'][number];

/** The content type a file name says, among those documents may have (the fetch checks the bytes against it). */
const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};
export const contentTypeOf = (fileName: string) =>
  CONTENT_TYPES[fileName.split('.').pop()?.toLowerCase() ?? ''] ?? null;

/**
 * Why a supplement's new documents cannot be handed in, as an online supplement is refused before any upload: a type
 * the procedure does not have, a format it does not take, a declared size over its limit, or more documents than a
 * dossier may hold (its attachments and the portal's documents still to fetch count, as pending uploads do online).
 */
async function supplementRefusal(
  deps: UpdatingDeps,
  dossier: DossierRecord,
  records: NationalDocumentRecord[],
  added: PushedDocument[],
): Promise<Localized | null> {
  const [procedure, found] = await Promise.all([
    procedureFollowedBy(deps.catalog, dossier),
    deps.dossiers.getWithAttachments(dossier.id),
  ]);
  if (!procedure)
    throw new Error(`Procedure ${dossier.procedureCode} of dossier ${dossier.id} is not in the catalog`);
  for (const document of added) {
    const name = sanitizeFileName(document.fileName);
    const spec = procedure.requiredDocuments.find((d) => d.type === document.documentType);
    if (!spec)
      return {
        vi: `${name}: thủ tục ${procedure.code} không có thành phần hồ sơ ${document.documentType}`,
        en: `${name}: procedure ${procedure.code} has no document ${document.documentType}`,
      };
    const contentType = contentTypeOf(name);
    if (!contentType || !spec.acceptedContentTypes.includes(contentType))
      return {
        vi: `${name}: giấy tờ này nhận ${spec.acceptedContentTypes.map((t) => typeName(t).vi).join(', ')}`,
        en: `${name}: this document takes ${spec.acceptedContentTypes.map((t) => typeName(t).en).join(', ')}`,
      };
    if (document.declaredSize !== null && document.declaredSize > spec.maxSizeBytes)
      return {
        vi: `${name}: tối đa ${sizeInWords(spec.maxSizeBytes).vi} cho giấy tờ này`,
        en: `${name}: at most ${sizeInWords(spec.maxSizeBytes).en} for this document`,
      };
  }
  const held = uploadsAmong(found?.attachments ?? [], records) + nationalPlaces(records);
  if (held + added.length > MAX_ATTACHMENTS)
    return {
      vi: `Hồ sơ đã có ${held} tài liệu; thêm ${added.length} sẽ quá ${MAX_ATTACHMENTS}, là số tối đa`,
      en: `The dossier holds ${held} documents; ${added.length} more would pass ${MAX_ATTACHMENTS}, the most it may hold`,
    };
  return null;
}

/** The same document: its type, and its declared SHA-256 (or, without one, its link and name). */
const sameDocument = (record: NationalDocumentRecord, pushed: PushedDocument) =>
  record.documentType === pushed.documentType &&
  (pushed.declaredSha256 !== null
    ? record.declaredSha256 === pushed.declaredSha256
    : record.declaredSha256 === null &&
      record.url === pushed.url &&
      record.fileName === sanitizeFileName(pushed.fileName));

/** The pushed documents no current record holds, and the current records no pushed document matches. */
function documentChanges(records: NationalDocumentRecord[], pushed: PushedDocument[]) {
  const unmatched = records.filter((r) => r.status !== 'replaced');
  const added: PushedDocument[] = [];
  for (const document of pushed) {
    const at = unmatched.findIndex((r) => sameDocument(r, document));
    if (at >= 0) unmatched.splice(at, 1);
    else added.push(document);
  }
  return { added, dropped: unmatched };
}

const contactOf = (applicant: { phone: string; email?: string; address: string }) => ({
  phone: applicant.phone,
  email: applicant.email ?? null,
  address: applicant.address,
});

function withSummary(form: DossierRecord['form'], summary: string | null): DossierRecord['form'] {
  const { summary: _previous, ...rest } = form;
  return summary === null ? rest : { ...rest, summary };
}

export async function updateFiledDossier(
  deps: UpdatingDeps,
  dossierId: string,
  filed: FiledDossier,
): Promise<UpdateOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await attemptUpdate(deps, dossierId, filed);
    } catch (error) {
      const raced = error instanceof VersionConflictError || error instanceof WriteConditionError;
      if (!raced || attempt >= ATTEMPTS) throw error;
      await jitteredPause(attempt);
    }
  }
}

async function attemptUpdate(
  deps: UpdatingDeps,
  dossierId: string,
  filed: FiledDossier,
): Promise<UpdateOutcome> {
  const [dossier, records] = await Promise.all([
    deps.dossiers.get(dossierId),
    deps.national.documents(dossierId),
  ]);
  if (!dossier)
    throw new Error(`MaHoSo ${filed.nationalCode} names dossier ${dossierId}, which is not there`);
  const answer = { dossierId, code: dossier.code };
  // The handler refuses an update without NgayCapNhat: an update has a time here.
  const updatedAt = filed.updatedAt ?? Number.NEGATIVE_INFINITY;
  // Dossiers pushed before updates were ordered keep none: the first update with a time sets it.
  const lastApplied = dossier.nationalUpdatedAt ? Date.parse(dossier.nationalUpdatedAt) : null;
  if (lastApplied !== null && updatedAt < lastApplied) return { kind: 'refused', reason: 'stale', ...answer };
  // The owner is who the dossier is listed under and who may act on it here: never changed by an update.
  if (
    filed.applicant.citizenId !== dossier.applicant.citizenId ||
    filed.applicant.fullName !== dossier.applicant.fullName
  )
    return { kind: 'refused', reason: 'owner', ...answer };
  const contact = contactOf(filed.applicant);
  const supplement = dossier.status === 'supplement-requested';
  const contactDiffers = JSON.stringify(contact) !== JSON.stringify(contactOf(dossier.applicant));
  // Contact data changes only before reception; after it a push is a supplement's documents, nothing else.
  const contactChanged = !supplement && contactDiffers;
  const summary = filed.summary ?? null;
  const summaryChanged = summary !== ((dossier.form.summary as string | undefined) ?? null);
  const { added, dropped } = documentChanges(records, filed.documents);

  // After reception a handed-in document stays: only what is added counts (a supplement).
  const replaced = supplement ? [] : dropped;
  if (supplement && added.length === 0 && (contactDiffers || summaryChanged))
    return { kind: 'refused', reason: 'no-documents', ...answer };
  if (!contactChanged && !summaryChanged && added.length === 0 && replaced.length === 0)
    return { kind: 'unchanged', ...answer };
  // As old as the one applied, and not the same: two versions of one moment, and the first one applied stays.
  if (lastApplied !== null && updatedAt === lastApplied)
    return { kind: 'refused', reason: 'stale', ...answer };
  if (dossier.status !== 'submitted' && !supplement) return { kind: 'refused', reason: 'status', ...answer };
  if (supplement && added.length === 0) return { kind: 'refused', reason: 'no-documents', ...answer };
  if (supplement) {
    const detail = await supplementRefusal(deps, dossier, records, added);
    if (detail) return { kind: 'refused', reason: 'documents', ...answer, detail };
  }

  const now = deps.now();
  const at = new Date(now).toISOString();
  const firstIndex = records.reduce((max, r) => Math.max(max, r.index + 1), 0);
  const fresh = added.map((document, offset) => pendingDocument(dossierId, firstIndex + offset, document));
  const withdrawnIds = new Set(replaced.flatMap((r) => (r.attachmentId ? [r.attachmentId] : [])));
  const documentsChanged = fresh.length > 0 || replaced.length > 0;
  // New documents are fetched first; without any, the documents left are checked again by intake.
  const stage = fresh.length > 0 ? 'nationalDocuments' : documentsChanged && !supplement ? 'intake' : null;
  const applicant = {
    fullName: dossier.applicant.fullName,
    citizenId: dossier.applicant.citizenId,
    phone: contact.phone,
    ...(contact.email ? { email: contact.email } : {}),
    address: contact.address,
  };
  const changed: DossierRecord = {
    ...dossier,
    applicant: contactChanged ? applicant : dossier.applicant,
    channels: contactChanged ? channelsOf(filed) : dossier.channels,
    // A supplement hands in documents: the summary stays what was received.
    form: summaryChanged && !supplement ? withSummary(dossier.form, summary) : dossier.form,
    handedIn: dossier.handedIn.filter((id) => !withdrawnIds.has(id)),
    ...(filed.updatedAt !== null ? { nationalUpdatedAt: new Date(filed.updatedAt).toISOString() } : {}),
    // A fetch already under way goes on with the new records; intake and reception wait for it.
    pendingStage:
      stage === null || dossier.pendingStage === 'nationalDocuments' ? dossier.pendingStage : stage,
  };
  const what = [
    contactChanged ? 'contact' : null,
    summaryChanged && !supplement ? 'summary' : null,
    fresh.length > 0 ? `documents-added=${fresh.length}` : null,
    replaced.length > 0 ? `documents-replaced=${replaced.length}` : null,
  ].filter(Boolean);
  const { dossier: next, event } = record(changed, {
    action: 'national-updated',
    actor: portalApplicant(filed.nationalCode),
    at: now,
    note: `${supplement ? 'supplement ' : ''}changed=${what.join(',')}`,
  });
  try {
    await deps.dossiers.commit(next, dossier.version, [event], [], {
      writes: documentWrites(
        fresh,
        replaced.map((was) => ({ document: { ...was, status: 'replaced', settledAt: at }, was: was.status })),
      ),
      // A supplement's documents take places uploads to the dossier may have taken since they were counted.
      ...(supplement && fresh.length > 0
        ? { uploadsAtMost: MAX_ATTACHMENTS - nationalPlaces(records) - fresh.length }
        : {}),
    });
  } catch (error) {
    if (!(error instanceof AttachmentLimitError)) throw error;
    return {
      kind: 'refused',
      reason: 'documents',
      ...answer,
      detail: {
        vi: `Hồ sơ vừa nhận thêm tài liệu tải lên; thêm ${fresh.length} sẽ quá ${MAX_ATTACHMENTS}, là số tối đa`,
        en: `Documents were uploaded to the dossier meanwhile; ${fresh.length} more would pass ${MAX_ATTACHMENTS}, the most it may hold`,
      },
    };
  }
  if (
    next.pendingStage !== dossier.pendingStage &&
    next.pendingStage !== null &&
    next.pendingStage !== 'reception'
  )
    await deps.pipeline.toStage(next.pendingStage, dossierId);
  // Records added to a fetch under way: it is sent again, so a run that finished meanwhile does not leave them.
  else if (fresh.length > 0 && dossier.pendingStage === 'nationalDocuments')
    await deps.pipeline.toStage('nationalDocuments', dossierId);
  return { kind: 'updated', ...answer };
}
