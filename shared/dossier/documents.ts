// Where attachment objects live, and which documents a dossier handed in. Apart from model.ts, whose zod schemas
// would come along into every bundle that imports these.
import type { AttachmentRecord, DossierRecord, NationalDocumentRecord } from './model.js';

/**
 * The places a national-portal dossier's own documents hold: one still being fetched, and one fetched (its
 * attachment stays when a later push replaces it). Counted from the records alone, each read whole, so a fetch
 * settling while its partition is read (its attachment written with it) is counted once, never missed.
 */
export const nationalPlaces = (records: readonly NationalDocumentRecord[]) =>
  records.filter((record) => record.status === 'pending' || record.attachmentId !== null).length;

/** The attachments the applicant uploaded here: those no national-portal document record names. */
export const uploadsAmong = (
  attachments: readonly AttachmentRecord[],
  records: readonly NationalDocumentRecord[],
) => {
  const national = new Set(records.flatMap((record) => (record.attachmentId ? [record.attachmentId] : [])));
  return attachments.filter((attachment) => !national.has(attachment.id)).length;
};

/** The documents handed in with the dossier: what intake checks and the receipt lists. */
export const handedIn = (dossier: DossierRecord, attachments: AttachmentRecord[]) =>
  attachments.filter((a) => dossier.handedIn.includes(a.id));

/**
 * The handed-in documents as the receipt lists them: in the order the procedure lists its documents, several files of
 * one document in the order they were handed in, and any type the procedure no longer lists last.
 */
export function inProcedureOrder(
  documentTypes: string[],
  dossier: DossierRecord,
  attachments: AttachmentRecord[],
): AttachmentRecord[] {
  const rank = (a: AttachmentRecord) => {
    const position = documentTypes.indexOf(a.documentType);
    return position < 0 ? documentTypes.length : position;
  };
  return handedIn(dossier, attachments).sort(
    (a, b) => rank(a) - rank(b) || dossier.handedIn.indexOf(a.id) - dossier.handedIn.indexOf(b.id),
  );
}

/** Browser uploads land under this prefix (and expire there); verified copies are kept under the other. */
export const UPLOAD_PREFIX = 'uploads/';
export const VERIFIED_PREFIX = 'dossiers/';

/** A document (attachment or result) recorded before its upload: what the presigned form may write, and when asked. */
export function pendingDocument(input: {
  dossierId: string;
  id: string;
  documentType: string;
  fileName: string;
  contentType: string;
  declaredSize: number;
  uploadKey: string;
  now: number;
}): AttachmentRecord {
  const { now, ...fields } = input;
  return {
    ...fields,
    objectKey: null,
    status: 'pending',
    size: null,
    sha256: null,
    createdAt: new Date(now).toISOString(),
    verifiedAt: null,
  };
}
