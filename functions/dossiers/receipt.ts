// GET /dossiers/{id}/receipt.pdf
import { catalogRepository, dossierRepository } from '../../shared/dossier/dependencies.js';
import { loadReceiptFont, renderReceipt } from '../../shared/dossier/receipt.js';
import { httpHandler } from '../../shared/http/handler.js';
import { receiptLookup } from '../../shared/dossier/lookup.js';
import { receiptRoute } from './receipt.route.js';
import { receipt, type ReceiptDeps } from './use-cases.js';

const font = loadReceiptFont();
const deps: ReceiptDeps = {
  dossiers: dossierRepository(),
  catalog: catalogRepository(),
  render: (data) => renderReceipt(font, data),
  lookup: receiptLookup,
};

export const handler = httpHandler(receiptRoute, async ({ path, caller }) => ({
  binary: await receipt(deps, caller!, path.id),
  contentType: 'application/pdf',
  headers: {
    'content-disposition': `inline; filename="phieu-tiep-nhan-${path.id}.pdf"`,
    'cache-control': 'private, no-store',
  },
}));
