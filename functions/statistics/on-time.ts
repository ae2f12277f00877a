// GET /stats/on-time
import { httpHandler } from '../../shared/http/handler.js';
import { statisticsDeps } from './dependencies.js';
import { CSV, negotiateFormat, toCsv, toXlsx, XLSX } from '../../shared/http/spreadsheet.js';
import { onTimeStatisticsRoute } from './on-time.route.js';
import { STATISTICS_CACHE_CONTROL } from './contract.js';
import { REPORT_HEADER, reportRows } from './report-rows.js';
import { onTimeStatistics } from './use-cases.js';

const deps = statisticsDeps();

export const handler = httpHandler(onTimeStatisticsRoute, async ({ query, event }) => {
  const report = await onTimeStatistics(deps, query);
  const format = negotiateFormat(event.headers.accept);
  if (format === 'json') return { json: report, headers: { 'cache-control': STATISTICS_CACHE_CONTROL } };
  const file = `thong-ke-dung-han-${report.from}-${report.to}.${format}`;
  const headers = {
    'cache-control': STATISTICS_CACHE_CONTROL,
    'content-disposition': `attachment; filename="${file}"`,
  };
  return format === 'csv'
    ? { binary: toCsv(REPORT_HEADER, reportRows(report)), contentType: `${CSV}; charset=utf-8`, headers }
    : { binary: await toXlsx('Thống kê', REPORT_HEADER, reportRows(report)), contentType: XLSX, headers };
});
