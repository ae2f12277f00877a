// Route contract of getAgencyLedger: the unit's tracking ledger (sổ theo dõi hồ sơ, form 06), CSV or XLSX.
import * as z from 'zod/mini';
import { cacheControl, problem } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { CSV, XLSX } from '../../shared/http/spreadsheet-types.js';
import { periodCheck, periodFields } from '../statistics/contract.js';
import { STAFF } from './contract.js';

const file = (extension: string) => ({
  ...cacheControl('private, no-store'),
  'content-disposition': {
    description: `\`attachment; filename="so-theo-doi-<unit>-<from>-<to>.${extension}"\``,
    required: true,
    schema: z
      .string()
      .check(z.regex(new RegExp(`^attachment; filename="so-theo-doi-[A-Z0-9.]+-[0-9-]+\\.${extension}"$`))),
  },
  link: {
    description: 'The next page, `<…&cursor=…>; rel="next"`, when more dossiers follow',
    schema: z.string().check(z.regex(/^<[^>]+>; rel="next"$/)),
  },
});

export const agencyLedgerRoute = defineRoute({
  operationId: 'getAgencyLedger',
  method: 'GET',
  path: '/agency/ledger',
  summary:
    "Sổ theo dõi hồ sơ (form 06 of Circular 01/2018/TT-VPCP): every dossier the caller's unit received in the period (default: this year to today), oldest first, with code, applicant, procedure, received, due, resolved and returned dates and on-time outcome; CSV (UTF-8 with BOM) unless `Accept` asks for XLSX; each listed dossier is recorded in the access log",
  tags: ['agency'],
  auth: STAFF,
  request: {
    query: z
      .strictObject({ ...periodFields, cursor: z.optional(z.string().check(z.maxLength(512))) })
      .check(periodCheck),
  },
  responses: [
    {
      status: 200,
      description: 'One page of the ledger as CSV',
      contentType: CSV,
      schema: z.string(),
      headers: file('csv'),
    },
    {
      status: 200,
      description: 'The same page as an XLSX workbook',
      contentType: XLSX,
      schema: z.string().register(z.globalRegistry, { format: 'binary', contentMediaType: XLSX }),
      headers: file('xlsx'),
    },
    problem(403, 'The token names no agency, or the caller does not hold the `receive` duty'),
  ],
});
