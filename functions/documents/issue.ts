// Documents stage (SQS): renders and signs each pending form once, stores it under its SHA-256 and records it in the
// history. The only function that carries pdfkit, fontkit, qrcode, the font and the signer: the form routes only read.
import {
  attachmentStorage,
  catalogRepository,
  clock,
  plainDossierRepository,
} from '../../shared/dossier/dependencies.js';
import {
  renderApologyLetter,
  renderRefusal,
  renderStopNotice,
  renderSupplementRequest,
} from '../../shared/dossier/letters.js';
import { receiptLookup } from '../../shared/dossier/lookup.js';
import { loadReceiptFont, renderReceipt } from '../../shared/dossier/receipt.js';
import { queueHandler } from '../../shared/queue-consumer.js';
import { formSigner, verifyUrl } from '../../shared/signing/dependencies.js';
import { checkIssuedForm } from '../../shared/signing/form-check.js';
import { issueForm, type IssueFormDeps } from './issue-form.js';
import { formMessage } from './messages.js';

const font = loadReceiptFont();
const deps: IssueFormDeps = {
  dossiers: plainDossierRepository(),
  catalog: catalogRepository(),
  storage: attachmentStorage(),
  render: {
    receipt: (data) => renderReceipt(font, data),
    'supplement-request': (data) => renderSupplementRequest(font, data),
    refusal: (data) => renderRefusal(font, data),
    apology: (data) => renderApologyLetter(font, data),
    'stop-notice': (data) => renderStopNotice(font, data),
  },
  sign: formSigner(),
  check: checkIssuedForm(clock),
  verifyUrl,
  lookup: receiptLookup,
  now: clock,
};

export const handler = queueHandler(formMessage, (message) =>
  issueForm(deps, message.dossierId, message.formId),
);
