// Where attachment objects live, and which documents a dossier handed in. Apart from model.ts, whose zod schemas
// would come along into every bundle that imports these.
import type { AttachmentRecord, DossierRecord } from './model.js';

/** The documents handed in with the dossier: what intake checks and the receipt lists. */
export const handedIn = (dossier: DossierRecord, attachments: AttachmentRecord[]) =>
  attachments.filter((a) => dossier.handedIn.includes(a.id));

/** Browser uploads land under this prefix (and expire there); verified copies are kept under the other. */
export const UPLOAD_PREFIX = 'uploads/';
export const VERIFIED_PREFIX = 'dossiers/';
