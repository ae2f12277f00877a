// Where attachment objects live, and which documents a dossier handed in. Apart from model.ts, whose zod schemas
// would come along into every bundle that imports these.
import type { AttachmentRecord, DossierRecord } from './model.js';

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
