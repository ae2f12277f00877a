// GET /dossiers/{id}/receipt.pdf: the receipt issued at acceptance, from storage (a read and a presigned link).
import { dossierReader, downloadPresigner } from '../../shared/dossier/dependencies.js';
import { RECEIPT_FORM_ID } from '../../shared/dossier/forms.js';
import { httpHandler } from '../../shared/http/handler.js';
import { formDownload, seeForm } from './forms.js';
import { receiptRoute } from './receipt.route.js';

const deps = { dossiers: dossierReader(), downloads: downloadPresigner() };

export const handler = httpHandler(receiptRoute, async ({ path, caller }) =>
  seeForm(await formDownload(deps, caller!, path.id, RECEIPT_FORM_ID)),
);
