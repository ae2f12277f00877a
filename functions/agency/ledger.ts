// GET /agency/ledger
import { clock, dossierReader, inboxes } from '../../shared/dossier/dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import { CSV, negotiateFormat, toCsv, toXlsx, XLSX } from '../../shared/http/spreadsheet.js';
import { agencyLedger, LEDGER_HEADER } from './tracking-ledger.js';
import { agencyLedgerRoute } from './ledger.route.js';

const deps = { inboxes: inboxes(), dossiers: dossierReader(), now: clock };

export const handler = httpHandler(agencyLedgerRoute, async ({ query, caller, event }) => {
  const ledger = await agencyLedger(deps, caller!, query);
  const xlsx = negotiateFormat(event.headers.accept) === 'xlsx';
  const name = `so-theo-doi-${ledger.agency}-${ledger.from}-${ledger.to}.${xlsx ? 'xlsx' : 'csv'}`;
  const next = new URLSearchParams({
    from: ledger.from,
    to: ledger.to,
    ...(ledger.nextCursor ? { cursor: ledger.nextCursor } : {}),
  });
  const headers = {
    'cache-control': 'private, no-store',
    'content-disposition': `attachment; filename="${name}"`,
    ...(ledger.nextCursor ? { link: `</agency/ledger?${next}>; rel="next"` } : {}),
  };
  return xlsx
    ? { binary: await toXlsx('Sổ theo dõi hồ sơ', LEDGER_HEADER, ledger.rows), contentType: XLSX, headers }
    : { binary: toCsv(LEDGER_HEADER, ledger.rows), contentType: `${CSV}; charset=utf-8`, headers };
});
