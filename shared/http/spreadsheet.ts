// The statistics and the ledger as spreadsheets: CSV (UTF-8 with a BOM, so spreadsheet programs read the
// diacritics right) or an XLSX workbook, chosen by the Accept header.
import { CSV, XLSX } from './spreadsheet-types.js';

export { CSV, XLSX };
export type Format = 'json' | 'csv' | 'xlsx';

/** The format the Accept header prefers (by q, then by its order); JSON when it names neither spreadsheet type. */
export function negotiateFormat(accept: string | undefined): Format {
  const ranked = (accept ?? '')
    .split(',')
    .map((part, order) => {
      const [type = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
      const q = params.find((param) => param.startsWith('q='));
      return { type, q: q ? Number(q.slice(2)) : 1, order };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  for (const { type } of ranked) {
    if (type === CSV) return 'csv';
    if (type === XLSX) return 'xlsx';
    if (type === 'application/json' || type === '*/*' || type === 'application/*') return 'json';
  }
  return 'json';
}

export type Cell = string | number | null;

/**
 * A text cell a spreadsheet would read as a formula (=, +, -, @, or a tab or carriage return before one) starts with an
 * apostrophe, which spreadsheets show as text (OWASP's CSV injection advice); numbers are written as they are.
 */
const csvCell = (value: Cell) => {
  if (value === null) return '';
  const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export function toCsv(header: readonly string[], rows: readonly Cell[][]): Buffer {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function toXlsx(
  sheet: string,
  header: readonly string[],
  rows: readonly Cell[][],
): Promise<Buffer> {
  // Loaded with the first workbook asked for: fflate builds its deflate tables when it loads, and most answers are
  // JSON, so a cold start does not pay for them.
  const { xlsxWorkbook } = await import('./xlsx.js');
  return xlsxWorkbook(sheet, header, rows);
}
