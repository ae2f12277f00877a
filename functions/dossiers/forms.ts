// The forms issued to the applicant (the receipt, the apology letter), served from storage: a short-lived link to the
// stored bytes, never a rendering (the documents consumer issued them once, functions/documents/issue-form.ts).
import { DOWNLOAD_LINK_SECONDS, type DownloadPresigner } from '../../shared/dossier/download-presigner.js';
import { FORM_RETRY_AFTER_SECONDS, formFileName, RECEIPT_FORM_ID } from '../../shared/dossier/forms.js';
import type { DossierRepository } from '../../shared/dossier/repository.js';
import type { Caller } from '../../shared/http/handler.js';
import { HttpProblem, notFound } from '../../shared/http/problem.js';
import { conflict, mine } from './use-cases.js';

export interface FormDownloadDeps {
  dossiers: Pick<DossierRepository, 'getWithForm'>;
  downloads: DownloadPresigner;
}

/**
 * Where the caller's form can be downloaded for the next few minutes. 404 for someone else's dossier or a form it
 * was never issued, 409 for a receipt before acceptance, 503 with Retry-After while the form is being issued.
 */
export async function formDownload(
  deps: FormDownloadDeps,
  caller: Caller,
  id: string,
  formId: string,
): Promise<string> {
  const found = await deps.dossiers.getWithForm(id, formId);
  const dossier = mine(caller, id, found.dossier);
  const form = found.form;
  if (!form) {
    if (formId === RECEIPT_FORM_ID && !dossier.acceptedAt) {
      throw conflict(
        'Hồ sơ chưa được tiếp nhận nên chưa có phiếu hẹn',
        'The dossier has not been accepted yet, so it has no receipt',
      );
    }
    throw notFound({ vi: `Hồ sơ không có phiếu ${formId}`, en: `The dossier has no form ${formId}` });
  }
  if (form.status !== 'issued' || !form.objectKey) {
    throw new HttpProblem(
      'service-unavailable',
      {
        vi: 'Phiếu đang được phát hành; hãy thử lại sau giây lát',
        en: 'The form is being issued; try again in a moment',
      },
      [],
      { 'retry-after': String(FORM_RETRY_AFTER_SECONDS) },
    );
  }
  return deps.downloads.presignGet(form.objectKey, formFileName(form, dossier), DOWNLOAD_LINK_SECONDS, {
    disposition: 'inline',
    contentType: 'application/pdf',
  });
}

/** The answer of a form route: see the stored form at the short-lived link. */
export const seeForm = (url: string) => ({
  status: 303,
  json: null,
  headers: { location: url, 'cache-control': 'private, no-store' },
});
