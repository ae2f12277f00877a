// The forms the system issues (phiếu): which event asks for which form, where issued forms are stored, and what
// they are called when downloaded. Apart from model.ts, whose zod schemas would come along into every bundle.
import type { DossierRecord, FormRecord, FormType } from './model.js';

/** Issued forms are kept under this prefix, each named by the SHA-256 of its bytes. */
export const FORMS_PREFIX = 'forms/';

export const formObjectKey = (sha256: string) => `${FORMS_PREFIX}${sha256}.pdf`;

/** A dossier has one receipt; other forms are named by the history position of the event that asked for them. */
export const RECEIPT_FORM_ID = 'receipt';
export const FORM_ID_PATTERN = /^(receipt|(supplement-request|refusal|apology|stop-notice)-[1-9][0-9]{0,5})$/;

/** How long a client waits before asking again for a form still being issued (the consumer takes about a second). */
export const FORM_RETRY_AFTER_SECONDS = 2;

const FILE_STEMS: Record<FormType, string> = {
  receipt: 'phieu-tiep-nhan',
  'supplement-request': 'phieu-yeu-cau-bo-sung',
  refusal: 'phieu-tu-choi',
  apology: 'phieu-xin-loi-hen-lai',
  'stop-notice': 'thong-bao-dung-xu-ly',
};

/** `phieu-tiep-nhan-000.01.00.H56-261201-0001.pdf`: what the applicant's browser saves the form as. */
export const formFileName = (form: Pick<FormRecord, 'type'>, dossier: Pick<DossierRecord, 'code' | 'id'>) =>
  `${FILE_STEMS[form.type]}-${dossier.code ?? dossier.id}.pdf`;

/** A supplement request's items as its form lists them, one a line (form parameters are strings). */
export const checklistLines = (checklist: { description: string }[]) =>
  checklist.map((item) => item.description.replace(/\s+/g, ' ')).join('\n');

/** A form to issue, recorded in the same write as the event that asks for it (`dossier` as that write leaves it). */
export function pendingForm(
  dossier: DossierRecord,
  type: FormType,
  params: Record<string, string>,
  now: number,
): FormRecord {
  return {
    dossierId: dossier.id,
    id: type === 'receipt' ? RECEIPT_FORM_ID : `${type}-${dossier.historyLength}`,
    type,
    status: 'pending',
    createdAt: new Date(now).toISOString(),
    params,
    objectKey: null,
    sha256: null,
    issuedAt: null,
  };
}
