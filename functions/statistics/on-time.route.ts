// Route contract of getOnTimeStatistics: public, as JSON, CSV or XLSX by the Accept header.
import * as z from 'zod/mini';
import { cacheControl } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { onTimeQuery, onTimeReportSchema, STATISTICS_CACHE_CONTROL } from './contract.js';
import { CSV, XLSX } from '../../shared/http/spreadsheet-types.js';

const download = (extension: string) => ({
  ...cacheControl(STATISTICS_CACHE_CONTROL),
  'content-disposition': {
    description: `\`attachment; filename="thong-ke-dung-han-<from>-<to>.${extension}"\``,
    required: true,
    schema: z
      .string()
      .check(z.regex(new RegExp(`^attachment; filename="thong-ke-dung-han-[0-9-]+\\.${extension}"$`))),
  },
});

export const onTimeStatisticsRoute = defineRoute({
  operationId: 'getOnTimeStatistics',
  method: 'GET',
  path: '/stats/on-time',
  summary:
    'On-time statistics of the period (default: this year to today), grouped by agency, procedure or month; `Accept: text/csv` for CSV (UTF-8 with BOM), the XLSX media type for a workbook',
  tags: ['statistics'],
  auth: 'public',
  request: { query: onTimeQuery },
  responses: [
    {
      status: 200,
      description: "Each group's counts and on-time rate, and the total",
      schema: onTimeReportSchema,
      headers: cacheControl(STATISTICS_CACHE_CONTROL),
    },
    {
      status: 200,
      description: 'The groups as CSV: a header row of the count names, then one row per group and the total',
      contentType: CSV,
      schema: z.string(),
      headers: download('csv'),
    },
    {
      status: 200,
      description: 'The same rows as an XLSX workbook',
      contentType: XLSX,
      schema: z.string().register(z.globalRegistry, { format: 'binary', contentMediaType: XLSX }),
      headers: download('xlsx'),
    },
  ],
});
