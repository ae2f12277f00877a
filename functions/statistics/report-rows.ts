// The on-time report as spreadsheet rows: one per group and the total, columns named as the JSON's counts.
import type { OnTimeReport } from './contract.js';
import type { Cell } from '../../shared/http/spreadsheet.js';

export const FIGURE_NAMES = [
  'received',
  'receivedOnline',
  'refused',
  'withdrawn',
  'resolvedEarly',
  'resolvedOnTime',
  'resolvedLate',
  'released',
  'openInTime',
  'openOverdue',
  'ratingCount',
  'ratingAverage',
  'onTimeRate',
] as const;

export const REPORT_HEADER = ['key', 'name', ...FIGURE_NAMES] as const;

/** The total's row has the key `total`. */
export function reportRows(report: OnTimeReport): Cell[][] {
  return [
    ...report.groups.map((group) => [group.key, group.name, ...FIGURE_NAMES.map((name) => group[name])]),
    ['total', 'Tổng cộng', ...FIGURE_NAMES.map((name) => report.total[name])],
  ];
}
